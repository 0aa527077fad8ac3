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
        var builder = JSONCheckedTreeBuilder()
        do {
            return try read(bytes, into: &builder)
        } catch {
            preconditionFailure("decodeChecked is given a value the grammar checked: \(error)")
        }
    }

    /// Whether `bytes` are valid UTF-8 (no overlong forms, surrogates, code points beyond U+10FFFF or cut
    /// sequences), without making a `String`: ``validUTF8(_:)`` gives the same verdict
    /// where a `String` is wanted anyway (decoding and comparing is cheaper there than checking, then decoding).
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let end = base + bytes.count
        var p = base
        while p < end {
            // Eight bytes at a time while they hold only ASCII and two-byte sequences (Latin accents, Cyrillic) in any
            // arrangement. Bit 7 of each byte of these masks marks it as a continuation (10xxxxxx), a two-byte lead
            // (110xxxxx, and not C0/C1: one of its bits 1-4 set) or a longer lead (111xxxxx): every two-byte lead
            // must be followed by a continuation and every continuation preceded by one, across words too
            // (`pending`: the previous word's last byte was a lead). Anything else goes to the byte-wise check.
            var pending: UInt64 = 0
            while end - p >= 8 {
                let word = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
                let high = word & 0x8080_8080_8080_8080
                if high | pending == 0 {
                    p += 8
                    continue
                }
                let bit6 = word << 1, bit5 = word << 2
                let continuations = high & ~bit6
                let leads = high & bit6 & ~bit5
                let notOverlong = ((word & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E) & 0x8080_8080_8080_8080
                guard high & bit6 & bit5 == 0, leads & ~notOverlong == 0 else { break }
                guard continuations == (leads << 8) | pending else { return false }
                pending = leads >> 56
                p += 8
            }
            // A lead whose continuation is still to be read: the byte-wise check starts at it.
            if pending != 0 { p -= 1 }
            guard p < end else { return true }
            let b = p.pointee
            if b < 0x80 {
                p += 1
                continue
            }
            let left = end - p
            if b &- 0xC2 < 0x1E {  // C2...DF: two bytes (Cyrillic, Latin accents: most of what is not ASCII)
                guard left >= 2, p[1] & 0xC0 == 0x80 else { return false }
                p += 2
            } else if b & 0xF0 == 0xE0 {
                guard left >= 3, p[1] & 0xC0 == 0x80, p[2] & 0xC0 == 0x80 else { return false }
                if b == 0xE0, p[1] < 0xA0 { return false }  // overlong
                if b == 0xED, p[1] > 0x9F { return false }  // a surrogate
                p += 3
            } else if b &- 0xF0 < 5 {  // F0...F4
                guard left >= 4, p[1] & 0xC0 == 0x80, p[2] & 0xC0 == 0x80, p[3] & 0xC0 == 0x80 else { return false }
                if b == 0xF0, p[1] < 0x90 { return false }  // overlong
                if b == 0xF4, p[1] > 0x8F { return false }  // beyond U+10FFFF
                p += 4
            } else {
                return false  // a continuation byte without a lead, C0, C1, F5...FF
            }
        }
        return true
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
    var scratch: [UInt8] = []

    mutating func text(_ parser: inout JSONParser) -> String {
        do {
            if let range = try parser.readString(into: &scratch) {
                return String(decoding: UnsafeBufferPointer(rebasing: parser.bytes[range]), as: UTF8.self)
            }
        } catch {
            preconditionFailure("decodeChecked is given a value the grammar checked: \(error)")
        }
        defer { scratch.removeAll(keepingCapacity: true) }
        return String(decoding: scratch, as: UTF8.self)
    }

    typealias Members = [(String, JSONValue)]
    typealias Elements = [JSONValue]
    func scalar(_ value: JSONValue) -> JSONValue { value }
    mutating func string(_ parser: inout JSONParser) -> JSONValue { .string(text(&parser)) }
    mutating func key(_ parser: inout JSONParser) -> String { text(&parser) }
}
