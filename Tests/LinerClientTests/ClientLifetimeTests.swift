import LinerClient
import LinerSim
import LinerWire
import Testing

/// A client released without ``LinerClient/shutdown()`` (an error path between making it and shutting it down:
/// a setup step that throws, a task cancelled) closes its connections by itself. AsyncHTTPClient's debug builds
/// stop the whole process when its client is released still running, so before this, any such path in a test or
/// in the command line killed the process (CI died with SIGILL in `HTTPClient.deinit`).
@Suite("Client: released without shutdown", .timeLimit(.minutes(1)))
struct ClientLifetimeTests {
    @Test("Released unused, after a call, after a failed call, and after shutdown: the process goes on", arguments: 0..<4)
    func releasedWithoutShutdown(path: Int) async throws {
        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(3))
        defer { fixture.stopInBackground() }
        var client: LinerClient? = LinerClient(configuration: fixture.configuration)
        switch path {
        case 1:
            let reply = try await client?.statuses()
            #expect(reply?.report.succeeded == true)
        case 2:
            // A call that fails (no such lead), then the client is dropped.
            await #expect(throws: LinerCallError.self) { _ = try await client?.lead(id: 999_999) }
        case 3:
            // Shut down as documented, then released: the second shutdown in the release is harmless.
            try await client?.shutdown()
        default:
            break
        }
        weak var released = client
        client = nil
        #expect(released == nil)
        // The fixture's emulator still answers another client: the dropped one took nothing with it.
        let statuses = try await fixture.withClient { try await $0.statuses() }
        #expect(statuses.report.succeeded)
    }
}

/// A server that cannot be reached is said in the system's words, with the address.
@Suite("Client: a server that cannot be reached", .timeLimit(.minutes(1)))
struct ClientUnreachableTests {
    @Test("Nothing listening: 'cannot connect to URL: Connection refused', balanced, without NIO's wording")
    func connectionRefused() async throws {
        let configuration = LinerClientConfiguration(
            baseURL: try LinerBaseURL("http://127.0.0.1:1"), apiKey: try LinerAPIKey("unreachable-key-0000"), timeout: .seconds(5),
            retry: LinerRetryPolicy(maxAttempts: 1, baseDelay: .milliseconds(10), maxDelay: .milliseconds(10)), maxConcurrentRequests: 1
        )
        let error = await #expect(throws: LinerCallError.self) {
            try await withLinerClient(configuration) { client in _ = try await client.statuses() }
        }
        let text = String(describing: try #require(error))
        #expect(text.contains("cannot connect to http://127.0.0.1:1: Connection refused"), "\(text)")
        #expect(!text.contains("errno") && !text.contains("error set"), "\(text)")
        #expect(text.filter { $0 == "(" }.count == text.filter { $0 == ")" }.count, "\(text)")
    }

    @Test("Nothing listening: each attempt fails at once and the retry policy decides, not the connect timeout (was ~10 s an attempt)")
    func refusedAttemptsEndAtOnce() async throws {
        let configuration = LinerClientConfiguration(
            baseURL: try LinerBaseURL("http://127.0.0.1:1"), apiKey: try LinerAPIKey("unreachable-key-0000"), timeout: .seconds(20),
            retry: LinerRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(10)), maxConcurrentRequests: 1
        )
        let clock = ContinuousClock()
        let started = clock.now
        let error = await #expect(throws: LinerCallError.self) {
            try await withLinerClient(configuration) { client in _ = try await client.statuses() }
        }
        let elapsed = clock.now - started
        #expect(error?.report.attempts.count == 3, "\(String(describing: error))")
        // Three refused connects and two 10 ms waits: well under one connect timeout (10 s), which each attempt took.
        #expect(elapsed < .seconds(8), "\(elapsed)")
    }

    @Test("A host that does not resolve, and a server that closes without answering: said in words, no library type names")
    func noTypeNames() async throws {
        let unresolvable = LinerClientConfiguration(
            baseURL: try LinerBaseURL("https://nonexistent.invalid"), apiKey: try LinerAPIKey("unreachable-key-0000"), timeout: .seconds(10),
            retry: LinerRetryPolicy(maxAttempts: 1), maxConcurrentRequests: 1
        )
        let dns = await #expect(throws: LinerCallError.self) {
            try await withLinerClient(unresolvable) { client in _ = try await client.statuses() }
        }
        let dnsText = String(describing: try #require(dns))
        #expect(dnsText.contains("cannot find the host nonexistent.invalid"), "\(dnsText)")

        let fixture = try await ClientFixture.start(leads: ClientFixture.leads(3), faults: FaultRates(drop: 1))
        defer { fixture.stopInBackground() }
        var dropping = fixture.configuration
        dropping.retry = LinerRetryPolicy(maxAttempts: 1)
        let closed = await #expect(throws: LinerCallError.self) {
            try await withLinerClient(dropping) { client in _ = try await client.statuses() }
        }
        let closedText = String(describing: try #require(closed))
        #expect(closedText.contains("the server closed the connection without answering"), "\(closedText)")
        for text in [dnsText, closedText] {
            #expect(!text.contains("Error.") && !text.contains("SocketAddress") && !text.contains("DNS error"), "\(text)")
        }
    }
}

