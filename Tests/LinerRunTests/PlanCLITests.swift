import Foundation
import LinerRun
import LinerSim
import RunJournal
import Testing

/// `enrich run --plan`, `enrich apply` and `enrich revert` through the built binary: exit codes, nothing
/// sent when a plan is refused.
@Suite("plan, apply and revert through the enrich binary", .serialized, .timeLimit(.minutes(2)))
struct PlanCLITests {
    let now = "2026-11-25T09:00:00Z"

    func connection(_ setup: KillTests.Setup, port: UInt16) -> [String] {
        ["--journal", setup.journal, "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--progress", "none"]
    }

    func makePlan(_ setup: KillTests.Setup, port: UInt16, simulator: LinerSimulator) async throws -> String {
        let path = setup.directory + "/plan.json"
        let run = try EnrichProcess(["run", "--rules", setup.rules, "--source", "liner", "--plan", path, "--now", now]
            + connection(setup, port: port), directory: setup.directory)
        #expect(await run.wait() == 0, "\(run.stderr)")
        #expect(await simulator.requestLog().allSatisfy { $0.method == "GET" }, "a plan sends nothing")
        return path
    }

    func posts(_ simulator: LinerSimulator) async -> Int { await simulator.requestLog().filter { $0.method == "POST" }.count }

    @Test("plan then apply: exit 0, the plan's updates sent once; the key is in no file")
    func planThenApply() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(30))
        let port = try await simulator.start()
        let setup = try KillTests().setup()
        let path = try await makePlan(setup, port: port, simulator: simulator)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!text.contains(RunFixture.apiKey))
        let apply = try EnrichProcess(["apply", path, "--rules", setup.rules] + connection(setup, port: port), directory: setup.directory)
        #expect(await apply.wait() == 0, "\(apply.stderr)")
        let planned = text.components(separatedBy: "\"leadId\":").count - 1
        #expect(await posts(simulator) == planned)
        #expect(apply.stdout.split(separator: "\n").count == planned)
        let journal = try RunJournal.openExisting(path: setup.journal)
        let run = try #require(try journal.runs(limit: 1).first)
        #expect(run.source.hasPrefix("plan:liner:"))

        // Revert it, dry then for real.
        await simulator.clearRequestLog()
        let dry = try EnrichProcess(["revert", String(run.id)] + connection(setup, port: port), directory: setup.directory)
        #expect(await dry.wait() == 1, "utcOffset fields empty before the run are listed: \(dry.stderr)")
        #expect(await posts(simulator) == 0)
        let revert = try EnrichProcess(["revert", String(run.id), "--apply", "--allow-clears"] + connection(setup, port: port), directory: setup.directory)
        #expect(await revert.wait() == 0, "\(revert.stderr)")
        #expect(await posts(simulator) == planned)
        #expect(try journal.runs(limit: 1).first?.source == "revert:\(run.id)")
        let missing = try EnrichProcess(["revert", "999"] + connection(setup, port: port), directory: setup.directory)
        #expect(await missing.wait() == 2)
        #expect(missing.stderr.contains("no run 999"), "\(missing.stderr)")
        await simulator.stop()
    }

    @Test("a tampered plan, a stale one, or one made with other rules: exit 2, nothing sent, the reason named")
    func refusals() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(30))
        let port = try await simulator.start()
        let setup = try KillTests().setup()
        let path = try await makePlan(setup, port: port, simulator: simulator)
        let text = try String(contentsOfFile: path, encoding: .utf8)

        let tampered = setup.directory + "/tampered.json"
        try text.replacingOccurrences(of: "\"priority\":9", with: "\"priority\":1").write(toFile: tampered, atomically: true, encoding: .utf8)
        let first = try EnrichProcess(["apply", tampered, "--rules", setup.rules] + connection(setup, port: port), directory: setup.directory)
        #expect(await first.wait() == 2)
        #expect(first.stderr.contains("signature"), "\(first.stderr)")

        try await Task.sleep(for: .milliseconds(2_100))
        let stale = try EnrichProcess(["apply", path, "--rules", setup.rules, "--max-age", "1s"] + connection(setup, port: port), directory: setup.directory)
        #expect(await stale.wait() == 2)
        #expect(stale.stderr.contains("--max-age"), "\(stale.stderr)")

        try (RunFixture.rules + "\n# a later edit\n").write(toFile: setup.rules + "/test.rules", atomically: true, encoding: .utf8)
        let otherRules = try EnrichProcess(["apply", path, "--rules", setup.rules] + connection(setup, port: port), directory: setup.directory)
        #expect(await otherRules.wait() == 2)
        #expect(otherRules.stderr.contains("other rules"), "\(otherRules.stderr)")

        let directory = try EnrichProcess(["apply", setup.directory, "--rules", setup.rules] + connection(setup, port: port), directory: setup.directory)
        #expect(await directory.wait() == 2)
        #expect(directory.stderr.contains("cannot read the plan: it is a directory"), "\(directory.stderr)")
        #expect(directory.stderr.contains("nothing was sent"), "\(directory.stderr)")

        #expect(await posts(simulator) == 0, "a refused plan sends nothing")
        #expect(!FileManager.default.fileExists(atPath: setup.journal), "nor starts a run")
        await simulator.stop()
    }

    @Test("--max-age that is not a positive duration, and --plan with --apply, exit 64", arguments: [
        ["apply", "plan.json", "--max-age", "nan"], ["apply", "plan.json", "--max-age", "-5h"], ["apply", "plan.json", "--max-age", "0s"],
        ["apply", "plan.json", "--timeout", "nan"], ["run", "--source", "liner", "--plan", "p.json", "--apply"],
        ["revert", "0"], ["revert", "3", "--rate", "inf"],
    ])
    func usage(_ arguments: [String]) async throws {
        let setup = try KillTests().setup()
        let run = try EnrichProcess(arguments, directory: setup.directory)
        #expect(await run.wait() == 64, "\(arguments): \(run.stderr)")
    }
}
