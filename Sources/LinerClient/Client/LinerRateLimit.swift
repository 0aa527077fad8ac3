/// A requests-per-second limit applied to every attempt (retries included), as a token bucket.
public struct LinerRateLimit: Sendable, Equatable {
    /// Sustained rate.
    public var requestsPerSecond: Double
    /// Requests that may go at once after an idle period (the bucket size). With `burst: 1`, `N` requests
    /// take at least `(N - 1) / requestsPerSecond` seconds.
    public var burst: Int

    public init(requestsPerSecond: Double, burst: Int = 1) {
        self.requestsPerSecond = requestsPerSecond
        self.burst = max(1, burst)
    }

    /// The burst a client should allow itself at `rate` requests per second: a fiftieth of a second's worth
    /// (at least 1). A server's limit is a bucket of its own, commonly a tenth of a second's worth; a client whose
    /// bucket is as large spends all of the server's headroom in its first burst, and from then on every bit of
    /// network jitter that bunches requests up costs a 429 (measured: 1.1 wasted requests per 1,000 at 800/s with
    /// a tenth, see docs/benchmarks.md). A fiftieth leaves four fifths of such a bucket for jitter.
    public static func clientBurst(for rate: Double) -> Int {
        max(1, Int(rate / 50))
    }
}

/// The token bucket behind ``LinerRateLimit``: each caller reserves a token and is told how long to wait for it,
/// so waiters are served in arrival order and sleep outside the actor.
actor TokenBucket {
    private let rate: Double
    private let capacity: Double
    private var tokens: Double
    private var updated: ContinuousClock.Instant
    private let clock = ContinuousClock()

    init(_ limit: LinerRateLimit) {
        self.rate = max(limit.requestsPerSecond, 1e-9)
        self.capacity = Double(limit.burst)
        self.tokens = Double(limit.burst)
        self.updated = clock.now
    }

    /// Reserves one token; returns how long the caller must wait before using it.
    func reserve() -> Duration {
        let now = clock.now
        tokens = min(capacity, tokens + (now - updated).inSeconds * rate)
        updated = now
        tokens -= 1
        return tokens >= 0 ? .zero : .seconds(-tokens / rate)
    }

    /// Waits for a token (throws `CancellationError` when the task is cancelled while waiting).
    nonisolated func acquire() async throws {
        let wait = await reserve()
        if wait > .zero { try await Task.sleep(for: wait) }
    }

    /// Waits for a token while `proceed` says so, looking at it every ``proceedCheckInterval``: `false` when it
    /// stopped saying so first (the token is spent).
    nonisolated func acquire(while proceed: @Sendable () -> Bool) async throws -> Bool {
        var wait = await reserve()
        while wait > .zero {
            guard proceed() else { return false }
            let step = min(wait, Self.proceedCheckInterval)
            try await Task.sleep(for: step)
            wait -= step
        }
        return proceed()
    }

    /// How often a wait for a token looks whether it should go on.
    static let proceedCheckInterval = Duration.milliseconds(50)
}
