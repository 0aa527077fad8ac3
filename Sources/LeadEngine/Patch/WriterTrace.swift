import RulesLanguage

/// What happened to one rule or table for one lead: the material of `enrich explain`.
///
/// Encoded as `{"name", "location", "precedence", "outcome", "writes", "matches", "row"}` (`row`
/// left out when `nil`); `outcome` is an object whose `kind` names the case, with the case's
/// values as members: `{"kind": "conditionFailed", "part", "location", "saw"}`,
/// `{"kind": "noRow", "lookedUp"}`, `{"kind": "statusDidNotMatch", "current"}`, `{"kind": "fired"}`,
/// `{"kind": "failed", "message"}`.
public struct WriterTrace: Sendable, Equatable, Encodable {
    public enum Outcome: Sendable, Equatable, Encodable {
        /// The condition was false: the first failing part, as written, and the value it saw.
        case conditionFailed(part: String, location: SourceLocation, saw: String)
        /// The table found no row for the key.
        case noRow(lookedUp: String)
        /// A move's source status did not match.
        case statusDidNotMatch(current: String)
        /// It fired; each write won or lost.
        case fired
        /// It failed with an error for this lead.
        case failed(String)

        enum CodingKeys: String, CodingKey {
            case kind, part, location, saw, lookedUp, current, message
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case let .conditionFailed(part, location, saw):
                try container.encode("conditionFailed", forKey: .kind)
                try container.encode(part, forKey: .part)
                try container.encode(location, forKey: .location)
                try container.encode(saw, forKey: .saw)
            case let .noRow(lookedUp):
                try container.encode("noRow", forKey: .kind)
                try container.encode(lookedUp, forKey: .lookedUp)
            case let .statusDidNotMatch(current):
                try container.encode("statusDidNotMatch", forKey: .kind)
                try container.encode(current, forKey: .current)
            case .fired:
                try container.encode("fired", forKey: .kind)
            case let .failed(message):
                try container.encode("failed", forKey: .kind)
                try container.encode(message, forKey: .message)
            }
        }
    }

    /// A write the writer proposed.
    public struct Write: Sendable, Equatable, Encodable {
        /// The field written, as the API names it (`utcOffset`, a custom field's key).
        public let field: String
        /// The value proposed, as `enrich explain` prints it.
        public let value: String
        /// Whether it is the value in the end (it may still equal the lead's value, then no patch).
        public var won: Bool
        /// Why not, when it lost: the winner's name; "kept: the lead already has a value" for a
        /// fill; "not written: the value is empty" for an empty value (only `clear` empties a field).
        public var note: String?
        /// Whether the writer offered the value for the field: false when the value was empty or a
        /// fill found the field filled (then the write did not compete, and did not make it fire).
        public var proposed: Bool
    }

    /// The note of a write whose value was empty: it was not written and did not compete.
    public static let emptyValueNote = "not written: the value is empty"

    /// The rule's or table's name.
    public let name: String
    /// Where the rule or table is declared.
    public let location: SourceLocation
    /// Its precedence: of two writers of one field, the higher wins.
    public let precedence: Int
    /// What happened to it for this lead.
    public var outcome: Outcome
    /// The writes it proposed, in the order written (empty unless it fired).
    public var writes: [Write]
    /// What its regexes matched while its condition was evaluated.
    public var matches: [RegexMatchRecord]
    /// For a table that found a row: which one.
    public var row: TableRowRecord?
    /// For a decision table under `collect`: every row that matched (their values were combined); `nil` otherwise.
    public var collectedRows: [TableRowRecord]?

    /// Whether some write was proposed (a writer whose condition held but that proposed nothing,
    /// say because every value was empty, did not fire).
    public var proposedAnything: Bool { writes.contains(where: \.proposed) }
}
