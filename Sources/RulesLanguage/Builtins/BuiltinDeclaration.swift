/// What the language knows about one built-in function: how it is called, what it returns, when its
/// result can be empty, and its documentation.
public struct BuiltinDeclaration: Sendable {
    /// When a function's result can be empty (the checker's emptiness analysis).
    public enum EmptyResult: Sendable, Equatable {
        /// Never: `zone(...)`.
        case never
        /// When its argument is: `lower`, `upper`, `trim` (a blank text is empty already).
        case whenArgumentIs
        /// Only when every argument is: `concat`.
        case whenEveryArgumentIs
        /// Also for a value that is not empty: the reason, in words.
        case can(String)
    }

    /// What one argument must be, checked by `enrich check` (the last kind stands for every further argument).
    public enum ArgumentKind: Sendable, Equatable {
        /// Any value.
        case value
        /// A number, or a value that may hold one at run time (a custom value, a capture, text).
        case number
        /// An integer written as a literal: `round(x, 2)`.
        case integerLiteral
        /// A `/regex/flags` literal: `replace(x, /@/, "")`.
        case regex
    }

    /// Which function this is.
    public let function: BuiltinFunction
    /// How many arguments it takes.
    public let arity: ClosedRange<Int>
    /// The arguments in words, for diagnostics about their number: `one value`.
    public let parameters: String
    /// The type of its result.
    public let result: ValueType
    /// When its result can be empty.
    public let emptyResult: EmptyResult
    /// How it is called, as the language reference writes it (the function name and its arguments in backquotes).
    public let usage: String
    /// What it returns: one line of Markdown, the reference's table row.
    public let documentation: String
    /// What each argument must be (the last kind repeats); empty when any value goes.
    public let argumentKinds: [ArgumentKind]
    /// Whether a call can fail for a lead at run time: an error for that lead naming the rule, not a value
    /// (`int()` of an integer beyond 64 bits, `replace()` when PCRE2 stops at its match limit). The engine runs every
    /// writer whose run can fail, even one whose proposals could not change the patch, so that no error is lost.
    public let canFail: Bool

    /// What argument `index` (from 0) must be.
    public func argumentKind(_ index: Int) -> ArgumentKind {
        argumentKinds.isEmpty ? .value : argumentKinds[Swift.min(index, argumentKinds.count - 1)]
    }

    /// Its name in rules: `e164`.
    public var name: String { function.rawValue }
}
