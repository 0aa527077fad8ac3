import LeadFields
import Testing

/// `phoneReading(_:held:)` answers in one look what `isE164Phone` and `sameText(held:wanted:kind:)` answer apart.
struct PhoneReadingTests {
    static let texts = [
        "", "+", "++", "5551234567", "+15551234567", "++15551234567", "15551234567", "+1555123456", "+155512345",
        "+1555123456789012", "+155512345678901", "123456789", "1234567890", "+1 555 123 4567", "(555) 123-4567",
        "+1555123456a", "+1555١٢٣٤٥٦٧", "+15551234567\u{301}", "+\u{301}15551234567", "\u{301}15551234567",
        "+4930123456789", "004930123456789", "+44 20 7946 0958", "Ｔｅｌ +15551234567", "+15551234567 ",
        String(repeating: "9", count: 15), "+" + String(repeating: "9", count: 16), "+1555123456/", "+1555123456:",
    ]

    @Test("phoneReading is isE164Phone, then the phone sameness of the held bytes, on every pair")
    func agreesWithTheSeparateAnswers() {
        for wanted in Self.texts {
            let isPhone = LeadFields.isE164Phone(wanted)
            let alone = LeadFields.phoneReading(wanted, held: nil)
            #expect(alone?.isPhone == isPhone && alone?.same == nil, "\(wanted.debugDescription)")
            for held in Self.texts {
                var heldCopy = held
                heldCopy.withUTF8 { bytes in
                    let reading = LeadFields.phoneReading(wanted, held: bytes)
                    #expect(reading?.isPhone == isPhone, "\(wanted.debugDescription) \(held.debugDescription)")
                    guard isPhone else { #expect(reading?.same == nil); return }
                    let same = LeadFields.sameText(held: bytes, wanted: wanted, kind: .phone)
                    #expect(reading?.same == same, "\(wanted.debugDescription) \(held.debugDescription)")
                    if let same {
                        let general = LeadFields.sameValue(held: .string(held), wanted: .string(wanted), kind: .phone)
                        #expect(same == general, "\(wanted.debugDescription) \(held.debugDescription)")
                    }
                }
            }
        }
    }

    /// Numbers a phone written back may hold after its `+` (and texts that are none): digits of every length to 20, a
    /// leading `+`, a non-digit (ASCII or not, look-alikes of digits, a combining mark) at every place.
    static var numbers: [String] {
        var numbers: [String] = [""]
        let digits = "7916123456789012345"
        for length in 1...20 {
            let number = String(String(repeating: digits, count: 2).prefix(length))
            numbers.append(number)
            numbers.append("+" + number)
            guard length >= 8 else { continue }
            for place in 0..<length {
                for other in ["+", "/", ":", "a", " ", "\u{661}", "\u{FF11}", "\u{301}", "\u{7F}"] {
                    var characters = Array(number)
                    characters[place] = Character(other)
                    numbers.append(String(characters))
                }
            }
        }
        return numbers
    }

    /// What a lead may hold in the field: the number itself with `+`s before it or not, formatted, one byte changed
    /// at every place, longer, shorter, not ASCII.
    static func helds(for number: String) -> [String] {
        var helds = texts + [number, "+" + number, "++" + number, "+++" + number, number + " ", " " + number,
                             "+" + number + "\u{301}", "\u{FF0B}" + number, "8" + number, String(number.dropFirst()),
                             String(number.dropLast()), "+" + String(number.dropLast()) + "0", "\u{A0}+" + number,
                             "+" + number.map { $0 == "1" ? "\u{661}" : String($0) }.joined()]
        for place in 0..<number.count {
            var characters = Array(number)
            characters[place] = characters[place] == "0" ? "1" : "0"
            helds.append("+" + String(characters))
            helds.append(String(characters))
        }
        return helds
    }

    @Test("writtenPhoneReading of a number's bytes is phoneReading of + and the number, with any held text")
    func writtenPhoneReadingIsPhoneReadingOfPlusAndTheNumber() {
        var compared = 0
        var generator = SystemRandomNumberGenerator()
        var numbers = Self.numbers
        for _ in 0..<300 {
            let length = Int.random(in: 0...18, using: &generator)
            let alphabet = Array("0123456789") + ["+", " ", "-", "\u{661}", "a"]
            numbers.append(String((0..<length).map { _ in alphabet.randomElement(using: &generator)! }))
        }
        for number in numbers {
            var numberCopy = number
            numberCopy.withUTF8 { digits in
                let expected = LeadFields.phoneReading("+" + number, held: nil)
                let alone = LeadFields.writtenPhoneReading(digits: digits, held: nil)
                #expect(expected?.isPhone == alone.isPhone && expected?.same == alone.same, "\(number.debugDescription)")
                let empty = LeadFields.writtenPhoneReading(digits: digits, held: UnsafeBufferPointer(start: nil, count: 0))
                let emptyExpected = LeadFields.phoneReading("+" + number, held: UnsafeBufferPointer(start: nil, count: 0))
                #expect(emptyExpected?.isPhone == empty.isPhone && emptyExpected?.same == empty.same, "\(number.debugDescription)")
                for held in Self.helds(for: number) {
                    var heldCopy = held
                    heldCopy.withUTF8 { bytes in
                        let reading = LeadFields.writtenPhoneReading(digits: digits, held: bytes)
                        let expected = LeadFields.phoneReading("+" + number, held: bytes)
                        #expect(expected?.isPhone == reading.isPhone && expected?.same == reading.same,
                                "\(number.debugDescription) \(held.debugDescription)")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared > 50_000)
    }
}
