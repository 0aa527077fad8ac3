import Foundation

/// The base protocol's framing: each message is a header (`Content-Length: N`, optionally `Content-Type`, each
/// line ending in `\r\n`, then an empty line) followed by exactly N bytes of UTF-8 JSON.
///
/// Bytes go in as they arrive (``append(_:)``); whole messages come out (``next()``). Malformed input never
/// stops the stream: a header without a usable length, or too long, is dropped up to its end and reported as
/// a ``Failure``, and reading goes on with the next header.
public struct MessageFramer: Sendable {
    /// Why a header was dropped.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// The largest header accepted, in bytes (a real one is under 100).
    public static let maximumHeaderLength = 8 * 1024
    /// The largest body accepted, in bytes.
    public static let maximumBodyLength = 256 * 1024 * 1024
    /// The largest refused body that is still skipped; past it the stream is read again from the next header
    /// (skipping what a header claims, up to gigabytes, left every later request unanswered).
    public static let maximumSkippedLength = 4 * maximumBodyLength

    private var buffer: [UInt8] = []
    /// Where unread bytes start in ``buffer`` (consumed bytes are dropped in bulk).
    private var start = 0
    /// The body length of the header read, while its body is still arriving.
    private var pendingLength: Int?
    /// A body being skipped (its header said too much), in bytes still to drop.
    private var skipping = 0

    public init() {}

    /// Adds bytes read from the stream.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        if start > 0, start >= buffer.count / 2 {
            buffer.removeFirst(start)
            start = 0
        }
        buffer.append(contentsOf: bytes)
    }

    /// Whether bytes of an incomplete message are buffered.
    public var hasPartialMessage: Bool { start < buffer.count || pendingLength != nil }

    /// The next whole message body, a failure for a malformed header, or `nil` when more bytes are needed.
    public mutating func next() -> Result<[UInt8], Failure>? {
        if skipping > 0 {
            let dropped = min(skipping, buffer.count - start)
            start += dropped
            skipping -= dropped
            if skipping > 0 { return nil }
        }
        if let length = pendingLength {
            guard buffer.count - start >= length else { return nil }
            let body = Array(buffer[start..<(start + length)])
            start += length
            pendingLength = nil
            return .success(body)
        }
        guard let headerEnd = findHeaderEnd() else {
            if buffer.count - start > Self.maximumHeaderLength {
                // No header ends anywhere near: drop what is there and resynchronise on what follows.
                start = buffer.count
                return .failure(Failure(message: "a message header longer than \(Self.maximumHeaderLength) bytes"))
            }
            return nil
        }
        let header = buffer[start..<headerEnd]
        start = headerEnd + 4
        switch Self.contentLength(of: header) {
        case let .success(length):
            if length > Self.maximumBodyLength {
                if length <= Self.maximumSkippedLength { skipping = length }
                return .failure(Failure(message: "a message body of \(length) bytes, more than \(Self.maximumBodyLength)"))
            }
            pendingLength = length
            return next()
        case let .failure(failure):
            return .failure(failure)
        }
    }

    /// The offset of the `\r\n\r\n` that ends the header starting at ``start``.
    private func findHeaderEnd() -> Int? {
        var index = start
        let limit = buffer.count - 3
        while index < limit {
            if buffer[index] == 13, buffer[index + 1] == 10, buffer[index + 2] == 13, buffer[index + 3] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// The `Content-Length` of a header (its lines, without the blank line).
    static func contentLength(of header: ArraySlice<UInt8>) -> Result<Int, Failure> {
        guard var text = String(validating: header, as: UTF8.self) else {
            return .failure(Failure(message: "a message header that is not UTF-8"))
        }
        // After a dropped header, its body runs into the next header: read from that header's Content-Length on.
        if let found = text.range(of: "Content-Length:", options: .backwards), found.lowerBound != text.startIndex,
           text[..<found.lowerBound].hasSuffix("\r\n") == false {
            text = String(text[found.lowerBound...])
        }
        var length: Int?
        for line in text.split(separator: "\r\n", omittingEmptySubsequences: false) {
            guard let colon = line.firstIndex(of: ":") else {
                return .failure(Failure(message: "a malformed header line '\(line.prefix(80))' (expected 'Name: value')"))
            }
            let name = line[..<colon].trimmingSpaces.lowercased()
            let value = line[line.index(after: colon)...].trimmingSpaces
            if name == "content-length" {
                guard !value.isEmpty, value.allSatisfy(\.isASCIIDigit) else {
                    return .failure(Failure(message: "a Content-Length that is not a number: '\(value.prefix(40))'"))
                }
                guard value.count <= 12, let number = Int(value) else {
                    return .failure(Failure(message: "a Content-Length of \(value.prefix(40)) bytes, more than \(Self.maximumBodyLength)"))
                }
                if let earlier = length, earlier != number {
                    return .failure(Failure(message: "a header giving Content-Length twice (\(earlier) and \(number)): which is meant is unclear"))
                }
                length = number
            }
        }
        guard let length else { return .failure(Failure(message: "a message header without Content-Length")) }
        return .success(length)
    }

    /// `body` with its header, ready to write.
    public static func frame(_ body: [UInt8]) -> [UInt8] {
        Array("Content-Length: \(body.count)\r\n\r\n".utf8) + body
    }
}

extension Substring {
    var trimmingSpaces: Substring {
        var result = self
        while let first = result.first, first == " " || first == "\t" { result.removeFirst() }
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
