import Foundation
import JSON
import RulesLanguage

/// `enrich check --list-silenced`: the warnings silenced by `# enrich:ignore CODE -- REASON` comments.
enum SilencedList {
    /// One entry per silenced warning: where, its code and message, and the comment's reason.
    static func text(_ silenced: [SilencedWarning]) -> String {
        var out = "\(silenced.count) warning\(silenced.count == 1 ? "" : "s") silenced\(silenced.isEmpty ? "" : ":")\n"
        for entry in silenced {
            out += "\(entry.warning.location): \(entry.warning.message.code): \(entry.warning.message.text)\n"
            out += "  silenced at \(entry.comment.location): \(entry.reason)\n"
        }
        return out
    }

    /// `{"diagnostics": [...as --format json...], "silenced": [{file, line, column, code, message, reason, comment}]}`.
    static func json(diagnostics: [Diagnostic], silenced: [SilencedWarning]) throws -> String {
        let reported = try JSONParser.parse(DiagnosticRenderer.json(diagnostics))
        let entries: [JSONValue] = silenced.map { entry in
            let at = entry.warning.location, comment = entry.comment.location
            return .object([
                ("file", .string(at.path)), ("line", .int(at.line)), ("column", .int(at.column)),
                ("code", .string(entry.warning.message.code)), ("message", .string(entry.warning.message.text)),
                ("reason", .string(entry.reason)),
                ("comment", .object([("file", .string(comment.path)), ("line", .int(comment.line)), ("column", .int(comment.column))])),
            ])
        }
        return JSONWriter.write(.object([("diagnostics", reported), ("silenced", .array(entries))])) + "\n"
    }
}
