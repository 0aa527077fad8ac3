import JSON
import RulesLanguage

/// The checker's diagnostics as the protocol's: ranges in UTF-16 positions, severities, related notes.
enum DiagnosticMapping {
    /// `Diagnostic` as LSP JSON; `lines` converts positions of the files the diagnostic and its notes point into.
    static func json(_ diagnostic: Diagnostic, lines: (SourceFile) -> LineIndex, uri: (String) -> String) -> JSONValue {
        let range = lines(diagnostic.range.file).range(diagnostic.range.start, diagnostic.range.end)
        var message = diagnostic.message.text
        var related: [JSONValue] = []
        for note in diagnostic.notes {
            if let noteRange = note.range {
                let location: JSONValue = .object([
                    ("uri", .string(uri(noteRange.file.path))),
                    ("range", lines(noteRange.file).range(noteRange.start, noteRange.end).json),
                ])
                related.append(.object([("location", location), ("message", .string(note.text))]))
            } else {
                message += "\nnote: " + note.text
            }
        }
        var members: [(String, JSONValue)] = [
            ("range", range.json),
            ("severity", .int(diagnostic.severity == .error ? 1 : 2)),
            ("code", .string(diagnostic.message.code)),
            ("source", "enrich"),
            ("message", .string(message)),
        ]
        if !related.isEmpty { members.append(("relatedInformation", .array(related))) }
        if let fixIt = diagnostic.fixIt { members.append(("data", .object([("replacement", .string(fixIt.replacement))]))) }
        return .object(members)
    }
}
