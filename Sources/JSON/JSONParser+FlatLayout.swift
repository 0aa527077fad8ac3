extension JSONParser {
    /// The layout of a lead-like object read in one pass without the general parser: members whose names have no
    /// escape and whose values are strings, integers of at most 18 digits, `true`, `false`, `null` or (through the
    /// parser) anything nested. `nil` when the text holds anything else or anything wrong: ``layout(_:)`` then asks
    /// the parser, which decides. So whatever this accepts, the parser accepts with the same members; it only
    /// answers sooner for the common case. The UTF-8 of what it reads is checked as it goes (each string's content,
    /// a nested value's bytes; the rest is ASCII or refused): whatever it accepts is valid UTF-8, so ``layout(_:)``
    /// checks the text apart only when this refuses it.
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
                // The name: no escape, no control character, valid UTF-8.
                guard parser.position < count, bytes[parser.position] == UInt8(ascii: "\"") else { return nil }
                let nameStart = parser.position + 1
                guard let nameEnd = parser.validPlainRunEnd(from: nameStart),
                      nameEnd < count, bytes[nameEnd] == UInt8(ascii: "\"") else { return nil }
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
            let start = position
            do {
                try parseValue(depth: 1, into: &nested)
            } catch {
                return false
            }
            // The parser reads strings without checking their UTF-8.
            return Self.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[start..<position]))
        default:
            return false
        }
    }

    /// Moves past the string literal at `position`, its grammar and its UTF-8 checked: runs of plain bytes by
    /// ``validPlainRunEnd(_:_:)`` (a word at a time, the UTF-8 check in the same pass), escapes and `\u` surrogate pairs
    /// by ``JSONScalarTextReader/escape(_:_:into:)`` as the parser reads them, nothing kept. `false` at a control
    /// character, an invalid escape, bytes that are not UTF-8 or the end of the text.
    private mutating func skipFlatString() -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let end = base + bytes.count
        var p = base + position + 1
        var ignored = JSONScalarTextReader.Ignored()
        while true {
            guard let runEnd = Self.validPlainRunEnd(p, end), runEnd < end else { return false }
            switch runEnd.pointee {
            case UInt8(ascii: "\""):
                position = base.distance(to: runEnd) + 1
                return true
            case UInt8(ascii: "\\"):
                guard let after = JSONScalarTextReader.escape(runEnd, end, into: &ignored) else { return false }
                p = after
            default:
                return false  // a control character
            }
        }
    }

    /// ``validPlainRunEnd(_:_:)`` from offset `index`, as an offset; `nil` when the run is not valid UTF-8.
    private func validPlainRunEnd(from index: Int) -> Int? {
        guard let base = bytes.baseAddress else { return index }
        return Self.validPlainRunEnd(base + index, base + bytes.count).map { base.distance(to: $0) }
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
