import LeadEngine

/// Writes the result lines of `enrich run`: `{"leadId":N,"patch":{...}}`, with `--explain` also
/// `"changes":[{field, old, new, rule, at, matched...}]`.
public enum OutputEncoder {
    public static func line(for evaluation: Evaluation, explain: Bool) -> String {
        JSONWriter.write(value(for: evaluation, explain: explain))
    }

    /// Appends ``line(for:explain:)`` (without a line break) to `out` as UTF-8: a run's worker writes each line
    /// straight into its part of the output, no `String` made per line.
    public static func write(_ evaluation: Evaluation, explain: Bool, into out: inout [UInt8]) {
        JSONWriter.write(value(for: evaluation, explain: explain), into: &out)
    }

    /// ``write(_:explain:into:)-(Evaluation,_,_)`` of the evaluation in `buffer`, written member by member: no
    /// `JSONValue` is made of the line (its members' array was an allocation per line).
    public static func write(_ buffer: EvaluationBuffer, explain: Bool, into out: inout [UInt8]) {
        out.append(contentsOf: #"{"leadId":"#.utf8)
        JSONWriter.write(.int(buffer.leadId), into: &out)
        out.append(contentsOf: #","patch":"#.utf8)
        JSONWriter.write(buffer.patch.json, into: &out)
        if explain {
            out.append(contentsOf: #","changes":"#.utf8)
            JSONWriter.write(changes(buffer.changes), into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// ``line(for:explain:)`` as a value, for callers that add members (a run's `"outcome"`).
    public static func value(for evaluation: Evaluation, explain: Bool) -> JSONValue {
        var members: [(String, JSONValue)] = [("leadId", .int(evaluation.leadId)), ("patch", evaluation.patch.json)]
        if explain {
            members.append(("changes", changes(of: evaluation)))
        }
        return .object(members)
    }

    /// The provenance of every patched field: `[{field, old, new, rule, at, matched?, row?}]`, as `--explain`
    /// prints it and the run journal keeps it.
    public static func changes(of evaluation: Evaluation) -> JSONValue {
        changes(evaluation.changes)
    }

    /// ``changes(of:)`` of the changes themselves.
    static func changes(_ changes: [FieldChange]) -> JSONValue {
        .array(changes.map(change))
    }

    static func change(_ change: FieldChange) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("field", .string(change.field)),
            ("old", change.old ?? .null),
            ("new", change.new),
            ("rule", .string(change.rule)),
            ("at", .string(change.location.description)),
        ]
        if !change.matches.isEmpty {
            members.append(("matched", .array(change.matches.map { match in
                .object([
                    ("at", .string(match.location.description)),
                    ("text", .string(match.text)),
                    ("captures", .object(match.captures.map { ($0.name, .string($0.text)) })),
                ])
            })))
        }
        if let row = change.tableRow {
            members.append(("row", .object([("key", .string(row.rowKey)), ("line", .int(row.line)), ("lookedUp", .string(row.lookedUp))])))
        }
        return .object(members)
    }
}
