/// The character that separates the cells of a CSV row.
///
/// Excel writes the list separator of the system's locale: `,` in English, `;` in Russian (and most
/// of Europe, where `,` is the decimal mark); "Text (tab-delimited)" writes tabs.
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ","
    case semicolon = ";"
    case tab = "\t"
    case pipe = "|"

    /// The delimiter's byte.
    public var byte: UInt8 { rawValue.utf8.first! }

    /// How messages show it: `','`, `';'`, `tab`, `'|'`.
    public var displayName: String { self == .tab ? "tab" : "'\(rawValue)'" }

    /// A delimiter as a person names it on a command line: the character itself, or `comma`,
    /// `semicolon`, `tab` (also `\t`) or `pipe`.
    public init?(argument: String) {
        switch argument.lowercased() {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "\t", "\\t", "tab": self = .tab
        case "|", "pipe": self = .pipe
        default: return nil
        }
    }

    /// The delimiter of a byte, or `nil`.
    init?(byte: UInt8) {
        guard let found = Self.allCases.first(where: { $0.byte == byte }) else { return nil }
        self = found
    }
}
