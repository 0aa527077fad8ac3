import Foundation
import Testing
import LeadEngine

@Suite("Order and precedence")
struct OrderAndPrecedenceTests {
    @Test("Higher precedence wins whatever the order; equal precedence: the earlier rule")
    func precedence() throws {
        let rules = """
        rule "Low" {
          when sourceComment ~ /срочно/i
          set priority = 1
        }
        rule "High" precedence 10 {
          when sourceComment ~ /срочно/i
          set priority = 9
        }
        rule "Also low" {
          when sourceComment ~ /срочно/i
          set priority = 2
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "СРОЧНО"}"#), now: winter)
        #expect(result.patch.jsonBody() == #"{"priority":9}"#)
        #expect(result.changes.first?.rule == "High")
        let tie = try engine(rules.replacingOccurrences(of: " precedence 10", with: ""))
            .evaluate(try lead(#"{"id": 1, "sourceComment": "срочно"}"#), now: winter)
        #expect(tie.changes.first?.rule == "Low")
    }

    @Test("A rule reading a field sees what an earlier-ordered writer inferred, whatever the file order")
    func dependencyOrder() throws {
        let rules = """
        rule "Priority from offset" {
          when utcOffset >= 7
          set priority = 2
        }
        rule "Offset from phone" {
          when e164(phone) ~ /^7383/
          fill utcOffset = zone("Asia/Novosibirsk")
        }
        """
        #expect(try patch(rules, #"{"id": 1, "phone": "8 383 123-45-67"}"#) == #"{"priority":2,"utcOffset":7}"#)
    }

    @Test("A dependency cycle is a load-time error")
    func cycle() {
        let rules = """
        rule "A" {
          when name ~ /x/
          set priority = 1
        }
        rule "B" {
          when priority == 1
          set name = "x"
        }
        """
        #expect(throws: Engine.LoadError.self) { try engine(rules) }
    }

    @Test("Status moves follow the declared graph, from the lead's current status, at most one per lead")
    func transitions() throws {
        let rules = """
        status new = 1, callback = 2, qualified = 5, junk = 9
        transitions {
          new -> junk
          new -> qualified
          callback -> qualified
        }
        rule "Junk" precedence 5 {
          when e164(phone) ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }
        rule "Qualify" {
          when sourceComment ~ /готов купить/i
          move new, callback -> qualified
        }
        """
        let engine = try engine(rules)
        let both = engine.evaluate(try lead(#"{"id": 1, "statusId": 1, "phone": "79999999999", "sourceComment": "готов купить"}"#), now: winter)
        #expect(both.patch.jsonBody() == #"{"statusId":9}"#)
        let callback = engine.evaluate(try lead(#"{"id": 1, "statusId": 2, "phone": "79999999999", "sourceComment": "Готов купить"}"#), now: winter)
        #expect(callback.patch.jsonBody() == #"{"statusId":5}"#)
        let other = engine.evaluate(try lead(#"{"id": 1, "statusId": 5, "sourceComment": "готов купить"}"#), now: winter)
        #expect(other.patch.isEmpty)
        let unknown = engine.evaluate(try lead(#"{"id": 1, "statusId": 77, "sourceComment": "готов купить"}"#), now: winter)
        #expect(unknown.patch.isEmpty)
    }
}
