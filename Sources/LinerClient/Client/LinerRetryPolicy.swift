/// When and how long the client waits before trying a request again.
///
/// Retried: 429 (waiting `Retry-After` seconds when the server sends them), 5xx, timeouts and connection
/// failures (refused, reset, closed without a response). Never retried: other 4xx and `success: false`.
/// Without `Retry-After` the wait is "full jitter": uniform in `0...min(maxDelay, baseDelay * 2^(n-1))`
/// after the n-th failed attempt.
public struct LinerRetryPolicy: Sendable, Equatable {
    /// Attempts in all, the first included (1 = never retry).
    public var maxAttempts: Int
    /// The backoff ceiling after the first failure; doubles with each further failure.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// A `Retry-After` longer than this ends the call (``LinerCallOutcome/retryAfterTooLong(seconds:)``)
    /// rather than blocking it.
    public var maxRetryAfter: Duration

    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(120)
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// The backoff after the `failures`-th failed attempt, drawn with full jitter.
    public func backoff(afterFailure failures: Int, using generator: inout some RandomNumberGenerator) -> Duration {
        let limit = ceiling(afterFailure: failures).inSeconds
        guard limit > 0 else { return .zero }
        return .seconds(Double.random(in: 0...limit, using: &generator))
    }

    /// The largest backoff after the `failures`-th failed attempt.
    public func ceiling(afterFailure failures: Int) -> Duration {
        let exponent = min(max(failures - 1, 0), 30)
        let grown = baseDelay.inSeconds * Double(1 << exponent)
        return .seconds(min(grown, maxDelay.inSeconds))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var inSeconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) / 1e18
    }
}
