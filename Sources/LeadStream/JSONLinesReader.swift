import Foundation
import LeadEngine

/// Reads JSON Lines: one lead object per line; blank lines are skipped, and so is a UTF-8 byte order
/// mark at the start of a line (Windows tools write one; `cat` keeps each file's).
public struct JSONLinesReader: RecordReader {
    let source: ByteSource
    var line = 0

    public init(source: ByteSource) {
        self.source = source
    }

    public mutating func next(limit: Int) -> [InputRecord] {
        var records: [InputRecord] = []
        records.reserveCapacity(limit)
        while records.count < limit {
            // The whole lines in the buffer, read through one pointer (each access of the source's buffer retained it).
            takeLines(limit: limit, into: &records)
            if records.count == limit { break }
            if source.fill() { continue }
            // The last line may lack its line break.
            if source.start < source.buffer.count {
                line += 1
                let bytes = Array(source.buffer[source.start...])
                source.start = source.buffer.count
                if let record = parse(bytes) { records.append(record) }
            }
            if let problem = source.takeProblem() { records.append(InputRecord(line: line + 1, fields: .failure(problem))) }
            return records
        }
        return records
    }

    /// Appends the records of the whole lines from the source's `start` (up to `limit` records in all) and consumes
    /// them; a line without its line break yet stays for the next chunk.
    private mutating func takeLines(limit: Int, into records: inout [InputRecord]) {
        let source = self.source
        var start = source.start, line = self.line
        source.buffer.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            // memchr: the C library's scan reads many bytes a step (a line of a lead is ~500 bytes).
            while records.count < limit, start < count,
                  let found = memchr(base + start, 0x0A, count - start) {
                let newline = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                line += 1
                var end = newline
                if end > start, base[end - 1] == 0x0D { end -= 1 }
                if let record = Self.record(UnsafeBufferPointer(rebasing: buffer[start..<end]), line: line) { records.append(record) }
                start = newline + 1
            }
        }
        source.start = start
        self.line = line
    }

    private func parse(_ bytes: [UInt8]) -> InputRecord? {
        bytes.withUnsafeBufferPointer { Self.record($0, line: line) }
    }

    /// The record of one line's bytes (without its line break) numbered `line`; `nil` for a blank line. Files joined
    /// with `cat` carry each one's byte order mark at the start of a line: it is dropped.
    private static func record(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) -> InputRecord? {
        var bytes = bytes
        if bytes.starts(with: TextEncodingSniffer.utf8ByteOrderMark) { bytes = UnsafeBufferPointer(rebasing: bytes.dropFirst(TextEncodingSniffer.utf8ByteOrderMark.count)) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        return InputRecord(line: line, json: Array(bytes))
    }

    /// Parses one JSON object's bytes into fields.
    static func object(from bytes: [UInt8]) -> Result<[String: JSONValue], RecordError> {
        // The members go straight into the dictionary: no member list is built for the lead object.
        let parsed: Result<JSONMembers, JSONParser.Error> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) }
        }
        switch parsed {
        case let .failure(error):
            return .failure(RecordError(message: "malformed JSON: \(error)"))
        case let .success(members):
            return fields(of: members)
        }
    }

    /// The fields of a document read by name, or why it is no lead (not an object, or a name given twice).
    static func fields(of members: JSONMembers) -> Result<[String: JSONValue], RecordError> {
        switch members {
        case let .object(fields): return .success(fields)
        case let .repeatedName(name): return .failure(RecordError(message: Lead.repeatedMemberMessage(name)))
        case let .other(value): return .failure(notAnObject(value))
        }
    }

    /// Why a JSON document that is not an object is no lead.
    static func notAnObject(_ value: JSONValue) -> RecordError {
        RecordError(message: "a lead must be a JSON object, not \(value.typeName)")
    }

    /// The fields of a lead object, or why it is not one (a key given twice among them).
    static func fields(of value: JSONValue) -> Result<[String: JSONValue], RecordError> {
        guard case let .object(members) = value else {
            return .failure(notAnObject(value))
        }
        return fields(of: JSONMembers(members: members))
    }
}
