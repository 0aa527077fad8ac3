/// UTF-8 checked once: whether bytes are valid, and strings made of bytes already checked without checking them again.
extension JSONParser {
    /// Whether `bytes` are valid UTF-8 (no overlong forms, surrogates, code points beyond U+10FFFF or cut
    /// sequences), without making a `String` (``validUTF8(_:)`` makes one of bytes this accepts).
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

    /// Whether `bytes` hold only ASCII (eight bytes a step, stopping at the first that is not).
    @usableFromInline
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let end = base + bytes.count
        var p = base
        while end - p >= 8 {
            if UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            p += 8
        }
        while p < end {
            if p.pointee >= 0x80 { return false }
            p += 1
        }
        return true
    }
}

extension String {
    /// A string of `bytes`, which the caller knows are valid UTF-8 (``JSONParser/isValidUTF8(_:)`` said so, of them
    /// or of the whole text they were taken from, or the caller wrote them itself from scalars): they are not
    /// checked again, which the standard library's `String(decoding:as:)` does at about 12 instructions a byte
    /// of Cyrillic. ASCII goes through ``init(ascii:)`` (a small string's words written directly; a longer one
    /// through `String(decoding:as:)`, whose own ASCII path is as cheap), which marks the string as ASCII (equality
    /// and hashing take their fast paths on that mark). Debug builds check the claim.
    /// (Before Swift 6.2, which brought `UTF8Span`, the bytes are checked again.)
    package init(checkedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        assert(JSONParser.isValidUTF8(bytes), "String(checkedUTF8:) given bytes that are not valid UTF-8")
        if JSONParser.isASCII(bytes) {
            self = String(ascii: bytes)
        } else {
            #if compiler(>=6.2)
            self = unsafe String(copying: UTF8Span(unchecked: bytes.span))
            #else
            // Before Swift 6.2 (no `UTF8Span`): the standard library checks again.
            self = String(decoding: bytes, as: UTF8.self)
            #endif
        }
    }

    /// ``init(checkedUTF8:)-(UnsafeBufferPointer<UInt8>)`` of an array's bytes.
    package init(checkedUTF8 bytes: [UInt8]) {
        self = bytes.withUnsafeBufferPointer { String(checkedUTF8: $0) }
    }
}
