import Foundation
import Testing
import LeadEngine

@Suite("Validation: values the API would refuse are errors, never sent")
struct ValidationTests {
    @Test("A utcOffset from a capture outside -12...14 becomes an error naming the rule and value")
    func utcOffsetRange() throws {
        let rules = """
        rule "Offset from comment" {
          when sourceComment ~ /UTC(?<h>[+-]?\\d+)/
          set utcOffset = int($h)
        }
        """
        let engine = try engine(rules)
        let bad = engine.evaluate(try lead(#"{"id": 7, "sourceComment": "UTC+15"}"#), now: winter)
        #expect(bad.patch.isEmpty)
        #expect(bad.errors.count == 1)
        #expect(bad.errors[0].leadId == 7)
        #expect(bad.errors[0].rule == "Offset from comment")
        #expect(bad.errors[0].field == "utcOffset")
        #expect(bad.errors[0].message.contains("utcOffset = 15 is not sent"))
        #expect(bad.errors[0].location?.description.hasPrefix("test.rules:3:") == true)
        let good = engine.evaluate(try lead(#"{"id": 7, "sourceComment": "UTC-5"}"#), now: winter)
        #expect(good.patch.jsonBody() == #"{"utcOffset":-5}"#)
        #expect(good.errors.isEmpty)
    }

    @Test("vkId must be a positive integer and is written as a string")
    func vkId() throws {
        let rules = """
        rule "VK" {
          when sourceComment ~ /vk\\.com\\/id(?<id>-?\\d+)/
          set vkId = $id
        }
        """
        #expect(try patch(rules, #"{"id": 1, "sourceComment": "vk.com/id123"}"#) == #"{"vkId":"123"}"#)
        let result = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "vk.com/id-4"}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(result.errors.first?.field == "vkId")
    }

    @Test("A phone that is not E.164 digits is not sent")
    func phone() throws {
        let rules = """
        rule "Phone from comment" {
          when sourceComment ~ /тел[:\\s]*(?<p>[\\d+]+)/
          set telegramPhone = $p
        }
        """
        #expect(try patch(rules, #"{"id": 1, "sourceComment": "тел: +79161234567"}"#) == #"{"telegramPhone":"+79161234567"}"#)
        let result = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "тел: 12345"}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(result.errors.first?.message.contains("E.164") == true)
    }

    @Test("Strings with control characters are not sent")
    func controlCharacters() throws {
        let rules = """
        rule "Name from comment" {
          when sourceComment ~ /имя=(?<n>.+)/s
          set name = $n
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "имя=Ан\u0007на"}"#), now: winter)
        #expect(result.patch.isEmpty)
        #expect(result.errors.first?.message.contains("control") == true)
    }

    @Test("Catastrophic backtracking on one lead is an error for that lead, and other rules still run")
    func matchLimit() throws {
        let rules = """
        rule "Runaway" precedence 1 {
          when sourceComment ~ /^(a+)+$/
          set priority = 1
        }
        rule "Other" {
          set utcOffset = 3
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 5, "sourceComment": "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!"}"#), now: winter)
        #expect(result.errors.count == 1)
        #expect(result.errors[0].message.contains("match limit"))
        #expect(result.patch.jsonBody() == #"{"utcOffset":3}"#)
    }

    /// Shapes that backtrack past the limit without anchors: a repeated group (exponential) and two adjacent unbounded
    /// repetitions of overlapping characters (polynomial). Whatever detail is asked (the patch alone, where the engine
    /// may answer a regex without PCRE2, or a trace), the lead gets the same error and the other rules still run.
    @Test("A runaway unanchored regex is an error for the lead at every detail", arguments: [
        ("(a|aa)+b", String(repeating: "a", count: 60) + "c b"),
        ("(x+x+)+y", String(repeating: "x", count: 40) + "! y"),
        ("a*a*a*a*a*b", String(repeating: "a", count: 300) + " c b"),
    ])
    func matchLimitUnanchored(pattern: String, comment: String) throws {
        let rules = """
        rule "Runaway" precedence 1 {
          when text(sourceComment) ~ /\(pattern)/
          set priority = 1
        }
        rule "Other" {
          set utcOffset = 3
        }
        """
        let evaluator = try engine(rules).makeEvaluator()
        let input = try lead(#"{"id": 5, "sourceComment": "\#(comment)"}"#)
        for detail in [EvaluationDetail.patch, .trace] {
            let result = evaluator.evaluate(input, now: winter, detail: detail)
            #expect(result.errors.count == 1, "\(pattern) at \(detail)")
            #expect(result.errors.first?.message.contains("match limit") == true, "\(pattern) at \(detail)")
            #expect(result.patch.jsonBody() == #"{"utcOffset":3}"#, "\(pattern) at \(detail)")
        }
    }

    @Test("Input leads are checked: id and field types")
    func leadInput() throws {
        #expect(throws: LeadError.self) { try lead(#"{"phone": "1"}"#) }
        #expect(throws: LeadError.self) { try lead(#"{"id": 0}"#) }
        #expect(throws: LeadError.self) { try lead(#"{"id": -3}"#) }
        do {
            _ = try lead(#"{"id": 4, "utcOffset": "three"}"#)
            Issue.record("expected an error")
        } catch let error as LeadError {
            #expect(error.leadId == 4)
            #expect(error.field == "utcOffset")
        }
        let ok = try lead(#"{"id": 4, "vkId": 15, "customValues": [], "isSecondary": 1}"#)
        #expect(ok.id == 4)
    }
}
