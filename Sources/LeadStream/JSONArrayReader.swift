import LeadEngine

/// Reads one JSON array of lead objects, element by element, without holding the whole file.
///
/// A small scanner finds where each element ends (tracking nesting and strings); each element is
/// then parsed on its own, so a malformed element costs only itself.
///
/// Text after the closing `]` is not ignored: another array (two exports joined) is an error that says so, and its
/// leads are read too; anything else is an error naming its line, and is not read.
public struct JSONArrayReader: RecordReader {
    let source: ByteSource
    var line = 1
    var started = false
    var finished = false
    /// The array's `]` was read: what follows must be white space (or another array).
    var closed = false
    /// The line of the last `]` read.
    var closedLine = 0

    public init(source: ByteSource) {
        self.source = source
    }

    public mutating func next(limit: Int) -> [InputRecord] {
        var records: [InputRecord] = []
        while records.count < limit, !finished {
            if closed, let trailing = afterArray() {
                records.append(trailing)
                continue
            }
            if finished { break }
            guard let record = nextElement() else { continue }
            records.append(record)
        }
        // The input ended early (not UTF-8, or a read error): that, rather than what it left unfinished.
        if let problem = source.takeProblem() {
            if let last = records.last, case .fields(.failure) = last.content { records.removeLast() }
            records.append(InputRecord(line: line, fields: .failure(problem)))
            finished = true
        }
        return records
    }

    /// Skips white space (counting lines); returns the next byte without consuming it.
    private mutating func skipWhitespace() -> UInt8? {
        while true {
            while source.start < source.buffer.count {
                let byte = source.buffer[source.start]
                if byte == 0x0A { line += 1 } else if byte != 0x20, byte != 0x0D, byte != 0x09 { return byte }
                source.start += 1
            }
            if !source.fill() { return nil }
        }
    }

    /// After a `]`: the end of the input (`nil`, finished), or an error record for what follows (another array, whose
    /// leads are read next; anything else, which ends the reading).
    private mutating func afterArray() -> InputRecord? {
        closed = false
        guard let next = skipWhitespace() else {
            finished = true
            return nil
        }
        if next == UInt8(ascii: "[") {
            started = false
            return InputRecord(line: line, fields: .failure(RecordError(message: "a second JSON array starts here, after the one that "
                + "ended on line \(closedLine): its leads are read too, but a JSON file holds one array (join them, or use JSON Lines)")))
        }
        finished = true
        return InputRecord(line: line, fields: .failure(RecordError(message: "unexpected text after the JSON array that ended on line "
            + "\(closedLine): not read (a JSON file holds one array of leads)")))
    }

    private mutating func nextElement() -> InputRecord? {
        if !started {
            guard skipWhitespace() == UInt8(ascii: "[") else {
                finished = true
                return InputRecord(line: line, fields: .failure(RecordError(message: "expected a JSON array of leads")))
            }
            source.start += 1
            started = true
            if skipWhitespace() == UInt8(ascii: "]") {
                source.start += 1
                closed = true
                closedLine = line
                return nil
            }
        }
        guard skipWhitespace() != nil else {
            finished = true
            return InputRecord(line: line, fields: .failure(RecordError(message: "unexpected end of input: the array is not closed")))
        }
        let elementLine = line
        // Scan to the end of the element: depth 0 and a ',' or ']' outside strings.
        var index = source.start
        var depth = 0
        var inString = false
        var escaped = false
        var linesInside = 0
        while true {
            if index >= source.buffer.count {
                let offset = index - source.start
                guard source.fill() else {
                    finished = true
                    return InputRecord(line: elementLine, fields: .failure(RecordError(message: "unexpected end of input inside an element")))
                }
                index = source.start + offset
                continue
            }
            let byte = source.buffer[index]
            if byte == 0x0A { linesInside += 1 }
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                // (No `case A, B where ...`: a where clause binds to the last pattern only.)
                if byte == UInt8(ascii: "\"") {
                    inString = true
                } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                    depth += 1
                } else if depth > 0, byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                    depth -= 1
                } else if depth == 0, byte == UInt8(ascii: ",") || byte == UInt8(ascii: "]") {
                    let bytes = Array(source.buffer[source.start..<index])
                    source.start = index + 1
                    line += linesInside
                    if byte == UInt8(ascii: "]") {
                        closed = true
                        closedLine = line
                    }
                    return InputRecord(line: elementLine, json: bytes)
                }
            }
            index += 1
        }
    }
}
