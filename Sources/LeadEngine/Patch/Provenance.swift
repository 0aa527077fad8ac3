import Foundation
import RulesLanguage

/// Why a field is in a patch: which rule wrote it, where, from what.
public struct FieldChange: Sendable, Equatable, Encodable {
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
    /// Where the action (or the table row) that wrote it is; its description is `path:line:column`.
    public let location: SourceLocation
    /// What the rule's regexes matched (text and named captures).
    public let matches: [RegexMatchRecord]
    /// For a table: the key that matched and the row's line.
    public let tableRow: TableRowRecord?
}

/// One regex match seen while a rule's condition was evaluated.
public struct RegexMatchRecord: Sendable, Equatable, Encodable {
    /// Where the regex literal is; its description is `path:line:column`.
    public let location: SourceLocation
    /// The whole matched text.
    public let text: String
    /// Named groups that took part, in group order.
    public let captures: [NamedCapture]
}

/// A named capture and its text.
public struct NamedCapture: Sendable, Equatable, Encodable {
    public let name: String
    public let text: String

    public init(name: String, text: String) {
        self.name = name
        self.text = text
    }
}

/// The table row that won.
public struct TableRowRecord: Sendable, Equatable, Encodable {
    /// The value the table looked up.
    public let lookedUp: String
    /// The row's key as written (`"7495"`, `/^7343/`).
    public let rowKey: String
    /// The row's line in the table's file.
    public let line: Int

    public init(lookedUp: String, rowKey: String, line: Int) {
        self.lookedUp = lookedUp
        self.rowKey = rowKey
        self.line = line
    }
}

/// The outcome of evaluating one lead.
///
/// An evaluation is `Encodable` (a server returns it as is). Its JSON shape (an encoder may order
/// the members differently):
///
/// ```json
/// {
///   "leadId": 42,
///   "patch": {"utcOffset": 3},
///   "clears": [],
///   "changes": [{
///     "field": "utcOffset", "old": 5, "new": 3, "isClear": false,
///     "rule": "Moscow landline",
///     "location": {"path": "zones.rules", "line": 3, "column": 3},
///     "matches": [{"location": {"path": "zones.rules", "line": 2, "column": 23},
///                  "text": "7495", "captures": [{"name": "code", "text": "495"}]}],
///     "tableRow": {"lookedUp": "74951234567", "rowKey": "\"7495\"", "line": 7}
///   }],
///   "errors": [{"leadId": 42, "rule": "...", "location": {...}, "field": "priority", "message": "..."}],
///   "fired": ["Moscow landline"],
///   "trace": []
/// }
/// ```
///
/// - `patch` is the update body as a JSON object (``Patch/json``). An encoder chooses its member
///   order; the byte-exact body, in Liner's documented field order, is ``Patch/jsonBody()``.
/// - `clears` lists ``Patch/clears`` sorted (the keys the patch empties because a `clear` said so).
/// - `changes` is ``changes``: members that are `nil` (`old` for a field the lead did not have,
///   `tableRow` for a rule) are left out. Every `location` (of a change, a match, an error, a
///   trace) is a `SourceLocation`: `{"path", "line", "column"}`.
/// - `errors` is ``errors`` (see ``LeadError``), `fired` the names in ``fired``.
/// - `trace` is ``trace`` (empty unless the evaluation was traced); see ``WriterTrace``.
public struct Evaluation: Sendable, Encodable {
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

    /// The message of the one error of an evaluation refused because its reference time `now` is not
    /// finite (NaN or infinite): zones cannot resolve at such a time, so no rule runs and the
    /// patch is empty.
    public static func nonFiniteNowMessage(_ now: Date) -> String {
        "the reference time (now) is not finite (\(now.timeIntervalSince1970) seconds since 1970): nothing is evaluated"
    }

    enum CodingKeys: String, CodingKey {
        case leadId, patch, clears, changes, errors, fired, trace
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(leadId, forKey: .leadId)
        try container.encode(patch.json, forKey: .patch)
        try container.encode(patch.clears.sorted(), forKey: .clears)
        try container.encode(changes, forKey: .changes)
        try container.encode(errors, forKey: .errors)
        try container.encode(fired, forKey: .fired)
        try container.encode(trace, forKey: .trace)
    }
}
