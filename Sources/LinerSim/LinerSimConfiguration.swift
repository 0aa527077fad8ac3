import LinerWire

/// How a ``LinerSimulator`` behaves: the key it expects, the faults it injects and the data it serves.
public struct LinerSimConfiguration: Sendable {
    /// The `X-Api-Key` every request must carry (compared exactly; never logged).
    public var apiKey: String
    /// Faults to inject (none by default).
    public var faults: FaultRates
    /// Seed of the fault generator: the same seed and the same order of requests give the same faults.
    public var seed: UInt64
    /// Seconds sent in `Retry-After` with an injected 429.
    public var retryAfterSeconds: Int
    /// How long a response picked as slow waits before it is handled.
    public var slowDelay: Duration
    /// When `true`, `customValues` keys must be ids of the configured custom fields.
    public var requireKnownCustomFields: Bool
    /// The HTTP status of a refused update or list query (400 by default). Liner's docs do not list codes;
    /// 200 makes refusals come back as 200 with `success: false`, which clients must treat as final errors.
    public var rejectionStatus: Int
    /// The clock that stamps `updatedAt` (seconds since 1970, UTC). Tests may fix it.
    public var now: @Sendable () -> Double
    /// Requests per second the simulator accepts (a token bucket holding a tenth of a second's worth, at least
    /// one); beyond it requests are answered 429 with `Retry-After: 1` and nothing is applied. `nil`: no limit.
    public var maxRequestsPerSecond: Double?
    /// Called with each request's log record as it is finished (e.g. to print a live log).
    public var onRequest: (@Sendable (SimRequestRecord) -> Void)?
    /// Lasting misbehaviours (drip, repeated or endless pages, echoed headers, ...); none by default.
    public var hostility = SimHostility()

    public init(
        apiKey: String,
        faults: FaultRates = FaultRates(),
        seed: UInt64 = 1,
        retryAfterSeconds: Int = 1,
        slowDelay: Duration = .seconds(2),
        requireKnownCustomFields: Bool = true,
        rejectionStatus: Int = 400,
        now: @escaping @Sendable () -> Double = { ISO8601Timestamp.currentSeconds() },
        onRequest: (@Sendable (SimRequestRecord) -> Void)? = nil,
        maxRequestsPerSecond: Double? = nil
    ) {
        self.maxRequestsPerSecond = maxRequestsPerSecond
        self.apiKey = apiKey
        self.faults = faults
        self.seed = seed
        self.retryAfterSeconds = retryAfterSeconds
        self.slowDelay = slowDelay
        self.requireKnownCustomFields = requireKnownCustomFields
        self.rejectionStatus = rejectionStatus
        self.now = now
        self.onRequest = onRequest
    }
}

/// Fractions (0...1) of requests that get each fault.
///
/// For every request the simulator draws one number `u` in [0, 1) and picks, in this order,
/// `serverError` (500), `tooManyRequests` (429 with `Retry-After`), `drop` (connection closed without a
/// response) or `lostResponse` (handled — an update IS applied — then the connection is closed without a
/// response); the four fractions must add up to at most 1. These faults are decided before the API key is
/// checked and, except `lostResponse`, before anything is applied: a 500, a 429 or a drop never changes state.
/// A second, independent draw picks `slow` requests, which wait ``LinerSimConfiguration/slowDelay`` before being
/// handled (so a client that timed out may see its update applied after it gave up).
public struct FaultRates: Sendable, Equatable {
    public var serverError: Double
    public var tooManyRequests: Double
    public var drop: Double
    public var lostResponse: Double
    public var slow: Double

    public init(serverError: Double = 0, tooManyRequests: Double = 0, drop: Double = 0, lostResponse: Double = 0, slow: Double = 0) {
        self.serverError = serverError
        self.tooManyRequests = tooManyRequests
        self.drop = drop
        self.lostResponse = lostResponse
        self.slow = slow
    }

    /// `nil` when the rates are usable, else why not.
    public var problem: String? {
        let all = [("500", serverError), ("429", tooManyRequests), ("drop", drop), ("lost-response", lostResponse), ("slow", slow)]
        for (name, rate) in all where !(0...1).contains(rate) {
            return "the \(name) fraction must be within 0...1, not \(rate)"
        }
        if serverError + tooManyRequests + drop + lostResponse > 1 {
            return "the 500, 429, drop and lost-response fractions add up to more than 1"
        }
        return nil
    }
}
