/// One rules file held in memory: its path, its text as UTF-8 bytes, and a table of line starts
/// so that a byte offset turns into a line and column only when a diagnostic needs it.
public final class SourceFile: Sendable, Hashable, CustomStringConvertible {
    /// The path the file was read from, as given (or a made-up name for text loaded from memory).
    public let path: String
    /// The file's text.
    public let text: String
    /// The text's UTF-8 bytes.
    public let bytes: [UInt8]
    /// Byte offset at which each line starts (line 1 at index 0).
    let lineStarts: [Int]

    /// Creates a source file from its text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        self.bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            starts.append(offset + 1)
        }
        self.lineStarts = starts
    }

    public var description: String { path }

    public static func == (lhs: SourceFile, rhs: SourceFile) -> Bool { lhs === rhs }
    public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }

    /// The 1-based line that contains byte `offset`.
    public func line(of offset: Int) -> Int {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if lineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return low + 1
    }

    /// The 1-based line and column (counted in characters) of byte `offset`.
    public func location(of offset: Int) -> SourceLocation {
        let (line, column) = lineAndColumn(of: offset)
        return SourceLocation(path: path, line: line, column: column)
    }

    /// The 1-based line and column (counted in characters) of byte `offset`, as ``location(of:)`` gives them,
    /// without making a location: a line of ASCII up to `offset` is counted in bytes.
    public func lineAndColumn(of offset: Int) -> (line: Int, column: Int) {
        lineAndColumn(of: offset, from: 1)
    }

    /// ``lineAndColumn(of:)`` for an offset at or after the start of line `hint` (1-based): the line is looked
    /// for from there on, a few steps when offsets come in order (the rows of a table), by halves otherwise.
    package func lineAndColumn(of offset: Int, from hint: Int) -> (line: Int, column: Int) {
        let clamped = min(max(offset, 0), bytes.count)
        var line: Int
        if hint >= 1, hint <= lineStarts.count, lineStarts[hint - 1] <= clamped {
            line = hint
            var steps = 0
            while line < lineStarts.count, lineStarts[line] <= clamped, steps < 8 {
                line += 1
                steps += 1
            }
            if line < lineStarts.count, lineStarts[line] <= clamped { line = self.line(of: clamped) }
        } else {
            line = self.line(of: clamped)
        }
        let start = lineStarts[line - 1]
        let before = bytes[start..<clamped]
        if before.allSatisfy({ $0 < 0x80 }) { return (line, before.count + 1) }
        return (line, String(decoding: before, as: UTF8.self).count + 1)
    }

    /// The text of 1-based line `line`, without its line break.
    public func lineText(_ line: Int) -> String {
        guard line >= 1, line <= lineStarts.count else { return "" }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start..<max(start, end)], as: UTF8.self)
    }
}

/// A point in a rules file as people count it: 1-based line and column (in characters).
public struct SourceLocation: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }

    /// `path:line:column`.
    public var description: String { "\(path):\(line):\(column)" }
}

/// A stretch of a rules file: UTF-8 byte offsets `start..<end` into ``file``.
public struct SourceRange: Sendable, Hashable {
    public let file: SourceFile
    public let start: Int
    public let end: Int

    public init(file: SourceFile, start: Int, end: Int) {
        self.file = file
        self.start = start
        self.end = max(start, end)
    }

    /// Where the range begins.
    public var location: SourceLocation { file.location(of: start) }
    /// Where the range ends (exclusive).
    public var endLocation: SourceLocation { file.location(of: end) }
    /// The source text it covers.
    public var text: String { String(decoding: file.bytes[start..<end], as: UTF8.self) }

    /// The smallest range covering both.
    public func union(_ other: SourceRange) -> SourceRange {
        SourceRange(file: file, start: min(start, other.start), end: max(end, other.end))
    }
}
