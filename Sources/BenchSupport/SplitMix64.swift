/// A seeded, deterministic pseudo-random generator (SplitMix64, Steele/Lea/Flood 2014).
///
/// Benchmark data comes only from this generator, so every run and every machine sees the same
/// workload for the same seed. Shared by the benchmark executables.
public struct SplitMix64: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound` (multiply-high reduction; the bias is far below anything measured here).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// `true` with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }
}

/// Usable wherever the standard library takes a generator (`Int.random(in:using:)`, `shuffled(using:)`).
extension SplitMix64: RandomNumberGenerator {}
