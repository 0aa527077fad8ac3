import BenchSupport
import Testing
@testable import LeadEngine

/// `e164()` reads the text byte by byte and its digits into memory on the stack; this holds it to the reading by
/// scalars into an array that it replaced.
@Suite("e164(): digits on the stack")
struct PhoneDigitsBufferTests {
    /// The earlier reading, over a growing array.
    static func arrayReading(_ text: String) -> String? {
        var digits: [UInt8] = []
        var plus = false
        var seenDigit = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case "0"..."9":
                digits.append(UInt8(scalar.value))
                seenDigit = true
            case "+":
                guard !seenDigit, !plus else { return nil }
                plus = true
            case " ", "-", ".", "(", ")", "/", "\u{00A0}", "\u{2009}", "\u{202F}", "\t":
                continue
            default:
                return nil
            }
        }
        if !plus, digits.count > 2, digits[0] == UInt8(ascii: "0"), digits[1] == UInt8(ascii: "0") {
            digits.removeFirst(2)
            plus = true
        }
        guard let first = digits.first else { return nil }
        if plus {
            guard first != UInt8(ascii: "0") else { return nil }
            if first == UInt8(ascii: "7"), digits.count != 11 { return nil }
            return (8...15).contains(digits.count) ? String(decoding: digits, as: UTF8.self) : nil
        }
        switch digits.count {
        case 11 where first == UInt8(ascii: "8") || first == UInt8(ascii: "7"):
            digits[0] = UInt8(ascii: "7")
            return String(decoding: digits, as: UTF8.self)
        case 10 where [UInt8(ascii: "3"), UInt8(ascii: "4"), UInt8(ascii: "8"), UInt8(ascii: "9")].contains(first):
            return "7" + String(decoding: digits, as: UTF8.self)
        case 11...15 where first != UInt8(ascii: "0") && first != UInt8(ascii: "8"):
            return String(decoding: digits, as: UTF8.self)
        default:
            return nil
        }
    }

    @Test("random phone-like texts: the same answer as the array reading")
    func agreesWithArrayReading() {
        // The separators and their neighbours in UTF-8 (the reading goes byte by byte): U+2008 and U+2028 share
        // U+2009's and U+202F's first bytes, U+00A1 and U+0100 U+00A0's lead byte.
        let pieces = ["+", "0", "0", "7", "8", "9", "1", "3", "4", "5", " ", "-", "(", ")", "\u{00A0}", "٣", "x", "916", "495",
                      "1234567", "00", ".", "/", "\t", "\u{2009}", "\u{202F}", "\u{2008}", "\u{2028}", "\u{00A1}", "\u{0100}",
                      "\r\n", "１", "é", "\u{0}"]
        var random = SplitMix64(seed: 5)
        var read = 0
        for _ in 0..<40_000 {
            // Half the texts from the first pieces only (many of them numbers), half from all.
            let from = random.below(2) == 0 ? Array(pieces[..<21]) : pieces
            let text = (0..<random.below(9)).map { _ in random.pick(from) }.joined()
            let expected = Self.arrayReading(text)
            #expect(PhoneNormalizer.e164(text) == expected, "\(text.debugDescription)")
            if expected != nil { read += 1 }
        }
        #expect(read > 500)
    }
}
