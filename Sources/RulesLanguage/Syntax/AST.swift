/// The syntax tree of one rules file. Every node keeps the source range it was parsed from.
///
/// Equality (`==`) compares structure only, ignoring ranges, so that a tree can be compared with
/// the tree of its formatted text.
public struct RulesFile: Sendable, Equatable {
    public var file: SourceFile
    public var items: [Item]
    /// The file's comments, which the formatter puts back where they stood.
    public var comments: [Comment]

    public static func == (lhs: RulesFile, rhs: RulesFile) -> Bool { lhs.items == rhs.items }
}

/// A name with the range it was written at.
public struct Name: Sendable, Equatable, CustomStringConvertible {
    public var text: String
    public var range: SourceRange
    public static func == (lhs: Name, rhs: Name) -> Bool { lhs.text == rhs.text }
    public var description: String { text }
}

/// A top-level declaration.
public enum Item: Sendable, Equatable {
    case statuses(StatusDeclaration)
    case transitions(TransitionsDeclaration)
    case constant(ConstantDeclaration)
    case rule(RuleDeclaration)
    case table(TableDeclaration)
    case test(TestDeclaration)
    /// `import "../shared" as shared { override const x = 1 }`: another pack's declarations.
    case imports(ImportDeclaration)

    public var range: SourceRange {
        switch self {
        case let .imports(d): return d.range
        case let .statuses(d): return d.range
        case let .transitions(d): return d.range
        case let .constant(d): return d.range
        case let .rule(d): return d.range
        case let .table(d): return d.range
        case let .test(d): return d.range
        }
    }
}

/// `status new = 1, qualified = 5` or `status new, junk, qualified = 5`: status codes, each with
/// the account's numeric id or without one (then the id is resolved later from the account's
/// status list, `GET /v2/lead-status/`). An entry may also name a category
/// (`junk = category disqualified`, `junk = 9 category disqualified`): when the account has no
/// status with the code, the code stands for the account's one status of that category.
public struct StatusDeclaration: Sendable, Equatable {
    /// One declared code: `junk = 9`, just `junk`, or with a category fallback (`junk = category disqualified`).
    public struct Entry: Sendable, Equatable {
        /// The status code, as Liner's status list names it.
        public var code: Name
        /// The account's id for the code when written (`junk = 9`); `nil` for a bare code, whose id
        /// is resolved from the account's status list.
        public var id: Int?
        /// The category written after `category` (`disqualified`, `"in-progress"`), or `nil`: the
        /// account's status of that category stands for the code when the account has no such code.
        public var category: Name?
        /// The whole entry, `code`, `code = id`, `code = category C` or `code = id category C`.
        public var range: SourceRange

        public init(code: Name, id: Int?, category: Name? = nil, range: SourceRange) {
            self.code = code
            self.id = id
            self.category = category
            self.range = range
        }

        public static func == (l: Entry, r: Entry) -> Bool { l.code == r.code && l.id == r.id && l.category == r.category }
    }
    public var entries: [Entry]
    public var range: SourceRange
    public static func == (l: Self, r: Self) -> Bool { l.entries == r.entries }
}

/// `transitions { new -> qualified, new -> junk }`: the edges a lead may move along.
public struct TransitionsDeclaration: Sendable, Equatable {
    public struct Edge: Sendable, Equatable {
        public var from: Name
        public var to: Name
        public var range: SourceRange
        public static func == (l: Edge, r: Edge) -> Bool { l.from == r.from && l.to == r.to }
    }
    public var edges: [Edge]
    public var range: SourceRange
    public static func == (l: Self, r: Self) -> Bool { l.edges == r.edges }
}

/// `const correctUtcOffset = false`: a named literal for switches a pack's user edits in one place.
public struct ConstantDeclaration: Sendable, Equatable {
    public var name: Name
    public var value: Expression
    public var range: SourceRange
    public static func == (l: Self, r: Self) -> Bool { l.name == r.name && l.value == r.value }
}

/// `rule "name" [precedence N] { [when CONDITION] ACTION... }`.
public struct RuleDeclaration: Sendable, Equatable {
    public var name: Name
    public var precedence: Int?
    public var condition: Expression?
    public var actions: [Action]
    public var range: SourceRange
    /// `overrides edits`: the rule writes a field even where a person changed what the engine wrote there
    /// (see "People's edits win" in the language reference).
    public var overridesEdits: Bool

    /// `let NAME = EXPRESSION` lines: names local to the rule, in order (see ``Binding``).
    public var bindings: [Binding]

    public init(name: Name, precedence: Int?, condition: Expression?, actions: [Action], range: SourceRange, overridesEdits: Bool = false,
                bindings: [Binding] = []) {
        self.name = name
        self.precedence = precedence
        self.condition = condition
        self.actions = actions
        self.range = range
        self.overridesEdits = overridesEdits
        self.bindings = bindings
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.name == r.name && l.precedence == r.precedence && l.condition == r.condition && l.actions == r.actions
            && l.overridesEdits == r.overridesEdits && l.bindings == r.bindings
    }
}

/// Whether a write replaces a value or only fills an empty one.
public enum WriteMode: String, Sendable, Equatable {
    /// Overwrites whatever the lead holds.
    case set
    /// Writes only when the lead's value is missing or empty.
    case fill
}

/// A field a rule writes: a plain field or one custom value.
public struct FieldTarget: Sendable, Equatable, CustomStringConvertible {
    public var name: Name
    /// For `customValues[12]`: the key as written.
    public var key: Expression?
    public var range: SourceRange
    public static func == (l: Self, r: Self) -> Bool { l.name == r.name && l.key == r.key }
    public var description: String {
        guard let key else { return name.text }
        if case let .integer(value) = key.kind { return "\(name.text)[\(value)]" }
        if case let .string(parts) = key.kind, case let .text(text)? = parts.first { return "\(name.text)[\(text)]" }
        return "\(name.text)[?]"
    }
}

/// What a rule does when its condition holds.
public enum Action: Sendable, Equatable {
    /// `set FIELD = EXPR` or `fill FIELD = EXPR`.
    case write(mode: WriteMode, target: FieldTarget, value: Expression, range: SourceRange)
    /// `clear FIELD`: sends an empty value, which Liner treats as clearing the field.
    case clear(target: FieldTarget, range: SourceRange)
    /// `move from1, from2 -> to`: a status transition along declared edges.
    case move(from: [Name], to: Name, range: SourceRange)

    public var range: SourceRange {
        switch self {
        case let .write(_, _, _, range), let .clear(_, range), let .move(_, _, range): return range
        }
    }

    public static func == (l: Action, r: Action) -> Bool {
        switch (l, r) {
        case let (.write(m1, t1, v1, _), .write(m2, t2, v2, _)): return m1 == m2 && t1 == t2 && v1 == v2
        case let (.clear(t1, _), .clear(t2, _)): return t1 == t2
        case let (.move(f1, to1, _), .move(f2, to2, _)): return f1 == f2 && to1 == to2
        default: return false
        }
    }
}

/// How a table picks its row.
public enum TablePolicy: Sendable, Equatable {
    /// `by longest prefix`: among rows whose key is a prefix of the value, the longest key wins.
    case longestPrefix
    /// `by first match`: rows are tried in order; a string key matches as a prefix, a regex as a search.
    case firstMatch
    /// A decision table (rows of cells, one per input; see `TableDeclaration.Cell`) with a hit policy.
    case decision(HitPolicy)
}

/// `table "name" { [when C] fill FIELD from EXPR by POLICY  KEY => VALUE ... }`.
public struct TableDeclaration: Sendable, Equatable {
    public enum Key: Sendable, Equatable {
        case prefix(String)
        case regex(pattern: String, flags: String)
        /// A decision table's row: one cell per input.
        case cells([Cell])
    }
    public struct Row: Sendable, Equatable {
        public var key: Key
        public var keyRange: SourceRange
        public var value: Expression
        public var range: SourceRange
        public static func == (l: Row, r: Row) -> Bool { l.key == r.key && l.value == r.value }
    }
    public var name: Name
    public var precedence: Int?
    public var condition: Expression?
    public var mode: WriteMode
    public var target: FieldTarget
    public var keyExpression: Expression
    public var policy: TablePolicy
    public var policyRange: SourceRange
    public var rows: [Row]
    public var range: SourceRange
    /// `overrides edits`, as for rules.
    public var overridesEdits = false
    /// A decision table's inputs after the first (``keyExpression``): `from budget, city by unique`.
    public var moreInputs: [Expression] = []
    /// `by priority [v1, v2, ...]`: the values in decreasing priority.
    public var priorities: [Expression] = []
    /// Every input of the table: ``keyExpression`` then ``moreInputs``.
    public var inputs: [Expression] { [keyExpression] + moreInputs }
    public static func == (l: Self, r: Self) -> Bool {
        l.name == r.name && l.precedence == r.precedence && l.condition == r.condition && l.mode == r.mode
            && l.target == r.target && l.keyExpression == r.keyExpression && l.policy == r.policy && l.rows == r.rows
            && l.overridesEdits == r.overridesEdits && l.moreInputs == r.moreInputs && l.priorities == r.priorities
    }
}

/// `test "name" { given {...} [now "..."] expect ... }`: a rule test, run by `enrich test`.
public struct TestDeclaration: Sendable, Equatable {
    public enum Expectation: Sendable, Equatable {
        /// `expect patch { JSON }`: the whole patch, exactly.
        case patch(String)
        /// `expect fields { JSON }`: these fields of the patch, others free.
        case fields(String)
        /// `expect untouched f1, f2`: fields the patch must not carry.
        case untouched([Name])
        /// `expect fires "rule"` / `expect not fires "rule"`.
        case fires(rule: Name, negated: Bool)
        /// `expect error`: the lead raises a per-lead error; `expect error "text"`: one whose message
        /// contains the text. A test without it fails when its lead raises any.
        case error(String?)
    }
    public var name: Name
    /// The lead as JSON text.
    public var given: String
    public var givenRange: SourceRange
    public var now: String?
    public var nowRange: SourceRange?
    public var expectations: [(Expectation, SourceRange)]
    public var range: SourceRange
    /// A parameterised test's further rows (`given {...} expect ...` after the first): each is run
    /// like the first, and fails on its own line. Empty for a test of one lead.
    public var moreRows: [Row] = []

    /// One lead of a test and what is expected of it.
    public struct Row: Sendable, Equatable {
        public var given: String
        public var givenRange: SourceRange
        public var now: String?
        public var nowRange: SourceRange?
        public var expectations: [(Expectation, SourceRange)]
        /// From `given` to the last expectation.
        public var range: SourceRange

        public init(given: String, givenRange: SourceRange, now: String?, nowRange: SourceRange?,
                    expectations: [(Expectation, SourceRange)], range: SourceRange) {
            self.given = given
            self.givenRange = givenRange
            self.now = now
            self.nowRange = nowRange
            self.expectations = expectations
            self.range = range
        }

        public static func == (l: Self, r: Self) -> Bool {
            l.given == r.given && l.now == r.now && l.expectations.map(\.0) == r.expectations.map(\.0)
        }
    }

    /// Every row: the first (``given``, ``now``, ``expectations``), then ``moreRows``.
    public var rows: [Row] {
        let lastEnd = expectations.last?.1.end ?? givenRange.end
        let first = Row(given: given, givenRange: givenRange, now: now, nowRange: nowRange, expectations: expectations,
                        range: SourceRange(file: givenRange.file, start: givenRange.start, end: lastEnd))
        return [first] + moreRows
    }

    public static func == (l: Self, r: Self) -> Bool {
        l.name == r.name && l.given == r.given && l.now == r.now && l.expectations.map(\.0) == r.expectations.map(\.0)
            && l.moreRows == r.moreRows
    }
}

/// An expression of a condition or a value.
public struct Expression: Sendable, Equatable {
    public indirect enum Kind: Sendable, Equatable {
        case integer(Int)
        case decimal(Double)
        case string([StringPart])
        case boolean(Bool)
        case null
        case list([Expression])
        /// A name: a lead field, a constant, or a status code (the checker decides which).
        case identifier(String)
        /// `customValues[12]` or `lead["utm_source"]`.
        case subscripted(base: Name, key: Expression)
        /// `$name`.
        case capture(String)
        case call(function: Name, arguments: [Expression])
        case regexMatch(subject: Expression, pattern: String, flags: String, patternRange: SourceRange, negated: Bool)
        case compare(ComparisonOperator, Expression, Expression)
        case membership(Expression, list: Expression, negated: Bool)
        /// `x is empty`, `x is not missing`...
        case test(Expression, PresenceTest, negated: Bool)
        case not(Expression)
        case and(Expression, Expression)
        case or(Expression, Expression)
        /// `a + b`, `a - b`, `a * b`, `a / b`.
        case arithmetic(ArithmeticOperator, Expression, Expression)
        /// `-x` (a minus before a number literal is part of the literal: `-3`).
        case negate(Expression)
        /// A `/regex/flags` given to a function that takes one (`replace(x, /@/, "")`); nowhere else.
        case regexLiteral(pattern: String, flags: String, patternRange: SourceRange)
    }
    public var kind: Kind
    public var range: SourceRange

    public init(_ kind: Kind, _ range: SourceRange) {
        self.kind = kind
        self.range = range
    }

    public static func == (l: Expression, r: Expression) -> Bool { l.kind == r.kind }
}

extension Expression.Kind {
    /// Structural equality: source positions (a regex's `patternRange`) do not count.
    public static func == (l: Self, r: Self) -> Bool {
        switch (l, r) {
        case let (.integer(a), .integer(b)): return a == b
        case let (.decimal(a), .decimal(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.boolean(a), .boolean(b)): return a == b
        case (.null, .null): return true
        case let (.list(a), .list(b)): return a == b
        case let (.identifier(a), .identifier(b)): return a == b
        case let (.subscripted(b1, k1), .subscripted(b2, k2)): return b1 == b2 && k1 == k2
        case let (.capture(a), .capture(b)): return a == b
        case let (.call(f1, a1), .call(f2, a2)): return f1 == f2 && a1 == a2
        case let (.regexMatch(s1, p1, f1, _, n1), .regexMatch(s2, p2, f2, _, n2)):
            return s1 == s2 && p1 == p2 && f1 == f2 && n1 == n2
        case let (.compare(o1, l1, r1), .compare(o2, l2, r2)): return o1 == o2 && l1 == l2 && r1 == r2
        case let (.membership(e1, l1, n1), .membership(e2, l2, n2)): return e1 == e2 && l1 == l2 && n1 == n2
        case let (.test(e1, t1, n1), .test(e2, t2, n2)): return e1 == e2 && t1 == t2 && n1 == n2
        case let (.not(a), .not(b)): return a == b
        case let (.and(l1, r1), .and(l2, r2)), let (.or(l1, r1), .or(l2, r2)): return l1 == l2 && r1 == r2
        case let (.arithmetic(o1, l1, r1), .arithmetic(o2, l2, r2)): return o1 == o2 && l1 == l2 && r1 == r2
        case let (.negate(a), .negate(b)): return a == b
        case let (.regexLiteral(p1, f1, _), .regexLiteral(p2, f2, _)): return p1 == p2 && f1 == f2
        default: return false
        }
    }
}

public enum ComparisonOperator: String, Sendable, Equatable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

public enum PresenceTest: String, Sendable, Equatable {
    /// Absent, `null`, or the empty string (or an empty object for customValues).
    case empty
    /// Absent or `null`.
    case missing
    /// Not missing.
    case present
}
