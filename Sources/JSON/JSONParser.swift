#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small, strict JSON parser (RFC 8259) over UTF-8 bytes.
///
/// Hand-written because reading leads is on the hot path of `enrich run` (a million leads a
/// run): it parses straight into ``JSONValue`` without Foundation's bridging. Errors name the
/// byte offset and what was expected.
///
/// Duplicate object keys are kept in order (``JSONValue/subscript(_:)`` returns the first); callers
/// that must reject them (Liner's update validation) check ``JSONValue/objectMembers``. A number too
/// large for a `Double` is an error, not infinity (it could not be written back).
public struct JSONParser {
    /// A syntax error: where (byte offset in the text) and what.
    public struct Error: Swift.Error, Sendable, Equatable, CustomStringConvertible {
        public var offset: Int
        public var message: String
        public var description: String { "\(message) at byte \(offset + 1)" }
    }

    /// Nesting deeper than this is refused (a guard against stack exhaustion).
    public static let maximumDepth = 256

    /// Parses one JSON document from `text`.
    public static func parse(_ text: String) throws(Error) -> JSONValue {
        var copy = text
        let result: Result<JSONValue, Error> = copy.withUTF8 { buffer in
            Result { () throws(Error) in try parse(buffer) }
        }
        return try result.get()
    }

    /// Parses one JSON document from UTF-8 `bytes` of any collection (`[UInt8]`, `Data`, a slice).
    public static func parse(bytes: some Collection<UInt8>) throws(Error) -> JSONValue {
        let result: Result<JSONValue, Error>? = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(Error) in try parse(buffer) }
        }
        if let result { return try result.get() }
        return try parse(bytes: Array(bytes))
    }

    /// Parses one JSON document from UTF-8 `bytes` (white space around it allowed).
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(Error) -> JSONValue {
        var builder = JSONTreeBuilder()
        return try read(bytes, into: &builder)
    }

    /// Reads the one document in `bytes` (white space around it allowed) into `builder`: the grammar
    /// every way of reading JSON shares, so all of them accept and refuse the same texts, with the same errors.
    static func read<Builder: JSONBuilder>(_ bytes: UnsafeBufferPointer<UInt8>, into builder: inout Builder) throws(Error) -> Builder.Value {
        var parser = JSONParser(bytes: bytes)
        parser.skipWhitespace()
        let value = try parser.parseValue(depth: 0, into: &builder)
        parser.skipWhitespace()
        guard parser.position == bytes.count else { throw parser.error("unexpected text after the JSON value") }
        return value
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0

    func error(_ message: String) -> Error { Error(offset: position, message: message) }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    mutating func parseValue<Builder: JSONBuilder>(depth: Int, into builder: inout Builder) throws(Error) -> Builder.Value {
        guard position < bytes.count else { throw error("unexpected end of JSON") }
        guard depth < JSONParser.maximumDepth else { throw error("JSON nested too deeply") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject(depth: depth, into: &builder)
        case UInt8(ascii: "["): return try parseArray(depth: depth, into: &builder)
        case UInt8(ascii: "\""): return try builder.string(&self)
        case UInt8(ascii: "t"): try literal("true"); return builder.scalar(.bool(true))
        case UInt8(ascii: "f"): try literal("false"); return builder.scalar(.bool(false))
        case UInt8(ascii: "n"): try literal("null"); return builder.scalar(.null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return builder.scalar(try parseNumber())
        default: throw error("expected a JSON value")
        }
    }

    mutating func literal(_ word: StaticString) throws(Error) {
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("expected '\(word)'") }
        for i in 0..<count where bytes[position + i] != word.utf8Start[i] { throw error("expected '\(word)'") }
        position += count
    }

    mutating func parseObject<Builder: JSONBuilder>(depth: Int, into builder: inout Builder) throws(Error) -> Builder.Value {
        position += 1
        var members = builder.beginObject()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "}") {
            position += 1
            return builder.endObject(members)
        }
        while true {
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") else { throw error("expected a member name in quotes") }
            let key = try builder.key(&self)
            skipWhitespace()
            guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            let valueStart = position
            let value = try parseValue(depth: depth + 1, into: &builder)
            builder.addMember(key, value, spanning: valueStart..<position, to: &members)
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of JSON in an object") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "}") { position += 1; return builder.endObject(members) }
            throw error("expected ',' or '}'")
        }
    }

    mutating func parseArray<Builder: JSONBuilder>(depth: Int, into builder: inout Builder) throws(Error) -> Builder.Value {
        position += 1
        var elements = builder.beginArray()
        skipWhitespace()
        if position < bytes.count, bytes[position] == UInt8(ascii: "]") {
            position += 1
            return builder.endArray(elements)
        }
        while true {
            skipWhitespace()
            let element = try parseValue(depth: depth + 1, into: &builder)
            builder.addElement(element, to: &elements)
            skipWhitespace()
            guard position < bytes.count else { throw error("unexpected end of JSON in an array") }
            if bytes[position] == UInt8(ascii: ",") { position += 1; continue }
            if bytes[position] == UInt8(ascii: "]") { position += 1; return builder.endArray(elements) }
            throw error("expected ',' or ']'")
        }
    }

    /// Reads the string literal at `position` (its opening quote) up to and past its closing quote.
    /// A string without escapes is not copied: its bytes' range in the input is returned and `decoded` is
    /// left alone. Otherwise its bytes, escapes decoded, are appended to `decoded` and the result is `nil`.
    /// UTF-8 is not checked here: a caller that makes a `String` validates (``validatedString(_:)``,
    /// ``decodedString(_:start:)``); text read from a `String` is valid already.
    @inline(__always)
    mutating func readString<Sink: JSONStringSink>(into decoded: inout Sink) throws(Error) -> Range<Int>? {
        let start = position + 1
        // Fast path: no escapes.
        let end = plainRunEnd(from: start)
        position = end
        if end < bytes.count {
            if bytes[end] == UInt8(ascii: "\"") {
                position = end + 1
                return start..<end
            }
            if bytes[end] < 0x20 { throw error("control character in a JSON string") }
        }
        try readEscapedString(from: start, into: &decoded)
        return nil
    }

    /// Reads the string literal at `position` past its closing quote, its grammar checked and nothing kept; returns
    /// its bytes' range when it has no escape. UTF-8 is not checked (see ``readString(into:)``).
    @discardableResult
    mutating func skipString() throws(Error) -> Range<Int>? {
        var ignored = JSONIgnoredString()
        return try readString(into: &ignored)
    }

    /// The rest of ``readString(into:)`` for a string with escapes, from its first backslash (or its end):
    /// `start` is its first byte.
    mutating func readEscapedString<Sink: JSONStringSink>(from start: Int, into decoded: inout Sink) throws(Error) {
        decoded.appendRun(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        while position < bytes.count {
            let byte = bytes[position]
            switch byte {
            case UInt8(ascii: "\""):
                position += 1
                return
            case UInt8(ascii: "\\"):
                position += 1
                guard position < bytes.count else { break }
                let escaped = bytes[position]
                position += 1
                switch escaped {
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800..<0xDC00).contains(scalar) {
                        guard position + 1 < bytes.count, bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u") else {
                            throw error("unpaired surrogate in a JSON string")
                        }
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate in a JSON string") }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00..<0xE000).contains(scalar) {
                        throw error("unpaired surrogate in a JSON string")
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw error("invalid \\u escape") }
                    decoded.appendEscaped(unicode)
                default:
                    guard let byte = Self.oneCharacterEscape(escaped) else {
                        position -= 1
                        throw error("invalid escape in a JSON string")
                    }
                    decoded.appendEscaped(byte)
                }
            default:
                if byte < 0x20 { throw error("control character in a JSON string") }
                // A run of plain bytes, copied at once.
                let run = position
                position = plainRunEnd(from: position + 1)
                decoded.appendRun(UnsafeBufferPointer(rebasing: bytes[run..<position]))
            }
        }
        throw error("unterminated JSON string")
    }

    /// The character `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r` or `\t` stands for, given the character after the
    /// backslash; `nil` for any other (`u` included: its scalar follows).
    @inline(__always)
    static func oneCharacterEscape(_ escaped: UInt8) -> UInt8? {
        switch escaped {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return escaped
        case UInt8(ascii: "b"): return 0x08
        case UInt8(ascii: "f"): return 0x0C
        case UInt8(ascii: "n"): return 0x0A
        case UInt8(ascii: "r"): return 0x0D
        case UInt8(ascii: "t"): return 0x09
        default: return nil
        }
    }

    /// The index of the first quote, backslash or control character at or after `index` in a string literal
    /// (or the end of the input). Eight bytes are tested at a time, and the word that holds one says which byte
    /// it is: runs between escapes are short (a quiz log is mostly `\"`-escaped names and answers).
    @inline(__always)
    func plainRunEnd(from index: Int) -> Int {
        var index = index
        let count = bytes.count
        if let base = bytes.baseAddress {
            while index + 8 <= count {
                let special = Self.specialBytes(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)))
                if special != 0 { return index + special.trailingZeroBitCount >> 3 }
                index += 8
            }
        }
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return index }
            index += 1
        }
        return index
    }

    /// The top bit of each byte of `word` (byte 0 lowest) set where the byte is a quote, a backslash or below 0x20,
    /// exact up to the first such byte: a byte is zero exactly where `x - 1` borrows into its top bit while `x`'s
    /// top bit is clear, below 0x20 likewise with `x - 0x20`, and no byte below the first such one borrows. Bytes
    /// above it may be marked wrongly (a borrow goes on up): only the lowest mark is to be read.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let quote = word ^ (ones &* 0x22), backslash = word ^ (ones &* 0x5C)
        let found = ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)
        return found & (ones &* 0x80)
    }

    /// The string literal at `position` as a `String` (UTF-8 validated).
    mutating func parseString() throws(Error) -> String {
        let start = position + 1
        var decoded: [UInt8] = []
        if let range = try readString(into: &decoded) { return try validatedString(range) }
        return try decodedString(decoded, start: start)
    }

    func validatedString(_ range: Range<Int>) throws(Error) -> String {
        guard let text = Self.validUTF8(UnsafeBufferPointer(rebasing: bytes[range])) else {
            throw Error(offset: range.lowerBound, message: "invalid UTF-8 in a JSON string")
        }
        return text
    }

    func decodedString(_ decoded: [UInt8], start: Int) throws(Error) -> String {
        guard let text = decoded.withUnsafeBufferPointer(Self.validUTF8) else {
            throw Error(offset: start, message: "invalid UTF-8 in a JSON string")
        }
        return text
    }

    /// `bytes` as a `String` when they are valid UTF-8, else `nil`. `String(validating:as:)` costs a generic
    /// metadata lookup per call (about 500 instructions, for every key and value of every lead), and
    /// `String(decoding:as:)` checks Cyrillic at about 12 instructions a byte: the bytes are checked here eight at
    /// a time (``isValidUTF8(_:)``), then copied unchecked. ASCII, most keys and values, is copied at once.
    static func validUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if isASCII(bytes) { return String(decoding: bytes, as: UTF8.self) }
        return isValidUTF8(bytes) ? String(checkedUTF8: bytes) : nil
    }

    mutating func hex4() throws(Error) -> UInt32 {
        guard position + 4 <= bytes.count else { throw error("invalid \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[position]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - 48)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - 87)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - 55)
            default: throw error("invalid \\u escape")
            }
            value = value << 4 | digit
            position += 1
        }
        return value
    }

    mutating func parseNumber() throws(Error) -> JSONValue {
        let start = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        guard position < bytes.count, bytes[position].isASCIIDigit else { throw error("expected a digit") }
        if bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, bytes[position].isASCIIDigit { throw error("leading zero in a number") }
        } else {
            while position < bytes.count, bytes[position].isASCIIDigit { position += 1 }
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard position < bytes.count, bytes[position].isASCIIDigit else { throw error("expected a digit after '.'") }
            while position < bytes.count, bytes[position].isASCIIDigit { position += 1 }
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") { position += 1 }
            guard position < bytes.count, bytes[position].isASCIIDigit else { throw error("expected a digit in the exponent") }
            while position < bytes.count, bytes[position].isASCIIDigit { position += 1 }
        }
        // An integer of at most 18 digits fits in an `Int` whatever its digits: summed (``plainInteger(_:)``), no
        // `String` made (ids, priorities, offsets: several in every lead). Longer ones go through `Int(_:)`, which
        // knows the limit.
        if isInteger, let value = Self.plainInteger(UnsafeBufferPointer(rebasing: bytes[start..<position])) { return .int(value) }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        if isInteger, let value = Int(text) { return .int(value) }
        guard let value = Double(text) else { throw Error(offset: start, message: "invalid number") }
        guard value.isFinite else { throw Error(offset: start, message: "number out of range") }
        return .double(value)
    }
}

/// Where ``JSONParser/readEscapedString(from:into:)`` puts a string literal's content: its runs of plain bytes
/// as written, and what its escapes stand for. An array of bytes collects the decoded string; ``JSONIgnoredString``
/// drops it.
protocol JSONStringSink {
    /// Bytes of the literal as written (no quote, backslash or control character among them).
    mutating func appendRun(_ run: UnsafeBufferPointer<UInt8>)
    /// The character an escape such as `\n` or `\"` stands for (ASCII).
    mutating func appendEscaped(_ byte: UInt8)
    /// The scalar a `\u` escape (or a pair of them) stands for.
    mutating func appendEscaped(_ scalar: Unicode.Scalar)
}

extension Array: JSONStringSink where Element == UInt8 {
    mutating func appendRun(_ run: UnsafeBufferPointer<UInt8>) { append(contentsOf: run) }
    mutating func appendEscaped(_ byte: UInt8) { append(byte) }
    mutating func appendEscaped(_ scalar: Unicode.Scalar) { append(contentsOf: scalar.utf8) }
}

/// Writes bytes (a string literal's, decoded) into memory the caller provides and sizes for what is written (a
/// literal decodes to at most as many bytes as it is written with): no growth, unlike an array. Writing beyond
/// `capacity` stops the program rather than overwrite memory: the callers' sizes are proved, this checks them.
struct JSONBufferSink: JSONStringSink {
    let base: UnsafeMutablePointer<UInt8>
    let capacity: Int
    /// How many bytes are written from `base`.
    var count = 0

    init(_ base: UnsafeMutablePointer<UInt8>, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    mutating func appendRun(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress else { return }
        precondition(run.count <= capacity - count, "JSONBufferSink: a write beyond the buffer")
        (base + count).update(from: source, count: run.count)
        count += run.count
    }

    mutating func appendEscaped(_ byte: UInt8) {
        precondition(count < capacity, "JSONBufferSink: a write beyond the buffer")
        base[count] = byte
        count += 1
    }

    mutating func appendEscaped(_ scalar: Unicode.Scalar) {
        for byte in scalar.utf8 { appendEscaped(byte) }
    }
}

/// Drops a string literal's content (its grammar is still checked): for readers that check UTF-8 elsewhere.
struct JSONIgnoredString: JSONStringSink {
    func appendRun(_ run: UnsafeBufferPointer<UInt8>) {}
    func appendEscaped(_ byte: UInt8) {}
    func appendEscaped(_ scalar: Unicode.Scalar) {}
}

extension UInt8 {
    var isASCIIDigit: Bool { self >= 48 && self <= 57 }
}
