import Foundation
import Testing
import LeadEngine
import RuleHarness
import RulesLanguage

let rules = """
rule "Urgent" precedence 10 {
  when sourceComment ~ /(?<word>срочн\\w*)/i
  set priority = 9
}

rule "Weak" {
  when sourceComment ~ /просто смотрю/i
  set priority = 1
}

table "Zones" {
  fill utcOffset from e164(phone) by longest prefix
  "7495" => 3
  "7343" => 5
}

test "Urgent comment" {
  given {"id": 1, "sourceComment": "СРОЧНО"}
  expect patch {"priority": 9}
}

test "Wrong expectation" {
  given {"id": 2, "sourceComment": "срочно", "phone": "84951234567"}
  expect patch {"priority": 5, "utcOffset": 3}
  expect untouched priority
  expect fires "Weak"
}
"""

@Suite("Rule test harness")
struct HarnessTests {
    @Test("A failing test is reported with its location, a diff, and the rule behind each actual field")
    func failingTest() throws {
        let engine = try Engine(source: rules, path: "pack.rules")
        let report = TestRunner(engine: engine).run()
        #expect(report.passed == 1)
        #expect(report.failed == 1)
        #expect(report.summaryLine == "1 passed, 1 failed")
        let text = report.text()
        #expect(text.contains("FAIL Wrong expectation (pack.rules:22:6)"))
        #expect(text.contains("  - priority: 5\n"))
        #expect(text.contains("  + priority: 9    (by \"Urgent\" at pack.rules:3:3)"))
        #expect(text.contains("    utcOffset: 3\n"))
        #expect(text.contains("expected untouched, but the patch writes: priority = 9 (by \"Urgent\" at pack.rules:3:3)"))
        #expect(text.contains("\"Weak\" did not fire: condition `sourceComment ~ /просто смотрю/i` (pack.rules:7:8) was false; it saw \"срочно\""))
        #expect(text.hasSuffix("1 passed, 1 failed\n"))
    }

    @Test("Coverage names the rules and table rows that never fired")
    func coverageGap() throws {
        let engine = try Engine(source: rules, path: "pack.rules")
        let coverage = TestRunner(engine: engine).run().coverage
        #expect(coverage.firedWriters == ["Urgent", "Zones"])
        #expect(coverage.unfiredWriters.map(\.name) == ["Weak"])
        #expect(coverage.unfiredRows.map(\.key) == ["\"7343\""])
        #expect(abs(coverage.writerPercent - 200.0 / 3) < 0.01)
        #expect(coverage.rowPercent == 50)
        let text = coverage.render()
        #expect(text.contains("never fired: \"Weak\" at pack.rules:6:6"))
        #expect(text.contains("row never won: \"Zones\" line 14: \"7343\""))
    }

    @Test("A filter runs matching tests and counts the others as skipped; JUnit and JSON carry the same counts")
    func filterAndFormats() throws {
        let engine = try Engine(source: rules, path: "pack.rules")
        let report = TestRunner(engine: engine).run(filter: "urgent")
        #expect(report.summaryLine == "1 passed, 0 failed, 1 skipped")
        let junit = report.junit()
        #expect(junit.contains(#"<testsuite name="rules" tests="2" failures="0" skipped="1">"#))
        #expect(junit.contains(#"<testcase name="Urgent comment" classname="pack.rules" file="pack.rules" line="17"/>"#))
        let json = try JSONParser.parse(report.json())
        #expect(json["passed"] == .int(1))
        #expect(json["skipped"] == .int(1))
    }

    @Test("explain names the first failing condition and the value it saw, and who lost to whom")
    func explain() throws {
        let engine = try Engine(source: rules, path: "pack.rules")
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 9, "sourceComment": "просто смотрю, но срочно", "phone": "+1 212 555 0100"}"#))
        let evaluation = engine.makeEvaluator().evaluate(lead, now: TestRunner.defaultNow, detail: .trace)
        let text = Explanation.text(evaluation)
        #expect(text.contains("✓ \"Urgent\" (pack.rules:1:6, precedence 10)"))
        #expect(text.contains("matched \"срочно\" at pack.rules:2:25 with $word = \"срочно\""))
        #expect(text.contains("priority = 1: lost to \"Urgent\" (precedence 10)"))
        #expect(text.contains("· \"Zones\" (pack.rules:11:7, precedence 0)\n    no table row matches 12125550100"))
        #expect(text.contains("patch: {\"priority\":9}"))
        let json = try JSONParser.parse(Explanation.json(evaluation))
        #expect(json["patch"] == .object([("priority", .int(9))]))
    }

    @Test("explain says a value was empty and not written, and that the rule wrote nothing")
    func explainEmptyValue() throws {
        let engine = try Engine(source: """
            rule "Name from comment" precedence 1 {
              when sourceComment ~ /имя:\\s*(?<n>\\p{L}*)/
              set name = $n
            }

            rule "Default name" {
              set name = "Клиент"
            }
            """, path: "pack.rules")
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 3, "sourceComment": "имя: "}"#))
        let evaluation = engine.makeEvaluator().evaluate(lead, now: TestRunner.defaultNow, detail: .trace)
        let text = Explanation.text(evaluation)
        #expect(text.contains("· \"Name from comment\" (pack.rules:1:6, precedence 1)\n    its condition held, but it wrote nothing"))
        #expect(text.contains("name = \"\": not written: the value is empty"))
        #expect(text.contains("patch: {\"name\":\"Клиент\"}"))
        let json = try JSONParser.parse(Explanation.json(evaluation))
        guard case let .array(writers)? = json["writers"], case let .array(writes)? = writers.first?["writes"] else {
            Issue.record("no writers in \(json)")
            return
        }
        #expect(writes.first?["won"] == .bool(false))
        #expect(writes.first?["note"] == .string("not written: the value is empty"))
    }

    @Test("diff counts the leads whose patch a rules change alters, by field and by rule")
    func diff() throws {
        let base = try Engine(source: rules, path: "base.rules")
        let changed = try Engine(source: rules.replacingOccurrences(of: "set priority = 9", with: "set priority = 8"), path: "new.rules")
        var diff = RulesDiff(examplesPerField: 1)
        let comments = ["срочно", "просто смотрю", "СРОЧНО!", "ничего", "срочность"]
        for (i, comment) in comments.enumerated() {
            let lead = try Lead(json: try JSONParser.parse(#"{"id": \#(i + 1), "sourceComment": "\#(comment)"}"#))
            diff.add(base: base.evaluate(lead, now: TestRunner.defaultNow), new: changed.evaluate(lead, now: TestRunner.defaultNow))
        }
        #expect(diff.leads == 5)
        #expect(diff.changed == 3)
        #expect(diff.byField == ["priority": 3])
        #expect(diff.byRule == ["Urgent": 3])
        // The field-level view: each change of the field's value, with sample leads.
        #expect(diff.render().contains("  priority: 3 leads\n    9 -> 8: 3 leads (e.g. lead 1)\n"))
    }
}

@Suite("The default rule pack")
struct RulePackTests {
    static let rulesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("rules").path

    /// rules/ with the test-only files of rules/tests, as `enrich test rules` loads it.
    static func packWithTests() throws -> Engine {
        let result = RulesetLoader.load(directory: rulesDirectory, includeTests: true)
        #expect(result.ioErrors.isEmpty, "\(result.ioErrors)")
        return Engine(ruleset: try #require(result.ruleset, "\(result.diagnostics)"))
    }

    @Test("Every test of rules/ and rules/tests passes; every rule, table and table row fires in some test")
    func packTests() throws {
        let report = TestRunner(engine: try Self.packWithTests()).run()
        #expect(report.results.count >= 20)
        #expect(report.failed == 0, "\(report.text())")
        #expect(report.coverage.writerPercent >= 95, "\(report.coverage.render())")
        // Hand-written table rows have hand-written tests; each row of a generated table has its
        // generated test in rules/tests (a number under the row, the offset its source data gives).
        let generated: Set<String> = ["Russian numbers by registry range", "Russian landlines by area code", "Countries by prefix"]
        #expect(report.coverage.rows.contains { !generated.contains($0.table) })
        #expect(report.coverage.rows.count(where: { generated.contains($0.table) }) > 37_000)
        #expect(report.coverage.unfiredRows.isEmpty, "\(report.coverage.render())")
        #expect(report.coverage.shortfalls(minWriterPercent: 95, minRowPercent: 95).isEmpty)
    }
}

@Suite("The utcOffset policy switch")
struct PolicySwitchTests {
    /// The pack's files, with `correctUtcOffset` set as given.
    func pack(correct: Bool) throws -> Engine {
        let directory = URL(fileURLWithPath: RulePackTests.rulesDirectory)
        var sources: [(path: String, text: String)] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() where name.hasSuffix(".rules") {
            var text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
            if correct { text = text.replacingOccurrences(of: "const correctUtcOffset = false", with: "const correctUtcOffset = true") }
            sources.append((path: "rules/" + name, text: text))
        }
        let result = RulesetLoader.load(sources: sources)
        return Engine(ruleset: try #require(result.ruleset))
    }

    @Test("Off (the default): a utcOffset already set is kept; on: one the phone contradicts is corrected")
    func switchBehaviour() throws {
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 1, "phone": "+7 383 200-30-40", "utcOffset": 3}"#))
        let kept = try pack(correct: false).evaluate(lead, now: TestRunner.defaultNow)
        #expect(kept.patch["utcOffset"] == nil)
        let corrected = try pack(correct: true).evaluate(lead, now: TestRunner.defaultNow)
        #expect(corrected.patch["utcOffset"] == .int(7))
        let agreeing = try Lead(json: try JSONParser.parse(#"{"id": 2, "phone": "+7 383 200-30-40", "utcOffset": 7}"#))
        #expect(try pack(correct: true).evaluate(agreeing, now: TestRunner.defaultNow).patch["utcOffset"] == nil)
    }
}

/// A lead's text quoted in a report (a per-lead error naming the value a rule wrote) holds whatever the lead held:
/// an escape sequence that recolours a terminal, a NUL that JUnit XML cannot hold. Before, it was printed raw and the
/// JUnit document was not well formed.
@Suite("Reports quote a lead's control characters escaped")
struct ReportEscapingTests {
    static let rules = """
        rule "R" {
          when sourceComment ~ /(?<c>.+)/
          set customValues[5] = $c
        }

        test "t" {
          given {"id": 1, "sourceComment": "x\\u001b[31mRED\\u0000\\u000by\\uFFFE"}
          expect patch {}
        }
        """

    @Test("the text report, the JUnit XML and explain show \\x1B, never the character")
    func escaped() throws {
        let engine = try Engine(source: Self.rules, path: "pack.rules")
        let report = TestRunner(engine: engine).run()
        #expect(report.summaryLine == "0 passed, 1 failed")
        for output in [report.text(), report.junit()] {
            let bad = output.unicodeScalars.filter { ($0.value < 0x20 && !["\t", "\n", "\r"].contains($0)) || $0.value == 0xFFFE }
            #expect(bad.isEmpty, "\(bad.map { String($0.value, radix: 16) }) in \(output)")
            #expect(output.contains(#"\x1B[31mRED"#), "\(output)")
        }
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 1, "sourceComment": "x\u001b[2Jy"}"#))
        let text = Explanation.text(engine.makeEvaluator().evaluate(lead, now: TestRunner.defaultNow, detail: .trace))
        #expect(!text.unicodeScalars.contains("\u{1B}"), "\(text)")
    }
}
