import LinerClient
import LinerSim
import LinerWire
import Testing

/// Answers that are well formed but not to be trusted as they stand: a detail about another lead, a list that leaves
/// fields out, offsets that move while the list is read, reference lists that echo the key. Each test failed before.
@Suite("Client: answers checked before they are believed", .timeLimit(.minutes(1)))
struct ClientAnswerTrustTests {
    @Test("a lead detail that answers with another lead is an invalid response, naming both ids")
    func detailOfAnotherLead() async throws {
        let fixture = try await ClientFixture.start { $0.hostility.detailOfAnotherLead = true }
        defer { fixture.stopInBackground() }
        let error = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.lead(id: 7) }
        }
        #expect(error?.report.outcome == .invalidResponse("the answer is lead 8, not lead 7"))
    }

    @Test("a list element that leaves out a required field is read again by its detail, which shows the value")
    func leftOutFieldsReadFromTheDetail() async throws {
        let leads = ClientFixture.leads(30).map { lead -> JSONValue in
            var members = lead.objectMembers ?? []
            members.removeAll { $0.0 == "utcOffset" }
            members.append(("utcOffset", .int(5)))
            return .object(members)
        }
        let fixture = try await ClientFixture.start(leads: leads) { $0.hostility.listLeavesOut = ["utcOffset"] }
        defer { fixture.stopInBackground() }
        let (required, unrequired) = try await fixture.withClient { client in
            var required: [LinerLead] = [], unrequired: [LinerLead] = []
            for try await page in client.leadPages(pageSize: 10, requiredFields: ["phone", "utcOffset"]) { required += page.leads }
            for try await page in client.leadPages(pageSize: 10) { unrequired += page.leads }
            return (required, unrequired)
        }
        #expect(required.map(\.id) == Array(1...30))
        #expect(required.allSatisfy { $0.json["utcOffset"] == .int(5) }, "the detail's value, not an absent one")
        // The lead has no phone: the detail says so with null, as Liner shows every field.
        #expect(required.allSatisfy { $0.json["phone"] == .null })
        #expect(unrequired.allSatisfy { $0.json["utcOffset"] == nil }, "without required fields, the list is taken as it is")
        // A detail that leaves a required field out too is refused: what the lead holds there is unknown.
        let details = await fixture.simulator.requestLog().filter { $0.path.hasPrefix("/v2/lead/detail/") }
        #expect(details.count == 30)
    }

    @Test("a lead deleted while the list is read does not make the reader skip another")
    func deletionWhileReading() async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(250)) { $0.hostility.deleteFirstLeadAfterFirstPage = true }
        defer { fixture.stopInBackground() }
        let pages = try await fixture.withClient { client in
            var pages: [LinerLeadPage] = []
            for try await page in client.leadPages(pageSize: 100) { pages.append(page) }
            return pages
        }
        // Lead 1 was read on the first page, then deleted: every later offset moved back by one.
        #expect(pages.flatMap(\.leads).map(\.id) == Array(1...250))
        #expect(pages.allSatisfy { $0.repeated.isEmpty && $0.malformed.isEmpty })
        #expect(pages.last?.nextOffset == 249, "the list now holds 249 leads")
    }

    @Test("pages asked one place early begin with the last lead read; the list is read once, in order")
    func overlapOnAStableList() async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(250))
        defer { fixture.stopInBackground() }
        let pages = try await fixture.withClient { client in
            var pages: [LinerLeadPage] = []
            for try await page in client.leadPages(pageSize: 50) { pages.append(page) }
            return pages
        }
        #expect(pages.flatMap(\.leads).map(\.id) == Array(1...250))
        // The first page holds 50 leads, each later one 49 and the last lead read before them.
        #expect(pages.map(\.offset) == [0, 50, 99, 148, 197, 246])
        // The simulator's log writes the list's path without its trailing slash.
        let lists = await fixture.simulator.requestLog().map(\.path).filter { $0.hasPrefix("/v2/lead?") }
        #expect(lists == ["/v2/lead?offset=0&limit=50", "/v2/lead?offset=49&limit=50", "/v2/lead?offset=98&limit=50",
                          "/v2/lead?offset=147&limit=50", "/v2/lead?offset=196&limit=50", "/v2/lead?offset=245&limit=50"])
    }

    @Test("reference lists that hold the API key are refused; their texts are kept printable")
    func referenceListsEchoingTheKey() async throws {
        let fixture = try await ClientFixture.start { $0.hostility.referenceListsEchoKey = true }
        defer { fixture.stopInBackground() }
        let (statusError, fieldError) = try await fixture.withClient { client in
            (await #expect(throws: LinerCallError.self) { try await client.statuses() },
             await #expect(throws: LinerCallError.self) { try await client.customFields() })
        }
        for error in [statusError, fieldError] {
            guard case let .invalidResponse(reason)? = error?.report.outcome else {
                Issue.record("not an invalid response: \(String(describing: error))")
                continue
            }
            #expect(reason.contains("holds the API key"))
            #expect(!reason.contains(ClientFixture.apiKey) && !"\(error!)".contains(ClientFixture.apiKey))
        }
        let status = try #require(LinerLeadStatus(json: .object([
            ("id", 9), ("code", "spam"), ("title", .string("Spam \u{1B}[31mRED\u{1B}[0m\r\nforged: line")), ("category", "disqualified"),
        ])))
        #expect(status.title == #"Spam \x1B[31mRED\x1B[0m\r\nforged: line"#)
        let field = try #require(LinerCustomField(json: .object([
            ("id", 10), ("type", "string"), ("title", .string("T\u{202E}evil")), ("code", .string(String(repeating: "c", count: 5000))),
        ])))
        #expect(field.title == #"T\u{202E}evil"#)
        #expect((field.code?.utf8.count ?? 0) < 400)
    }
}
