import Foundation

/// One range of the Russian numbering-plan registry (DEF mobile or ABC landline files):
/// national numbers `code` + `from`...`to` (7 digits each), and the territory they belong to.
public struct RegistryRange: Sendable, Equatable {
    /// The first and last national number (10 digits, without the country code 7).
    public let first: Int
    public let last: Int
    /// The territory: the last part of the "Территория ГАР" column after `|`.
    public let territory: String
    /// Where the row came from, `file:line`.
    public let source: String
}

/// A registry file that could not be read, or a row that makes no sense.
public struct RegistryError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

/// Reads registry CSV files: `code;from;to;capacity;operator;region;GAR territory;INN`,
/// `;`-separated, UTF-8 with or without a BOM, a header row first.
public enum RegistryReader {
    /// The ranges of one file's text; `path` names it in errors.
    public static func ranges(text: String, path: String) throws(RegistryError) -> [RegistryRange] {
        var ranges: [RegistryRange] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = Substring(rawLine)
            if line.hasSuffix("\r") { line = line.dropLast() }
            if lineNumber == 1 || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells = line.split(separator: ";", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])) }
            guard cells.count >= 7 else {
                throw RegistryError(message: "\(path):\(lineNumber): expected 8 ';'-separated columns, found \(cells.count)")
            }
            guard let code = Int(cells[0]), (100...999).contains(code), let from = Int(cells[1]), let to = Int(cells[2]),
                  (0...9_999_999).contains(from), (0...9_999_999).contains(to), from <= to else {
                throw RegistryError(message: "\(path):\(lineNumber): code, from and to must be a 3-digit code and 7-digit numbers with from <= to")
            }
            let territory = cells[6].split(separator: "|").last.map { $0.trimmingCharacters(in: CharacterSet.whitespaces.union(["\u{FEFF}"])) } ?? ""
            ranges.append(RegistryRange(first: code * 10_000_000 + from, last: code * 10_000_000 + to,
                                        territory: territory, source: "\(path):\(lineNumber)"))
        }
        return ranges
    }
}
