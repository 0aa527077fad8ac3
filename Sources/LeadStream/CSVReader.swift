import Foundation
import LeadEngine

/// Reads CSV (RFC 4180: `,` separated, `"` quoted, `""` for a quote, line breaks inside quotes)
/// with a header row naming the lead fields.
///
/// Written here rather than taken from a package because errors must name the exact line a
/// record starts on, and the reader must share the chunked ``ByteSource`` of the other formats.
/// Cells become JSON values by field: known integer fields (`id`, `statusId`, `priority`,
/// `utcOffset`, `orderId`) as integers, an empty cell as absent, `customValues.12` (or
/// `customValues[12]`) columns into `customValues`, anything else as a string.
public struct CSVReader: RecordReader {
    let source: ByteSource
    var line = 1
    var header: [String]?

    static let integerFields: Set<String> = ["id", "statusId", "priority", "utcOffset", "orderId"]

    public init(source: ByteSource) {
        self.source = source
    }

    public mutating func next(limit: Int) -> [InputRecord] {
        var records: [InputRecord] = []
        if header == nil {
            guard let (_, cells) = nextRow() else { return [] }
            header = cells.map { $0.trimmingCharacters(in: .whitespaces) }
        }
        while records.count < limit, let (rowLine, cells) = nextRow() {
            if cells.count == 1, cells[0].isEmpty { continue }
            records.append(InputRecord(line: rowLine, fields: fields(cells)))
        }
        return records
    }

    private func fields(_ cells: [String]) -> Result<[String: JSONValue], RecordError> {
        guard let header else { return .failure(RecordError(message: "no header row")) }
        guard cells.count == header.count else {
            return .failure(RecordError(message: "the row has \(cells.count) cells but the header names \(header.count)"))
        }
        var fields: [String: JSONValue] = [:]
        var custom: [(String, JSONValue)] = []
        for (name, cell) in zip(header, cells) where !cell.isEmpty {
            if let id = Self.customValueId(name) {
                custom.append((id, .string(cell)))
            } else if Self.integerFields.contains(name) {
                guard let value = Int(cell.trimmingCharacters(in: .whitespaces)) else {
                    return .failure(RecordError(message: "column \"\(name)\" holds \"\(cell)\", expected an integer"))
                }
                fields[name] = .int(value)
            } else {
                fields[name] = .string(cell)
            }
        }
        if !custom.isEmpty { fields["customValues"] = .object(custom) }
        return .success(fields)
    }

    static func customValueId(_ name: String) -> String? {
        for prefix in ["customValues.", "customValues["] where name.hasPrefix(prefix) {
            var id = name.dropFirst(prefix.count)
            if id.hasSuffix("]") { id = id.dropLast() }
            return id.isEmpty ? nil : String(id)
        }
        return nil
    }

    /// The next row's starting line and cells, or `nil` at the end.
    private mutating func nextRow() -> (Int, [String])? {
        if source.start >= source.buffer.count, !source.fill() { return nil }
        let rowLine = line
        var cells: [String] = []
        var cell: [UInt8] = []
        var inQuotes = false
        while true {
            if source.start >= source.buffer.count {
                guard source.fill() else {
                    cells.append(String(decoding: cell, as: UTF8.self))
                    return (rowLine, cells)
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
                    }
                } else {
                    if byte == 0x0A { line += 1 }
                    cell.append(byte)
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\"") where cell.isEmpty:
                inQuotes = true
            case UInt8(ascii: ","):
                cells.append(String(decoding: cell, as: UTF8.self))
                cell.removeAll(keepingCapacity: true)
            case 0x0A:
                line += 1
                if cell.last == 0x0D { cell.removeLast() }
                cells.append(String(decoding: cell, as: UTF8.self))
                return (rowLine, cells)
            default:
                cell.append(byte)
            }
        }
    }
}
