import Testing
@testable import RulesLanguage

/// The number sets of the condition analysis: the one-sweep intersection and the tree of unions agree with
/// the comparisons they stand for, point by point.
@Suite("Number sets of the condition analysis")
struct NumberSetTests {
    /// Whether `value` is in `set`, read from its intervals.
    func contains(_ set: NumberSet, _ value: Double) -> Bool {
        if value.isNaN { return set.nan }
        return set.intervals.contains { interval in
            (interval.low < value || (interval.lowClosed && interval.low == value))
                && (value < interval.high || (interval.highClosed && interval.high == value))
        }
    }

    /// A random set with its predicate: comparisons joined by `and`, `or` and `not`.
    func randomSet(_ generator: inout some RandomNumberGenerator, depth: Int) -> (NumberSet, (Double) -> Bool) {
        let operators: [ComparisonOperator] = [.equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual]
        if depth == 0 || Int.random(in: 0..<3, using: &generator) == 0 {
            let op = operators.randomElement(using: &generator)!
            let bound = Double(Int.random(in: -4...4, using: &generator)) / 2
            let holds: (Double) -> Bool = { x in
                switch op {
                case .equal: return x == bound
                case .notEqual: return !(x == bound)
                case .less: return x < bound
                case .lessEqual: return x <= bound
                // NaN is greater than every number in the engine's comparison.
                case .greater: return x.isNaN || x > bound
                case .greaterEqual: return x.isNaN || x >= bound
                }
            }
            return (NumberSet.comparing(op, bound), holds)
        }
        let (left, leftHolds) = randomSet(&generator, depth: depth - 1)
        let (right, rightHolds) = randomSet(&generator, depth: depth - 1)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: return (left.intersection(right), { leftHolds($0) && rightHolds($0) })
        case 1: return (left.complement.intersection(right.complement).complement, { leftHolds($0) || rightHolds($0) })
        default: return (left.complement, { !leftHolds($0) })
        }
    }

    @Test("intersection, union and complement hold exactly where the comparisons do, at every bound and between them")
    func agreesWithComparisons() {
        var generator = SystemRandomNumberGenerator()
        let points = (-12...12).map { Double($0) / 4 } + [-.infinity, .infinity, .nan]
        for _ in 0..<2_000 {
            let (set, holds) = randomSet(&generator, depth: 4)
            for point in points {
                #expect(contains(set, point) == holds(point), "\(set) at \(point)")
            }
            // Sorted and disjoint, as the sweep needs.
            for (a, b) in zip(set.intervals, set.intervals.dropFirst()) {
                #expect(a.high < b.low || (a.high == b.low && !(a.highClosed && b.lowClosed)), "\(set.intervals)")
            }
        }
    }

    @Test("a membership test of many numbers is the union of its items: a tree of unions gives the fold's set")
    func unionOfMany() {
        let values = (0..<500).map { Double(($0 * 37) % 211) / 2 }
        let folded = values.reduce(NumberSet.none) { $0.complement.intersection(NumberSet.comparing(.equal, $1).complement).complement }
        let tree = ValueSet.union(of: values.map { value in ValueSet.none.with { $0.numbers = NumberSet.comparing(.equal, value) } })
        #expect(tree.numbers == folded)
        #expect(Set(tree.numbers.intervals.map(\.low)) == Set(values))
        #expect(ValueSet.union(of: [ValueSet.present, tree]) == ValueSet.present.union(tree))
        #expect(ValueSet.union(of: []) == .none)
    }
}
