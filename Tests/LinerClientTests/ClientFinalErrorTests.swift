import LinerClient
import LinerSim
import LinerWire
import Testing

@Suite("Client: final errors are not retried", .timeLimit(.minutes(1)))
struct ClientFinalErrorTests {
    @Test(arguments: [#"{"vkId": "abc"}"#, #"{"utcOffset": 20}"#, #"{"colour": "red"}"#, #"{"statusId": 4}"#])
    func badRequestIsFinal(_ body: String) async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        fixture.configuration.validateUpdates = false
        let before = await fixture.simulator.lead(1)
        let error = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.update(leadId: 1, body: body) }
        }
        let report = try #require(error?.report)
        #expect(report.attempts.count == 1)
        guard case let .rejected(status, message) = report.outcome else {
            Issue.record("expected a rejection, got \(report.outcome)")
            return
        }
        #expect(status == 400)
        #expect(!message.isEmpty)
        #expect(report.delivery == .notApplied)
        #expect(await fixture.simulator.requestLog().count == 1)
        #expect(await fixture.simulator.lead(1) == before)
    }

    @Test func successFalseWith200IsFinalAndCarriesTheMessage() async throws {
        var fixture = try await ClientFixture.start { $0.rejectionStatus = 200 }
        defer { fixture.stopInBackground() }
        fixture.configuration.validateUpdates = false
        let error = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.update(leadId: 1, body: #"{"vkId": "abc"}"#) }
        }
        let report = try #require(error?.report)
        #expect(report.outcome == .failed(message: #"vkId: must hold a positive integer, not "abc""#))
        #expect(report.attempts.count == 1)
        #expect(report.attempts.first?.result == .response(status: 200, success: false, message: #"vkId: must hold a positive integer, not "abc""#))
        #expect(String(describing: error).contains("vkId"))
    }

    @Test func badBodiesAreRefusedBeforeSending() async throws {
        let fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        try await fixture.withClient { client in
            for body in [#"{"vkId": "abc"}"#, #"{"colour": 1}"#, "{not json", "[]"] {
                let error = await #expect(throws: LinerCallError.self) { try await client.update(leadId: 1, body: body) }
                guard case .invalidRequest? = error?.report.outcome else {
                    Issue.record("expected invalidRequest for \(body), got \(String(describing: error?.report.outcome))")
                    continue
                }
                #expect(error?.report.attempts.isEmpty == true)
                #expect(error?.report.delivery == .notApplied)
            }
            let zero = await #expect(throws: LinerCallError.self) { try await client.update(leadId: 0, body: "{}") }
            #expect(zero?.report.attempts.isEmpty == true)
        }
        #expect(await fixture.simulator.requestLog().isEmpty)
    }

    @Test func unknownLeadAndWrongKeyAreFinal() async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        let missing = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.lead(id: 4040) }
        }
        #expect(missing?.report.outcome == .rejected(status: 404, message: "lead 4040 not found"))
        #expect(missing?.report.attempts.count == 1)

        fixture.configuration.apiKey = try LinerAPIKey("not-the-key")
        let unauthorized = try await fixture.withClient { client in
            await #expect(throws: LinerCallError.self) { try await client.update(leadId: 1, body: #"{"priority": 2}"#) }
        }
        #expect(unauthorized?.report.outcome == .rejected(status: 401, message: "invalid API key"))
        #expect(unauthorized?.report.attempts.count == 1)
    }

    @Test func updateSendsTheBodyBytesAsGiven() async throws {
        let fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        // Key order and spacing are the caller's; a non-ASCII value goes through unchanged.
        let body = #"{"sourceComment":"{\"quiz\": \"Ремонт\"}","name":"Ольга","priority":2}"#
        let report = try await fixture.withClient { client in try await client.update(leadId: 5, body: body) }
        #expect(report.succeeded && report.attempts.count == 1)
        #expect(report.path == "/v2/lead/update/5/")
        let lead = try #require(await fixture.simulator.lead(5))
        #expect(lead["sourceComment"] == #"{"quiz": "Ремонт"}"#)
        #expect(lead["name"] == "Ольга")
    }
}
