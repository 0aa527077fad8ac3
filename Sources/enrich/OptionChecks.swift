import ArgumentParser

/// Range checks for numeric options: a value that is not finite (`nan`, `inf`), out of range or absurd
/// (`1e300` seconds, `1e-300` requests per second) is a command-line error (exit 64) naming the option,
/// never a crash or a hang later on.
enum OptionCheck {
    /// `value` must be finite and within `range`.
    static func number(_ name: String, _ value: Double, in range: ClosedRange<Double>, _ what: String) throws {
        guard value.isFinite, range.contains(value) else {
            throw ValidationError("\(name) must be \(what) within \(format(range.lowerBound))...\(format(range.upperBound)), not \(format(value))")
        }
    }

    /// `value` must be within `range`.
    static func integer(_ name: String, _ value: Int, in range: ClosedRange<Int>, _ what: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(name) must be \(what) within \(range.lowerBound)...\(range.upperBound), not \(value)")
        }
    }

    private static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
