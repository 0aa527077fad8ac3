import Foundation
import LeadEngine

/// Reads CSV (RFC 4180: `"` quoted, `""` for a quote, line breaks inside quotes) with a header row
/// naming the lead fields, as spreadsheets save it.
///
/// The delimiter is the one given, else the one an Excel `sep=;` first line names, else the one
/// found in the header row (``CSVDelimiter``: `,` `;` tab `|`; the one yielding an `id` column).
/// Header names lose surrounding white space; a quoted cell may have spaces around its quotes; CRLF
/// line ends are read as LF. A header without an `id` column (or naming a column twice) is one
/// error naming the delimiter and the columns seen, and ends the input; a row whose cell count
/// differs from the header's, or that is not UTF-8 (a Windows-1251 "CSV"), is an error for that
/// row, and reading goes on. Rows of empty cells (`;;;`) are skipped like blank lines.
///
/// Written here rather than taken from a package because errors must name the exact line a
/// record starts on, and the reader must share the chunked ``ByteSource`` of the other formats.
/// Cells become JSON values by field: known integer fields (`id`, `statusId`, `priority`,
/// `utcOffset`, `orderId`) as integers, an empty cell as absent, `customValues.12` (or
/// `customValues[12]`) columns into `customValues`, anything else as a string.
public struct CSVReader: RecordReader {
    let source: ByteSource
    let givenDelimiter: CSVDelimiter?
    var line = 1
    var header: CSVHeader?
    var finished = false

    static let integerFields: Set<String> = ["id", "statusId", "priority", "utcOffset", "orderId"]

    /// A reader of `source`; `delimiter` `nil` detects it from the header row.
    public init(source: ByteSource, delimiter: CSVDelimiter? = nil) {
        self.source = source
        self.givenDelimiter = delimiter
    }

    public mutating func next(limit: Int) -> [InputRecord] {
        var records: [InputRecord] = []
        if !finished, header == nil {
            let headerLine = line
            switch readHeader() {
            case nil:
                finished = true
            case let .failure(error)?:
                finished = true
                records.append(InputRecord(line: headerLine, fields: .failure(error)))
            case let .success(found)?:
                header = found
            }
        }
        while !finished, records.count < limit, let row = nextRow() {
            if let quote = row.unclosedQuote {
                // Everything after the quote was read into one cell: said, with the lines it took, rather than lost.
                records.append(InputRecord(line: row.line, fields: .failure(RecordError(message: "a quote opened on line \(quote) "
                    + "is never closed: lines \(quote)–\(row.lastLine) (to the end of the input) were read as one cell and "
                    + "not as leads; close the quote (a quote inside a quoted cell is written \"\")"))))
                continue
            }
            if row.cells.allSatisfy({ $0.allSatisfy { $0 == 0x20 || $0 == 0x09 } }) { continue }
            if row.multilineQuote != nil, let swallowed = swallowedRow(row) {
                // A quoted cell holding lines that read as rows of their own: a stray quote paired with a later one took
                // them into one cell. Evaluated, the row would write those lines into a field; they are not leads either.
                records.append(InputRecord(line: row.line, fields: .failure(RecordError(message: "its quoted cell from line "
                    + "\(row.multilineQuote ?? row.line) runs to line \(row.lastLine) and holds line \(swallowed.line), which reads as a "
                    + "row of its own (id \(swallowed.id)): a quote is missing its pair; the row is not evaluated and lines "
                    + "\(row.line)–\(row.lastLine) are not read as leads"))))
                continue
            }
            var result = fields(row.cells)
            if case let .failure(error) = result, let quote = row.multilineQuote {
                // A row that does not fit and has a quoted cell over several lines: most likely a quote without its
                // pair, which took the lines up to the next quote into one cell.
                result = .failure(RecordError(message: error.message + "; its quoted cell from line \(quote) runs to line "
                    + "\(row.lastLine): is a quote missing its pair?"))
            }
            records.append(InputRecord(line: row.line, fields: result))
        }
        if let problem = source.takeProblem() {
            finished = true
            records.append(InputRecord(line: line, fields: .failure(problem)))
        }
        return records
    }

    /// Reads the header row (and a `sep=` line before it): the header, why it cannot be used, or
    /// `nil` for an empty input.
    private mutating func readHeader() -> Result<CSVHeader, RecordError>? {
        // Blank lines before the header are skipped.
        while let blank = peekRow(), blank.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
            guard nextRow(delimiter: UInt8(ascii: ",")) != nil else { return nil }
        }
        guard var first = peekRow() else { return nil }
        var delimiterSource: CSVHeader.DelimiterSource = .given
        var delimiter = givenDelimiter
        if let named = CSVHeader.separatorLine(first) {
            _ = nextRow(delimiter: named.byte)
            if delimiter == nil {
                delimiter = named
                delimiterSource = .separatorLine
            }
            guard let row = peekRow() else { return nil }
            first = row
        }
        if delimiter == nil {
            delimiter = CSVHeader.detectDelimiter(first)
            delimiterSource = delimiter == nil ? .notFound : .detected
        }
        let chosen = delimiter ?? .comma
        guard let row = nextRow(delimiter: chosen.byte) else { return nil }
        if let quote = row.unclosedQuote {
            return .failure(RecordError(message: "the header row's quote on line \(quote) is never closed: the whole input was "
                + "read as its last column name"))
        }
        let header = CSVHeader(names: row.cells.map { CSVHeader.columnName(String(decoding: $0, as: UTF8.self)) },
                               delimiter: chosen, delimiterSource: delimiterSource)
        if let problem = header.problem() { return .failure(problem) }
        return .success(header)
    }

    private func fields(_ cells: [[UInt8]]) -> Result<[String: JSONValue], RecordError> {
        guard let header else { return .failure(RecordError(message: "no header row")) }
        guard cells.count == header.names.count else {
            return .failure(RecordError(message: "the row has \(cells.count) cell\(cells.count == 1 ? "" : "s") but the header has "
                + "\(header.names.count) columns (separated by \(header.delimiter.displayName))"))
        }
        var fields: [String: JSONValue] = [:]
        var custom: [(String, JSONValue)] = []
        for (index, (name, bytes)) in zip(header.names, cells).enumerated() where !bytes.isEmpty {
            guard let cell = String(validating: bytes, as: UTF8.self) else {
                return .failure(RecordError(message: "column \"\(name)\" is not valid UTF-8 text: save the file as UTF-8 "
                    + "(in Excel: \"CSV UTF-8\"; a plain Russian \"CSV\" is Windows-1251)"))
            }
            if name.isEmpty {
                if cell.trimmingCharacters(in: .whitespaces).isEmpty { continue }
                return .failure(RecordError(message: "column \(index + 1) has no name in the header but holds \"\(cell)\""))
            }
            if let id = Self.customValueId(name) {
                custom.append((id, .string(cell)))
            } else if Self.integerFields.contains(name) {
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty { continue }
                guard let value = Int(trimmed) else {
                    return .failure(RecordError(message: "column \"\(name)\" holds \"\(cell)\", expected an integer"
                        + (Self.looksLikeInteger(trimmed) ? " within ±9223372036854775807" : "")))
                }
                fields[name] = .int(value)
            } else {
                fields[name] = .string(cell)
            }
        }
        if !custom.isEmpty { fields["customValues"] = .object(custom) }
        return .success(fields)
    }

    /// The first line inside a quoted cell of `row` that reads as a row of its own: split at the delimiter it has as
    /// many cells as the header, and an integer in the `id` column. `nil` when none does (a comment over several lines).
    private func swallowedRow(_ row: Row) -> (line: Int, id: Int)? {
        guard let header, let idColumn = header.names.firstIndex(of: "id") else { return nil }
        var line = row.line
        for cell in row.cells {
            let pieces = cell.split(separator: 0x0A, omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index > 0 { line += 1 } else { continue }
                let cells = piece.split(separator: header.delimiter.byte, omittingEmptySubsequences: false)
                guard cells.count == header.names.count else { continue }
                let text = String(decoding: cells[idColumn], as: UTF8.self).trimmingCharacters(in: .whitespaces)
                if let id = Int(text) { return (line, id) }
            }
        }
        return nil
    }

    /// Digits with an optional sign: an integer, if perhaps too large for 64 bits.
    static func looksLikeInteger(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.allSatisfy { $0.isASCII && $0.isNumber }
    }

    static func customValueId(_ name: String) -> String? {
        for prefix in ["customValues.", "customValues["] where name.hasPrefix(prefix) {
            var id = name.dropFirst(prefix.count)
            if id.hasSuffix("]") { id = id.dropLast() }
            return id.isEmpty ? nil : String(id)
        }
        return nil
    }

    /// A row as read: the line it starts on, its cells (as bytes), the line it ends on, and the quotes that ran over
    /// lines.
    struct Row {
        var line: Int
        var cells: [[UInt8]] = []
        var lastLine: Int
        /// The line of a quote still open at the end of the input (the rest of the input is in the last cell).
        var unclosedQuote: Int?
        /// The line of the first quoted cell holding a line break.
        var multilineQuote: Int?
    }

    /// The next row, or `nil` at the end.
    private mutating func nextRow() -> Row? {
        nextRow(delimiter: header?.delimiter.byte ?? UInt8(ascii: ","))
    }

    /// The next row split at `delimiter`, or `nil` at the end.
    private mutating func nextRow(delimiter: UInt8) -> Row? {
        if source.start >= source.buffer.count, !source.fill() { return nil }
        var row = Row(line: line, lastLine: line)
        var cell: [UInt8] = []
        var inQuotes = false
        var quoteLine = line
        // After a closing quote: spaces up to the delimiter are not part of the cell.
        var afterQuote = false
        while true {
            if source.start >= source.buffer.count {
                guard source.fill() else {
                    // The last line is the one before the count's when the input ends with a line break.
                    row.lastLine = cell.last == 0x0A ? line - 1 : line
                    row.cells.append(cell)
                    if inQuotes { row.unclosedQuote = quoteLine }
                    return row
                }
            }
            let byte = source.buffer[source.start]
            source.start += 1
            if inQuotes {
                if byte == UInt8(ascii: "\"") {
                    if source.start >= source.buffer.count { _ = source.fill() }
                    if source.start < source.buffer.count, source.buffer[source.start] == UInt8(ascii: "\"") {
                        cell.append(byte)
                        source.start += 1
                    } else {
                        inQuotes = false
                        afterQuote = true
                    }
                } else {
                    if byte == 0x0A {
                        line += 1
                        if row.multilineQuote == nil { row.multilineQuote = quoteLine }
                    }
                    cell.append(byte)
                }
                continue
            }
            switch byte {
            case delimiter:
                row.cells.append(cell)
                cell.removeAll(keepingCapacity: true)
                afterQuote = false
            case 0x0A:
                line += 1
                if !afterQuote, cell.last == 0x0D { cell.removeLast() }
                row.cells.append(cell)
                row.lastLine = line - 1
                return row
            case UInt8(ascii: "\"") where !afterQuote && cell.allSatisfy({ $0 == 0x20 }):
                // A quoted cell, perhaps after spaces (`a, "b, c"`): the spaces are not part of it.
                cell.removeAll(keepingCapacity: true)
                inQuotes = true
                quoteLine = line
            case 0x20 where afterQuote, 0x0D where afterQuote:
                continue
            default:
                cell.append(byte)
            }
        }
    }

    /// The raw bytes of the next row (up to its line break outside quotes, without it), without
    /// consuming them; `nil` at the end.
    private func peekRow() -> [UInt8]? {
        if source.start >= source.buffer.count, !source.fill() { return nil }
        var offset = 0
        var inQuotes = false
        while true {
            let index = source.start + offset
            if index >= source.buffer.count {
                guard source.fill() else { return Array(source.buffer[source.start...]) }
                continue
            }
            let byte = source.buffer[index]
            if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
            if byte == 0x0A, !inQuotes {
                var end = index
                if end > source.start, source.buffer[end - 1] == 0x0D { end -= 1 }
                return Array(source.buffer[source.start..<end])
            }
            offset += 1
        }
    }
}
