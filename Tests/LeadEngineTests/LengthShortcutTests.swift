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
}
