import JSON

/// A position as the Language Server Protocol counts it: a 0-based line and a 0-based column in UTF-16 code
/// units (an emoji outside the Basic Multilingual Plane is two; a Cyrillic letter is one, and two UTF-8 bytes).
public struct Position: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var character: Int

    public init(line: Int, character: Int) {
        self.line = line
        self.character = character
    }

    public static func < (l: Position, r: Position) -> Bool { (l.line, l.character) < (r.line, r.character) }
    public var description: String { "\(line):\(character)" }

    /// `{"line": L, "character": C}`.
    public var json: JSONValue { .object([("line", .int(line)), ("character", .int(character))]) }

    /// Reads `{"line": L, "character": C}` (non-negative integers).
    public init?(json: JSONValue?) {
        guard let line = json?["line"]?.intValue, let character = json?["character"]?.intValue, line >= 0, character >= 0 else {
            return nil
        }
        self.init(line: line, character: character)
    }
}

/// A stretch between two positions, end exclusive.
public struct TextRange: Sendable, Hashable {
    public var start: Position
    public var end: Position

    public init(start: Position, end: Position) {
        self.start = start
        self.end = end
    }

    /// `{"start": ..., "end": ...}`.
    public var json: JSONValue { .object([("start", start.json), ("end", end.json)]) }

    public init?(json: JSONValue?) {
        guard let start = Position(json: json?["start"]), let end = Position(json: json?["end"]), start <= end else { return nil }
        self.init(start: start, end: end)
    }
}

/// Converts between UTF-8 byte offsets (what the rules language's ranges hold) and protocol positions, for one text.
///
/// Lines end at `\n` (a `\r` before it belongs to no position: a column past the line's end is clamped to it).
public struct LineIndex: Sendable {
    public let bytes: [UInt8]
    /// The byte offset at which each line starts.
    let lineStarts: [Int]

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == 10 { starts.append(offset + 1) }
        lineStarts = starts
    }

    /// The number of lines (a text ending in a line break has an empty last line).
    public var lineCount: Int { lineStarts.count }

    /// The 0-based line holding byte `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Where the content of `line` ends: before its `\n` (and a `\r` before that).
    func contentEnd(of line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == 13 { end -= 1 }
        return end
    }

    /// The position of byte `offset` (clamped to the text; an offset inside a character counts from its start).
    public func position(of offset: Int) -> Position {
        let clamped = min(max(offset, 0), bytes.count)
        let line = line(of: clamped)
        var units = 0
        var index = lineStarts[line]
        while index < clamped {
            let byte = bytes[index]
            let length = Self.sequenceLength(byte)
            if index + length > clamped { break }
            units += length == 4 ? 2 : 1
            index += length
        }
        return Position(line: line, character: units)
    }

    /// The byte offset of `position`: a line past the end is the end of the text, a column past the line's end is
    /// its end, a column inside a surrogate pair is the start of that character.
    public func offset(of position: Position) -> Int {
        guard position.line < lineStarts.count else { return bytes.count }
        let end = contentEnd(of: position.line)
        var index = lineStarts[position.line]
        var units = 0
        while index < end {
            let length = Self.sequenceLength(bytes[index])
            let width = length == 4 ? 2 : 1
            if units + width > position.character { break }
            units += width
            index = min(index + length, end)
        }
        return index
    }

    /// The range covering bytes `start..<end`.
    public func range(_ start: Int, _ end: Int) -> TextRange {
        TextRange(start: position(of: start), end: position(of: max(start, end)))
    }

    /// The position just past the text's last character.
    public var endPosition: Position { position(of: bytes.count) }

    /// How many bytes the UTF-8 sequence that starts with `byte` takes (1 for a stray continuation byte).
    static func sequenceLength(_ byte: UInt8) -> Int {
        switch byte {
        case 0xF0...0xF7: return 4
        case 0xE0...0xEF: return 3
        case 0xC0...0xDF: return 2
        default: return 1
        }
    }
}
