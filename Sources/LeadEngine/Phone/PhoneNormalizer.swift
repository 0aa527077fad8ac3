import JSON

/// Reads phone numbers the way people type them and returns E.164 digits (no `+`), or `nil`
/// when the number cannot be read with confidence.
///
/// Digits without a `+` are read as a Russian number when they look like one (an 11-digit number
/// starting with 7 or 8, a 10-digit number starting with 3, 4, 8 or 9): so a canonical phone that
/// is written back must keep its `+` to stay international (`+4930123456`, not `4930123456`).
///
/// Accepted: `+7 916 123-45-67`, `8 (916) 123-45-67`, `79161234567`, `8916…`, `9161234567`
/// (a Russian number without its trunk prefix), `00 49 30 1234567`, `+375 29 123 45 67`. Separators:
/// spaces (also no-break and thin), `-`, `.`, `(`, `)`, `/`. Anything else (letters, `доб.`,
/// two numbers) means "not confident".
public enum PhoneNormalizer {
    public static func e164(_ text: String) -> String? {
        // The digits go to memory on the stack (a phone's few need no heap): at most one per byte.
        var text = text
        return text.withUTF8 { e164(utf8: $0) }
    }

    /// ``e164(_:)`` of a text's UTF-8 (valid).
    static func e164(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        if let canonical = canonicalE164(bytes) { return canonical }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
            e164(bytes, digitsInto: buffer)
        }
    }

    /// ``e164(_:)`` of `+` and 8 to 15 ASCII digits (a phone a rule has written back, read again by later rules):
    /// ``international(_:)`` of the digits where they lie, which is what the byte loop gives for them (its digits are
    /// those bytes, after a `+`), without its buffer and copy. `nil` for any other text; `.some(nil)`: no number.
    static func canonicalE164(_ bytes: UnsafeBufferPointer<UInt8>) -> String?? {
        guard let digits = canonicalDigits(bytes) else { return nil }
        return .some(international(digits))
    }

    /// The digits after the `+` when `bytes` are `+` and 8 to 15 ASCII digits (the form a rule writes a phone back
    /// in), else `nil`: the text the short paths (``canonicalE164(_:)``, `PhoneFieldReader.readCanonical`) read.
    @inline(__always)
    static func canonicalDigits(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        let count = bytes.count
        guard count >= 9, count <= longestNumber + 1, let base = bytes.baseAddress, base[0] == UInt8(ascii: "+") else { return nil }
        var index = 1
        while index < count {
            guard base[index] &- UInt8(ascii: "0") < 10 else { return nil }
            index &+= 1
        }
        return UnsafeBufferPointer(start: base + 1, count: count &- 1)
    }

    /// ``e164(_:)`` of a text's UTF-8 (valid), with a buffer of as many bytes. Read byte by byte: the characters it
    /// accepts are ASCII but for three spaces, whose encodings are matched whole (a multi-byte character is one of
    /// them or refuses the text).
    private static func e164(_ bytes: UnsafeBufferPointer<UInt8>, digitsInto buffer: UnsafeMutableBufferPointer<UInt8>) -> String? {
        var count = 0
        var plus = false
        var seenDigit = false
        var i = 0
        let n = bytes.count
        while i < n {
            let byte = bytes[i]
            i &+= 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                buffer[count] = byte
                count &+= 1
                seenDigit = true
            case UInt8(ascii: "+"):
                guard !seenDigit, !plus else { return nil }
                plus = true
            case UInt8(ascii: " "), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "/"), UInt8(ascii: "\t"):
                continue
            case 0xC2:
                // U+00A0, no-break space: C2 A0.
                guard i < n, bytes[i] == 0xA0 else { return nil }
                i &+= 1
            case 0xE2:
                // U+2009, thin space (E2 80 89), and U+202F, narrow no-break space (E2 80 AF).
                guard i &+ 1 < n, bytes[i] == 0x80, bytes[i &+ 1] == 0x89 || bytes[i &+ 1] == 0xAF else { return nil }
                i &+= 2
            default:
                return nil
            }
        }
        var digits = UnsafeMutableBufferPointer(rebasing: buffer[..<count])
        if !plus, digits.count > 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "0") {
            digits = UnsafeMutableBufferPointer(rebasing: digits[2...])
            plus = true
        }
        guard let first = digits.first else { return nil }
        if plus { return international(UnsafeBufferPointer(digits)) }
        switch digits.count {
        case 11 where first == UInt8(ascii: "8") || first == UInt8(ascii: "7"):
            // Russia and Kazakhstan: the trunk prefix 8 stands for +7.
            digits[0] = UInt8(ascii: "7")
            return String(ascii: UnsafeBufferPointer(digits))
        case 10 where first == UInt8(ascii: "3") || first == UInt8(ascii: "4") || first == UInt8(ascii: "8")
            || first == UInt8(ascii: "9"):
            // A Russian national number written without the 8: area codes 3xx, 4xx, 8xx and mobiles 9xx.
            return PhoneNormalizer.withTrunkSeven(digits)
        case 11...15 where first != UInt8(ascii: "0") && first != UInt8(ascii: "8"):
            // Already international, written without '+'.
            return String(ascii: UnsafeBufferPointer(digits))
        default:
            return nil
        }
    }

    /// "7" followed by `digits` (a Russian national number of ten digits, read without its trunk 8): written into
    /// eleven bytes on the stack and made one string (``Swift/String/init(ascii:)``), not a string of the digits
    /// and a concatenation.
    static func withTrunkSeven(_ digits: UnsafeMutableBufferPointer<UInt8>) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: digits.count + 1) { buffer in
            let base = buffer.baseAddress.unsafelyUnwrapped
            base.initialize(to: UInt8(ascii: "7"))
            if let source = digits.baseAddress { (base + 1).update(from: source, count: digits.count) }
            return String(ascii: UnsafeBufferPointer(start: base, count: digits.count + 1))
        }
    }

    /// The E.164 digits of a number whose country code is marked (`+`, `00`, `8 10`), or `nil`: +7 numbers
    /// have exactly 11 digits; others 8 to 15. E.164 allows 8 digits and more (+46 8 123456); Liner's update
    /// takes 10 to 15: the patch validation refuses a shorter one, so a rule that rewrites `phone` checks the
    /// length.
    static func international(_ digits: UnsafeBufferPointer<UInt8>) -> String? {
        isInternational(digits) ? String(ascii: digits) : nil
    }

    /// ``international(_:)`` written to `out` (room for ``longestNumber`` bytes): how many bytes, or `nil`.
    static func international(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int? {
        guard isInternational(digits) else { return nil }
        // 8 to 15 digits: the first eight and the last eight, two words (they overlap), no call of `memmove`.
        let source = UnsafeRawPointer(digits.baseAddress.unsafelyUnwrapped), count = digits.count
        let head = source.loadUnaligned(as: UInt64.self), tail = source.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        UnsafeMutableRawPointer(out).storeBytes(of: head, as: UInt64.self)
        UnsafeMutableRawPointer(out).storeBytes(of: tail, toByteOffset: count &- 8, as: UInt64.self)
        return count
    }

    /// Whether ``international(_:)`` reads `digits` as a number (as they are).
    @inline(__always)
    static func isInternational(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = digits.first, first != UInt8(ascii: "0") else { return false }
        if first == UInt8(ascii: "7"), digits.count != 11 { return false }
        return (8...longestNumber).contains(digits.count)
    }

    /// The most digits of an E.164 number.
    static let longestNumber = 15

    /// ``withTrunkSeven(_:)`` written to `out` (room for `digits.count + 1` bytes): how many bytes.
    static func withTrunkSeven(_ digits: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        out.initialize(to: UInt8(ascii: "7"))
        if let source = digits.baseAddress { (out + 1).update(from: source, count: digits.count) }
        return digits.count + 1
    }

    /// Whether E.164 `digits` (no `+`) can be dialled as written, as far as the start of the national part says:
    /// not a national part starting with the trunk `0` (`+44 07911 …`, `+49 (030) …`: written so, the E.164 holds a
    /// digit too many; only Italy, San Marino, the Vatican and Côte d'Ivoire dial a `0` after their code), and not
    /// a +7 number whose national part starts with 0, 1, 2 or 5 (no Russian or Kazakh code does: `8 029 …` is
    /// Belarus's national form), and not a +1 number of other than eleven digits. `phone_first` reads only such
    /// numbers; `e164` keeps what is written.
    public static func isDialable(_ e164: String) -> Bool {
        var e164 = e164
        return e164.withUTF8 { isDialable($0) }
    }

    /// ``isDialable(_:)`` of E.164 digits as UTF-8.
    static func isDialable(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard digits.count > 1 else { return false }
        return isDialable(digits, code: countryCodeLength(digits))
    }

    /// ``isDialable(_:)`` of two digits or more whose country code is `code` digits long (``countryCodeLength(_:)``,
    /// which the caller needs too).
    @inline(__always)
    static func isDialable(_ digits: UnsafeBufferPointer<UInt8>, code: Int) -> Bool {
        if digits[0] == UInt8(ascii: "7") { return startsNationalNumberOfSeven(digits[1]) }
        // North America: the country code and ten digits, always.
        if digits[0] == UInt8(ascii: "1") { return digits.count == 11 }
        return code < digits.count && (digits[code] != UInt8(ascii: "0") || keepsZeroAfterCode(digits))
    }

    /// How many digits of `digits` (at least one, E.164 without `+`) are the country code: ITU's world zones give 1
    /// to `1` and `7`, 2 to the codes listed here, 3 to every other.
    ///
    /// The codes of two digits are the set bits of two words (bit `10 * zone + second`, the word of the low 64 and the
    /// word above), read without a branch per zone; ``countryCodeLengthBySwitch(_:)`` lists them (the tests compare).
    @inline(__always)
    static func countryCodeLength(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        let zone = digits[0] &- UInt8(ascii: "0")
        guard digits.count > 1 else { return 1 }
        if zone == 1 || zone == 7 { return 1 }
        let second = digits[1] &- UInt8(ascii: "0")
        guard zone < 10, second < 10 else { return 3 }
        let index = Int(zone) &* 10 &+ Int(second)
        let word: UInt64 = index < 64 ? 0xF7FB_FB97_C810_0000 : 0x4_FC56_0007
        return (word >> UInt64(truncatingIfNeeded: index & 63)) & 1 == 1 ? 2 : 3
    }

    /// ``countryCodeLength(_:)`` by the list of ITU's codes of two digits.
    static func countryCodeLengthBySwitch(_ digits: UnsafeBufferPointer<UInt8>) -> Int {
        let zone = digits[0] &- UInt8(ascii: "0")
        guard digits.count > 1 else { return 1 }
        let second = digits[1] &- UInt8(ascii: "0")
        switch (zone, second) {
        case (1, _), (7, _): return 1
        case (2, 0), (2, 7): return 2
        case (3, 0...4), (3, 6), (3, 9): return 2
        case (4, 0), (4, 1), (4, 3...9): return 2
        case (5, 1...8): return 2
        case (6, 0...6): return 2
        case (8, 1), (8, 2), (8, 4), (8, 6): return 2
        case (9, 0...5), (9, 8): return 2
        default: return 3
        }
    }

    /// Whether a national number of +7 (Russia, Kazakhstan) can start with `digit`: no code starts with 0, 1, 2 or 5.
    static func startsNationalNumberOfSeven(_ digit: UInt8) -> Bool {
        switch digit {
        case UInt8(ascii: "0"), UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "5"): return false
        default: return true
        }
    }

    /// Whether the country of `digits` dials a `0` right after its code: Italy (+39 02 …), San Marino (+378),
    /// the Vatican (+379), Côte d'Ivoire (+225 07 …).
    static func keepsZeroAfterCode(_ digits: UnsafeBufferPointer<UInt8>) -> Bool {
        guard digits.count >= 2 else { return false }
        let third = digits.count > 2 ? digits[2] : 0
        switch (digits[0], digits[1], third) {
        case (UInt8(ascii: "3"), UInt8(ascii: "9"), _): return true
        case (UInt8(ascii: "3"), UInt8(ascii: "7"), UInt8(ascii: "8")), (UInt8(ascii: "3"), UInt8(ascii: "7"), UInt8(ascii: "9")): return true
        case (UInt8(ascii: "2"), UInt8(ascii: "2"), UInt8(ascii: "5")): return true
        default: return false
        }
    }
}
