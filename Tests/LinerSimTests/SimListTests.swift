import LinerSim
import LinerWire
import Testing

@Suite("Simulator: lead list, paging and filters", .timeLimit(.minutes(1)))
struct SimListTests {
    private func ids(_ response: RawHTTP.Response?) throws -> [Int] {
        let response = try #require(response)
        #expect(response.status == 200)
        let data = try response.envelope().data
        return try #require(data.arrayElements).compactMap { $0["id"]?.intValue }
    }

    @Test func pagesInIdOrderWithDefaults() async throws {
        // Seeded out of order: the list is still by id.
        let sim = try await SimFixture.start(leads: SimFixture.generatedLeads(230).reversed())
        defer { sim.stopInBackground() }
        #expect(try ids(await sim.get("/v2/lead/")) == Array(1...50))
        #expect(try ids(await sim.get("/v2/lead/?offset=50")) == Array(51...100))
        #expect(try ids(await sim.get("/v2/lead/?offset=200&limit=100")) == Array(201...230))
        #expect(try ids(await sim.get("/v2/lead/?offset=230&limit=100")) == [])
        #expect(try ids(await sim.get("/v2/lead?limit=3")) == [1, 2, 3])
    }

    @Test(arguments: ["limit=101", "limit=0", "limit=x", "offset=-1", "createdAt%5B0%5D=yesterday", "statusIds%5B%5D=abc"])
    func badQueryIs400(_ query: String) async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let response = try #require(try await sim.get("/v2/lead/?\(query)"))
        #expect(response.status == 400)
        #expect(try response.envelope().success == false)
    }

    @Test func filtersByStatusOrderAndCreationWindow() async throws {
        let sim = try await SimFixture.start(leads: SimFixture.generatedLeads(60))
        defer { sim.stopInBackground() }
        let all = SimFixture.generatedLeads(60)
        func expected(_ keep: (JSONValue) -> Bool) -> [Int] { all.filter(keep).compactMap { $0["id"]?.intValue } }

        #expect(try ids(await sim.get("/v2/lead/?statusIds%5B%5D=5&limit=100")) == expected { $0["statusId"] == 5 })
        #expect(try ids(await sim.get("/v2/lead/?statusIds[]=5&statusIds[]=9&limit=100"))
            == expected { $0["statusId"] == 5 || $0["statusId"] == 9 })
        #expect(try ids(await sim.get("/v2/lead/?orderIds%5B%5D=18&statusIds%5B%5D=1&limit=100"))
            == expected { $0["orderId"] == 18 && $0["statusId"] == 1 })
        // Leads are created hourly from 2026-11-01T00:00Z: ids 25...30 fall in [Nov 2 00:00Z, Nov 2 05:00Z],
        // the same window written with a +03:00 offset; both ends inclusive.
        let window = "createdAt%5B0%5D=2026-11-02T03:00:00%2B03:00&createdAt%5B1%5D=2026-11-02T05:00:00Z"
        #expect(try ids(await sim.get("/v2/lead/?\(window)")) == Array(25...30))
        #expect(try ids(await sim.get("/v2/lead/?\(window)&offset=2&limit=2")) == [27, 28])
        #expect(try ids(await sim.get("/v2/lead/?createdAt%5B0%5D=2026-11-03")) == Array(49...60))
    }

    @Test func referenceListsOnBothPaths() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        for path in ["/v2/lead-status/", "/v2/lead-statuses/"] {
            let data = try #require(try await sim.get(path)).envelope().data
            let statuses = try #require(data.arrayElements)
            let byCode = Dictionary(uniqueKeysWithValues: statuses.compactMap { s in s["code"]?.stringValue.map { ($0, s) } })
            #expect(byCode["new"]?["id"] == 1 && byCode["new"]?["category"] == "in-progress")
            #expect(byCode["qualified"]?["id"] == 5 && byCode["qualified"]?["category"] == "qualified")
            #expect(byCode["junk"]?["id"] == 9 && byCode["junk"]?["category"] == "disqualified")
        }
        for path in ["/v2/custom-field/?essence=leads", "/v2/custom-fields/?essence=leads"] {
            let fields = try #require(try await sim.get(path)).envelope().data.arrayElements ?? []
            #expect(fields.compactMap { $0["id"]?.intValue } == [10, 11, 12, 13])
        }
        #expect(try await sim.get("/v2/custom-field/")?.status == 400)
        #expect(try await sim.get("/v2/custom-field/?essence=orders")?.status == 400)
    }
}
