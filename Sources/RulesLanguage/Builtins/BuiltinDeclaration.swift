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

    /// Its name in rules: `e164`.
    public var name: String { function.rawValue }
}
