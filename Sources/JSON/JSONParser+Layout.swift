#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each member of a JSON object lies in its text: found by one pass that checks the whole document as
/// ``JSONParser/parse(_:)-(UnsafeBufferPointer<UInt8>)`` does, building no value.
///
/// This is how a lead is read lazily: the line's bytes are kept with this layout, and a member is decoded
/// (``JSONParser/decodeChecked(_:)``) only when something reads it.
public struct JSONObjectLayout: Sendable, Equatable {
    /// One top-level member: the bytes of its name (between the quotes; names with escapes are not laid out, see
    /// ``JSONParser/layout(_:)``) and of its value, as offsets in the document.
    public struct Member: Sendable, Equatable {
        public let nameStart: Int32
        public let nameEnd: Int32
        public let valueStart: Int32
        public let valueEnd: Int32

        public var name: Range<Int> { Int(nameStart)..<Int(nameEnd) }
        public var value: Range<Int> { Int(valueStart)..<Int(valueEnd) }
    }

    /// The members in document order (a name may come twice: readers take the last, as a dictionary would).
    public let members: [Member]
}

extension JSONParser {
    /// The layout of the JSON object in `bytes` (white space around it allowed), or `nil` when the text is not
    /// an object whose members can be laid out: it is not JSON (``parse(_:)-(UnsafeBufferPointer<UInt8>)``
    /// would throw), not an object, a member name holds an escape, or the document is too large for 32-bit
    /// offsets. Whatever this accepts, the parser accepts, with the same strings (UTF-8 is checked alike).
    public static func layout(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONObjectLayout? {
        // The whole text is checked as UTF-8 in one pass, not string by string: outside strings JSON is ASCII, and
        // in a string the runs of plain bytes are separated by ASCII escapes that stand for whole scalars, so the
        // text is valid exactly when every decoded string is (the grammar refuses lone surrogates itself).
        guard bytes.count < Int(Int32.max), isValidUTF8(bytes) else { return nil }
        // Most leads: flat members of strings, integers and literals, read in one pass; anything else, the parser.
        if let members = flatLayout(bytes) { return JSONObjectLayout(members: members) }
        return parsedLayout(bytes)
    }

    /// ``layout(_:)`` by the parser, for text whose UTF-8 was checked.
    static func parsedLayout(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONObjectLayout? {
        var builder = JSONLayoutBuilder()
        do {
            try read(bytes, into: &builder)
        } catch {
            return nil
        }
        guard builder.isObject, !builder.escapedName else { return nil }
        return JSONObjectLayout(members: builder.members)
    }

    /// The value in `bytes`, which hold one JSON value already checked (a member's value range in a text
    /// ``layout(_:)`` accepted): its strings are not validated as UTF-8 again.
    public static func decodeChecked(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue {
        // What fields hold, read without the parser: strings, integers, null, booleans.
        if let value = scalarValue(bytes) { return value }
        // Arrays, objects and numbers with a fraction or an exponent: the parser. A string with escapes decodes to
        // fewer bytes than it is written with: one buffer of the value's length (on the stack when small) holds any.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(bytes.count, 1)) { scratch in
            var builder = JSONCheckedTreeBuilder(scratch: JSONBufferSink(scratch.baseAddress!, capacity: scratch.count))
            do {
                return try read(bytes, into: &builder)
            } catch {
                preconditionFailure("decodeChecked is given a value the grammar checked: \(error)")
            }
        }
    }
}

extension JSONParser {
    /// The value in `bytes` (one value, checked, nothing around it) when it is a string (``checkedString(_:)``), an
    /// integer of at most 18 digits (``plainInteger(_:)``), `null`, `true` or `false`; `nil` for anything else.
    static func scalarValue(_ bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        guard let first = bytes.first else { return nil }
        switch first {
        case UInt8(ascii: "\""):
            // Checked: the closing quote is the last byte.
            guard bytes.count >= 2, bytes[bytes.count - 1] == UInt8(ascii: "\"") else { return nil }
            return .string(checkedString(UnsafeBufferPointer(rebasing: bytes[1..<(bytes.count - 1)])))
        case UInt8(ascii: "n"): return bytes.count == 4 ? .null : nil
        case UInt8(ascii: "t"): return bytes.count == 4 ? .bool(true) : nil
        case UInt8(ascii: "f"): return bytes.count == 5 ? .bool(false) : nil
        default: return plainInteger(bytes).map(JSONValue.int)
        }
    }

    /// The string the content of a checked string literal (between its quotes) stands for: every backslash starts
    /// a valid escape, `\u` escapes are valid hexadecimal and surrogates come in pairs, so the escapes' grammar is not
    /// checked. A literal without a backslash (one `memchr`: most fields) is the string as it stands. Otherwise the
    /// literal is copied eight bytes a step into a buffer eight bytes longer than it, each word stored whole and the
    /// first backslash in it found from the word (``backslashes(_:)``): runs between escapes are short in a quiz log
    /// (~80 `\"`), where a `memchr` and a `memcpy` per run cost more than the run. What an escape reads is still kept
    /// within the literal (`precondition`): text that was not checked stops the program, never reads beyond it.
    package static func checkedString(_ literal: UnsafeBufferPointer<UInt8>) -> String {
        guard let base = literal.baseAddress else { return "" }
        let count = literal.count
        guard memchr(base, Int32(UInt8(ascii: "\\")), count) != nil else { return String(checkedUTF8: literal) }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count + 8) { buffer in
            let written = decodeCheckedString(literal, into: buffer.baseAddress!)
            return String(checkedUTF8: UnsafeBufferPointer(start: buffer.baseAddress!, count: written))
        }
    }

    /// The UTF-8 of ``checkedString(_:)`` written to `out`, which has room for `literal.count + 8` bytes; returns how
    /// many bytes it wrote (at most `literal.count`). For callers that keep the text in memory of their own (the
    /// evaluator's per-lead text buffer) rather than in a new `String`.
    package static func decodeCheckedString(_ literal: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        guard let base = literal.baseAddress else { return 0 }
        let count = literal.count
        // An escape decodes to fewer bytes than it is written with, so `written <= read` throughout: a word stored at
        // `written` while `read + 8 <= count` ends within the buffer's `count + 8` bytes.
        do {
            var read = 0, written = 0
            func hex(at index: Int) -> UInt32 {
                var value: UInt32 = 0
                for offset in 0..<4 {
                    let byte = UInt32(base[index + offset])
                    // 0-9, a-f, A-F (checked): the low nibble of a digit, plus 9 for a letter.
                    value = value << 4 | ((byte & 0xF) &+ (byte >> 6) &* 9)
                }
                return value
            }
            while true {
                // The plain run from `read` to the next backslash (or the end), copied.
                var backslash = count
                while read + 8 <= count {
                    let word = UnsafeRawPointer(base + read).loadUnaligned(as: UInt64.self)
                    UnsafeMutableRawPointer(out + written).storeBytes(of: word, as: UInt64.self)
                    let found = Self.backslashes(UInt64(littleEndian: word))
                    if found != 0 {
                        let offset = found.trailingZeroBitCount >> 3
                        read += offset
                        written += offset
                        backslash = read
                        break
                    }
                    read += 8
                    written += 8
                }
                if backslash == count {
                    // Fewer than eight bytes left: byte by byte.
                    while read < count {
                        let byte = base[read]
                        if byte == UInt8(ascii: "\\") {
                            backslash = read
                            break
                        }
                        out[written] = byte
                        read += 1
                        written += 1
                    }
                    if backslash == count { break }
                }
                precondition(backslash + 1 < count, "checkedString: an escape cut at the end of the literal")
                let escaped = base[backslash + 1]
                read = backslash + 2
                if escaped == UInt8(ascii: "u") {
                    precondition(read + 4 <= count, "checkedString: a \\u escape cut at the end of the literal")
                    var scalar = hex(at: read)
                    read += 4
                    if scalar >= 0xD800, scalar < 0xDC00 {
                        precondition(read + 6 <= count, "checkedString: a surrogate pair cut at the end of the literal")
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) &+ (hex(at: read + 2) &- 0xDC00)
                        read += 6
                    }
                    for byte in Unicode.Scalar(scalar)!.utf8 {
                        out[written] = byte
                        written += 1
                    }
                } else {
                    out[written] = oneCharacterEscape(escaped)!
                    written += 1
                }
            }
            return written
        }
    }

    /// The top bit of each byte of `word` (byte 0 lowest) set where the byte is a backslash, exact up to the first
    /// one (as ``specialBytes(_:)``: only the lowest mark is to be read).
    @inline(__always)
    static func backslashes(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let backslash = word ^ (ones &* 0x5C)
        return (backslash &- ones) & ~backslash & (ones &* 0x80)
    }

    /// The integer a checked JSON value is when it is a number of at most 18 digits without fraction or exponent
    /// (what the parser reads as `.int`, summing its digits), else `nil`.
    public static func plainInteger(_ value: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !value.isEmpty else { return nil }
        var index = 0
        let negative = value[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        let digits = value.count - index
        guard digits > 0, digits <= 18 else { return nil }
        var result = 0
        while index < value.count {
            let digit = value[index] &- 48
            guard digit < 10 else { return nil }
            result = result &* 10 &+ Int(digit)
            index += 1
        }
        return negative ? -result : result
    }
}

/// Checks a document's grammar as the tree builder would (its UTF-8 is checked apart) and notes where the top-level object's
/// members lie (``JSONParser/layout(_:)``).
struct JSONLayoutBuilder: JSONBuilder {
    typealias Value = Void
    /// A member name's bytes, `nil` when it holds an escape.
    typealias Key = Range<Int>?
    typealias Members = Void
    typealias Elements = Void

    var members: [JSONObjectLayout.Member] = []
    var isObject = false
    var escapedName = false
    /// How many containers are open: the top-level object's members are noted at depth 1.
    var depth = 0

    // Strings are read without being kept: their UTF-8 was checked with the whole text.
    func scalar(_ value: JSONValue) {}
    func string(_ parser: inout JSONParser) throws(JSONParser.Error) { try parser.skipString() }
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) -> Range<Int>? { try parser.skipString() }

    mutating func beginObject() {
        if depth == 0 {
            isObject = true
            members.reserveCapacity(JSONMembersBuilder.expectedMemberCount)
        }
        depth += 1
    }
    mutating func addMember(_ key: Range<Int>?, _ value: Void, spanning range: Range<Int>, to list: inout Void) {
        guard depth == 1 else { return }
        guard let key else {
            escapedName = true
            return
        }
        members.append(JSONObjectLayout.Member(nameStart: Int32(key.lowerBound), nameEnd: Int32(key.upperBound),
                                               valueStart: Int32(range.lowerBound), valueEnd: Int32(range.upperBound)))
    }
    mutating func endObject(_ members: Void) { depth -= 1 }

    mutating func beginArray() { depth += 1 }
    mutating func endArray(_ elements: Void) { depth -= 1 }
}

/// Builds the tree of a value already checked (``JSONParser/decodeChecked(_:)``): as ``JSONTreeBuilder`` does, but
/// strings are made without checking their UTF-8 again.
struct JSONCheckedTreeBuilder: JSONBuilder {
    /// Where a string with escapes is decoded: as long as the whole value, so no string overflows it.
    var scratch: JSONBufferSink

    mutating func text(_ parser: inout JSONParser) -> String {
        scratch.count = 0
        do {
            if let range = try parser.readString(into: &scratch) {
                return String(checkedUTF8: UnsafeBufferPointer(rebasing: parser.bytes[range]))
            }
        } catch {
            preconditionFailure("decodeChecked is given a value the grammar checked: \(error)")
        }
        return String(checkedUTF8: scratch.bytes)
    }

    typealias Members = [(String, JSONValue)]
    typealias Elements = [JSONValue]
    func scalar(_ value: JSONValue) -> JSONValue { value }
    mutating func string(_ parser: inout JSONParser) -> JSONValue { .string(text(&parser)) }
    mutating func key(_ parser: inout JSONParser) -> String { text(&parser) }
}
