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
            if p.pointee < 0x80 {
                p += 1
                continue
            }
            let length = scalarLength(p, end)
            guard length > 0 else { return false }
            p += length
        }
        return true
    }

    /// How many bytes the UTF-8 sequence of one scalar at `p` (whose first byte is not ASCII) takes, or 0 when the
    /// bytes from `p` to `end` do not start with one (an overlong form, a surrogate, a code point beyond U+10FFFF, a
    /// cut sequence, a continuation byte without a lead, C0, C1, F5...FF): the byte-wise rules of ``isValidUTF8(_:)``
    /// and ``validPlainRunEnd(_:_:)``.
    @inline(__always)
    static func scalarLength(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Int {
        let b = p.pointee
        let left = end - p
        if b &- 0xC2 < 0x1E {  // C2...DF: two bytes (Cyrillic, Latin accents: most of what is not ASCII)
            guard left >= 2, p[1] & 0xC0 == 0x80 else { return 0 }
            return 2
        } else if b & 0xF0 == 0xE0 {
            guard left >= 3, p[1] & 0xC0 == 0x80, p[2] & 0xC0 == 0x80 else { return 0 }
            if b == 0xE0, p[1] < 0xA0 { return 0 }  // overlong
            if b == 0xED, p[1] > 0x9F { return 0 }  // a surrogate
            return 3
        } else if b &- 0xF0 < 5 {  // F0...F4
            guard left >= 4, p[1] & 0xC0 == 0x80, p[2] & 0xC0 == 0x80, p[3] & 0xC0 == 0x80 else { return 0 }
            if b == 0xF0, p[1] < 0x90 { return 0 }  // overlong
            if b == 0xF4, p[1] > 0x8F { return 0 }  // beyond U+10FFFF
            return 4
        }
        return 0  // a continuation byte without a lead, C0, C1, F5...FF
    }

    /// The end of the run of plain string bytes from `p`: the first quote, backslash or control byte (below 0x20) at
    /// or after `p`, or `end`; `nil` when the run is not valid UTF-8. One pass does both, the string scan of
    /// ``plainRunEnd(from:)`` and the UTF-8 check of ``isValidUTF8(_:)`` (the run is read once, not once per check):
    /// eight bytes a step while they hold only ASCII and two-byte sequences before the first special byte, which
    /// ends the run (a two-byte lead just before it is cut), the rest byte by byte. The special bytes are ASCII, so no
    /// sequence of a valid text spans them: a text is valid UTF-8 exactly when each of its runs between them is.
    static func validPlainRunEnd(_ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        var p = start
        while true {
            // `pending`: the previous word's last byte was a two-byte lead (its top bit, at bit 7).
            var pending: UInt64 = 0
            while end - p >= 8 {
                let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
                let special = specialBytes(word)
                let high = word & 0x8080_8080_8080_8080
                if special | high | pending == 0 {
                    p += 8
                    continue
                }
                // Only the bytes before the first special one belong to the run (`special` is exact up to it).
                let count = special == 0 ? 8 : special.trailingZeroBitCount &>> 3
                let inRun: UInt64 = count == 8 ? ~0 : (1 &<< UInt64(count &* 8)) &- 1
                let bit6 = word &<< 1, bit5 = word &<< 2
                let runHigh = high & inRun
                let continuations = runHigh & ~bit6
                let leads = runHigh & bit6 & ~bit5
                let notOverlong = ((word & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7E7E_7E7E_7E7E_7E7E) & 0x8080_8080_8080_8080
                // Three- and four-byte leads, C0 and C1: byte by byte.
                guard runHigh & bit6 & bit5 == 0, leads & ~notOverlong == 0 else { break }
                let expected = (leads &<< 8) | pending
                guard continuations == expected & inRun else { return nil }
                if count < 8 {
                    // The special byte ends the run: no lead may wait for it.
                    guard expected & ~inRun & (0xFF &<< UInt64(count &* 8)) == 0 else { return nil }
                    return p + count
                }
                pending = leads &>> 56
                p += 8
            }
            // A lead whose continuation is still to be read: the byte-wise check starts at it.
            if pending != 0 { p -= 1 }
            // Byte by byte up to the next special byte or the next sequence of three or four bytes, then words again.
            while p < end {
                let byte = p.pointee
                if byte < 0x80 {
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { return p }
                    p += 1
                    continue
                }
                let length = scalarLength(p, end)
                guard length > 0 else { return nil }
                p += length
                if length > 2 { break }
            }
            if p == end { return p }
        }
    }

    /// Whether `bytes` hold only ASCII (eight bytes a step, stopping at the first that is not).
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
    /// of Cyrillic. ASCII goes through `String(decoding:as:)`, whose own ASCII path is as cheap and marks the
    /// string as ASCII (equality and hashing take their fast paths on that mark). Debug builds check the claim.
    /// (Before Swift 6.2, which brought `UTF8Span`, the bytes are checked again.)
    package init(checkedUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        assert(JSONParser.isValidUTF8(bytes), "String(checkedUTF8:) given bytes that are not valid UTF-8")
        if JSONParser.isASCII(bytes) {
            self = String(decoding: bytes, as: UTF8.self)
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
