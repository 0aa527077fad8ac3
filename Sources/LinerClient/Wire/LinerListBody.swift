/// A list response (`GET /v2/lead/`) read element by element, so that one bad element costs one element.
///
/// ``LinerEnvelope/decode(_:)`` parses the whole body at once: a single lead nested deeper than the parser's
/// limit (``JSONParser/maximumDepth``) or holding invalid JSON makes the whole page unreadable, and with it
/// every later page. This reader finds the envelope's members and the `data` array's elements as byte spans
/// (iteratively: no recursion, so no depth limit) and parses each element on its own; an element that does
/// not parse is kept as a ``Element/malformed(_:)`` with the reason, and the page goes on.
public struct LinerListBody: Sendable {
    /// One element of `data`.
    public enum Element: Sendable {
        case value(JSONValue)
        /// The element's JSON could not be read; the reason says why.
        case malformed(String)
    }

    public var success: Bool
    public var message: String
    /// The elements of `data` in order, or `nil` when `data` is not an array (then ``data`` holds it).
    public var elements: [Element]?
    /// `data` when it is not an array.
    public var data: JSONValue?
    /// The raw bytes of each element, for checks on what the server sent (same order as ``elements``).
    public var elementBytes: [ArraySlice<UInt8>]

    /// Reads a list body.
    /// - Throws: ``LinerEnvelopeError`` when the body is not an envelope object at all.
    public static func decode(_ body: [UInt8]) throws(LinerEnvelopeError) -> LinerListBody {
        var scanner = SpanScanner(bytes: body)
        let members: [(String, Range<Int>)]
        do { members = try scanner.objectMembers() } catch {
            throw LinerEnvelopeError(message: "invalid JSON: \(error.reason)")
        }
        func parse(_ span: Range<Int>) throws(LinerEnvelopeError) -> JSONValue {
            do { return try JSONParser.parse(bytes: body[span]) } catch {
                throw LinerEnvelopeError(message: "invalid JSON: \(error)")
            }
        }
        if let repeated = LinerEnvelope.repeatedMember(members.map(\.0)) {
            throw LinerEnvelopeError(message: "the body gives \"\(repeated)\" twice (which one counts is not known)")
        }
        guard let successSpan = members.last(where: { $0.0 == "success" })?.1,
              let success = try parse(successSpan).boolValue
        else { throw LinerEnvelopeError(message: "the body has no boolean \"success\"") }
        var message = ""
        if let span = members.last(where: { $0.0 == "message" })?.1 {
            switch try parse(span) {
            case .null: message = ""
            case let .string(text): message = text
            case let other: message = other.jsonText
            }
        }
        var list = LinerListBody(success: success, message: message, elements: nil, data: .null, elementBytes: [])
        guard let dataSpan = members.last(where: { $0.0 == "data" })?.1 else { return list }
        let spans: [Range<Int>]
        do { spans = try scanner.arrayElements(dataSpan) } catch {
            throw LinerEnvelopeError(message: "invalid JSON in data: \(error.reason)")
        }
        guard body[dataSpan].first == UInt8(ascii: "[") else {
            list.data = try parse(dataSpan)
            return list
        }
        list.data = nil
        list.elements = spans.map { span in
            do { return .value(try JSONParser.parse(bytes: body[span])) } catch {
                return .malformed("\(error)")
            }
        }
        list.elementBytes = spans.map { body[$0] }
        return list
    }
}

/// Finds the spans of JSON values without building them (and without recursion).
struct SpanScanner {
    struct Failure: Error {
        var reason: String
    }

    let bytes: [UInt8]

    /// The members of the top-level object: each key and the span of its value.
    mutating func objectMembers() throws(Failure) -> [(String, Range<Int>)] {
        var i = skipSpace(0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { throw Failure(reason: "the body is not an object") }
        i = skipSpace(i + 1)
        var members: [(String, Range<Int>)] = []
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") { return try end(members, i + 1) }
        while true {
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw Failure(reason: "a key expected at byte \(i)") }
            let keyEnd = try stringEnd(i)
            let key: String
            do {
                guard case let .string(text) = try JSONParser.parse(bytes: bytes[i..<keyEnd]) else { throw Failure(reason: "bad key") }
                key = text
            } catch { throw Failure(reason: "a bad key at byte \(i)") }
            i = skipSpace(keyEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw Failure(reason: "':' expected at byte \(i)") }
            i = skipSpace(i + 1)
            let valueEnd = try self.valueEnd(i)
            members.append((key, i..<valueEnd))
            i = skipSpace(valueEnd)
            guard i < bytes.count else { throw Failure(reason: "the body ends inside the object") }
            if bytes[i] == UInt8(ascii: ",") {
                i = skipSpace(i + 1)
                continue
            }
            guard bytes[i] == UInt8(ascii: "}") else { throw Failure(reason: "',' or '}' expected at byte \(i)") }
            return try end(members, i + 1)
        }
    }

    private func end(_ members: [(String, Range<Int>)], _ after: Int) throws(Failure) -> [(String, Range<Int>)] {
        guard skipSpace(after) == bytes.count else { throw Failure(reason: "text after the object at byte \(after)") }
        return members
    }

    /// The spans of the elements of the array at `span` (empty when the value is not an array).
    func arrayElements(_ span: Range<Int>) throws(Failure) -> [Range<Int>] {
        guard bytes[span].first == UInt8(ascii: "[") else { return [] }
        var i = skipSpace(span.lowerBound + 1)
        var spans: [Range<Int>] = []
        if i < span.upperBound, bytes[i] == UInt8(ascii: "]") { return spans }
        while i < span.upperBound {
            let end = try valueEnd(i)
            spans.append(i..<end)
            i = skipSpace(end)
            guard i < span.upperBound else { break }
            if bytes[i] == UInt8(ascii: ",") {
                i = skipSpace(i + 1)
                continue
            }
            if bytes[i] == UInt8(ascii: "]") { return spans }
            throw Failure(reason: "',' or ']' expected at byte \(i)")
        }
        throw Failure(reason: "the array ends early")
    }

    /// The index after the value starting at `start`.
    func valueEnd(_ start: Int) throws(Failure) -> Int {
        guard start < bytes.count else { throw Failure(reason: "a value expected at the end") }
        switch bytes[start] {
        case UInt8(ascii: "\""):
            return try stringEnd(start)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: "\""):
                    i = try stringEnd(i)
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return i + 1 }
                default: break
                }
                i += 1
            }
            throw Failure(reason: "a value starting at byte \(start) does not end")
        default:
            var i = start
            while i < bytes.count {
                switch bytes[i] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x09, 0x0A, 0x0D: return i
                default: i += 1
                }
            }
            return i
        }
    }

    /// The index after the string starting (with its quote) at `start`.
    func stringEnd(_ start: Int) throws(Failure) -> Int {
        var i = start + 1
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        throw Failure(reason: "a string starting at byte \(start) does not end")
    }

    func skipSpace(_ start: Int) -> Int {
        var i = start
        while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        return i
    }
}
