import Foundation
import JSON
import Testing
@testable import LeadEngine

/// The remembered text functions of a field (`phone_first(phone)`, `digits(phone)`, `text(phone)`: answers kept for
/// the lead by their input text, ``EvaluationCore/heldCall(_:start:count:)``): a writer after one that proposed a value
/// for the field reads the proposal (not the answer remembered for the lead's own value), a writer of the field reads
/// the lead's own value, and no answer outlives its lead. Leads read as text (escapes among them) and decoded, one
/// evaluator lead after lead.
@Suite struct RememberedFieldCallTests {
    static let rules = """
    rule "First" {
      when length(phone_first(phone)) >= 10 and phone_rest(phone) is empty
      set phone = concat("+", phone_first(phone))
      set customValues[1] = concat(digits(phone), "|", text(phone))
    }
    rule "Second" {
      when phone_first(phone) ~ /^7/ and digits(phone) ~ /^7/
      set customValues[2] = concat(phone, "|", phone_first(phone), "|", digits(phone), "|", text(phone), "|", e164(phone))
    }
    rule "Third" {
      when digits(phone) ~ /^8/
      set phone = concat("+", digits(phone))
      set customValues[3] = concat(digits(phone), "|", phone_rest(phone))
    }
    """

    /// Each lead and its patch body.
    static let cases: [(lead: String, patch: String)] = [
        // "First" proposes the phone: "Second" reads the proposal, "Third" (a writer of the phone) the lead's own.
        (#"{"id": 1, "phone": "8 (916) 123-45-67"}"#,
         #"{"phone":"+79161234567","customValues":{"1":"89161234567|8 (916) 123-45-67","2":"+79161234567|79161234567|79161234567|+79161234567|79161234567","3":"89161234567|"}}"#),
        // Another number: nothing of the lead before.
        (#"{"id": 2, "phone": "8 (495) 765-43-21"}"#,
         #"{"phone":"+74957654321","customValues":{"1":"84957654321|8 (495) 765-43-21","2":"+74957654321|74957654321|74957654321|+74957654321|74957654321","3":"84957654321|"}}"#),
        // An escaped phone with a rest: "First" does not fire, "Second" reads the lead's own value (decoded), whose
        // e164() is none.
        (#"{"id": 3, "phone": "7\u0020916 123 45 67, \"x\""}"#,
         #"{"customValues":{"2":"7 916 123 45 67, \"x\"|79161234567|79161234567|7 916 123 45 67, \"x\"|"}}"#),
        // No phone.
        (#"{"id": 4, "name": "x"}"#, #"{}"#),
    ]

    @Test func answersFollowTheValueTheWriterReads() throws {
        let engine = try Engine(source: Self.rules, path: "memo.rules")
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        for _ in 0..<2 {
            for (text, expected) in Self.cases {
                let lazy = try #require(Lead(checkedText: Array(text.utf8)), "\(text)")
                let decoded = try Lead(json: try JSONParser.parse(text))
                #expect(evaluator.evaluate(lazy, now: winter, detail: .patch).patch.jsonBody() == expected, "\(text)")
                #expect(evaluator.evaluate(decoded, now: winter, detail: .patch).patch.jsonBody() == expected, "\(text)")
                evaluator.evaluate(lazy, now: winter, detail: .patch, into: &buffer)
                #expect(buffer.patch.jsonBody() == expected, "\(text)")
                #expect(engine.makeEvaluator().evaluate(lazy, now: winter, detail: .trace).patch.jsonBody() == expected, "\(text)")
            }
        }
    }
}
