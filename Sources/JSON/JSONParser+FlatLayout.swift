extension JSONParser {
    /// The layout of a lead-like object read in one pass without the general parser: members whose names have no
    /// escape and whose values are strings, integers of at most 18 digits, `true`, `false`, `null` or (through the
    /// parser) anything nested. `nil` when the text holds anything else or anything wrong: ``layout(_:)`` then asks
    /// the parser, which decides. So whatever this accepts, the parser accepts with the same members; it only
    /// answers sooner for the common case. `bytes` must be valid UTF-8 (``layout(_:)`` checks it first).
    static func flatLayout(_ bytes: UnsafeBufferPointer<UInt8>) -> [JSONObjectLayout.Member]? {
        var parser = JSONParser(bytes: bytes)
        let count = bytes.count
        parser.skipWhitespace()
        guard parser.position < count, bytes[parser.position] == UInt8(ascii: "{") else { return nil }
        parser.position += 1
        var members: [JSONObjectLayout.Member] = []
        members.reserveCapacity(JSONMembersBuilder.expectedMemberCount)
        parser.skipWhitespace()
        if parser.position < count, bytes[parser.position] == UInt8(ascii: "}") {
            parser.position += 1
        } else {
            while true {
                parser.skipWhitespace()
                // The name: no escape, no control character.
                guard parser.position < count, bytes[parser.position] == UInt8(ascii: "\"") else { return nil }
                let nameStart = parser.position + 1
                let nameEnd = parser.plainRunEnd(from: nameStart)
                guard nameEnd < count, bytes[nameEnd] == UInt8(ascii: "\"") else { return nil }
                parser.position = nameEnd + 1
                parser.skipWhitespace()
                guard parser.position < count, bytes[parser.position] == UInt8(ascii: ":") else { return nil }
                parser.position += 1
                parser.skipWhitespace()
                let valueStart = parser.position
                guard parser.skipFlatValue() else { return nil }
                members.append(JSONObjectLayout.Member(nameStart: Int32(nameStart), nameEnd: Int32(nameEnd),
                                                       valueStart: Int32(valueStart), valueEnd: Int32(parser.position)))
                parser.skipWhitespace()
                guard parser.position < count else { return nil }
                if bytes[parser.position] == UInt8(ascii: ",") {
                    parser.position += 1
                    continue
                }
                guard bytes[parser.position] == UInt8(ascii: "}") else { return nil }
                parser.position += 1
                break
            }
        }
        parser.skipWhitespace()
        return parser.position == count ? members : nil
    }

    /// Moves past the value at `position` when it is one ``flatLayout(_:)`` reads (a container is read by the
    /// parser, as a member's value of the top-level object); `false` when it is not, or is not JSON.
    private mutating func skipFlatValue() -> Bool {
        guard position < bytes.count else { return false }
        switch bytes[position] {
        case UInt8(ascii: "\""):
            return skipFlatString()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return skipPlainInteger()
        case UInt8(ascii: "t"):
            return (try? literal("true")) != nil
        case UInt8(ascii: "f"):
            return (try? literal("false")) != nil
        case UInt8(ascii: "n"):
            return (try? literal("null")) != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // A member's value sits at depth 1; the builder notes members only at depth 1, so none of these.
            var nested = JSONLayoutBuilder()
            nested.depth = 1
            do {
                try parseValue(depth: 1, into: &nested)
                return true
            } catch {
                return false
            }
        default:
            return false
        }
    }

    /// Moves past the string literal at `position`, its grammar checked by ``JSONScalarTextReader/string(_:_:into:)``
    /// (runs of plain bytes a word at a time, escapes and `\u` surrogate pairs as the parser reads them), nothing kept.
    /// `false` at a control character, an invalid escape or the end of the text.
    private mutating func skipFlatString() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        var ignored = JSONScalarTextReader.Ignored()
        guard let after = JSONScalarTextReader.string(base + position, base + bytes.count, into: &ignored) else { return false }
        position = base.distance(to: after)
        return true
    }

    /// Moves past the integer at `position` when it is written `-?(0|[1-9][0-9]*)` with at most 18 digits and no
    /// fraction or exponent follows; `false` otherwise (the parser reads the rest).
    private mutating func skipPlainInteger() -> Bool {
        var index = position
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        let digitsStart = index
        while index < bytes.count, bytes[index] &- 48 < 10 { index += 1 }
        let digits = index - digitsStart
        guard digits > 0, digits <= 18 else { return false }
        if digits > 1, bytes[digitsStart] == UInt8(ascii: "0") { return false }
        if index < bytes.count {
            let next = bytes[index]
            if next == UInt8(ascii: ".") || next == UInt8(ascii: "e") || next == UInt8(ascii: "E") { return false }
        }
        position = index
        return true
    }
}
