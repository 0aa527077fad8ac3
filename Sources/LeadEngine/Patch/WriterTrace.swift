/// What happened to one rule or table for one lead: the material of `enrich explain`.
public struct WriterTrace: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// The condition was false: the first failing part, as written, and the value it saw.
        case conditionFailed(part: String, location: String, saw: String)
        /// The table found no row for the key.
        case noRow(lookedUp: String)
        /// A move's source status did not match.
        case statusDidNotMatch(current: String)
        /// It fired; each write won or lost.
        case fired
        /// It failed with an error for this lead.
        case failed(String)
    }

    /// A write the writer proposed.
    public struct Write: Sendable, Equatable {
        public let field: String
        public let value: String
        /// Whether it is the value in the end (it may still equal the lead's value, then no patch).
        public var won: Bool
        /// Why not, when it lost: the winner's name, or "kept: the lead already has a value" for fill.
        public var note: String?
    }

    public let name: String
    public let location: String
    public let precedence: Int
    public var outcome: Outcome
    public var writes: [Write]
    public var matches: [RegexMatchRecord]
    /// For a table that found a row: which one.
    public var row: TableRowRecord?
}
