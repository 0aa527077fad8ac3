import Foundation
import Testing
import LeadEngine

/// `int(x)` of a number beyond 64 bits is an error for the lead that names the value, never a
/// silent missing (nor a crash).
@Suite("int() beyond 64 bits")
struct IntegerRangeTests {
    /// Reads `sourceComment` (text) and `json(sourceComment, "n")` (a JSON number) through `int`.
    static let rules = """
    rule "Budget from text" {
      when int(sourceComment) >= 100000
      set priority = 8
    }

    rule "Budget from JSON" {
      when int(json(sourceComment, "n")) >= 100000
      set priority = 7
    }
    """

    /// The evaluation of a lead whose comment is `comment` (JSON string content).
    func evaluate(_ comment: String) throws -> Evaluation {
        try engine(Self.rules).evaluate(try lead(#"{"id": 5, "sourceComment": "\#(comment)"}"#), now: winter)
    }

    @Test("Numeric text beyond 64 bits is a per-lead error naming the value and the rule", arguments: [
        "99999999999999999999", "-99999999999999999999", "9223372036854775808", "99 999 999 999 999 999 999",
    ])
    func textOutOfRange(_ text: String) throws {
        let evaluation = try evaluate(text)
        let error = try #require(evaluation.errors.first { $0.rule == "Budget from text" })
        #expect(error.message.contains(text.trimmingCharacters(in: .whitespaces)))
        #expect(error.message.contains("outside the 64-bit integer range"))
        #expect(error.leadId == 5)
        #expect(error.location?.description == "test.rules:1:6")
    }

    @Test("A JSON number beyond 64 bits is a per-lead error naming it", arguments: ["1e30", "-9.3e18", "9223372036854775808", "-1e19"])
    func jsonOutOfRange(_ number: String) throws {
        let evaluation = try evaluate(#"{\"n\": \#(number)}"#)
        let error = try #require(evaluation.errors.first { $0.rule == "Budget from JSON" })
        #expect(error.message.contains("outside the 64-bit integer range"))
        #expect(error.message.hasPrefix("int("))
    }

    @Test("Integral numbers within 64 bits are read exactly, beyond 1e15 too; the boundaries hold")
    func inRange() throws {
        #expect(try evaluate(#"{\"n\": 1e18}"#).patch.jsonBody() == #"{"priority":7}"#)
        #expect(try evaluate("9223372036854775807").patch.jsonBody() == #"{"priority":8}"#)
        #expect(try evaluate("-9223372036854775808").errors.isEmpty)
        #expect(try evaluate(#"{\"n\": -9.2e18}"#).errors.isEmpty)
    }

    @Test("Text that is not an integer, and fractions, stay missing without an error")
    func notIntegers() throws {
        for comment in ["high", "1e30", "2.5", "12abc", "", "-", #"{\"n\": 2.5}"#, #"{\"n\": \"x\"}"#] {
            let evaluation = try evaluate(comment)
            #expect(evaluation.errors.isEmpty, "\(comment): \(evaluation.errors)")
            #expect(evaluation.patch.isEmpty)
        }
    }

    @Test("A write of a number beyond 64 bits to an integer field names the range")
    func writeOutOfRange() throws {
        let rules = """
        rule "Priority from JSON" {
          when sourceComment is present
          set priority = json(sourceComment, "n")
        }
        """
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 6, "sourceComment": "{\"n\": 1e30}"}"#), now: winter)
        #expect(evaluation.errors.map(\.message) == ["priority = 1e+30 is not sent: priority must be an integer: 1e+30 is outside the 64-bit integer range (-9223372036854775808...9223372036854775807)"])
    }

    @Test("A json() path index that is not a 64-bit integer finds nothing (it was dropped from the path)")
    func jsonPathIndex() throws {
        let rules = """
        rule "Answer" {
          when json(sourceComment, "steps[99999999999999999999]") is present
          set priority = 1
        }
        """
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 7, "sourceComment": "{\"steps\": [1, 2]}"}"#), now: winter)
        #expect(evaluation.patch.isEmpty)
    }
}
