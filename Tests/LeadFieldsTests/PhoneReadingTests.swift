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
}
