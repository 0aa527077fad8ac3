import BenchSupport
import LeadFields
import Testing

/// `e164Digits` reads bytes; these hold it to the reading by characters it replaced.
struct PhoneTextTests {
    /// The earlier definition: by `Character`s.
    static func byCharacters(_ text: String) -> Substring? {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        guard LeadFields.phoneDigitCount.contains(digits.utf8.count), digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else {
            return nil
        }
        return digits
    }

    @Test(arguments: ["+79161234567", "79161234567", "+7916123456", "+791612345678901", "+7916123456789012", "", "+",
                      "++79161234567", "+\u{301}79161234567", "+7916123456\u{301}7", "+７９１６１２３４５６７", " +79161234567",
                      "8 (916) 123-45-67", "+0000000000", "\u{FEFF}+79161234567"])
    func examples(_ text: String) {
        #expect(LeadFields.e164Digits(text) == Self.byCharacters(text), "\(text.debugDescription)")
        #expect(LeadFields.isE164Phone(text) == (Self.byCharacters(text) != nil), "\(text.debugDescription)")
    }

    @Test("random texts of digits, pluses and other characters: the same digits as by characters")
    func randomTexts() {
        var random = SplitMix64(seed: 7)
        func next(_ bound: Int) -> Int { random.below(bound) }
        let pieces = ["+", "7", "9", "0", "1", "5", "5", "3", " ", "-", "\u{301}", "ё", "٣", "x", "12345"]
        var found = 0
        for _ in 0..<20_000 {
            // Half of them plain digits of 8 to 17 after an optional plus (near the 10...15 bounds), with now and
            // then one other piece put in; the rest any pieces.
            var text: String
            if next(2) == 0 {
                text = (next(2) == 0 ? "+" : "") + (0..<(8 + next(10))).map { _ in String(next(10)) }.joined()
                if next(4) == 0 {
                    let piece = pieces[next(pieces.count)]
                    let at = text.index(text.startIndex, offsetBy: next(text.count + 1))
                    text.insert(contentsOf: piece, at: at)
                }
            } else {
                text = (0..<next(18)).map { _ in pieces[next(pieces.count)] }.joined()
            }
            let expected = Self.byCharacters(text)
            #expect(LeadFields.e164Digits(text) == expected, "\(text.debugDescription)")
            #expect(LeadFields.isE164Phone(text) == (expected != nil), "\(text.debugDescription)")
            if expected != nil { found += 1 }
        }
        // The generator must reach both answers for the comparison to mean anything.
        #expect(found > 2_000)
    }

    @Test("a bridged or sliced text (no contiguous UTF-8 of its own) reads the same")
    func substringsAndSlices() {
        let long = "prefix +79161234567 suffix"
        let slice = String(long.dropFirst(7).dropLast(7))
        #expect(LeadFields.e164Digits(slice) == "79161234567")
        #expect(LeadFields.isE164Phone(slice))
        #expect(LeadFields.isE164Phone(String(long.dropFirst(8).dropLast(7))))
        #expect(!LeadFields.isE164Phone(String(long.dropFirst(7).dropLast(6))))
    }
}
