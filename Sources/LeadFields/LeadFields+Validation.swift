/// The checks Liner's update applies to field values: one implementation for the language's checker,
/// the engine and the wire validator (each words its own message).
extension LeadFields {
    /// Whole-hour UTC offsets the API accepts (``LeadField/Kind/utcOffset``).
    public static let utcOffsetRange = -12...14

    /// How many digits an E.164 phone holds (``LeadField/Kind/phone``).
    public static let phoneDigitCount = 10...15

    /// The digits of an E.164 phone (`text` without its optional leading `+`), or `nil` when `text` is
    /// not 10 to 15 ASCII digits after an optional `+`.
    ///
    /// Read from the UTF-8 bytes (an ASCII `+` then ASCII digits are their own characters): comparing
    /// `Character`s for the prefix cost about a thousand instructions a call, for every phone a patch sends.
    public static func e164Digits(_ text: String) -> Substring? {
        let utf8 = text.utf8
        var start = utf8.startIndex
        if start != utf8.endIndex, utf8[start] == UInt8(ascii: "+") { start = utf8.index(after: start) }
        guard phoneDigitCount.contains(utf8.distance(from: start, to: utf8.endIndex)),
              LeadFields.allBytes(of: text, from: utf8.distance(from: utf8.startIndex, to: start),
                                  satisfy: { $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return text[start...]
    }

    /// Whether every UTF-8 byte of `text` from the `offset`-th on passes `test`: over the string's contiguous
    /// storage when it has one (a loop over `String.UTF8View` costs several times as much per byte).
    static func allBytes(of text: String, from offset: Int = 0, satisfy test: (UInt8) -> Bool) -> Bool {
        let answer = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            var index = offset
            while index < bytes.count {
                if !test(bytes[index]) { return false }
                index += 1
            }
            return true
        }
        if let answer { return answer }
        return text.utf8.dropFirst(offset).allSatisfy(test)
    }

    /// Whether `text` is a phone the API accepts: 10 to 15 ASCII digits, optionally after a `+`.
    public static func isE164Phone(_ text: String) -> Bool {
        // Over the contiguous UTF-8 storage when there is one (``e164Digits(_:)`` measures the text through
        // `String.UTF8View` and makes a `Substring`: ~450 instructions a call, for every phone a patch sends).
        let answer = text.utf8.withContiguousStorageIfAvailable { isE164Phone(utf8: $0) }
        return answer ?? (e164Digits(text) != nil)
    }

    /// ``isE164Phone(_:)`` of a text given as its UTF-8 bytes.
    static func isE164Phone(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return false }
        let start = base[0] == UInt8(ascii: "+") ? 1 : 0
        let count = bytes.count - start
        guard phoneDigitCount.contains(count) else { return false }
        let digits = UnsafeRawPointer(base + start)
        // At least eight digits: the first eight and the last eight (overlapping) cover them all, two words and no loop.
        guard count >= 8 else { return allDigits(digits, count: count) }
        return allDigits(word: digits.loadUnaligned(as: UInt64.self))
            && allDigits(word: digits.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self))
    }

    /// Whether the `count` bytes at `bytes` are all ASCII digits: eight at a time (a phone's 10 to 15 digits
    /// are one or two words and a few bytes; one comparison a byte cost ~7 instructions a digit), the rest one by one
    /// (a digit less "0" is below 10, anything else above 9).
    static func allDigits(_ bytes: UnsafeRawPointer, count: Int) -> Bool {
        var index = 0
        while index + 8 <= count {
            if !allDigits(word: bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)) { return false }
            index += 8
        }
        while index < count {
            if bytes.load(fromByteOffset: index, as: UInt8.self) &- 0x30 > 9 { return false }
            index += 1
        }
        return true
    }

    /// Whether each of the eight bytes of `word` is an ASCII digit, `0x30`...`0x39`: its high half is 3, and its low
    /// half plus 6 stays below 16 (a carry would show in the high half; a low half is at most 15, so none crosses
    /// into the next byte).
    @inline(__always)
    static func allDigits(word: UInt64) -> Bool {
        let highs: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        guard word & highs == 0x3030_3030_3030_3030 else { return false }
        return ((word & ~highs) &+ 0x0606_0606_0606_0606) & highs == 0
    }

    /// `true` for ASCII digits without a leading zero that fit in `Int` and are > 0
    /// (``LeadField/Kind/positiveIntegerString``, custom field ids).
    public static func isPositiveIntegerText(_ text: String) -> Bool {
        guard let first = text.utf8.first, first != 0x30, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return false
        }
        return Int(text) != nil
    }
}
