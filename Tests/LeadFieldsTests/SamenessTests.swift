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
}
