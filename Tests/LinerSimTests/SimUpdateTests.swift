import LinerSim
import LinerWire
import Testing

@Suite("Simulator: lead updates", .timeLimit(.minutes(1)))
struct SimUpdateTests {
    @Test(arguments: [
        (#"{"name": 42}"#, "name"),
        (#"{"vkId": "abc"}"#, "vkId"),
        (#"{"vkId": "-3"}"#, "vkId"),
        (#"{"favouriteColour": "red"}"#, "favouriteColour"),
        (#"{"utcOffset": 15}"#, "utcOffset"),
        (#"{"utcOffset": -13}"#, "utcOffset"),
        (#"{"statusId": 4}"#, "statusId"),
        (#"{"statusId": "5"}"#, "statusId"),
        (#"{"phone": "12345"}"#, "phone"),
        (#"{"customValues": {"x1": "a"}}"#, "customValues"),
        (#"{"name": "ok", "priority": "high"}"#, "priority"),
    ])
    func invalidUpdateIs400AndChangesNothing(_ body: String, field: String) async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let before = await sim.simulator.lead(101)

        let response = try #require(try await sim.update(101, body))
        #expect(response.status == 400)
        let envelope = try response.envelope()
        #expect(envelope.success == false)
        #expect(envelope.message.contains(field))

        #expect(await sim.simulator.lead(101) == before)
        let record = try #require(await sim.simulator.requestLog().last)
        #expect(record.status == 400 && record.applied == false && record.leadId == 101)
    }

    @Test func validUpdateAppliesAndBumpsUpdatedAt() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let body = #"{"statusId": 5, "utcOffset": 3, "vkId": "12345", "phone": "79001234567", "telegramUserName": "irina"}"#
        let response = try #require(try await sim.update(101, body))
        #expect(response.status == 200)
        #expect(try response.envelope() == LinerEnvelope(success: true, message: "", data: []))

        let lead = try #require(await sim.simulator.lead(101))
        #expect(lead["statusId"] == 5)
        #expect(lead["utcOffset"] == 3)
        #expect(lead["vkId"] == "12345")
        #expect(lead["phone"] == "+79001234567")
        #expect(lead["telegramUserName"] == "irina")
        #expect(lead["name"] == "Ирина")
        #expect(lead["updatedAt"] == "2026-11-20T12:00:00+00:00")
        #expect(await sim.simulator.requestLog().last?.applied == true)
        // Detail reads the same state back.
        let detail = try #require(try await sim.get("/v2/lead/detail/101/"))
        #expect(try detail.envelope().data == LinerSimulator.answered(lead))
    }

    @Test func emptyStringAndNullClear() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let response = try #require(try await sim.update(102, #"{"name": "", "utcOffset": null, "vkId": ""}"#))
        #expect(response.status == 200)
        let lead = try #require(await sim.simulator.lead(102))
        #expect(lead["name"] == .null)
        #expect(lead["utcOffset"] == .null)
        #expect(lead["vkId"] == .null)
        #expect(lead["phone"] == "+74951234567")
    }

    @Test func customValuesMergeOnlyTheKeysSent() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        #expect(try await sim.update(101, #"{"customValues": {"11": 7, "13": "2026-12-01T10:00:00+03:00"}}"#)?.status == 200)
        #expect(await sim.simulator.lead(101)?["customValues"] == .object([("10", "quiz"), ("11", 7), ("13", "2026-12-01T10:00:00+03:00")]))
        #expect(try await sim.update(101, #"{"customValues": {"10": null, "13": ""}}"#)?.status == 200)
        #expect(await sim.simulator.lead(101)?["customValues"] == .object([("11", 7)]))
        // A lead whose customValues was PHP's empty array becomes an object.
        #expect(try await sim.update(102, #"{"customValues": {"12": "hot"}}"#)?.status == 200)
        #expect(await sim.simulator.lead(102)?["customValues"] == .object([("12", "hot")]))
    }

    @Test func unknownLeadIs404AndBadIdIs400() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        let missing = try #require(try await sim.update(999, #"{"name": "x"}"#))
        #expect(missing.status == 404)
        #expect(try missing.envelope().success == false)
        #expect(try await sim.update(0, #"{"name": "x"}"#)?.status == 400)
        let bad = try #require(try await RawHTTP.send(
            port: sim.port, method: "POST", target: "/v2/lead/update/abc/",
            headers: ["X-Api-Key": SimFixture.apiKey, "Content-Type": "application/json"], body: "{}"))
        #expect(bad.status == 400)
        #expect(try await sim.get("/v2/lead/detail/999/")?.status == 404)
        #expect(try await sim.get("/v2/lead/update/101/")?.status == 405)
        #expect(try await sim.get("/v2/nothing-here/")?.status == 404)
    }

    @Test func bodyMustBeJSONWithTheRightContentType() async throws {
        let sim = try await SimFixture.start()
        defer { sim.stopInBackground() }
        #expect(try await sim.update(101, "name=x", contentType: "application/x-www-form-urlencoded")?.status == 400)
        #expect(try await sim.update(101, "{not json")?.status == 400)
        #expect(try await sim.update(101, "[]")?.status == 400)
        #expect(await sim.simulator.lead(101) == SimFixture.standardLeads[0])
    }

    @Test func rejectionStatusCanBe200WithSuccessFalse() async throws {
        let sim = try await SimFixture.start { $0.rejectionStatus = 200 }
        defer { sim.stopInBackground() }
        let response = try #require(try await sim.update(101, #"{"vkId": "abc"}"#))
        #expect(response.status == 200)
        #expect(try response.envelope().success == false)
        #expect(await sim.simulator.lead(101) == SimFixture.standardLeads[0])
    }

    @Test func unknownCustomFieldsCanBeAllowed() async throws {
        let sim = try await SimFixture.start { $0.requireKnownCustomFields = false }
        defer { sim.stopInBackground() }
        #expect(try await sim.update(101, #"{"customValues": {"777": "x"}}"#)?.status == 200)
        #expect(await sim.simulator.lead(101)?["customValues"]?["777"] == "x")
    }
}
