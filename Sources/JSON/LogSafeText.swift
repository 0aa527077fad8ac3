/// Text from a server or an input file made safe to print on a terminal, write to a log or store in the journal.
///
/// A server's message is somebody else's bytes: it may carry ANSI escape sequences that rewrite a terminal,
/// CR/LF that forge extra log lines, bidirectional overrides that reorder what a reader sees, NULs, or
/// megabytes. ``make(_:limit:)`` makes every control and format character visible as an escape
/// (`\n`, `\r`, `\t`, `\x1B`, `\u{202E}`) and caps the length, saying how much was cut.
public enum LogSafeText {
    /// The default cap, in UTF-8 bytes (before the note saying what was cut).
    public static let defaultLimit = 2048

    /// `text` with control and format characters made visible and at most `limit` UTF-8 bytes kept.
    public static func make(_ text: String, limit: Int = defaultLimit) -> String {
        var out = ""
        var kept = 0
        var cut = false
        for scalar in text.unicodeScalars {
            let piece = visible(scalar)
            if kept + piece.utf8.count > limit {
                cut = true
                break
            }
            out += piece
            kept += piece.utf8.count
        }
        if cut {
            let total = text.utf8.count
            out += "… [\(total - utf8Count(consumedBy: out, of: text)) more bytes cut]"
        }
        return out
    }

    /// `text` with its control and format characters made visible and nothing cut: an error message that quotes an
    /// input (a CSV header, a cell, a lead's value) as it is printed. Most have nothing to escape and come back as they are.
    public static func printable(_ text: String) -> String {
        isSafe(text, limit: .max) ? text : make(text, limit: .max)
    }

    /// Whether `text` is already safe (nothing to escape, within the limit).
    public static func isSafe(_ text: String, limit: Int = defaultLimit) -> Bool {
        text.utf8.count <= limit && !text.unicodeScalars.contains(where: needsEscape)
    }

    /// How many bytes of `text` the escaped prefix `escaped` stands for.
    private static func utf8Count(consumedBy escaped: String, of text: String) -> Int {
        var consumed = 0
        var produced = 0
        let target = escaped.utf8.count
        for scalar in text.unicodeScalars {
            let piece = visible(scalar).utf8.count
            if produced + piece > target { break }
            produced += piece
            consumed += String(scalar).utf8.count
        }
        return consumed
    }

    /// Whether ``make(_:limit:)`` escapes `scalar`: a control, format, separator, surrogate, unassigned or private-use
    /// character.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned, .privateUse: return true
        default: return false
        }
    }

    private static func visible(_ scalar: Unicode.Scalar) -> String {
        guard needsEscape(scalar) else { return String(scalar) }
        switch scalar {
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        default:
            if scalar.value < 0x80 {
                let hex = String(scalar.value, radix: 16, uppercase: true)
                return "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
            return "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
        }
    }
}
