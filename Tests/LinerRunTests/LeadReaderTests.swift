@testable import LinerRun
import LinerClient
import LinerSim
import LinerWire
import Testing

/// `LeadReader` reads leads one by one, several at a time: each id gets its own lead or its own error, in the
/// order asked, failures mixed with successes and more ids than reads in flight. (In release builds a failed read
/// once came back with a garbage index and the reader trapped: every run after an interrupted `--apply` run, which
/// reads the leads of its unsettled updates, died with SIGILL.)
@Suite("Run: reading leads one by one", .timeLimit(.minutes(1)))
struct LeadReaderTests {
    @Test("Each id its lead or its error, in order", arguments: [[Int](), [3], [999], [5, 999, 1, 998, 2], Array(1...20) + [997] + Array(21...30)])
    func readsInOrder(ids: [Int]) async throws {
        let leads = RunFixture.leads(30)
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: leads)
        let port = try await simulator.start()
        defer { Task { await simulator.stop() } }
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        let results = await LeadReader.read(ids, client: client, requiredFields: [])
        try await client.shutdown()
        #expect(results.map(\.id) == ids)
        for (id, result) in results {
            switch result {
            case let .success(lead):
                #expect(id <= 30)
                #expect(lead.id == id)
            case let .failure(error):
                #expect(id > 30, "lead \(id): \(error)")
            }
        }
    }
}
