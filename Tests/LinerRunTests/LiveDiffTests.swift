import Foundation
import LeadEngine
import LinerRun
import LinerSim
import LinerWire
import Testing

@Suite("enrich diff --source liner: a rules change's impact on the live account, read-only", .serialized, .timeLimit(.minutes(2)))
struct LiveDiffTests {
    @Test("counts per field and rule with samples, JSON on request, GET requests only, --fail-on-change exits 1")
    func liveDiff() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(60))
        let port = try await simulator.start()
        let setup = try KillTests().setup()
        let newRules = setup.directory + "/new-rules"
        try FileManager.default.createDirectory(atPath: newRules, withIntermediateDirectories: true)
        try RunFixture.rules.replacingOccurrences(of: "set priority = 9", with: "set priority = 8")
            .write(toFile: newRules + "/test.rules", atomically: true, encoding: .utf8)
        let common = ["diff", "--source", "liner", "--base", setup.rules, "--rules", newRules, "--api-host", "http://127.0.0.1:\(port)",
                      "--api-key-file", setup.keyFile, "--now", "2026-11-25T09:00:00Z"]

        // What should differ: the urgent leads, by the engine's own evaluation of the seed.
        let now = try #require(Timestamp.parse("2026-11-25T09:00:00Z"))
        let base = try Engine(source: RunFixture.rules, path: "a.rules")
        let new = try Engine(source: RunFixture.rules.replacingOccurrences(of: "set priority = 9", with: "set priority = 8"), path: "b.rules")
        let seeds = try RunFixture.leads(60).map { try Lead(json: $0) }
        func differing(_ leads: [Lead]) -> Int {
            leads.filter { base.evaluate($0, now: now).patch != new.evaluate($0, now: now).patch }.count
        }
        let expected = differing(seeds)
        #expect(expected > 10)

        let text = try EnrichProcess(common, directory: setup.directory)
        #expect(await text.wait() == 0, "\(text.stderr)")
        #expect(text.stdout.contains("leads: 60, patches changed: \(expected)"), "\(text.stdout)")
        #expect(text.stdout.contains("priority: \(expected)"))
        #expect(text.stdout.contains("Urgent: \(expected)"))

        let json = try EnrichProcess(common + ["--format", "json", "--created-from", "2026-11-01T00:10:00Z"], directory: setup.directory)
        #expect(await json.wait() == 0, "\(json.stderr)")
        let report = try JSONParser.parse(json.stdout)
        #expect(report["leads"] == .int(51), "leads created from 00:10 on: ids 10...60")
        #expect(report["changed"] == .int(differing(seeds.filter { $0.id >= 10 })))
        let firstField = report["byField"]?.arrayElements?.first
        #expect(firstField?["field"] == .string("priority"))
        #expect(firstField?["examples"]?.arrayElements?.first?["after"]?["priority"] == .int(8))

        let gate = try EnrichProcess(common + ["--fail-on-change"], directory: setup.directory)
        #expect(await gate.wait() == 1)
        #expect(await simulator.requestLog().allSatisfy { $0.method == "GET" }, "diff never writes")

        let wrongWindow = try EnrichProcess(common + ["--created-from", "2027-01-01T00:00:00Z"], directory: setup.directory)
        #expect(await wrongWindow.wait() == 64)
        await simulator.stop()
    }
}
