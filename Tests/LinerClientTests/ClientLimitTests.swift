@testable import LinerClient
import LinerSim
import NIOCore
import LinerWire
import Testing

@Suite("Client: rate and concurrency limits", .timeLimit(.minutes(1)))
struct ClientLimitTests {
    @Test func rateLimitSpacesRequests() async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        let count = 11
        let rate = 10.0
        fixture.configuration.rateLimit = LinerRateLimit(requestsPerSecond: rate, burst: 1)
        fixture.configuration.maxConcurrentRequests = 8
        let clock = ContinuousClock()
        let started = clock.now
        try await fixture.withClient { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 1...count { group.addTask { _ = try await client.lead(id: id) } }
                try await group.waitForAll()
            }
        }
        let elapsed = clock.now - started
        let minimum = Duration.seconds(Double(count - 1) / rate)
        #expect(elapsed >= minimum * 0.95)
        #expect(await fixture.simulator.requestLog().count == count)
    }

    /// Before, an answer larger than the limit was taken for a dropped connection and asked again `maxAttempts`
    /// times (each time downloading the limit's worth of bytes).
    @Test("An answer larger than the body limit is an unreadable answer, asked once, not a dropped connection retried")
    func oversizedAnswerNotRetried() async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        fixture.configuration.maximumBodySize = 64
        fixture.configuration.retry = LinerRetryPolicy(maxAttempts: 4, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        try await fixture.withClient { client in
            do {
                _ = try await client.lead(id: 1)
                Issue.record("a lead was read from an answer larger than the limit")
            } catch {
                #expect("\(error)".contains("larger than 64 bytes"), "\(error)")
            }
        }
        let log = await fixture.simulator.requestLog()
        #expect(log.count == 1, "\(log)")
        // A refusal too large to read says so (before: "rejected with HTTP 404" and nothing more).
        fixture.configuration.maximumBodySize = 16
        try await fixture.withClient { client in
            do {
                _ = try await client.lead(id: 99_999)
                Issue.record("a missing lead was read")
            } catch {
                #expect("\(error)".contains("404") && "\(error)".contains("larger than 16 bytes"), "\(error)")
            }
        }
    }

    @Test func tokenBucketSpacesReservations() async {
        let bucket = TokenBucket(LinerRateLimit(requestsPerSecond: 10, burst: 2))
        var waits: [Duration] = []
        for _ in 0..<6 { waits.append(await bucket.reserve()) }
        // Two tokens at once, then one every 100 ms (a little less: time passes while reserving).
        let expected: [Duration] = [.zero, .zero, .milliseconds(100), .milliseconds(200), .milliseconds(300), .milliseconds(400)]
        for (wait, want) in zip(waits, expected) {
            #expect(wait <= want && wait >= want - .milliseconds(50))
        }
    }

    @Test func concurrencyLimitCapsRequestsInFlight() async throws {
        var fixture = try await ClientFixture.start(faults: FaultRates(slow: 1)) { $0.slowDelay = .milliseconds(300) }
        defer { fixture.stopInBackground() }
        fixture.configuration.maxConcurrentRequests = 2
        let clock = ContinuousClock()
        let started = clock.now
        try await fixture.withClient { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for id in 1...6 { group.addTask { _ = try await client.lead(id: id) } }
                try await group.waitForAll()
            }
        }
        #expect(clock.now - started >= .milliseconds(900))
        let log = await fixture.simulator.requestLog()
        #expect(log.count == 6)
        // At no moment were more than two requests being handled.
        var maxOverlap = 0
        for record in log {
            let overlapping = log.filter { $0.receivedAt <= record.receivedAt && $0.finishedAt > record.receivedAt }.count
            maxOverlap = max(maxOverlap, overlapping)
        }
        #expect(maxOverlap == 2)
    }

    @Test("An answer beyond the body limit is said in words, with the limit, not as NIO's error type")
    func oversizedBodyInWords() {
        let text = LinerClient.connectionFailure(NIOTooManyBytesError(maxBytes: LinerClientConfiguration.defaultMaximumBodySize), host: "http://127.0.0.1:1")
        #expect(text == "the answer is larger than \(32 << 20) bytes, the most read: not read")
        #expect(!text.contains("NIO") && !text.contains("Optional"))
    }
}
