import BenchSupport
import Testing
@testable import LeadEngine

@Suite("int() of plain digits: the shortcut")
struct IntegerShortcutTests {
    /// Random texts over digits, signs, blanks, group separators, a fraction and letters, 64-bit boundaries
    /// included: wherever the shortcut answers, the general reading answers the same.
    @Test("the reading of plain digits agrees with the general reading (random texts)")
    func shortcutAgrees() {
        let pieces = ["0", "1", "5", "9", "9", "-", "+", " ", "\u{00A0}", "_", ".", "e", "٣", "9223372036854775807",
                      "9223372036854775808", "00"]
        var random = SplitMix64(seed: 7)
        var answered = 0
        for _ in 0..<20_000 {
            let text = (0..<random.below(5)).map { _ in random.pick(pieces) }.joined()
            if let plain = IntegerReading.plainDigits(text) {
                answered += 1
                #expect(plain == IntegerReading.general(text), "\(text.debugDescription)")
            }
            #expect(IntegerReading(.string(text)) == IntegerReading.general(text), "\(text.debugDescription)")
        }
        #expect(answered > 3_000)
    }
}
