import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import LinerWire
import RunJournal
import Testing

@Suite("people's edits win: a run never overwrites what a person changed after the engine", .serialized, .timeLimit(.minutes(2)))
struct PeopleEditsRunTests {
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("a person changes a priority and moves a lead back: a re-run keeps both; a rule that overrides edits writes again")
    func personEditsBetweenRuns() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(40))
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        let journalPath = RunFixture.temporaryPath("journal.sqlite")
        let journal = try RunJournal(path: journalPath)
        let everything = RunConfiguration(
            source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true,
            createdFrom: Date(timeIntervalSince1970: 1_793_491_200), now: now)
        func run(_ rules: String) async throws -> (RunResult, RunFixture.Events) {
            let events = RunFixture.Events()
            let result = await LinerRunner(engine: try Engine(source: rules, path: "test.rules"), client: client, journal: journal,
                                           configuration: everything, events: events.handle).run()
            return (result, events)
        }

        let (first, _) = try await run(RunFixture.rules)
        #expect(first.exitCode == 0)
        #expect(await simulator.lead(6)?["priority"] == .int(9), "the engine set the urgent lead's priority")
        #expect(await simulator.lead(3)?["statusId"] == .int(9), "the engine moved the repeated-digits lead to junk")

        // A manager corrects both by hand.
        try await client.update(leadId: 6, body: #"{"priority":4}"#)
        try await client.update(leadId: 3, body: #"{"statusId":1}"#)
        await simulator.clearRequestLog()

        let (second, events) = try await run(RunFixture.rules)
        #expect(second.exitCode == 0, "\(second.notes)")
        #expect(await simulator.lead(6)?["priority"] == .int(4), "the person's priority stays")
        #expect(await simulator.lead(3)?["statusId"] == .int(1), "the lead is not moved back to junk")
        #expect(second.tally.keptEdits == 2)
        #expect(await simulator.requestLog().filter { $0.method == "POST" }.isEmpty, "nothing to send: \(events.output)")
        #expect(events.notices.contains { $0.contains("lead 6: priority kept: changed by a person since run \(first.runId ?? 0)") })
        let kept = try journal.keptEdits(leadId: 6)
        #expect(kept.map(\.field) == ["priority"])
        #expect(kept.first?.leadValue == "4" && kept.first?.engineValue == "9" && kept.first?.rule == "Urgent")

        // history and explain say why.
        let directory = (journalPath as NSString).deletingLastPathComponent
        let history = try EnrichProcess(["history", "6", "--journal", journalPath], directory: directory)
        #expect(await history.wait() == 0)
        #expect(history.stdout.contains("kept priority = 4: changed by a person since run \(first.runId ?? 0)"), "\(history.stdout)")
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        try RunFixture.rules.write(toFile: directory + "/rules/test.rules", atomically: true, encoding: .utf8)
        let leadNow = try #require(await simulator.lead(6))
        let explain = try EnrichProcess(["explain", "--rules", directory + "/rules", "--lead", leadNow.jsonText, "--journal", journalPath,
                                         "--now", "2026-11-25T09:00:00Z"], directory: directory)
        #expect(await explain.wait() == 0, "\(explain.stderr)")
        #expect(explain.stdout.contains("kept: changed by a person since run \(first.runId ?? 0)"), "\(explain.stdout)")

        // A rule that says it overrides edits writes the field again; the status stays the person's.
        let overriding = RunFixture.rules.replacingOccurrences(of: #"rule "Urgent" {"#, with: #"rule "Urgent" overrides edits {"#)
        #expect(overriding != RunFixture.rules)
        let (third, _) = try await run(overriding)
        #expect(third.exitCode == 0)
        #expect(await simulator.lead(6)?["priority"] == .int(9))
        #expect(await simulator.lead(3)?["statusId"] == .int(1))
        try await client.shutdown()
        await simulator.stop()
    }
}
