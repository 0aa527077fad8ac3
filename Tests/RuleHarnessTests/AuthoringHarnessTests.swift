import Foundation
import LeadEngine
import RuleHarness
import RulesLanguage
import Testing

/// The harness side of rule authoring: coverage by wins, parameterised tests, filters, diffs.
@Suite("Authoring in the harness")
struct AuthoringHarnessTests {
    static let rules = """
        rule "Urgent" precedence 10 {
          when sourceComment ~ /срочно/i
          set priority = 9
        }

        rule "Also urgent" precedence 5 {
          when sourceComment ~ /срочно|быстро/i
          set priority = 5
        }

        test "Urgent wins" {
          given {"id": 1, "sourceComment": "срочно"}
          expect fields {"priority": 9}
        }

        test "Bands" {
          given {"id": 2, "sourceComment": "срочно"} expect fields {"priority": 9}
          given {"id": 3, "sourceComment": "быстро"} expect fields {"priority": 4}
          given {"id": 4, "sourceComment": "нет"} expect untouched priority, customValues[16]
        }

        """

    @Test("A rule that fired but never won is not covered, and is listed")
    func coverageByWins() throws {
        let engine = try Engine(source: Self.rules.replacingOccurrences(of: #"given {"id": 3, "sourceComment": "быстро"} expect fields {"priority": 4}"#,
                                                                        with: #"given {"id": 3, "sourceComment": "нет"} expect untouched name"#),
                                path: "pack.rules")
        let coverage = TestRunner(engine: engine).run().coverage
        #expect(coverage.firedWriters == ["Urgent", "Also urgent"])
        #expect(coverage.wonWriters == ["Urgent"])
        #expect(coverage.writerPercent == 50)
        #expect(coverage.neverWonWriters.map(\.name) == ["Also urgent"])
        #expect(coverage.render().contains("fired but never won: \"Also urgent\" at pack.rules:6:6"))
        #expect(coverage.shortfalls(minWriterPercent: 95) == ["rule coverage below 95.0%"])
    }

    @Test("Each row of a parameterised test runs; a failing row is reported at its own line")
    func rows() throws {
        let engine = try Engine(source: Self.rules, path: "pack.rules")
        let report = TestRunner(engine: engine).run()
        #expect(report.summaryLine == "1 passed, 1 failed")
        let failed = try #require(report.results.first { !$0.passed })
        guard case let .failed(failures) = failed.outcome else { Issue.record("not failed"); return }
        #expect(failures.count == 1)
        #expect(failures.first?.location?.line == 18)
        #expect(failures.first?.text.hasPrefix("row 2 (line 18): these fields differ") == true)
        #expect(report.coverage.wonWriters == ["Urgent", "Also urgent"])
    }

    @Test("Filters by name, file and rule; a filter matching nothing is reported")
    func filters() throws {
        let engine = try Engine(source: Self.rules, path: "pack.rules")
        let runner = TestRunner(engine: engine)
        func ran(_ filters: [String]) -> [String] {
            runner.run(filters: filters.map(TestFilter.init)).results.filter { !$0.skipped }.map(\.test.name.text)
        }
        #expect(ran(["bands"]) == ["Bands"])
        #expect(ran(["file:pack.rules"]) == ["Urgent wins", "Bands"])
        #expect(ran(["file:other.rules", "urgent"]) == ["Urgent wins"])
        // "Also urgent" fires (and loses) on every "срочно" too.
        #expect(ran(["rule:Also urgent"]) == ["Urgent wins", "Bands"])
        #expect(ran(["rule:Urgent"]) == ["Urgent wins", "Bands"])
        let report = runner.run(filters: [TestFilter("rule:Urgnet"), TestFilter("file:other"), TestFilter("nothing here")])
        #expect(report.unmatchedFilters == [
            "--filter 'rule:Urgnet': no rule or table is named \"Urgnet\"; did you mean \"Urgent\"?",
            "--filter 'file:other' matches no file with tests (files with tests: pack.rules)",
            "--filter 'nothing here' matches no test name",
        ])
    }

    @Test("diff: each field's old -> new values with samples, and why each rule changed")
    func diff() throws {
        let base = try Engine(source: "rule \"Urgent\" {\n  when sourceComment ~ /срочно/\n  set priority = 5\n}\n", path: "base.rules")
        let new = try Engine(source: "rule \"Urgent\" {\n  when sourceComment ~ /срочно/\n  set priority = 9\n}\n\n"
                                 + "rule \"Name\" {\n  when name is empty\n  set name = \"Клиент\"\n}\n", path: "new.rules")
        var diff = RulesDiff(examplesPerField: 2)
        let leads = [#"{"id": 1, "sourceComment": "срочно"}"#, #"{"id": 2, "sourceComment": "срочно", "name": "Ann"}"#,
                     #"{"id": 3, "sourceComment": "срочно", "name": "Bo"}"#, #"{"id": 4, "name": "X"}"#]
        for text in leads {
            let lead = try Lead(json: JSONParser.parse(text))
            diff.add(base: base.makeEvaluator().evaluate(lead), new: new.makeEvaluator().evaluate(lead))
        }
        let text = diff.render()
        #expect(text.contains("  priority: 3 leads\n    5 -> 9: 3 leads (e.g. lead 1, 2)\n"))
        #expect(text.contains("  name: 1 lead\n    (not written) -> \"Клиент\": 1 lead (e.g. lead 1)\n"))
        #expect(text.contains("  Urgent: 3 leads\n    writes another value to priority: 3 leads\n"))
        #expect(text.contains("  Name: 1 lead\n    now writes name: 1 lead\n"))
        let json = JSONWriter.write(diff.json())
        #expect(json.contains(#"{"before":5,"after":9,"current":null,"leads":3,"sampleLeadIds":[1,2]}"#))
        #expect(json.contains(#""reasons":[{"field":"priority","what":"writesAnotherValue","leads":3,"explanation":"writes another value to priority"}]"#))
    }
}
