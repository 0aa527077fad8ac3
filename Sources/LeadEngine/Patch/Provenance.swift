import Foundation
import RulesLanguage

/// Why a field is in a patch: which rule wrote it, where, from what.
///
/// A change the engine makes holds its program's table of names and locations and indexes into it: ``field``,
/// ``rule``, ``location`` and ``tableRow`` are read from the table when asked for, not copied into every change (each
/// of their strings was a reference count to take when the change was made and to drop when its buffer was emptied).
/// The table is reached through the memory of the lead's old texts (`OldTextStorage.table`), which the change holds
/// anyway when its old value is a text kept as bytes: one reference for both (two, a table and an optional
/// `OldText`, cost a retain and a release more per change of a text and an optional's tests in every change's
/// destruction).
public struct FieldChange: Sendable, Equatable, Encodable {
    /// The memory of the old texts of the change's lead, and the program's names and locations (``table``) that
    /// ``slot``, ``writer`` and ``position`` index.
    let storage: OldTextStorage
    /// The lead's value before (`nil` when it had none).
    ///
    /// Made when read: from the bytes the evaluator kept (a lead read as text), else from the value it stored.
    public var old: JSONValue? {
        if oldCount >= 0 { return .string(storage.string(start: oldStart, count: oldCount)) }
        return storedOld
    }
    /// ``old`` when it is not in ``storage``.
    let storedOld: JSONValue?
    /// The value the patch sends.
    public let new: JSONValue
    /// For a table row: the value the table looked up (`""` for an action).
    let lookedUp: String
    /// ``matches``, `nil` when there are none (most changes: matches are recorded only with provenance detail), so
    /// that emptying a buffer of changes has no array to release.
    let recordedMatches: [RegexMatchRecord]?
    /// The field's slot in ``table``'s field keys.
    let slot: Int32
    /// The writer's index in ``table``.
    let writer: Int32
    /// The writer's action (``Origin/action``) or row (``Origin/row``) that wrote the value.
    let position: Int32
    /// ``old``, a text, as the evaluator kept it: its bytes in ``storage`` (a `String` of it would be allocated for
    /// every change of a text over 15 bytes); `oldCount` is -1 when ``storedOld`` holds the old value.
    let oldStart: Int32
    let oldCount: Int32
    let origin: Origin
    /// Whether a `clear` wrote it (then ``new`` is `""` or `null`). No other change empties a field.
    public let isClear: Bool

    /// The program's names and locations that ``slot``, ``writer`` and ``position`` index.
    var table: ProvenanceTable { storage.table }

    /// What in the writer wrote the value.
    enum Origin: UInt8, Sendable {
        /// An action of a rule (``position`` is its index).
        case action
        /// A row of a table or decision table (``position`` is its index).
        case row
        /// Written out in ``table`` (``ProvenanceTable/explicitLocation``, ``ProvenanceTable/explicitRow``).
        case explicit
    }

    /// A change of the engine's: `slot`, `writer` and `position` index into `storage`'s table.
    /// `oldText`, when given, is the old value (a text, in `storage`) and `old` is `nil`.
    init(storage: OldTextStorage, slot: Int, writer: Int, origin: Origin, position: Int, lookedUp: String,
         old: JSONValue?, oldText: OldText? = nil, new: JSONValue, isClear: Bool, matches: [RegexMatchRecord]?) {
        self.storage = storage
        self.storedOld = old
        self.new = new
        self.lookedUp = lookedUp
        // `nil` given when there are no matches to record (an empty array given was a release per change).
        self.recordedMatches = matches?.isEmpty == false ? matches : nil
        self.slot = Int32(slot)
        self.writer = Int32(writer)
        self.position = Int32(position)
        self.oldStart = oldText?.start ?? 0
        self.oldCount = oldText?.count ?? -1
        self.origin = origin
        self.isClear = isClear
    }

    /// A change with its provenance written out.
    init(field: String, old: JSONValue?, new: JSONValue, isClear: Bool, rule: String, location: SourceLocation,
         matches: [RegexMatchRecord], tableRow: TableRowRecord?) {
        let table = ProvenanceTable(field: field, rule: rule, location: location, tableRow: tableRow)
        self.init(storage: OldTextStorage(table: table, capacity: 0), slot: 0, writer: 0, origin: .explicit, position: 0,
                  lookedUp: "", old: old, new: new, isClear: isClear, matches: matches)
    }

    /// The field key: `utcOffset`, `customValues[12]`.
    public var field: String { table.fieldKeys[Int(slot)] }

    /// What the rule's regexes matched (text and named captures).
    public var matches: [RegexMatchRecord] { recordedMatches ?? [] }

    /// The winning rule or table.
    public var rule: String { table.writerNames[Int(writer)] }

    /// Its field and rule, as every level of detail names them (``Evaluation/writtenFields``).
    public var writtenField: WrittenField { WrittenField(field: field, rule: rule) }

    /// Where the action (or the table row) that wrote it is; its description is `path:line:column`.
    public var location: SourceLocation { table.location(writer: Int(writer), origin: origin, position: Int(position)) }

    /// For a table: the key that matched and the row's line.
    public var tableRow: TableRowRecord? {
        switch origin {
        case .action: return nil
        case .row:
            let rows = table.rows[Int(writer)]
            return TableRowRecord(lookedUp: lookedUp, rowKey: rows.keys[Int(position)], line: rows.lines[Int(position)])
        case .explicit: return table.explicitRow
        }
    }

    /// Changes are equal when what they say is (the field, values, rule, location, matches and row), whether
    /// made by the engine or written out.
    public static func == (lhs: FieldChange, rhs: FieldChange) -> Bool {
        lhs.field == rhs.field && lhs.old == rhs.old && lhs.new == rhs.new && lhs.isClear == rhs.isClear
            && lhs.rule == rhs.rule && lhs.location == rhs.location && lhs.matches == rhs.matches && lhs.tableRow == rhs.tableRow
    }

    enum CodingKeys: String, CodingKey {
        case field, old, new, isClear, rule, location, matches, tableRow
    }

    /// Encodes the members in the order (and with the `nil` members left out) of the synthesized encoding of the
    /// change's former stored properties.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(field, forKey: .field)
        try container.encodeIfPresent(old, forKey: .old)
        try container.encode(new, forKey: .new)
        try container.encode(isClear, forKey: .isClear)
        try container.encode(rule, forKey: .rule)
        try container.encode(location, forKey: .location)
        try container.encode(matches, forKey: .matches)
        try container.encodeIfPresent(tableRow, forKey: .tableRow)
    }
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
public struct Evaluation: Sendable, Equatable, Encodable {
    /// The id of the lead evaluated.
    public let leadId: Int
    /// The minimal update patch (possibly empty).
    public let patch: Patch
    /// Provenance, one entry per field key in the patch, in patch order; none at ``EvaluationDetail/patchOnly``,
    /// which keeps of each change only its field and rule (``writtenFields``).
    public let changes: [FieldChange]
    /// Each change's field and writer, at every level of detail.
    let written: WrittenFieldList
    /// Problems with this lead: a rule that failed on it, a value the API would refuse.
    public let errors: [LeadError]
    /// Names of the rules and tables that fired (their condition held and they proposed a write;
    /// an empty value, which never writes, is no proposal).
    public let fired: [String]
    /// Every writer's outcome, when evaluation was traced.
    public let trace: [WriterTrace]

    /// How many fields the patch writes: as many as there are changes, at every level of detail.
    public var writtenFieldCount: Int { written.count }

    /// The field of the patch's `index`th change (in patch order, `index` < ``writtenFieldCount``) and the rule or table
    /// that wrote it, at every level of detail (``EvaluationDetail/patchOnly`` makes no ``changes``).
    public func writtenField(at index: Int) -> WrittenField {
        precondition(index >= 0 && index < written.count, "written field \(index) out of \(written.count)")
        return written.field(at: index)
    }

    /// Every change's field and rule, in patch order: ``changes``' fields and rules, also at
    /// ``EvaluationDetail/patchOnly``.
    public var writtenFields: [WrittenField] { written.fields }

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
