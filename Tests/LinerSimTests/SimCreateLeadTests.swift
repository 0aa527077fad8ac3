import Foundation
import LinerSim
import LinerWire
import Testing

@Suite("Simulator: leads created while it runs", .timeLimit(.minutes(1)))
struct SimCreateLeadTests {
    @Test("A created lead takes the template's fields, the next id and createdAt now, and is listed in its window")
    func createdLeadIsListed() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let highest = SimFixture.standardLeads.compactMap { $0["id"]?.intValue }.max() ?? 0
        let template: JSONValue = .object([("id", .int(5)), ("phone", .string("+74951234567")), ("createdAt", .string("2020-01-01T00:00:00Z")),
                                           ("updatedAt", .string("2020-01-01T00:00:00Z"))])
        let first = await sim.simulator.createLead(like: template)
        let second = await sim.simulator.createLead(like: template)
        #expect(first["id"]?.intValue == highest + 1)
        #expect(second["id"]?.intValue == highest + 2)
        #expect(first["phone"]?.stringValue == "+74951234567")
        #expect(first["createdAt"]?.stringValue == ISO8601Timestamp.string(fromSeconds: SimFixture.fixedNow))
        #expect(first["updatedAt"] == nil)
        #expect(await sim.simulator.lead(highest + 2) != nil)
        let from = ISO8601Timestamp.string(fromSeconds: SimFixture.fixedNow - 1).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let listed = try #require(try await sim.get("/v2/lead/?createdAt%5B0%5D=\(from)"))
        #expect(listed.status == 200)
        #expect(listed.body.contains("\"id\":\(highest + 1)") && listed.body.contains("\"id\":\(highest + 2)"), "\(listed.body)")
    }
}
