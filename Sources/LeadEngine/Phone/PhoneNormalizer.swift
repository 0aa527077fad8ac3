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
        return text.withUTF8 { bytes in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
                e164(bytes, digitsInto: buffer)
            }
        }
    }

    /// ``e164(_:)`` of a text's UTF-8 (valid).
    static func e164(utf8 bytes: UnsafeBufferPointer<UInt8>) -> String? {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bytes.count) { buffer in
            e164(bytes, digitsInto: buffer)
        }
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

    /// The E.164 digits of a number whose country code is marked (`+`, `00`, `8 10`), or `nil`: +7 numbers
    /// have exactly 11 digits; others 8 to 15. E.164 allows 8 digits and more (+46 8 123456); Liner's update
    /// takes 10 to 15: the patch validation refuses a shorter one, so a rule that rewrites `phone` checks the
    /// length.
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

    static func international(_ digits: UnsafeBufferPointer<UInt8>) -> String? {
        guard let first = digits.first, first != UInt8(ascii: "0") else { return nil }
        if first == UInt8(ascii: "7"), digits.count != 11 { return nil }
        return (8...15).contains(digits.count) ? String(ascii: digits) : nil
    }
}
