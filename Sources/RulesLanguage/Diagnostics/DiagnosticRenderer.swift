import Foundation
import JSON

/// Prints diagnostics the way compilers do:
///
/// ```
/// rules/zones.rules:4:8: error: unknown field 'phnoe'; did you mean 'phone'?
///   when phnoe ~ /^7495/
///        ^~~~~
/// ```
///
/// The heading of a warning a comment may silence ends with its code in brackets (`[unused]`), the code the silence names.
///
/// Colour is used only when asked for (the CLI asks on a TTY without `NO_COLOR`).
public struct DiagnosticRenderer: Sendable {
    public var colored: Bool

    public init(colored: Bool = false) {
        self.colored = colored
    }

    /// Whether colour suits `fileDescriptor`: a terminal, and `NO_COLOR` not set.
    public static func wantsColor(fileDescriptor: Int32, environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        environment["NO_COLOR"] == nil && isatty(fileDescriptor) == 1
    }

    private func paint(_ text: String, _ code: String) -> String {
        colored ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// One diagnostic: the heading line, the source line, the caret line, then notes.
    public func render(_ diagnostic: Diagnostic) -> String {
        let location = diagnostic.location
        let severity = diagnostic.severity == .error ? paint("error", "1;31") : paint("warning", "1;35")
        var out = paint("\(location):", "1") + " \(severity): " + paint(LogSafeText.printable(diagnostic.message.text), "1")
        // A warning a comment may silence names its code, which the silence (`# enrich:ignore CODE -- REASON`) needs.
        let code = diagnostic.message.code
        if diagnostic.severity == .warning, Diagnostic.Message.silenceableCodes.contains(code) { out += " " + paint("[\(code)]", "2") }
        out += "\n"
        out += excerpt(diagnostic.range)
        for note in diagnostic.notes {
            if let range = note.range {
                out += paint("\(range.location):", "1") + " " + paint("note", "1;36") + ": \(LogSafeText.printable(note.text))\n"
                out += excerpt(range)
            } else {
                out += paint("note", "1;36") + ": \(LogSafeText.printable(note.text))\n"
            }
        }
        return out
    }

    /// All diagnostics, then a count line such as `2 errors, 1 warning`.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        var out = diagnostics.map(render).joined()
        let errors = diagnostics.filter { $0.severity == .error }.count
        let warnings = diagnostics.count - errors
        if !diagnostics.isEmpty {
            out += "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")\n"
        }
        return out
    }

    /// The source line of `range` and an underline: `^` under its first character, `~` under the rest
    /// (to the end of the line when the range spans lines). A control or format character of the line (a
    /// bidirectional override that would reorder the terminal's line, an escape sequence) is shown escaped as
    /// `LogSafeText` writes it (`\u{202E}`), and the underline is as wide as what is shown; tabs are kept.
    ///
    /// A line longer than ``excerptWidth`` characters is shown as a window of that many around the range's start,
    /// `…` where it was cut (a generated or minified line of 300 KB is not echoed whole).
    public func excerpt(_ range: SourceRange) -> String {
        let start = range.location
        let lineText = range.file.lineText(start.line)
        let end = range.endLocation
        var shown = "", indent = "", underlineWidth = 0
        // The window of columns shown: the whole line, or excerptWidth of them from a little before the start.
        var first = 1, last = Int.max
        let characters = lineText.count
        if characters > Self.excerptWidth {
            first = max(1, min(start.column - Self.excerptWidth / 4, characters - Self.excerptWidth + 1))
            last = first + Self.excerptWidth - 1
            if first > 1 {
                shown = "…"
                indent = " "
            }
        }
        var column = 1
        for character in lineText {
            if column < first || column > last {
                column += 1
                continue
            }
            let piece = character == "\t" || !character.unicodeScalars.contains(where: LogSafeText.needsEscape)
                ? String(character) : LogSafeText.printable(String(character))
            shown += piece
            let width = piece.count
            if column < start.column {
                indent += character == "\t" ? "\t" : String(repeating: " ", count: width)
            } else if end.line != start.line || column < end.column {
                underlineWidth += width
            }
            column += 1
        }
        if last < characters { shown += "…" }
        let underline = "^" + String(repeating: "~", count: max(1, underlineWidth) - 1)
        return "  " + shown + "\n  " + indent + paint(underline, "1;32") + "\n"
    }

    /// The most characters of a source line an excerpt shows.
    public static let excerptWidth = 200

    /// Machine-readable diagnostics for editors and CI: a JSON array.
    public static func json(_ diagnostics: [Diagnostic]) -> String {
        struct Entry: Encodable {
            var file: String
            var line: Int
            var column: Int
            var endLine: Int
            var endColumn: Int
            var severity: String
            var code: String
            var message: String
            var notes: [NoteEntry]
        }
        struct NoteEntry: Encodable {
            var message: String
            var file: String?
            var line: Int?
            var column: Int?
        }
        let entries = diagnostics.map { d -> Entry in
            let start = d.range.location, end = d.range.endLocation
            return Entry(
                file: start.path, line: start.line, column: start.column, endLine: end.line, endColumn: end.column,
                severity: d.severity.rawValue, code: d.message.code, message: d.message.text,
                notes: d.notes.map { note in
                    let at = note.range?.location
                    return NoteEntry(message: note.text, file: at?.path, line: at?.line, column: at?.column)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(entries)) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
