import BenchSupport
import JSON
import LeadFields
import Testing

/// The one sameness rule: cases on which the engine's "no change" test and a run's "the lead holds it"
/// check used to disagree.
@Suite("Same value")
struct SamenessTests {
    @Test(arguments: [
        // A phone with and without its `+` (Liner stores `+digits` whatever was sent).
        (JSONValue.string("+79001234567"), JSONValue.string("79001234567"), "phone", true),
        (.string("79001234567"), .string("+79001234567"), "telegramPhone", true),
        (.string("+79001234567"), .string("79001234567"), "name", false),
        // A number and its text.
        (.string("100"), .int(100), "vkId", true),
        (.int(100), .string("100"), "customValues[3]", true),
        (.string("1.5"), .double(1.5), "customValues[3]", true),
        (.string("true"), .bool(true), "customValues[3]", true),
        (.double(5), .int(5), "priority", true),
        (.array([.string("a"), .string("b")]), .string("a, b"), "customValues[3]", true),
        // Empty is empty.
        (.null, .string(""), "name", true),
        (.string(""), .null, "utcOffset", true),
        (.null, .string("x"), "name", false),
        (.string("0"), .int(1), "vkId", false),
    ])
    func sameValue(_ held: JSONValue, _ wanted: JSONValue, _ key: String, _ same: Bool) {
        #expect(LeadFields.sameValue(held: held, wanted: wanted, key: key) == same)
        #expect(LeadFields.sameValue(held: wanted, wanted: held, key: key) == same, "symmetric")
    }

    @Test func aMissingValueIsEmpty() {
        #expect(LeadFields.sameValue(held: nil, wanted: .null, key: "name"))
        #expect(LeadFields.sameValue(held: nil, wanted: .string(""), key: "name"))
        #expect(!LeadFields.sameValue(held: nil, wanted: .int(3), key: "utcOffset"))
    }

    /// The shortcuts (numbers by value; ASCII phones by bytes) agree with the definition they stand for: numbers
    /// by their texts, phones by their characters without leading `+`.
    @Test("numbers and phones: the shortcuts agree with the texts they stand for (random values)")
    func shortcutsAgreeWithTexts() {
        var random = SplitMix64(seed: 42)
        func next(_ bound: Int) -> Int { random.below(bound) }
        let numbers: [JSONValue] = [.int(0), .int(5), .int(-5), .int(1_000_000_000_000_000), .double(5), .double(5.5),
                                    .double(-0.0), .double(1e15), .double(1e16), .int(10_000_000_000_000_000), .double(0.1)]
        for a in numbers {
            for b in numbers {
                let byTexts = a == b || LeadFields.text(of: a) == LeadFields.text(of: b)
                #expect(LeadFields.sameValue(held: a, wanted: b, key: "priority") == byTexts, "\(a) \(b)")
            }
        }
        let pieces = ["+", "+", "7", "9", "0", "1", " ", "-", "е\u{301}", "\u{451}", "ё", "x"]
        for _ in 0..<5_000 {
            let a = (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined()
            let b = next(3) == 0 ? a : (next(2) == 0 ? "+" + a : (0..<next(6)).map { _ in pieces[next(pieces.count)] }.joined())
            let byCharacters = a.drop { $0 == "+" } == b.drop { $0 == "+" }
            #expect(LeadFields.sameValue(held: .string(a), wanted: .string(b), key: "phone") == (a == b || byCharacters),
                    "\(a.debugDescription) \(b.debugDescription)")
            #expect(LeadFields.sameValue(held: .string(a), wanted: .string(b), kind: .phone) == (a == b || byCharacters),
                    "\(a.debugDescription) \(b.debugDescription)")
        }
    }
}
