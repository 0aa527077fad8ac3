import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import Logging
import RunJournal
import Testing

/// The watch loop against the emulator: leads created while it runs are updated within a few polls, through
/// the journal (each run naming the rules digest); an outage makes it degraded and loses nothing.
@Suite("enrich serve: watching Liner", .serialized)
struct WatchTests {
    static let apiKey = "watch-test-key-0f9e"

    func makeServer(port: UInt16, journal: RunJournal, rules: String) async throws -> (EnrichServer, LinerClient) {
        let client = LinerClient(configuration: LinerClientConfiguration(
            baseURL: try LinerBaseURL("http://127.0.0.1:\(port)"), apiKey: try LinerAPIKey(Self.apiKey), timeout: .seconds(2),
            retry: LinerRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(10), maxDelay: .milliseconds(50)), maxConcurrentRequests: 4
        ))
        let facts: AccountFacts
        do {
            facts = try await AccountFacts.fetch(from: client)
        } catch {
            try await client.shutdown()
            throw error
        }
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var settings = WatchSettings(client: client, journal: journal, sourceName: "liner:test", statusIds: [], orderIds: [], shard: nil,
                                     overlap: 60, poll: .milliseconds(300), apply: true, maxInFlight: 8, optionsJSON: "{}")
        settings.maximumBackoff = .seconds(2)
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.journal = journal
        do {
            let server = try EnrichServer(configuration: configuration,
                                          loader: PackLoader(directory: rules, preparation: .account(facts), requireTests: false),
                                          watch: settings, logger: logger)
            return (server, client)
        } catch {
            try await client.shutdown()
            throw error
        }
    }

    func eventually(seconds: Double = 15, _ condition: () async -> Bool) async throws -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while ContinuousClock.now < end {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return await condition()
    }

    @Test("New leads are updated within a few polls; the journal's runs name the digest; an outage degrades, then recovers")
    func watch() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: Self.apiKey), leads: [])
        let port = try await simulator.start()
        let journalPath = NSTemporaryDirectory() + "enrich-serve-\(UUID().uuidString).sqlite"
        let journal = try RunJournal.openForRun(path: journalPath, startAfresh: false).journal
        let rules = try ServerFixture.directory(["a.rules": ServerFixture.rules])
        let (server, client) = try await makeServer(port: port, journal: journal, rules: rules)
        try await server.application().test(.router) { http in
            let created = await simulator.createLead(like: .object([("phone", .string("+74951234567")), ("statusId", .int(1))]))
            let id = try #require(created["id"]?.intValue)
            #expect(try await eventually { await simulator.lead(id)?["utcOffset"] == .int(3) })
            #expect(try await eventually { server.watchState.snapshot.lastSuccess != nil })
            try await http.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(ServerFixture.parsed(response.body)?["watch"]?["degraded"] == .bool(false))
            }
            // The journal marks the change applied after Liner answered, so Liner may show the value first.
            #expect(try await eventually { (try? journal.history(leadId: id))?.first?.change.state == .applied })
            let history = try journal.history(leadId: id)
            #expect(history.first?.change.state == .applied)
            #expect(history.first?.run.rulesDigest == server.store.current.digest)
            // The page looks the lead up by id: Liner's copy evaluated (now nothing to change), and its history.
            try await http.execute(uri: "/", method: .post, body: ByteBuffer(string: "id=\(id)")) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("id=\"trace\""))
                #expect(html.contains("id=\"history\""))
                #expect(html.contains("<td>applied</td>"))
                #expect(html.contains(server.store.current.digest))
            }

            // Outage: the emulator goes away; polls fail, readiness says so.
            await simulator.stop()
            #expect(try await eventually { server.watchState.snapshot.degraded })
            try await http.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(ServerFixture.parsed(response.body)?["watch"]?["degraded"] == .bool(true))
            }
            try await http.execute(uri: "/metrics", method: .get) { response in
                #expect(String(buffer: response.body).contains("enrich_watch_degraded 1"))
            }
            // A lead created during the outage is updated once Liner is back.
            let during = await simulator.createLead(like: .object([("phone", .string("+74957654321")), ("statusId", .int(1))]))
            _ = try await simulator.start(port: port)
            let duringId = try #require(during["id"]?.intValue)
            #expect(try await eventually(seconds: 30) { await simulator.lead(duringId)?["utcOffset"] == .int(3) })
            #expect(try await eventually { !server.watchState.snapshot.degraded })
            try await http.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains(#"enrich_updates_total{outcome="applied"} 2"#))
                #expect(text.contains("enrich_lead_creation_to_update_seconds_count 2"))
            }
        }
        await simulator.stop()
        try await client.shutdown()
    }
}
