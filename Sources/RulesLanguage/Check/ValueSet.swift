import Foundation

/// The abstract values of the condition analysis (``ConditionSpace``): sets of the values one
/// expression can have for a lead, closed under intersection and complement, so that `and`, `or`
/// and `not` stay exact. Each set is an over-approximation only where it says so; the analysis
/// reports a rule only from an empty set, which is then provably empty.

/// A set of numbers compared as the engine compares them: as `Double`s, NaN included (a string
/// such as `"nan"` reads as one; it is greater than every number and equal to none). Stored as
/// sorted disjoint intervals of the extended reals, plus whether NaN is in.
struct NumberSet: Equatable, Sendable {
    struct Interval: Equatable, Sendable {
        var low: Double, lowClosed: Bool, high: Double, highClosed: Bool

        var isEmpty: Bool { low > high || (low == high && !(lowClosed && highClosed)) }

        func intersection(_ other: Interval) -> Interval {
            let (low, lowClosed): (Double, Bool) =
                self.low > other.low ? (self.low, self.lowClosed)
                : other.low > self.low ? (other.low, other.lowClosed) : (self.low, self.lowClosed && other.lowClosed)
            let (high, highClosed): (Double, Bool) =
                self.high < other.high ? (self.high, self.highClosed)
                : other.high < self.high ? (other.high, other.highClosed) : (self.high, self.highClosed && other.highClosed)
            return Interval(low: low, lowClosed: lowClosed, high: high, highClosed: highClosed)
        }
    }

    var intervals: [Interval]
    var nan: Bool

    static let all = NumberSet(intervals: [Interval(low: -.infinity, lowClosed: true, high: .infinity, highClosed: true)], nan: true)
    static let none = NumberSet(intervals: [], nan: false)

    var isEmpty: Bool { intervals.isEmpty && !nan }

    /// The numbers `x` for which `x OP value` holds in the engine's comparison.
    static func comparing(_ op: ComparisonOperator, _ value: Double) -> NumberSet {
        func interval(_ low: Double, _ lowClosed: Bool, _ high: Double, _ highClosed: Bool) -> [Interval] {
            [Interval(low: low, lowClosed: lowClosed, high: high, highClosed: highClosed)]
        }
        switch op {
        case .equal: return NumberSet(intervals: interval(value, true, value, true), nan: false)
        case .notEqual: return comparing(.equal, value).complement
        case .less: return NumberSet(intervals: interval(-.infinity, true, value, false), nan: false)
        case .lessEqual: return NumberSet(intervals: interval(-.infinity, true, value, true), nan: false)
        // NaN compares as greater than every number (its ordering is neither equal nor less).
        case .greater: return NumberSet(intervals: interval(value, false, .infinity, true), nan: true)
        case .greaterEqual: return NumberSet(intervals: interval(value, true, .infinity, true), nan: true)
        }
    }

    /// Both lists are sorted and disjoint: one sweep over them (the pairwise loop and sort before made a
    /// membership test of 4,000 numbers take seconds to check).
    func intersection(_ other: NumberSet) -> NumberSet {
        var result: [Interval] = []
        var i = 0, j = 0
        while i < intervals.count, j < other.intervals.count {
            let a = intervals[i], b = other.intervals[j]
            let both = a.intersection(b)
            if !both.isEmpty { result.append(both) }
            // The one that ends first cannot meet any later interval of the other.
            if a.high < b.high || (a.high == b.high && !a.highClosed && b.highClosed) { i += 1 } else { j += 1 }
        }
        return NumberSet(intervals: result, nan: nan && other.nan)
    }

    var complement: NumberSet {
        var gaps: [Interval] = []
        var low = -Double.infinity, lowClosed = true
        for interval in intervals {
            let gap = Interval(low: low, lowClosed: lowClosed, high: interval.low, highClosed: !interval.lowClosed)
            if !gap.isEmpty { gaps.append(gap) }
            low = interval.high
            lowClosed = !interval.highClosed
        }
        let last = Interval(low: low, lowClosed: lowClosed, high: .infinity, highClosed: true)
        if !last.isEmpty { gaps.append(last) }
        return NumberSet(intervals: gaps, nan: !nan)
    }
}

/// A set of strings: finitely many, or all but finitely many.
struct TextSet: Equatable, Sendable {
    var members: Set<String>
    /// When true the set is every string except ``members``.
    var allBut: Bool

    static let all = TextSet(members: [], allBut: true)
    static let none = TextSet(members: [], allBut: false)

    var isEmpty: Bool { !allBut && members.isEmpty }

    func intersection(_ other: TextSet) -> TextSet {
        switch (allBut, other.allBut) {
        case (false, false): return TextSet(members: members.intersection(other.members), allBut: false)
        case (false, true): return TextSet(members: members.subtracting(other.members), allBut: false)
        case (true, false): return TextSet(members: other.members.subtracting(members), allBut: false)
        case (true, true): return TextSet(members: members.union(other.members), allBut: true)
        }
    }

    var complement: TextSet { TextSet(members: members, allBut: !allBut) }
}

/// A set of the values an expression can take for a lead, split the way the engine's comparisons
/// see them: missing (or `null`); numbers; strings that read as a number (`" 42"`, `"1e3"`,
/// compared as that number with a number); other strings; empty lists and JSON values; anything
/// else (booleans, non-empty lists and JSON values, zones).
struct ValueSet: Equatable, Sendable {
    var missing: Bool
    var numbers: NumberSet
    var numericTexts: NumberSet
    var texts: TextSet
    var emptyOthers: Bool
    var otherOthers: Bool

    static let all = ValueSet(missing: true, numbers: .all, numericTexts: .all, texts: .all, emptyOthers: true, otherOthers: true)
    static let none = ValueSet(missing: false, numbers: .none, numericTexts: .none, texts: .none, emptyOthers: false, otherOthers: false)
    static let present = ValueSet.all.with { $0.missing = false }

    var isEmpty: Bool {
        !missing && numbers.isEmpty && numericTexts.isEmpty && texts.isEmpty && !emptyOthers && !otherOthers
    }

    func with(_ change: (inout ValueSet) -> Void) -> ValueSet {
        var copy = self
        change(&copy)
        return copy
    }

    func intersection(_ other: ValueSet) -> ValueSet {
        ValueSet(missing: missing && other.missing, numbers: numbers.intersection(other.numbers),
                 numericTexts: numericTexts.intersection(other.numericTexts), texts: texts.intersection(other.texts),
                 emptyOthers: emptyOthers && other.emptyOthers, otherOthers: otherOthers && other.otherOthers)
    }

    func union(_ other: ValueSet) -> ValueSet {
        intersectionOfComplements(other).complement
    }

    /// The union of `sets`, joined in pairs (a tree of unions: each value is copied a logarithmic number of
    /// times, where folding them one by one made a list of n items cost n² steps).
    static func union(of sets: [ValueSet]) -> ValueSet {
        guard !sets.isEmpty else { return .none }
        var level = sets
        while level.count > 1 {
            var next: [ValueSet] = []
            next.reserveCapacity((level.count + 1) / 2)
            var index = 0
            while index + 1 < level.count {
                next.append(level[index].union(level[index + 1]))
                index += 2
            }
            if index < level.count { next.append(level[index]) }
            level = next
        }
        return level[0]
    }

    private func intersectionOfComplements(_ other: ValueSet) -> ValueSet { complement.intersection(other.complement) }

    var complement: ValueSet {
        ValueSet(missing: !missing, numbers: numbers.complement, numericTexts: numericTexts.complement, texts: texts.complement,
                 emptyOthers: !emptyOthers, otherOthers: !otherOthers)
    }

    /// Whether the engine reads `text` as a number (``ValueSet/numericTexts``): the same test as its
    /// comparisons, `Double` of the text without surrounding spaces.
    static func readsAsNumber(_ text: String) -> Bool {
        Double(text.trimmingCharacters(in: .whitespaces)) != nil
    }

    /// The values `x` for which `x OP number` holds: a missing value compares false with anything,
    /// numbers and numeric strings as numbers, anything else is only `!=`.
    static func comparing(_ op: ComparisonOperator, number: Double) -> ValueSet {
        let numbers = NumberSet.comparing(op, number)
        let unequal = op == .notEqual
        return ValueSet(missing: false, numbers: numbers, numericTexts: numbers, texts: unequal ? .all : .none,
                        emptyOthers: unequal, otherOthers: unequal)
    }

    /// The values `x` for which `x == text` (or `!=`) holds, for a text that does not read as a number.
    static func equal(text: String, negated: Bool) -> ValueSet {
        let equal = ValueSet.none.with { $0.texts = TextSet(members: [text], allBut: false) }
        return negated ? ValueSet.present.intersection(equal.complement) : equal
    }

    /// The values for which `x is empty` holds: missing, `""`, an empty list or JSON value.
    static let empty = ValueSet.none.with {
        $0.missing = true
        $0.texts = TextSet(members: [""], allBut: false)
        $0.emptyOthers = true
    }
}
