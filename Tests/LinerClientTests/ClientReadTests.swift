import LinerClient
import LinerSim
import LinerWire
import Testing

@Suite("Client: reading leads and reference lists", .timeLimit(.minutes(1)))
struct ClientReadTests {
    @Test func pagesCoverAllLeadsInIdOrder() async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(250))
        defer { fixture.stopInBackground() }
        let pages = try await fixture.withClient { client in
            var pages: [LinerLeadPage] = []
            for try await page in client.leadPages(pageSize: 100) { pages.append(page) }
            return pages
        }
        // After the first, each page is asked from one place early and begins with the last lead read (dropped).
        #expect(pages.map(\.leads.count) == [100, 99, 51])
        #expect(pages.map(\.offset) == [0, 100, 199])
        #expect(pages.last?.nextOffset == 250)
        #expect(pages.flatMap(\.leads).map(\.id) == Array(1...250))
        #expect(pages.allSatisfy { $0.report.succeeded && $0.report.path.contains("limit=100") })
        // The lead text is what the engine parses.
        let first = try #require(pages.first?.leads.first)
        #expect(try JSONParser.parse(first.jsonText) == first.json)
        #expect(first.json["name"] == "Lead 1")
    }

    @Test func filtersAndResumeOffset() async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(250))
        defer { fixture.stopInBackground() }
        let all = ClientFixture.leads(250)
        try await fixture.withClient { client in
            var qualified: [Int] = []
            for try await page in client.leadPages(LinerLeadQuery(statusIds: [5], orderIds: [17, 18]), pageSize: 30) {
                qualified += page.leads.map(\.id)
                #expect(page.leads.allSatisfy { $0.json["statusId"] == 5 })
            }
            #expect(qualified == all.filter { $0["statusId"] == 5 }.compactMap { $0["id"]?.intValue })

            var window: [Int] = []
            let query = LinerLeadQuery(createdFrom: "2026-11-02T03:00:00+03:00", createdTo: "2026-11-02T05:00:00Z")
            for try await page in client.leadPages(query) { window += page.leads.map(\.id) }
            #expect(window == Array(25...30))

            var resumed: [Int] = []
            for try await page in client.leadPages(startOffset: 240) { resumed += page.leads.map(\.id) }
            #expect(resumed == Array(241...250))

            let refused = await #expect(throws: LinerCallError.self) { try await client.leadPage(limit: 101) }
            #expect(refused?.report.attempts.isEmpty == true)
        }
    }

    @Test func pagingSurvivesServerErrors() async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(250), faults: FaultRates(serverError: 0.3, drop: 0.1), seed: 3)
        defer { fixture.stopInBackground() }
        let ids = try await fixture.withClient { client in
            var ids: [Int] = []
            for try await page in client.leadPages(pageSize: 50) { ids += page.leads.map(\.id) }
            return ids
        }
        #expect(ids == Array(1...250))
    }

    @Test func detailReadsOneLead() async throws {
        let fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        let reply = try await fixture.withClient { client in try await client.lead(id: 7) }
        #expect(reply.value.id == 7)
        #expect(reply.value.json == (await fixture.simulator.lead(7)).map(LinerSimulator.answered))
        #expect(reply.report.attempts.count == 1)
    }

    @Test func statusesFallBackToTheOtherPathOn404() async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        fixture.configuration.statusPaths = ["/v2/lead-status-missing/", "/v2/lead-statuses/"]
        let reply = try await fixture.withClient { client in try await client.statuses() }
        #expect(reply.report.path == "/v2/lead-statuses/")
        let byCode = Dictionary(uniqueKeysWithValues: reply.value.map { ($0.code, $0) })
        #expect(byCode["new"]?.id == 1 && byCode["qualified"]?.id == 5 && byCode["junk"]?.id == 9)
        #expect(byCode["junk"]?.category == "disqualified")

        fixture.configuration.statusPaths = ["/v2/nope/", "/v2/nope-either/"]
        let error = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.statuses() }
        }
        #expect(error?.report.outcome == .rejected(status: 404, message: "no such endpoint: GET /v2/nope-either"))
    }

    @Test func customFieldsOfLeads() async throws {
        let fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        let reply = try await fixture.withClient { client in try await client.customFields() }
        #expect(reply.value.map(\.id) == [10, 11, 12, 13])
        #expect(reply.report.path == "/v2/custom-field/?essence=leads")
        let interest = try #require(reply.value.first { $0.id == 12 })
        #expect(interest.type == "select")
        #expect(interest.options.map(\.code) == ["hot", "warm", "cold"])
    }
}
