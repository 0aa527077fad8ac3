import Foundation
import PCRE2
import RulesLanguage

/// An expression with every name resolved and every regex compiled, as a tree: what ``Lowering`` makes and
/// analyses (``touchesCaptures``, ``Lowering/subjectKey(_:)``). The evaluator walks its flat form, made from it at
/// the end of the lowering (``ExpressionCode``).
indirect enum CompiledExpression: Sendable {
    case literal(Value)
    /// A field, by slot (see ``Program/fieldKeys``).
    case field(Int)
    /// `lead["x"]`: a raw top-level field of the input.
    case raw(String)
    /// The status code of the lead's status.
    case status
    case capture(slot: Int)
    case template([TemplatePart])
    case call(BuiltinFunction, [CompiledExpression])
    /// A regex test of `subject`'s value.
    case regex(subject: CompiledExpression, RegexNode)
    case compare(ComparisonOperator, CompiledExpression, CompiledExpression)
    case membership(CompiledExpression, CompiledExpression, negated: Bool)
    case test(CompiledExpression, PresenceTest, negated: Bool)
    case list([CompiledExpression])
    case not(CompiledExpression)
    case and(CompiledExpression, CompiledExpression)
    case or(CompiledExpression, CompiledExpression)
    case arithmetic(ArithmeticOperator, CompiledExpression, CompiledExpression)
    case negate(CompiledExpression)
    /// A regex given to a built-in (`replace`): read by the built-in, missing as a value.
    case pattern(Pattern)
    /// A rule's `let` name: its definition, evaluated at most once per writer run when `cached` (slot `slot` of
    /// the evaluator's local values). Not cached when the definition reads captures or runs a regex: then it is
    /// evaluated where it is used, as if written there.
    case local(slot: Int, definition: CompiledExpression, cached: Bool)
    /// A call whose value is the same for the whole lead: it reads only fields no writer writes (or raw
    /// fields, or literals), so every writer sees the same value. Evaluated at most once per lead, into
    /// slot `slot` of the evaluator's lead-wide values; equal expressions (``Lowering/subjectKey(_:)``) share a
    /// slot, so `text(sourceComment)` in six rules is read once.
    case leadConstant(slot: Int, expression: CompiledExpression)

    enum TemplatePart: Sendable {
        case text(String)
        case capture(slot: Int)
    }
}

/// A regex test in a condition, with the captures it fills (a class: see ``CompiledWriter``). Its subject is
/// the instruction that ``Instruction/regex(node:subject:)`` names.
final class RegexNode: Sendable {
    let pattern: Pattern
    let negated: Bool
    /// Group number -> capture slot of the rule, for the groups that actions read.
    let captures: [(group: Int, slot: Int)]
    /// Every named group -> slot (for provenance), in group order.
    let namedGroups: [(name: String, group: Int)]
    /// Where the regex is written, `path:line:column`.
    let location: SourceLocation
    /// The prefilter that can rule this regex out, and the ids of its literals of which every
    /// match contains at least one.
    let prefilter: (index: Int, literals: [Int])?
    /// When every match starts with one of the prefilter's literals (``LeadingLiterals``): where to try it.
    let startsAt: Starts?
    /// A pattern that starts with `^` as a matcher of whole subjects (``SmallRegex/init(wholeSubject:caseless:)``): a
    /// test whose captures nobody reads is answered without PCRE2 wherever the subject is ASCII and basic Cyrillic.
    let wholeSubject: SmallRegex?

    /// The literals every match starts with (``LeadingLiterals``), as ids of the prefilter's literals, and the
    /// pattern compiled anchored, to be tried only where they occur. A class: the evaluator takes it out of the
    /// node for every try, and one reference is cheaper to copy than three arrays and a pattern.
    final class Starts: Sendable {
        /// `isLeading[id]`: a match may start with literal `id` (ids beyond the end: not).
        let isLeading: [Bool]
        /// `afterWordBoundary[id]`: `\b` comes right before literal `id`, which starts with a word character, so it
        /// cannot start a match where a word character precedes it.
        let afterWordBoundary: [Bool]
        /// `whiteSpaceAt[id] > 0`: a white-space character must come that many bytes after the start of literal
        /// `id` (its length: `\s` follows it), so a place where another character comes there cannot start a match.
        let whiteSpaceAt: [Int32]
        /// The three tables above in one, for the loop over a scan's occurrences (one load per occurrence): for
        /// literal `id`, -1 when no match starts with it, else `whiteSpaceAt[id] << 1 | (afterWordBoundary[id] ? 1 : 0)`.
        let placeRules: [Int32]
        let anchored: Pattern
        /// The pattern as a ``SmallRegex`` when it is one: then a try whose captures nobody reads is answered
        /// without PCRE2 wherever the text is ASCII and basic Cyrillic.
        let small: SmallRegex?

        init(isLeading: [Bool], afterWordBoundary: [Bool], whiteSpaceAt: [Int32], anchored: Pattern, small: SmallRegex? = nil) {
            self.small = small
            self.isLeading = isLeading
            self.afterWordBoundary = afterWordBoundary
            self.whiteSpaceAt = whiteSpaceAt
            self.placeRules = isLeading.indices.map { id in
                isLeading[id] ? whiteSpaceAt[id] << 1 | (afterWordBoundary[id] ? 1 : 0) : -1
            }
            self.anchored = anchored
        }
    }
    /// The lead-wide value slot of the subject when it is a ``CompiledExpression/leadConstant(slot:expression:)``
    /// (``subjectConstantSlot(of:)``), else -1: then the prefilter's verdict for this lead can be read before the subject is.
    let subjectConstantSlot: Int
    /// The regex is only a choice of words, which are its prefilter's literals (``ExactLiterals``): when the scan
    /// knew how to fold the subject, finding one of them is a match, without PCRE2 (unless captures are read).
    let decidedByLiterals: Bool
    /// The ``RegexSet`` of ``Program/regexSets`` that answers the test (when its captures are not read), and the
    /// pattern's number in it.
    let regexSet: (index: Int, bit: Int)?

    init(subjectConstantSlot: Int, pattern: Pattern, negated: Bool, captures: [(group: Int, slot: Int)],
         namedGroups: [(name: String, group: Int)], location: SourceLocation, prefilter: (index: Int, literals: [Int])?,
         startsAt: Starts?, decidedByLiterals: Bool = false, regexSet: (index: Int, bit: Int)? = nil,
         wholeSubject: SmallRegex? = nil) {
        self.wholeSubject = wholeSubject
        self.regexSet = regexSet
        self.decidedByLiterals = decidedByLiterals
        self.prefilter = prefilter
        self.startsAt = startsAt
        self.subjectConstantSlot = subjectConstantSlot
        self.pattern = pattern
        self.negated = negated
        self.captures = captures
        self.namedGroups = namedGroups
        self.location = location
    }

    /// The lead-wide value slot of `subject` when it is a ``CompiledExpression/leadConstant(slot:expression:)``, else -1.
    static func subjectConstantSlot(of subject: CompiledExpression) -> Int {
        if case let .leadConstant(slot, _) = subject { return slot }
        return -1
    }
}


extension CompiledExpression {
    /// Whether evaluating the expression reads a capture or runs a regex (which fills captures).
    var touchesCaptures: Bool {
        switch self {
        case .capture, .regex: return true
        case let .template(parts): return parts.contains { if case .capture = $0 { true } else { false } }
        // A lead-wide value reads no capture and runs no regex (see ``Lowering``).
        case .literal, .field, .raw, .status, .pattern, .leadConstant: return false
        case let .call(_, arguments), let .list(arguments): return arguments.contains { $0.touchesCaptures }
        case let .compare(_, lhs, rhs), let .membership(lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs),
             let .arithmetic(_, lhs, rhs):
            return lhs.touchesCaptures || rhs.touchesCaptures
        case let .test(operand, _, _), let .not(operand), let .negate(operand): return operand.touchesCaptures
        // Decided when the name was lowered (walking the definition again would walk a chain of lets that each
        // use the previous one n times n^length times).
        case let .local(_, _, cached): return !cached
        }
    }
}
