import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import RunJournal
import Testing

/// A stop request (the first SIGTERM or SIGINT) stops sending: updates already on the wire finish, those still
/// waiting for the rate limit are not sent and are recorded as not sent. Before, every update the run had queued
/// (up to its in-flight bound) went out after the stop, at the rate limit's pace.
@Suite("a stop request stops sending", .timeLimit(.minutes(1)))
struct StopRequestTests {
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("updates waiting for the rate limit when a stop comes are not sent; the run ends interrupted")
    func stopWhileRateLimited() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(48))
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port, rate: 4))
        let journal = try RunJournal(path: RunFixture.temporaryPath("journal.sqlite"))
        let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true, now: now)
        let stop = StopRequest()
        let watcher = Task {
            while await simulator.requestLog().filter({ $0.method == "POST" }).count < 3 { try await Task.sleep(for: .milliseconds(10)) }
            stop.request(signal: SIGTERM)
            return await simulator.requestLog().filter { $0.method == "POST" }.count
        }
        let result = await LinerRunner(engine: try RunFixture.engine(), client: client, journal: journal, configuration: configuration,
                                       stop: stop, events: RunFixture.Events().handle).run()
        let atStop = try await watcher.value
        let sent = await simulator.requestLog().filter { $0.method == "POST" }.count
        #expect(result.ending == .interrupted)
        // At 4 a second, at most the one that had its turn when the stop came is still sent.
        #expect(sent <= atStop + 1, "\(sent) updates sent, \(atStop) when the stop came")
        #expect(result.tally.skipped >= 20, "the updates not sent are recorded as such: \(result.tally.skipped)")
        try await client.shutdown()
        await simulator.stop()
    }
}
