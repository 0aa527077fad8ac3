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
            guard let newline = source.firstIndex(of: 0x0A) else {
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
            line += 1
            var end = newline
            if end > source.start, source.buffer[end - 1] == 0x0D { end -= 1 }
            let bytes = Array(source.buffer[source.start..<end])
            source.start = newline + 1
            if let record = parse(bytes) { records.append(record) }
        }
        return records
    }

    private func parse(_ bytes: [UInt8]) -> InputRecord? {
        var bytes = bytes
        // Files joined with `cat` carry each one's byte order mark at the start of a line.
        if bytes.starts(with: TextEncodingSniffer.utf8ByteOrderMark) { bytes.removeFirst(TextEncodingSniffer.utf8ByteOrderMark.count) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return nil }
        return InputRecord(line: line, json: bytes)
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
        case let .success(.object(fields)):
            return .success(fields)
        case let .success(.other(value)):
            return .failure(notAnObject(value))
        }
    }

    /// Why a JSON document that is not an object is no lead.
    static func notAnObject(_ value: JSONValue) -> RecordError {
        RecordError(message: "a lead must be a JSON object, not \(value.typeName)")
    }

    /// The fields of a lead object (a key given twice: the last wins), or why it is not one.
    static func fields(of value: JSONValue) -> Result<[String: JSONValue], RecordError> {
        guard case let .object(members) = value else {
            return .failure(notAnObject(value))
        }
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(members.count)
        for (key, value) in members { fields[key] = value }
        return .success(fields)
    }
}
