import BenchSupport
import Foundation
import Testing
@testable import LeadEngine

@Suite("phone_first() / phone_rest(): a phone field as people write it")
struct PhoneFieldTests {
    func read(_ text: String) -> (String, String)? {
        PhoneFieldReader.read(text).map { ($0.e164, $0.rest) }
    }

    @Test("The first number is read through labels, extensions, other numbers and artefacts; the rest is kept")
    func firstAndRest() {
        let cases: [(String, String, String)] = [
            ("тел.: +7 916 123-45-67", "79161234567", ""),
            ("Номер: 8 (343) 210-00-00", "73432100000", ""),
            ("8 916 123 45 67 доб. 123", "79161234567", "доб. 123"),
            ("8 (495) 123-45-67 (доб. 301)", "74951234567", "(доб. 301)"),
            ("+7 495 123 45 67 x12", "74951234567", "x12"),
            ("+7 916 123-45-67, +7 495 123-45-67", "79161234567", "+7 495 123-45-67"),
            ("8 916 123 45 67 или 8 495 123 45 67", "79161234567", "8 495 123 45 67"),
            ("Иван: +7 916 123 45 67", "79161234567", "Иван"),
            ("+7 916 123-45-67 — звонить после 18", "79161234567", "звонить после 18"),
            ("tel:+7-916-123-45-67", "79161234567", ""),
            ("\u{200E}\u{FF0B}7\u{00A0}916\u{202F}123\u{2011}45\u{2013}67\t ", "79161234567", ""),
            ("'+79161234567", "79161234567", ""),
            ("=\"+79161234567\"", "79161234567", ""),
            ("79161234567.0", "79161234567", ""),
            ("+49 (0) 30 1234567", "49301234567", ""),
            ("+44(0)20 7946 0000", "442079460000", ""),
            ("8 10 49 30 1234567", "49301234567", ""),
            ("916 123 45 67", "79161234567", ""),
            ("тел. 8 701 123 45 67 (WhatsApp)", "77011234567", "(WhatsApp)"),
        ]
        for (text, e164, rest) in cases {
            let reading = read(text)
            #expect(reading?.0 == e164, "\(text)")
            #expect(reading?.1 == rest, "\(text)")
        }
    }

    @Test("Nothing is guessed: placeholders, incomplete numbers, ambiguous digit runs give nothing")
    func strict() {
        for text in ["не указан", "-", "+7 (___) ___-__-__", "00000000000", "+7 916 123 45 6", "8 343 210 00 0",
                     "7 916 123 45 67 8",
                     "8343210000", "7011234567", "8 7172 12 34 5"] {
            #expect(read(text) == nil, "\(text)")
        }
    }

    @Test("No number where reading one would give another country, another number or a placeholder (the fourth trial's findings, by class)", arguments: [
        // A "+" before a lone digit that is no country code: the trunk 8 (or a slip) of a Russian number.
        "+8 (495) 123-45-67", "+8 (863) 212-34-56", "+8-800-555-35-35", "+8 916 123 45 67", "+9 (916) 123-45-67",
        // Digits joined across groups with no "+": list markers, counters, a stray or extra digit.
        "4. 8-495-123-45-67", "3. 89161234567", "5) 8 916 123 45 67", "12 89161234567", "2024 89161234567",
        "(495) 123-45-67 (2)", "(413) 555-01-23 (1)", "9161234567 1", "495 123 45 677", "(871) 555-01-237",
        "834 555 01 23 0", "1. 8 (343) 210-00-00", "10-18 8 916 123 45 67", "49 30 1234567 5",
        // A Russian national number behind a "+" with its 7 missing.
        "+(495) 123-45-67", "+916 123-45-67", "+903 123-45-67", "+343 210-00-00",
        // Placeholders.
        "+7 (999) 999-99-99", "+7 (900) 000-00-00", "+7 (916) 000-00-00", "8 495 000 00 00", "+44 0000 000000",
        // Another country's trunk written after its code, and national forms that are no +7 number.
        "+380 (067) 123-45-67", "+370 (8) 5 212 3456", "+36 (06) 1 234 5678", "+49 (030) 1234567", "+44 07911 123456",
        "8 029 123 45 67", "8 (017) 123-45-67", "+7 029 123 45 67", "+7 (123) 456-78-90",
    ])
    func noNumber(text: String) {
        #expect(read(text) == nil, "\(text): \(String(describing: read(text)))")
    }

    @Test("What such fields hold when written well is still read", arguments: [
        ("+84 91 234 5678", "84912345678"), ("+86 10 1234 5678", "861012345678"), ("+880 2 1234 5678", "880212345678"),
        ("+49 30 1234567", "49301234567"), ("+39 (0)2 1234 5678", "390212345678"), ("+39 06 1234 5678", "390612345678"),
        ("+225 07 12 34 56 78", "2250712345678"), ("+380 67 123 45 67", "380671234567"), ("+375 29 123 45 67", "375291234567"),
        ("491 123 45 67", "74911234567"), ("8916 123 45 67", "79161234567"), ("7 (916) 123-45-67", "79161234567"),
        ("+7 495 555-55-55", "74955555555"),
        // Kazakh national numbers of ten digits, the code as the first group.
        ("701 123 45 67", "77011234567"), ("(727) 123-45-67", "77271234567"), ("(7172) 12-34-56", "77172123456"),
        ("747 038 52 80", "77470385280"),
    ])
    func stillRead(text: String, e164: String) {
        #expect(read(text)?.0 == e164, "\(text)")
    }

    @Test("A short run of digits before the number (a time, a list marker, an extension, a label's digit) is part of the rest, the number after it read", arguments: [
        ("после 18: +7 343 210-00-00", "73432100000", "после 18"), ("1) +7 343 210-00-00", "73432100000", "1)"),
        ("доб. 12 +7 916 123-45-67", "79161234567", "доб. 12"), ("вн. 305, 8 (343) 210-00-00", "73432100000", "вн. 305"),
        ("с 9 до 18 +7 343 210 00 00", "73432100000", "с 9 до 18"), ("Тел.1: +7 343 210 00 00", "73432100000", "1"),
        ("доб. 123, +7 916 123 45 67", "79161234567", "доб. 123"), ("10:00 937 865 49 99", "79378654999", "10:00"),
    ])
    func shortRunBefore(text: String, e164: String, rest: String) {
        #expect(read(text)?.0 == e164, "\(text): \(String(describing: read(text)))")
        #expect(read(text)?.1.isEmpty == false, "\(text): the phone is not rewritten")
    }

    @Test("Two whole numbers joined by separators only: the first is read, the second is the rest", arguments: [
        ("89161234567 89031234567", "79161234567", "89031234567"),
        ("8 916 123 45 67 8 495 123 45 67", "79161234567", "8 495 123 45 67"),
        ("+7 916 123-45-67 8 (495) 123-45-67", "79161234567", "8 (495) 123-45-67"),
        ("9161234567  9031234567", "79161234567", "9031234567"),
        ("8-916-123-45-67 - 8-903-123-45-67", "79161234567", "8-903-123-45-67"),
        ("тел. 89161234567 84951234567 Иван", "79161234567", "84951234567 Иван"),
        ("+49 30 1234567 89161234567", "49301234567", "89161234567"),
        ("8 (7172) 12-34-56 8 701 123 45 67", "77172123456", "8 701 123 45 67"),
    ])
    func twoNumbersJoined(text: String, e164: String, rest: String) {
        #expect(read(text)?.0 == e164, "\(text): \(String(describing: read(text)))")
        #expect(read(text)?.1 == rest, "\(text): \(String(describing: read(text)))")
    }

    @Test("A run that is a number and a stray digit, group or incomplete number is still none", arguments: [
        "89161234567 1", "8 916 123 45 67 8", "89161234567 8916123456", "8916123456 89161234567",
        "8 916 123 45 67 123 45 67", "89161234567 12345678901", "+7 916 123 45 67 8 800 555 35 35 1",
        "89161234567 89999999999", "89161234567 80000000000",
    ])
    func twoNumbersOnlyWhenBothWhole(text: String) {
        #expect(read(text) == nil, "\(text): \(String(describing: read(text)))")
    }

    @Test("A long field is read in one pass or a few: numbers repeated, short runs repeated (was quadratic: 400 KB took 11 s)")
    func longFieldsStayLinear() {
        // Quadratic readings made these take minutes in a debug build; each is read once here.
        #expect(read(String(repeating: "8 495 123 45 67 ", count: 12_000)) == nil)
        #expect(read(String(repeating: "1 ", count: 100_000) + "+7 916 123 45 67") == nil)
        #expect(read("1, 2, 3, 4, 5, 6, 7, +7 916 123 45 67")?.0 == "79161234567")
        #expect(read("1, 2, 3, 4, 5, 6, 7, 8, +7 916 123 45 67") == nil)
        #expect(read(String(repeating: "доб. 1, ", count: 20_000) + "8 916 123 45 67") == nil)
    }

    @Test("A first run that is no number and longer than four digits still gives nothing (the first number decides)")
    func longFirstRunDecides() {
        for text in ["+7 916 123 45 6, 8 495 123 45 67", "12345 доб, +7 916 123-45-67", "4. 8-495-123-45-67",
                     "ИНН 7712345678, тел. 8 916 123-45-67", "10:00 (1)(934) 371-49-99", "10:00 937 865 49 99 2024"] {
            #expect(read(text) == nil, "\(text)")
        }
    }

    @Test("Ten digits starting with 7, solid or after a lone 7, are no Kazakh number (a +7 number missing a digit)")
    func tenDigitsAfterSeven() {
        for text in ["7916123456", "7 701 123 45 6", "7011234567", "791 612 34 56", "7495 123 45 6", "7812 12 34 56"] {
            #expect(read(text) == nil, "\(text)")
        }
    }

    @Test("A mark that says something about the number stays in the rest (the phone is then not rewritten)", arguments: [
        ("+7 916 123-45-67 ❌", "❌"), ("🚫 +7 916 123-45-67", "🚫"), ("+7 916 123 45 67 (?)", "(?)"),
        ("~~+7 916 123-45-67~~", "~~ ~~"), ("📠 +7 343 210-00-00", "📠"), ("+7 916 123-45-67!", "!"),
    ])
    func marksAreRest(text: String, rest: String) {
        #expect(read(text)?.1 == rest, "\(text): \(String(describing: read(text)))")
        #expect(read(text)?.1.isEmpty == false)
    }

    @Test("Ten solid digits after 8: the area code when the other reading (trunk 8 + an incomplete number) cannot be")
    func solidEightAreaCodes() {
        // Nizhny Novgorod, Kazan, Volgograd, Saratov, Samara, St Petersburg: no +7 number starts with 31, 43-46, 12.
        for (text, e164) in [("8312123456", "78312123456"), ("8432123456", "78432123456"), ("8442123456", "78442123456"),
                             ("8452123456", "78452123456"), ("8462123456", "78462123456"), ("8121234567", "78121234567")] {
            #expect(read(text)?.0 == e164, "\(text)")
        }
        // Saransk's 834 or the trunk before Yekaterinburg's 343; Cheboksary's 835 or the trunk before Chelyabinsk's 351;
        // Grozny's 871 or the trunk before Kazakhstan's 71x: undecided.
        for text in ["8343210000", "8352123456", "8712123456", "8412123456"] {
            #expect(read(text) == nil, "\(text)")
        }
    }

    @Test("On a clean number phone_first() is e164()")
    func cleanNumbers() {
        for text in ["+7 916 123-45-67", "8 (916) 123-45-67", "79161234567", "9161234567", "+375 29 123 45 67",
                     "00 49 30 1234567", "+46 8 123456", "+1 212 555 0100", "8 (8452) 12-34-56", "8123456789"] {
            #expect(read(text)?.0 == PhoneNormalizer.e164(text), "\(text)")
            #expect(read(text)?.1 == "", "\(text)")
        }
    }

    @Test("The rest goes to the custom field a constant names; the phone is rewritten only then")
    func restInCustomField() throws {
        let rules = """
        const phoneRestField = 31

        rule "Phone as E.164" {
          when length(phone_first(phone)) >= 10
            and (phone_rest(phone) is empty or phoneRestField > 0
            and (customValues[phoneRestField] is empty or customValues[phoneRestField] == phone_rest(phone)))
          set phone = concat("+", phone_first(phone))
          set customValues[phoneRestField] = phone_rest(phone)
        }
        """
        #expect(try patch(rules, #"{"id": 1, "phone": "8 916 123 45 67 доб. 123"}"#)
            == #"{"phone":"+79161234567","customValues":{"31":"доб. 123"}}"#)
        // The custom field holds something else: the phone stays as it is.
        #expect(try patch(rules, #"{"id": 1, "phone": "8 916 123 45 67 доб. 123", "customValues": {"31": "x"}}"#) == "{}")
        let unset = rules.replacingOccurrences(of: "phoneRestField = 31", with: "phoneRestField = 0")
        #expect(try patch(unset, #"{"id": 1, "phone": "8 916 123 45 67 доб. 123"}"#) == "{}")
        #expect(try patch(unset, #"{"id": 1, "phone": "тел.: 8 916 123 45 67"}"#) == #"{"phone":"+79161234567"}"#)
    }

    /// The shortcut for plain numbers must read exactly what the general reading reads. Random fields over an
    /// alphabet where plain and not-plain texts are both common (a `(0)` trunk, a float's `.0`, a `+` inside,
    /// a leading bracket or blank, letters, quotes, a fullwidth digit).
    @Test("plain numbers read through the shortcut exactly as through the general reading (random fields)")
    func plainShortcutAgreesWithGeneralReading() {
        let alphabet: [String] = ["0", "1", "2", "3", "4", "5", "7", "8", "9", "9", "0", "8", "+", " ", "-", "(", ")",
                                  "(0)", ".", ".0", "x", "т", "\"", "'", "２", "\u{00A0}", "00", "8 10 "]
        var generator = SplitMix64(seed: 0x5eed_f00d)
        var plainSeen = 0, numbersSeen = 0
        for round in 0..<40_000 {
            var text = ""
            let length = generator.below(22)
            // Every other round a number-shaped start, so that many texts are whole numbers.
            if round % 2 == 0 { text = generator.pick(["+7", "8", "+49", "7", "+1 ", "9"]) }
            for _ in 0..<length { text += generator.pick(alphabet) }
            let general = PhoneFieldReader.readGeneral(text)
            if PhoneFieldReader.readPlain(text) != nil { plainSeen += 1 }
            if general != nil { numbersSeen += 1 }
            #expect(PhoneFieldReader.read(text) == general, "\(text.debugDescription)")
        }
        #expect(plainSeen > 2_000 && numbersSeen > 500, "plain \(plainSeen), numbers \(numbersSeen)")
    }

    /// The plain reading finds and copies its groups of digits eight bytes at a time (texts of eight bytes or more);
    /// it must answer what the byte-at-a-time loop answers: random texts of 0 to 40 bytes, mostly digits in groups
    /// of every length (runs of 8 and more, groups ending the text, at every distance from its end), separators,
    /// a `+`, a `(0)`, other bytes.
    @Test("plain numbers read eight bytes at a time as a byte at a time (random texts)")
    func wordwiseDigitRunsAgreeWithBytes() {
        let alphabet: [String] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "9", "0", "8", "7", " ", "-", "(",
                                  ")", "(0)", "+", "x", "/", "\u{7F}", "\u{FF}", ":", "тел"]
        let separators = alphabet.filter { $0.first.map { !$0.isNumber } ?? false }
        var generator = SplitMix64(seed: 0x0d19_17a5)
        var numbersSeen = 0, wordwiseSeen = 0
        for round in 0..<60_000 {
            var text = round % 3 == 0 ? generator.pick(["+", "8 ", "+7 ", "00", "+998 ", "8 (", "+(", ""]) : ""
            let groups = generator.below(6)
            for _ in 0..<groups {
                // A run of digits (1 to 16), then one or two other bytes.
                let run = 1 + generator.below(16)
                for _ in 0..<run { text += String(generator.below(10)) }
                if generator.below(4) == 0 { continue }
                text += generator.pick(separators)
                if generator.below(5) == 0 { text += generator.pick(alphabet) }
            }
            if generator.below(3) == 0, !text.isEmpty { text.removeLast() }
            var bytes = Array(text.utf8)
            if bytes.count >= 8 { wordwiseSeen += 1 }
            bytes.withUnsafeMutableBufferPointer { input in
                let input = UnsafeBufferPointer(input)
                var wordwiseOut = [UInt8](repeating: 0xAA, count: PhoneNormalizer.longestNumber + 1)
                var bytewiseOut = wordwiseOut
                let wordwise = wordwiseOut.withUnsafeMutableBufferPointer {
                    PhoneFieldReader.readPlainNumber(utf8: input, into: $0.baseAddress!, wordwise: true)
                }
                let bytewise = bytewiseOut.withUnsafeMutableBufferPointer {
                    PhoneFieldReader.readPlainNumber(utf8: input, into: $0.baseAddress!, wordwise: false)
                }
                #expect(wordwise == bytewise, "\(text.debugDescription)")
                if case let .some(count?) = bytewise {
                    numbersSeen += 1
                    #expect(wordwiseOut[..<count] == bytewiseOut[..<count], "\(text.debugDescription)")
                }
            }
        }
        #expect(numbersSeen > 1_000 && wordwiseSeen > 30_000, "numbers \(numbersSeen), eight bytes or more \(wordwiseSeen)")
    }

    /// The country code's length read from two words of bits must be the list's, for every first and second byte
    /// (digits or not) and for one byte alone.
    @Test("country code lengths from bits as from the list of codes (every two bytes)")
    func countryCodeLengthsAgreeWithTheList() {
        for first in 0...255 {
            var one = [UInt8(first)]
            one.withUnsafeMutableBufferPointer { digits in
                let digits = UnsafeBufferPointer(digits)
                #expect(PhoneNormalizer.countryCodeLength(digits) == PhoneNormalizer.countryCodeLengthBySwitch(digits))
            }
            for second in 0...255 {
                var two = [UInt8(first), UInt8(second), UInt8(ascii: "5")]
                two.withUnsafeMutableBufferPointer { digits in
                    let digits = UnsafeBufferPointer(digits)
                    #expect(PhoneNormalizer.countryCodeLength(digits) == PhoneNormalizer.countryCodeLengthBySwitch(digits),
                            "\(first) \(second)")
                }
            }
        }
    }
}
