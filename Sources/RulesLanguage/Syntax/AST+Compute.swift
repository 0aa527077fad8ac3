/// The four arithmetic operators; `*` and `/` bind tighter than `+` and `-`, all left-associative.
public enum ArithmeticOperator: String, Sendable, Equatable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"

    /// Whether it binds like `*` (tighter than `+`).
    public var isMultiplicative: Bool { self == .multiply || self == .divide }
}

/// `let NAME = EXPRESSION` in a rule: a name for a value, visible in the rule's later `let` lines, its
/// condition (when written before `when`) and its actions. Read each time it is used: a name, not a variable.
extension Binding {
    /// The bindings (of one rule, in source order) whose value reads only `let` names declared before them: the
    /// ones an analysis may read as what they name. Reading one's own name or a later one is an error the
    /// checker reports; substituting such a definition would never end (`let x = x + 1`).
    public static func readableInOrder(_ bindings: [Binding]) -> [Binding] {
        let all = Set(bindings.map(\.name.text))
        var declared: Set<String> = []
        var readable: [Binding] = []
        for binding in bindings {
            var readsLater = false
            binding.value.forEach { expression in
                if case let .identifier(name) = expression.kind, all.contains(name), !declared.contains(name) { readsLater = true }
            }
            if !readsLater { readable.append(binding) }
            declared.insert(binding.name.text)
        }
        return readable
    }
}

public struct Binding: Sendable, Equatable {
    public var name: Name
    public var value: Expression
    /// Written before the rule's `when` (the condition may use it; the value may not use captures) or after it.
    public var beforeCondition: Bool
    public var range: SourceRange

    public init(name: Name, value: Expression, beforeCondition: Bool, range: SourceRange) {
        self.name = name
        self.value = value
        self.beforeCondition = beforeCondition
        self.range = range
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.name == r.name && l.value == r.value && l.beforeCondition == r.beforeCondition
    }
}

/// A decision table's hit policy: what it writes when several rows match.
public enum HitPolicy: Sendable, Equatable {
    /// `by unique`: at most one row may match (overlaps are reported by `check`, and are an error for the lead).
    case unique
    /// `by first`: the first matching row, in order.
    case first
    /// `by priority [v1, v2, ...]`: of the matching rows, the one whose value comes first in the list.
    case priority
    /// `by collect max|min|sum|count`: every matching row's value, combined.
    case collect(CollectOperation)

    /// How it is written after `by`, without a priority list: `unique`, `collect sum`.
    public var keyword: String {
        switch self {
        case .unique: "unique"
        case .first: "first"
        case .priority: "priority"
        case let .collect(operation): "collect \(operation.rawValue)"
        }
    }
}

/// How `collect` combines the values of the matching rows.
public enum CollectOperation: String, Sendable, Equatable, CaseIterable {
    /// The largest value; the smallest; their sum; how many rows matched (rows have no value).
    case max, min, sum, count
}

extension TableDeclaration {
    /// One cell of a decision table's row: what its input must be for the row to match.
    public struct Cell: Sendable, Equatable {
        public enum Kind: Sendable, Equatable {
            /// `-`: any value, missing included.
            case any
            /// A number or a string: the input equals it (numbers as numbers, text as text).
            case equal(Expression)
            /// `/regex/flags`: the input's text matches (a search, as in conditions).
            case regex(pattern: String, flags: String)
            /// A numeric interval: `[a, b)`, `(a, b]`, `[a, b]`, `(a, b)`, `>= a`, `> a`, `<= b`, `< b`.
            case interval(lower: Bound?, upper: Bound?)
        }

        /// One end of an interval: a number literal and whether the end belongs to the interval.
        public struct Bound: Sendable, Equatable {
            public var value: Expression
            public var inclusive: Bool

            public init(value: Expression, inclusive: Bool) {
                self.value = value
                self.inclusive = inclusive
            }
        }

        public var kind: Kind
        public var range: SourceRange

        public init(_ kind: Kind, range: SourceRange) {
            self.kind = kind
            self.range = range
        }

        public static func == (l: Self, r: Self) -> Bool { l.kind == r.kind }
    }

    /// Whether this is a decision table (cells and a hit policy) rather than a one-key prefix/regex table.
    public var isDecisionTable: Bool {
        if case .decision = policy { return true }
        return false
    }

    /// The hit policy of a decision table, `nil` for a prefix/regex table.
    public var hitPolicy: HitPolicy? {
        if case let .decision(policy) = policy { return policy }
        return nil
    }
}

extension Expression.Kind {
    /// A number literal (`5`, `-2.5`).
    public var isNumberLiteral: Bool {
        switch self {
        case .integer, .decimal: return true
        default: return false
        }
    }
}
