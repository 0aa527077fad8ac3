/// Why a field is in a patch: which rule wrote it, where, from what.
public struct FieldChange: Sendable, Equatable {
    /// The field key: `utcOffset`, `customValues[12]`.
    public let field: String
    /// The lead's value before (`nil` when it had none).
    public let old: JSONValue?
    /// The value the patch sends.
    public let new: JSONValue
    /// Whether a `clear` wrote it (then ``new`` is `""` or `null`). No other change empties a field.
    public let isClear: Bool
    /// The winning rule or table.
    public let rule: String
    /// `path:line:column` of the action (or of the table row) that wrote it.
    public let location: String
    /// What the rule's regexes matched (text and named captures).
    public let matches: [RegexMatchRecord]
    /// For a table: the key that matched and the row's line.
    public let tableRow: TableRowRecord?
}

/// One regex match seen while a rule's condition was evaluated.
public struct RegexMatchRecord: Sendable, Equatable {
    /// `path:line:column` of the regex literal.
    public let location: String
    /// The whole matched text.
    public let text: String
    /// Named groups that took part, in group order.
    public let captures: [NamedCapture]
}

/// A named capture and its text.
public struct NamedCapture: Sendable, Equatable {
    public let name: String
    public let text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// The table row that won.
public struct TableRowRecord: Sendable, Equatable {
    /// The value the table looked up.
    public let lookedUp: String
    /// The row's key as written (`"7495"`, `/^7343/`).
    public let rowKey: String
    public let line: Int

    public init(lookedUp: String, rowKey: String, line: Int) {
        self.lookedUp = lookedUp
        self.rowKey = rowKey
        self.line = line
    }
}

/// The outcome of evaluating one lead.
public struct Evaluation: Sendable {
    public let leadId: Int
    /// The minimal update patch (possibly empty).
    public let patch: Patch
    /// Provenance, one entry per field key in the patch, in patch order.
    public let changes: [FieldChange]
    /// Problems with this lead: a rule that failed on it, a value the API would refuse.
    public let errors: [LeadError]
    /// Names of the rules and tables that fired (their condition held and they proposed a write;
    /// an empty value, which never writes, is no proposal).
    public let fired: [String]
    /// Every writer's outcome, when evaluation was traced.
    public let trace: [WriterTrace]
}
