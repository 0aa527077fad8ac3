import LeadEngine

/// Human-readable and JSON accounts of an evaluation: `enrich explain`.
public enum Explanation {
    /// Why a writer did or did not fire, in one line.
    public static func reason(_ trace: WriterTrace) -> String {
        switch trace.outcome {
        case let .conditionFailed(part, location, saw):
            return "condition `\(part)` (\(location)) was false; it saw \(LogSafeText.printable(saw))"
        case let .noRow(key):
            return "no table row matches \(LogSafeText.printable(key))"
        case let .statusDidNotMatch(current):
            return "the lead's status is \(current), not one it moves from"
        case let .failed(message):
            return "error: \(message)"
        case .fired:
            if trace.writes.isEmpty { return "fired, wrote nothing" }
            // Every value was empty, or every fill found its field filled: the writer did not fire.
            if !trace.proposedAnything { return "its condition held, but it wrote nothing (each write below says why)" }
            return "fired"
        }
    }

    /// Every writer in evaluation order, what it did, then the final patch.
    public static func text(_ evaluation: Evaluation) -> String {
        var out = "lead \(evaluation.leadId)\n"
        for trace in evaluation.trace {
            let fired = evaluation.fired.contains(trace.name)
            out += (fired ? "✓ " : "· ") + "\"\(trace.name)\" (\(trace.location), precedence \(trace.precedence))\n"
            if !fired || trace.writes.isEmpty { out += "    " + reason(trace) + "\n" }
            for match in trace.matches {
                // What a regex matched is the lead's text: control characters shown escaped (`\x1B`), never sent to a terminal.
                let captures = match.captures.map { "$\($0.name) = \"\(LogSafeText.printable($0.text))\"" }.joined(separator: ", ")
                out += "    matched \"\(LogSafeText.printable(match.text))\" at \(match.location)" + (captures.isEmpty ? "" : " with \(captures)") + "\n"
            }
            if let rows = trace.collectedRows {
                // `collect`: every matching row made the value.
                for row in rows { out += "    row \(row.rowKey) (line \(row.line)) for \(LogSafeText.printable(row.lookedUp))\n" }
            } else if let row = trace.row {
                out += "    row \(row.rowKey) (line \(row.line)) for \(LogSafeText.printable(row.lookedUp))\n"
            }
            for write in trace.writes {
                let verdict = write.won ? "wins" : (write.note ?? "loses")
                out += "    \(write.field) = \(LogSafeText.printable(write.value)): \(verdict)\n"
            }
        }
        for error in evaluation.errors { out += "error: \(error)\n" }
        out += "patch: \(evaluation.patch.jsonBody())\n"
        for change in evaluation.changes {
            out += "  \(change.field): \(change.old.map(JSONWriter.write) ?? "(none)") -> \(JSONWriter.write(change.new))  by \"\(change.rule)\" at \(change.location)\n"
        }
        return out
    }

    /// The same as JSON, for tools: ``value(_:)`` as one line.
    public static func json(_ evaluation: Evaluation) -> String {
        JSONWriter.write(value(evaluation)) + "\n"
    }

    /// The JSON account as a value: `{"leadId", "writers": [{name, at, precedence, fired, reason, writes,
    /// matches}], "errors", "patch"}` (`enrich explain --format json`, the trace of `enrich serve`).
    public static func value(_ evaluation: Evaluation) -> JSONValue {
        let writers: [JSONValue] = evaluation.trace.map { trace in
            var members: [(String, JSONValue)] = [
                ("name", .string(trace.name)), ("at", .string(trace.location.description)), ("precedence", .int(trace.precedence)),
                ("fired", .bool(evaluation.fired.contains(trace.name))), ("reason", .string(reason(trace))),
            ]
            members.append(("writes", .array(trace.writes.map { write in
                .object([("field", .string(write.field)), ("value", .string(write.value)), ("won", .bool(write.won)),
                         ("note", write.note.map(JSONValue.string) ?? .null)])
            })))
            members.append(("matches", .array(trace.matches.map { match in
                .object([("at", .string(match.location.description)), ("text", .string(match.text)),
                         ("captures", .object(match.captures.map { ($0.name, .string($0.text)) }))])
            })))
            return .object(members)
        }
        return .object([
            ("leadId", .int(evaluation.leadId)),
            ("writers", .array(writers)),
            ("errors", .array(evaluation.errors.map { .string($0.description) })),
            ("patch", evaluation.patch.json),
        ])
    }
}
