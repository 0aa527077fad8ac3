/// A fault the simulator injected into one request.
public enum SimFault: String, Sendable, Equatable, CustomStringConvertible {
    /// Answered 500 before anything was applied.
    case serverError = "500"
    /// Answered 429 with `Retry-After` before anything was applied.
    case tooManyRequests = "429"
    /// Closed the connection without a response before anything was applied.
    case drop = "drop"
    /// Handled the request (an update was applied), then closed the connection without a response.
    case lostResponse = "lost-response"
    /// Answered 429 with `Retry-After` because the client exceeded ``LinerSimConfiguration/maxRequestsPerSecond``.
    case rateLimited = "rate-limited"

    public var description: String { rawValue }
}

/// The faults drawn for one request.
struct FaultDraw: Sendable, Equatable {
    var fault: SimFault?
    var slow: Bool
}

/// Draws faults from a seeded SplitMix64 sequence: deterministic for a given seed and request order.
struct FaultGenerator: Sendable {
    private var state: UInt64
    let rates: FaultRates

    init(seed: UInt64, rates: FaultRates) {
        self.state = seed
        self.rates = rates
    }

    mutating func next() -> FaultDraw {
        let u = nextUnit()
        let slow = nextUnit() < rates.slow
        var bound = rates.serverError
        if u < bound { return FaultDraw(fault: .serverError, slow: slow) }
        bound += rates.tooManyRequests
        if u < bound { return FaultDraw(fault: .tooManyRequests, slow: slow) }
        bound += rates.drop
        if u < bound { return FaultDraw(fault: .drop, slow: slow) }
        bound += rates.lostResponse
        if u < bound { return FaultDraw(fault: .lostResponse, slow: slow) }
        return FaultDraw(fault: nil, slow: slow)
    }

    /// A uniform value in [0, 1).
    private mutating func nextUnit() -> Double {
        Double(nextUInt64() >> 11) * 0x1.0p-53
    }

    private mutating func nextUInt64() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
