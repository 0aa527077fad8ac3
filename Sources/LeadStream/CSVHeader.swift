import Foundation

/// The header row of a CSV input: the column names and the delimiter they are separated by.
struct CSVHeader {
    /// How the delimiter was chosen, for messages.
    enum DelimiterSource {
        /// Given by the caller.
        case given
        /// Named by an Excel `sep=;` first line.
        case separatorLine
        /// Found in the header row.
        case detected
        /// The header row holds none of the candidates: one column, read as comma-separated.
        case notFound
    }

    var names: [String]
    var delimiter: CSVDelimiter
    var delimiterSource: DelimiterSource

    /// A header cell as a column name: surrounding white space and byte order marks dropped (a BOM
    /// that a tool put after a quote, or that `cat` left between files).
    static func columnName(_ cell: String) -> String {
        cell.trimmingCharacters(in: .whitespacesAndNewlines.union(["\u{FEFF}"]))
    }

    /// The delimiter of a header row (its raw bytes, without the line break): among `,` `;` tab `|`
    /// found outside quotes, the one that yields an `id` column, else the one that splits the row
    /// into the most columns (ties in that order); `nil` when the row holds none of them.
    static func detectDelimiter(_ row: [UInt8]) -> CSVDelimiter? {
        var best: (delimiter: CSVDelimiter, hasId: Int, count: Int)?
        for candidate in CSVDelimiter.allCases {
            let names = split(row, at: candidate.byte)
            guard names.count > 1 else { continue }
            let hasId = names.contains("id") ? 1 : 0
            if let current = best, (current.hasId, current.count) >= (hasId, names.count) { continue }
            best = (candidate, hasId, names.count)
        }
        return best?.delimiter
    }

    /// A header row's column names when split at `delimiter` outside quotes, unquoted.
    static func split(_ row: [UInt8], at delimiter: UInt8) -> [String] {
        var names: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        for byte in row {
            if byte == UInt8(ascii: "\"") {
                inQuotes.toggle()
            } else if byte == delimiter, !inQuotes {
                names.append(columnName(String(decoding: cell, as: UTF8.self)))
                cell.removeAll(keepingCapacity: true)
            } else {
                cell.append(byte)
            }
        }
        names.append(columnName(String(decoding: cell, as: UTF8.self)))
        return names
    }

    /// Excel's `sep=;` first line (which names the delimiter instead of being the header), or `nil`.
    static func separatorLine(_ row: [UInt8]) -> CSVDelimiter? {
        var text = row
        while let last = text.last, last == 0x0D || last == 0x20 { text.removeLast() }
        guard text.count == 5, String(decoding: text.prefix(4), as: UTF8.self).lowercased() == "sep=" else { return nil }
        return CSVDelimiter(byte: text[4])
    }

    /// Why the header cannot be used (no `id` column, a column named twice), or `nil`.
    func problem() -> RecordError? {
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() where !name.isEmpty {
            if let first = seen[name] {
                return RecordError(message: "the header names column \"\(name)\" twice (columns \(first + 1) and \(index + 1)): "
                    + "which one holds the lead's value is ambiguous")
            }
            seen[name] = index
        }
        guard seen["id"] == nil else { return nil }
        var message = "the header has no \"id\" column"
        if let near = names.first(where: { $0.lowercased() == "id" }) { message += " (\"\(near)\" differs in case; field names are case-sensitive)" }
        return RecordError(message: message + "; " + howSplit())
    }

    /// How the header was split, with the columns seen (at most 20).
    private func howSplit() -> String {
        let shown = names.prefix(20).map { "\"\($0)\"" }.joined(separator: ", ") + (names.count > 20 ? ", …" : "")
        let columns = "\(names.count) column\(names.count == 1 ? "" : "s"): \(shown)"
        switch delimiterSource {
        case .given: return "split at the delimiter given, \(delimiter.displayName), into \(columns)"
        case .separatorLine: return "split at \(delimiter.displayName), as its sep= line says, into \(columns)"
        case .detected: return "split at \(delimiter.displayName), the delimiter found in it, into \(columns)"
        case .notFound:
            let tried = CSVDelimiter.allCases.map(\.displayName).joined(separator: ", ")
            return "no delimiter (\(tried)) was found in it, so it reads as \(columns)"
        }
    }
}
