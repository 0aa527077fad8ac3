/// An interval of numbers with open, closed or infinite ends: what a decision table's numeric cell accepts.
public struct NumericInterval: Sendable, Equatable {
    /// One end: a value (infinite for none) and whether it belongs to the interval.
    public struct End: Sendable, Equatable {
        public var value: Double
        public var inclusive: Bool

        public init(_ value: Double, inclusive: Bool) {
            self.value = value
            self.inclusive = inclusive
        }
    }

    public var lower: End
    public var upper: End

    public init(lower: End, upper: End) {
        self.lower = lower
        self.upper = upper
    }

    /// Every number.
    public static let all = NumericInterval(lower: End(-.infinity, inclusive: false), upper: End(.infinity, inclusive: false))

    /// Exactly `value`.
    public static func point(_ value: Double) -> NumericInterval {
        NumericInterval(lower: End(value, inclusive: true), upper: End(value, inclusive: true))
    }

    /// Whether no number is in it (`[5, 5)`, `[7, 3]`).
    public var isEmpty: Bool {
        lower.value > upper.value || (lower.value == upper.value && !(lower.inclusive && upper.inclusive))
    }

    public func contains(_ value: Double) -> Bool {
        (value > lower.value || (value == lower.value && lower.inclusive))
            && (value < upper.value || (value == upper.value && upper.inclusive))
    }

    /// The numbers in both (maybe empty).
    public func intersection(_ other: NumericInterval) -> NumericInterval {
        let low: End = lower.value > other.lower.value ? lower
            : other.lower.value > lower.value ? other.lower : End(lower.value, inclusive: lower.inclusive && other.lower.inclusive)
        let high: End = upper.value < other.upper.value ? upper
            : other.upper.value < upper.value ? other.upper : End(upper.value, inclusive: upper.inclusive && other.upper.inclusive)
        return NumericInterval(lower: low, upper: high)
    }

    /// A number inside (an end when it belongs, else one in between), for examples in diagnostics.
    public var example: Double {
        if lower.inclusive, lower.value.isFinite { return lower.value }
        if upper.inclusive, upper.value.isFinite { return upper.value }
        switch (lower.value.isFinite, upper.value.isFinite) {
        case (true, true):
            let whole = (lower.value + 1).rounded(.down)
            return whole < upper.value ? whole : (lower.value + upper.value) / 2
        case (true, false): return (lower.value + 1).rounded(.down)
        case (false, true): return (upper.value - 1).rounded(.up)
        case (false, false): return 0
        }
    }

    /// The parts of `self` that none of `pieces` covers, in order. Sorts the pieces once and sweeps: tables of
    /// thousands of rows stay fast.
    public func uncovered(by pieces: [NumericInterval]) -> [NumericInterval] {
        let sorted = pieces.filter { !$0.isEmpty }.sorted { a, b in
            a.lower.value != b.lower.value ? a.lower.value < b.lower.value : (a.lower.inclusive && !b.lower.inclusive)
        }
        var gaps: [NumericInterval] = []
        // Everything below `reached` is covered (or outside `self`).
        var reached = lower
        for piece in sorted {
            // The stretch between what is covered and this piece's start.
            let gap = NumericInterval(lower: reached, upper: End(piece.lower.value, inclusive: !piece.lower.inclusive))
            if !gap.isEmpty { gaps.append(gap) }
            // Move past the piece when it reaches further than what is covered.
            if piece.upper.value > reached.value || (piece.upper.value == reached.value && piece.upper.inclusive && reached.inclusive) {
                reached = End(piece.upper.value, inclusive: !piece.upper.inclusive)
            }
        }
        gaps.append(NumericInterval(lower: reached, upper: upper))
        return gaps.map { $0.intersection(self) }.filter { !$0.isEmpty }
    }

    /// `[1000000, 5000000)`, `>= 10`, `< 0`, `5`, `any number`.
    public var description: String {
        let (low, high) = (Self.text(lower.value), Self.text(upper.value))
        switch (lower.value.isFinite, upper.value.isFinite) {
        case (true, true):
            if lower.value == upper.value { return low }
            return "\(lower.inclusive ? "[" : "(")\(low), \(high)\(upper.inclusive ? "]" : ")")"
        case (true, false): return "\(lower.inclusive ? ">=" : ">") \(low)"
        case (false, true): return "\(upper.inclusive ? "<=" : "<") \(high)"
        case (false, false): return "any number"
        }
    }

    /// A number as rules write it: `5`, `2.5`.
    public static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}
