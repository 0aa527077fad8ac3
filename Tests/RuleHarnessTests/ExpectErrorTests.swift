import Foundation
import Testing
import LeadEngine
import RuleHarness
import RulesLanguage

/// A rule that raises a per-lead error for a comment that is not a number.
private let pack = """
rule "Phone from comment" {
  when sourceComment is present
  set phone = sourceComment
}

rule "Urgent" {
  when name ~ /срочно/i
  set priority = 9
}
"""

/// Runs `tests` against `pack` and returns the report.
private func run(_ tests: String) throws -> TestReport {
    let engine = try Engine(source: pack + "\n" + tests, path: "pack.rules")
    return TestRunner(engine: engine).run()
}

@Suite("expect error: a per-lead error fails a test unless it says so")
struct ExpectErrorTests {
    @Test("A lead that raises a per-lead error fails a test without `expect error`, listing the error, its rule and location")
    func unexpectedErrorFails() throws {
        let report = try run("""
        test "Silent error" {
          given {"id": 1, "sourceComment": "high"}
          expect untouched phone
        }
        """)
        #expect(report.summaryLine == "0 passed, 1 failed")
        let text = report.text()
        #expect(text.contains("the lead raised a per-lead error (say `expect error` if the test means it)"))
        #expect(text.contains("phone = \"high\" is not sent: a phone must be E.164 digits (10 to 15, '+' optional) (rule \"Phone from comment\" at pack.rules:3:3)"))
        // The failure points at the given lead.
        #expect(text.contains("pack.rules:11:9: the lead raised"))
        let failed = try #require(report.results.first)
        #expect(failed.errors.map(\.rule) == ["Phone from comment"])
    }

    @Test("`expect error` and `expect error \"text\"` pass when the lead raises a matching error")
    func expectedErrorPasses() throws {
        let report = try run("""
        test "Any error" {
          given {"id": 1, "sourceComment": "high"}
          expect error
          expect untouched priority
        }

        test "This error" {
          given {"id": 2, "sourceComment": "high"}
          expect error "a phone must be E.164"
        }

        test "The rule's name matches too" {
          given {"id": 3, "sourceComment": "high"}
          expect error "Phone from comment"
        }
        """)
        #expect(report.summaryLine == "3 passed, 0 failed")
    }

    @Test("`expect error` fails when the lead raises none, and `expect error \"text\"` when no error contains the text")
    func expectedErrorMissing() throws {
        let report = try run("""
        test "No error" {
          given {"id": 1, "name": "срочно"}
          expect error
        }

        test "Other error" {
          given {"id": 2, "sourceComment": "high"}
          expect error "utcOffset"
        }

        test "No error, with text" {
          given {"id": 3}
          expect error "phone"
        }
        """)
        #expect(report.summaryLine == "0 passed, 3 failed")
        let text = report.text()
        #expect(text.contains("FAIL No error (pack.rules:10:6)\n  pack.rules:12:3: expected a per-lead error; there was none"))
        #expect(text.contains("expected an error containing \"utcOffset\"; got:\n    phone = \"high\" is not sent: a phone must be E.164 digits (10 to 15, '+' optional) (rule \"Phone from comment\" at pack.rules:3:3)"))
        #expect(text.contains("expected an error containing \"phone\"; there was none"))
    }

    @Test("A given lead the engine refuses passes only with a matching `expect error`")
    func refusedLead() throws {
        let report = try run("""
        test "Refused, expected" {
          given {"id": 1, "priority": "high"}
          expect error "expected an integer"
        }

        test "Refused, not expected" {
          given {"id": 2, "priority": "high"}
          expect untouched priority
        }
        """)
        #expect(report.summaryLine == "1 passed, 1 failed")
        let failure = try #require(report.results.last)
        #expect(failure.errors.map(\.message) == [#"field "priority" is a string, expected an integer"#])
        #expect(report.text().contains("the lead raised a per-lead error"))
    }

    @Test("The JSON report lists a failed test's per-lead errors with rule and location; JUnit carries the message")
    func reportsCarryErrors() throws {
        let report = try run("""
        test "Silent error" {
          given {"id": 1, "sourceComment": "high"}
          expect untouched priority
        }
        """)
        let json = try JSONParser.parse(report.json())
        guard case let .array(tests)? = json["tests"], case let .array(errors)? = tests.first?["errors"] else {
            Issue.record("no errors in \(report.json())")
            return
        }
        #expect(errors.first?["rule"] == .string("Phone from comment"))
        #expect(errors.first?["at"] == .string("pack.rules:3:3"))
        #expect(errors.first?["field"] == .string("phone"))
        #expect(report.junit().contains("the lead raised a per-lead error"))
    }
}
