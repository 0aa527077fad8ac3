import Foundation
import Testing
@testable import LeadEngine

/// `amount()`'s shortcut for whole numbers written solid or grouped by spaces answers what the general reading
/// answers, and leaves every other text to it.
@Suite("amount(): plain integers read from the bytes")
struct AmountPlainIntegerTests {
    @Test func shortcutAgreesWithTheGeneralReading() {
        var random = SystemRandomNumberGenerator()
        let pieces = ["0", "1", "5", "9", "00", "000", "123", "358000", " ", "  ", "-", ",", ".", "к", "млн", "1234"]
        var shortcuts = 0
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 1...6, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            let general = AmountReading.read(text).map(AmountReading.result) ?? .missing
            if let whole = AmountReading.plainInteger(text) {
                shortcuts += 1
                #expect(Value.int(whole) == general, "\(text.debugDescription)")
            }
            #expect(AmountReading.read(.string(text)) == general, "\(text.debugDescription)")
        }
        #expect(shortcuts > 500)
    }

    @Test("what the shortcut takes and what it leaves", arguments: [
        ("358000", 358000), ("150 000", 150000), ("1 500 000", 1_500_000), ("007", 7), ("999999999999999999", 999_999_999_999_999_999),
    ])
    func takes(text: String, value: Int) {
        #expect(AmountReading.plainInteger(text) == value)
    }

    @Test(arguments: ["1500 000", "150  000", " 150", "150 ", "1 50", "1234567890123456789", "", "+5", "5к", "1,5"])
    func leaves(text: String) {
        #expect(AmountReading.plainInteger(text) == nil)
    }
}
