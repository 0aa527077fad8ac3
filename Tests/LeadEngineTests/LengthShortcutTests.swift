import BenchSupport
import Testing
@testable import LeadEngine

@Suite("length() of a text: the ASCII shortcut")
struct LengthShortcutTests {
    /// Random texts over ASCII letters and digits, CR, LF, CR LF, combining marks, Cyrillic, emoji and flags: the
    /// shortcut's count is always `String.count`.
    @Test("the count agrees with String.count (random texts)")
    func agreesWithCount() {
        let pieces = ["7", "a", " ", "-", "\r", "\n", "\r\n", "\u{301}", "ё", "е\u{308}", "🙂", "🇷🇺", "\t", "\u{7F}", "\u{0}"]
        var random = SplitMix64(seed: 11)
        var asciiOnly = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(14)).map { _ in random.pick(pieces) }.joined()
            #expect(TextFunctions.characterCount(text) == text.count, "\(text.debugDescription)")
            if text.utf8.allSatisfy({ $0 < 0x80 && $0 != 0x0D }) { asciiOnly += 1 }
        }
        #expect(asciiOnly > 1_000)
    }

    @Test(arguments: [("", 0), ("+79161234567", 12), ("a\r\nb", 3), ("\r\r\n", 2), ("ё", 1), ("е\u{308}", 1), ("🇷🇺7", 2)])
    func examples(_ text: String, _ count: Int) {
        #expect(TextFunctions.characterCount(text) == count)
    }

    @Test("the eight-byte test of one character a byte agrees with the byte-by-byte test, a CR or a byte of 0x80 or more at every place")
    func wordsAgreeWithBytes() {
        var random = SplitMix64(seed: 0x18_0206)
        func byByte(_ bytes: [UInt8]) -> Bool { !bytes.contains { $0 >= 0x80 || $0 == 0x0D } }
        for count in 0...40 {
            var plain = (0..<count).map { _ in UInt8(0x20 + random.below(0x5F)) }
            // Bytes close to the ones looked for, never them.
            for i in plain.indices where random.chance(10) { plain[i] = random.pick([0x0C, 0x0E, 0x7F, 0x01, 0x1D, 0x8D & 0x7F]) }
            var cases = [plain]
            for place in 0..<count {
                for odd: UInt8 in [0x0D, 0x80, 0xD0, 0xFF, 0x8D] {
                    var bytes = plain
                    bytes[place] = odd
                    cases.append(bytes)
                }
            }
            for bytes in cases {
                let answer = bytes.withUnsafeBufferPointer { TextFunctions.isOneCharacterPerByte($0) }
                #expect(answer == byByte(bytes), "\(bytes)")
            }
        }
    }
}
