import BenchSupport
import Testing
@testable import LeadEngine

/// `phone_first()` of a number as it writes it back (`+` and digits) is read by a short path
/// (``PhoneFieldReader/readCanonical(utf8:)``), and a plain number's digits are checked on the stack before a
/// `String` is made of them: both must read what the general reading reads.
@Suite("phone_first(): a number written back, read by the short path")
struct PhoneCanonicalReadingTests {
    /// `+` and 0 to 20 digits, their first digits chosen so that country codes, `+7` of the wrong length, a leading
    /// `0` and placeholders (`+7 999 999 99 99`, `+7 916 000 00 00`) are all common.
    @Test("`+` and digits: the short path, the plain loop and the general reading agree")
    func plusAndDigitsAgreeWithGeneralReading() {
        var generator = SplitMix64(seed: 0xCA11_BAC4)
        var shortPathSeen = 0, numbersSeen = 0
        for _ in 0..<30_000 {
            var text = "+" + generator.pick(["", "7", "79", "1", "44", "49", "0", "8", "998", "39", "225"])
            let kind = generator.below(4)
            let length = generator.below(17)
            for _ in 0..<length {
                // Runs of one digit make placeholders; zeros at the end the +7 placeholder.
                switch kind {
                case 0: text += "9"
                case 1: text += "0"
                default: text += String(generator.below(10))
                }
            }
            let general = PhoneFieldReader.readGeneral(text)
            let short = text.utf8.withContiguousStorageIfAvailable { PhoneFieldReader.readCanonical(utf8: $0) } ?? nil
            if let short {
                shortPathSeen += 1
                #expect(short == general, "\(text)")
            }
            if general != nil { numbersSeen += 1 }
            #expect(PhoneFieldReader.read(text) == general, "\(text)")
        }
        #expect(shortPathSeen > 8_000 && numbersSeen > 2_000, "short \(shortPathSeen), numbers \(numbersSeen)")
    }

    /// Texts the short path must leave to the loop: not only digits after one `+`, or too short or long for a number.
    @Test("texts that are not `+` and 8 to 15 digits are left to the plain loop")
    func otherTextsAreLeftToTheLoop() {
        for text in ["79161234567", "+7 9161234567", "++79161234567", "+7916123456a", "+", "+1234567", "+1234567890123456",
                     "+７9161234567", " +79161234567", "+79161234567 "] {
            let short = text.utf8.withContiguousStorageIfAvailable { PhoneFieldReader.readCanonical(utf8: $0) } ?? nil
            #expect(short == nil, "\(text)")
            #expect(PhoneFieldReader.read(text) == PhoneFieldReader.readGeneral(text), "\(text)")
        }
        // The short path answers "no number" itself (a `.some(nil)`), as the loop does.
        let placeholder = "+79999999999".utf8.withContiguousStorageIfAvailable { PhoneFieldReader.readCanonical(utf8: $0) }
        #expect(placeholder == .some(.some(nil)))
        #expect(PhoneFieldReader.read("+79161234567") == PhoneFieldReader.Reading(e164: "79161234567", rest: ""))
    }

    /// Why the short path pays: a rule writes `concat("+", phone_first(phone))` back and later rules read
    /// `phone_first(phone)` of what it wrote. That reading is always the number itself and no rest.
    @Test("phone_first of `+` and an answer of phone_first is that answer, with no rest")
    func readingWhatWasWrittenBackGivesTheSameNumber() {
        let alphabet: [String] = ["0", "1", "2", "3", "4", "5", "7", "8", "9", "9", "0", "8", "+", " ", "-", "(", ")",
                                  "(0)", ".", "x", "т", "00", "8 10 ", "доб. 1"]
        var generator = SplitMix64(seed: 0xB0B)
        var read = 0
        for round in 0..<40_000 {
            var text = round % 2 == 0 ? generator.pick(["+7", "8", "+49", "7", "+1 ", "9", "00", "+998 "]) : ""
            for _ in 0..<generator.below(22) { text += generator.pick(alphabet) }
            guard let first = PhoneFieldReader.read(text) else { continue }
            read += 1
            #expect(PhoneFieldReader.read("+" + first.e164) == PhoneFieldReader.Reading(e164: first.e164, rest: ""), "\(text)")
        }
        #expect(read > 1_000, "\(read) numbers read")
    }

    /// `e164()` of `+` and digits has the same short path (``PhoneNormalizer/canonicalE164(_:)``): it must answer as
    /// the reading by scalars that the byte loop replaced (``PhoneDigitsBufferTests/arrayReading(_:)``).
    @Test("e164 of `+` and digits: the short path answers as the reading by scalars")
    func e164OfPlusAndDigits() {
        var generator = SplitMix64(seed: 0xE164)
        var shortPathSeen = 0
        for _ in 0..<20_000 {
            var text = "+" + generator.pick(["", "7", "0", "1", "44", "998"])
            for _ in 0..<generator.below(18) { text += String(generator.below(10)) }
            let short = text.utf8.withContiguousStorageIfAvailable { PhoneNormalizer.canonicalE164($0) } ?? nil
            if short != nil { shortPathSeen += 1 }
            #expect(PhoneNormalizer.e164(text) == PhoneDigitsBufferTests.arrayReading(text), "\(text)")
        }
        #expect(shortPathSeen > 6_000, "short \(shortPathSeen)")
        #expect(PhoneNormalizer.canonicalE164(UnsafeBufferPointer(start: nil, count: 0)) == nil)
    }
}
