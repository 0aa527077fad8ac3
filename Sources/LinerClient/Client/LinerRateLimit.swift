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
}
