import Foundation
import LinerSim
import LinerWire
import Testing

@Suite("Simulator: seed and dumped state", .timeLimit(.minutes(1)))
struct SimStateTests {
    @Test func seedLoaderKeepsGoodLinesAndReportsBadOnes() {
        let text = """
            {"id": 2, "name": "b"}

            {"id": 1, "name": "a", "customValues": []}
            {"id": 3, "phone":
            {"name": "no id"}
            {"id": 2, "name": "again"}
            [1, 2]
            {"id": 4, "utcOffset": "три"}
            """
        let seed = SimSeedLoader.leads(jsonLines: text)
        #expect(seed.leads.compactMap { $0["id"]?.intValue } == [2, 1, 4])
        #expect(seed.skipped.map { String($0.message.prefix(7)) } == ["line 4:", "line 5:", "line 6:", "line 7:"])
    }

    @Test func referenceListsFromArraysOrSavedResponses() throws {
        let array = try SimSeedLoader.referenceList(json: #"[{"id": 3, "code": "x"}]"#, what: "statuses")
        #expect(array.count == 1)
        let saved = try SimSeedLoader.referenceList(json: #"{"success": true, "message": "", "data": [{"id": 3}, {"id": 4}]}"#, what: "statuses")
        #expect(saved.count == 2)
        #expect(throws: SimSeedError.self) { try SimSeedLoader.referenceList(json: #"[{"code": "x"}]"#, what: "statuses") }
        #expect(throws: SimSeedError.self) { try SimSeedLoader.referenceList(json: #"[{"id": 1}, {"id": 1}]"#, what: "statuses") }
    }

    @Test func dumpIsJSONLinesSortedById() async throws {
        let sim = try await SimFixture.start(leads: SimFixture.standardLeads.reversed())
        defer { sim.stopInBackground() }
        #expect(try await sim.update(103, #"{"statusId": 5}"#)?.status == 200)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("liner-sim-dump-\(UInt64.random(in: 0...UInt64.max)).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try await sim.simulator.dumpState(to: path)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == (await sim.simulator.stateJSONLines()))
        let lines = text.split(separator: "\n").map(String.init)
        let leads = try lines.map { try JSONParser.parse($0) }
        #expect(leads.compactMap { $0["id"]?.intValue } == [101, 102, 103])
        #expect(leads[2]["statusId"] == 5)
        #expect(leads[2]["updatedAt"] == "2026-11-20T12:00:00+00:00")
        // A dump is a valid seed: reloading it gives the same leads.
        #expect(SimSeedLoader.leads(jsonLines: text).leads == leads)
    }

    @Test func simulatorsAreIndependent() async throws {
        let one = try await SimFixture.start()
        let two = try await SimFixture.start()
        defer { Task { await one.stop(); await two.stop() } }
        #expect(one.port != two.port)
        #expect(try await one.update(101, #"{"name": "changed"}"#)?.status == 200)
        #expect(await two.simulator.lead(101)?["name"] == "Ирина")
        #expect(await two.simulator.requestLog().isEmpty)
    }
}
