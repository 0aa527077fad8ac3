import Foundation
import Testing
@testable import RulesLanguage

/// Decision tables: syntax, formatting, and what `check` finds in their rows.
@Suite("Decision tables: syntax and checks")
struct DecisionTableCheckTests {
    func diagnostics(_ text: String) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "t.rules", text: text)]).diagnostics
    }

    func table(_ policy: String, _ rows: [String], inputs: String = "int(customValues[15])", target: String = "customValues[20]") -> String {
        "table \"T\" {\n  set \(target) from \(inputs) by \(policy)\n" + rows.map { "  \($0)\n" }.joined() + "}\n"
    }

    @Test("Rows are cells aligned in columns; fmt of fmt is fmt; old tables keep their form")
    func formatting() {
        let source = "table \"T\" {\n  set customValues[20] from int(customValues[15]), lower(name) by unique\n  <1M , - => \"low\"\n  [1M,5_000_000) ,\"анна\" => \"mid\"\n  >= 5M, /^б/i => \"high\"\n}\n"
        let (file, parseDiagnostics) = Parser.parse(SourceFile(path: "t.rules", text: source))
        #expect(parseDiagnostics.isEmpty)
        let formatted = RulesFormatter().format(file)
        #expect(formatted == """
        table "T" {
          set customValues[20] from int(customValues[15]), lower(name) by unique
          < 1M,            -      => "low"
          [1M, 5_000_000), "анна" => "mid"
          >= 5M,           /^б/i  => "high"
        }

        """)
        let (again, _) = Parser.parse(SourceFile(path: "t2.rules", text: formatted))
        #expect(again == file)
        #expect(RulesFormatter().format(again) == formatted)
        let count = table("collect count", ["/a/, - ", "- , /b/"], inputs: "name, sourceComment", target: "priority")
        let (countFile, countDiagnostics) = Parser.parse(SourceFile(path: "c.rules", text: count))
        #expect(countDiagnostics.isEmpty)
        #expect(RulesFormatter().format(countFile).contains("  /a/, -\n  -,   /b/\n"))
        let priority = table("priority [\"hot\",\"warm\"]", ["> 5 => \"hot\"", "- => \"warm\""])
        let (priorityFile, _) = Parser.parse(SourceFile(path: "p.rules", text: priority))
        #expect(RulesFormatter().format(priorityFile).contains("by priority [\"hot\", \"warm\"]\n"))
    }

    @Test("Malformed rows are errors at file:line:column, and the rest of the table is still read")
    func syntaxErrors() {
        let text = table("unique", ["[1, 5 => \"a\"", "[5, 10) \"b\"", "[10, 20) => \"c\""])
        let found = diagnostics(text)
        #expect(found.contains { $0.location.line == 3 && $0.message.text.contains("',' or") == false && $0.severity == .error })
        #expect(found.contains { $0.location.line == 4 && $0.message.text.contains("'=>'") })
        let countValue = diagnostics(table("collect count", ["- => 1"]))
        #expect(countValue.contains { $0.message.text.contains("rows have no value") })
        let policy = diagnostics(table("biggest", ["- => 1"]))
        #expect(policy.contains { $0.message.text.contains("'unique', 'first'") && $0.location.line == 2 })
        let several = diagnostics("table \"T\" {\n  set priority from name, phone by longest prefix\n  \"a\" => 1\n}\n")
        #expect(several.contains { $0.message.text.contains("several inputs need a decision table") })
        // Two rows on one line: the error says rows are one to a line.
        let shared = diagnostics(table("first", ["[0, 1M) => \"low\" >= 1M => \"high\""]))
        #expect(shared.contains { $0.message.text.contains("one to a line") && $0.location.line == 3 }, "\(shared.map(\.message.text))")
    }

    @Test("Under unique, overlapping rows are an error naming both rows and an input both match")
    func overlaps() throws {
        let text = table("unique", ["[0, 1M) => \"low\"", "[500K, 2M) => \"mid\"", ">= 2M => \"high\""])
        let found = diagnostics(text)
        let overlap = try #require(found.first { $0.message.code == "overlapping-rows" })
        #expect(overlap.severity == .error)
        #expect(overlap.location.line == 4 && overlap.location.column == 3)
        #expect(overlap.message.text.contains("line 3") && overlap.message.text.contains("int(customValues[15]) = 500000"))
        #expect(overlap.notes.first?.range?.location.line == 3)
        #expect(found.filter { $0.message.code == "overlapping-rows" }.count == 1)
        // Text against a regex: decided by matching; different texts do not overlap.
        let texts = table("unique", ["\"anna\", - => 1", "/^an/, >= 3 => 2", "\"boris\", - => 3"], inputs: "name, priority", target: "utcOffset")
        let textOverlap = diagnostics(texts).filter { $0.message.code == "overlapping-rows" }
        #expect(textOverlap.count == 1)
        #expect(textOverlap.first?.message.text.contains("name = \"anna\", priority = 3") == true)
    }

    @Test("Gaps in numeric coverage are warnings with the uncovered interval")
    func gaps() {
        let text = table("unique", ["< 1M => \"low\"", "[1M, 5M) => \"mid\"", "[10M, 50M] => \"high\""])
        let gap = diagnostics(text).filter { $0.message.code == "table-gap" }
        #expect(gap.count == 1)
        #expect(gap.first?.severity == .warning)
        #expect(gap.first?.message.text.contains("[5000000, 10000000)") == true)
        let closed = table("unique", ["< 1M => \"low\"", "[1M, 5M) => \"mid\"", ">= 5M => \"high\""])
        #expect(!diagnostics(closed).contains { $0.message.code == "table-gap" })
        let point = table("first", ["(0, 5) => \"a\"", "(5, 10) => \"b\""])
        #expect(diagnostics(point).contains { $0.message.code == "table-gap" && $0.message.text.contains(" in 5") })
    }

    @Test("Under first, a row earlier rows cover never wins; under priority, one that higher-ranked rows cover")
    func neverWins() {
        let first = table("first", ["< 5 => \"a\"", "[5, 10) => \"b\"", "[2, 8) => \"c\"", ">= 10 => \"d\""])
        let shadowed = diagnostics(first).filter { $0.message.code == "shadowed-row" }
        #expect(shadowed.count == 1)
        #expect(shadowed.first?.location.line == 5)
        #expect(shadowed.first?.message.text.contains("line 3, 4") == true)
        let priority = table("priority [\"hot\", \"warm\", \"cold\"]", ["- => \"cold\"", ">= 5 => \"hot\"", "[6, 7) => \"warm\"", "< 5 => \"warm\""])
        let lost = diagnostics(priority).filter { $0.message.code == "shadowed-row" }
        #expect(lost.map(\.location.line) == [3, 5]) // "cold": hot and warm rows cover every number
        let unranked = diagnostics(table("priority [\"hot\"]", ["- => \"cold\""]))
        #expect(unranked.contains { $0.message.text.contains("not in the table's priority list") })
    }

    @Test("Cells are checked: one per input, one kind per column, intervals that hold a number, numbers under collect")
    func cells() {
        #expect(diagnostics(table("unique", ["1, 2 => \"a\""])).contains { $0.message.text.contains("has 2 cells but the table has 1 input") })
        let mixed = table("first", ["1, - => \"a\"", "\"x\", - => \"b\""], inputs: "name, phone")
        #expect(diagnostics(mixed).contains { $0.message.text.contains("column 1 mixes numbers with text") && $0.location.line == 4 })
        #expect(diagnostics(table("unique", ["[5, 1) => \"a\""])).contains { $0.message.text.contains("holds no number") })
        #expect(diagnostics(table("collect sum", ["- => \"a\""], target: "priority")).contains { $0.message.text.contains("must be a number") })
        #expect(diagnostics(table("unique", ["- => \"\""])).contains { $0.message.code == "empty-value" || $0.severity == .error })
        let valid = table("collect sum", ["/срочно/i => 3", "/сегодня/i => 2"], inputs: "sourceComment", target: "priority")
        #expect(!diagnostics(valid).hasErrors)
    }
}

@Suite("Numeric intervals")
struct NumericIntervalTests {
    func interval(_ low: Double, _ lowIn: Bool, _ high: Double, _ highIn: Bool) -> NumericInterval {
        NumericInterval(lower: .init(low, inclusive: lowIn), upper: .init(high, inclusive: highIn))
    }

    @Test("What pieces leave uncovered, whatever their order, with open and closed ends")
    func uncovered() {
        let span = interval(0, true, 10, false)
        #expect(span.uncovered(by: [interval(5, true, 10, false), interval(0, true, 5, false)]).isEmpty)
        #expect(span.uncovered(by: [interval(0, true, 5, false), interval(5, false, 10, false)]).map(\.description) == ["5"])
        #expect(span.uncovered(by: [interval(6, true, 8, true), interval(0, true, 2, false), interval(1, true, 3, true)]).map(\.description)
            == ["(3, 6)", "(8, 10)"])
        #expect(NumericInterval.all.uncovered(by: [interval(0, true, .infinity, false)]).map(\.description) == ["< 0"])
        #expect(NumericInterval.all.uncovered(by: []).map(\.description) == ["any number"])
        #expect(span.uncovered(by: [NumericInterval.all]).isEmpty)
    }

    @Test("Intersections, emptiness and examples")
    func basics() {
        #expect(interval(0, true, 5, false).intersection(interval(5, true, 9, true)).isEmpty)
        #expect(interval(0, true, 5, true).intersection(interval(5, true, 9, true)) == .point(5))
        #expect(interval(0, false, 5, false).example == 1)
        #expect(interval(0, false, 0.5, false).example == 0.25)
        #expect(interval(3, true, 3, false).isEmpty)
    }
}

@Suite("Constants in decision tables")
struct DecisionTableConstantTests {
    @Test("A cell or a bound may name a constant; an unknown one, or one that is no number or text, is an error")
    func constants() {
        let source = """
        const big = 10M

        const city = "москва"

        const flag = true

        table "T" {
          set customValues[20] from amount(customValues[15]), lower(name) by first
          >= big,    -    => "big"
          [1M, big), city => "mid"
          [1M, big), -    => "mid elsewhere"
          < 1M,      -    => "small"
        }

        """
        let result = RulesetLoader.load(sources: [(path: "c.rules", text: source)])
        #expect(result.diagnostics.map(\.message.code) == ["unused"], "\(result.diagnostics)") // flag
        let (file, _) = Parser.parse(SourceFile(path: "c.rules", text: source))
        #expect(RulesFormatter().format(file) == source)
        let bad = RulesetLoader.load(sources: [(path: "b.rules", text: source.replacingOccurrences(of: ">= big", with: ">= flag")
            .replacingOccurrences(of: "city =>", with: "town =>"))]).diagnostics
        #expect(bad.contains { $0.message.text.contains("a constant holding a number or a text") && $0.location.line == 9 })
        #expect(bad.contains { $0.message.text.contains("unknown field 'town'") && $0.location.line == 10 })
    }
}
