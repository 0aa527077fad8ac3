import Foundation
import Testing
@testable import RulesLanguage

/// The static analysis of conditions: writers that cannot both fire, rules that can never fire,
/// writes that always lose.
@Suite("Condition analysis")
struct ConditionAnalysisTests {
    func diagnostics(_ source: String) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "test.rules", text: source)]).diagnostics
    }

    func codes(_ source: String) -> [String] {
        diagnostics(source).map(\.message.code)
    }

    static func rule(_ name: String, _ precedence: Int? = nil, when condition: String, _ action: String = "set priority = 1") -> String {
        "rule \"\(name)\"\(precedence.map { " precedence \($0)" } ?? "") {\n  when \(condition)\n  \(action)\n}\n"
    }

    @Test("Budget bands that cannot overlap get no precedence warning; overlapping ones still do")
    func bands() {
        let budget = "int(customValues[15])"
        let disjoint = Self.rule("Mid", when: "\(budget) >= 5000000 and \(budget) < 10000000")
            + "\n" + Self.rule("High", when: "\(budget) >= 10000000", "set priority = 2")
        #expect(codes(disjoint) == [])
        let overlapping = Self.rule("Mid", when: "\(budget) >= 5000000 and \(budget) <= 10000000")
            + "\n" + Self.rule("High", when: "\(budget) >= 10000000", "set priority = 2")
        #expect(codes(overlapping) == ["ambiguous-precedence"])
    }

    @Test("A let name is analysed as what it names: bands written with let are told apart, a contradiction is found")
    func letNames() {
        let bands = """
        rule "Mid" {
          let budget = int(customValues[15])
          when budget >= 5000000 and budget < 10000000
          set priority = 1
        }

        rule "High" {
          let b = int(customValues[15])
          when b >= 10000000
          set priority = 2
        }
        """
        #expect(codes(bands) == [])
        let dead = """
        rule "Never" {
          let b = int(customValues[6])
          when b >= 10000000 and b < 5000000
          set priority = 3
        }
        """
        #expect(codes(dead) == ["never-fires"])
    }

    @Test("Statuses, lists and emptiness separate writers", arguments: [
        ("status == new", "status == junk"),
        ("status in [new, callback]", "status == junk"),
        ("status == new", "status != new"),
        ("name is empty", "name == \"Ivan\""),
        ("name is missing", "name is present"),
        ("lead[\"utm_source\"] in [\"yandex\", \"google\"]", "lead[\"utm_source\"] == \"vk\""),
        ("sourceComment ~ /срочно/", "not (sourceComment ~ /срочно/)"),
        ("priority > 5", "priority < 3 or priority == 4"),
        ("utcOffset == 3", "not (utcOffset >= 0)"),
    ])
    func exclusive(first: String, second: String) {
        let statuses = "status new = 1, callback = 2, junk = 9\n\n"
        let source = statuses + Self.rule("A", when: first) + "\n" + Self.rule("B", when: second, "set priority = 2")
        #expect(!codes(source).contains("ambiguous-precedence"), "\(first) / \(second)")
    }

    @Test("What the analysis cannot prove apart still gets the warning", arguments: [
        ("sourceComment ~ /a/", "sourceComment ~ /b/"),
        ("priority != 5", "not (priority == 5)"),
        ("name != \"x\"", "name is empty or name == \"y\""),
        ("int(customValues[15]) > 5", "int(customValues[16]) < 3"),
        // `"nan"` reads as a number that compares greater than any on the left of `>`, and not `<`.
        ("priority > 5", "not (priority <= 5)"),
    ])
    func notExclusive(first: String, second: String) {
        let source = Self.rule("A", when: first) + "\n" + Self.rule("B", when: second, "set priority = 2")
        #expect(codes(source).contains("ambiguous-precedence"), "\(first) / \(second)")
    }

    @Test("A rule that can never fire is a warning naming the contradiction, at the rule", arguments: [
        "int(customValues[15]) >= 10000000 and int(customValues[15]) < 5000000",
        "status == new and status == junk",
        "status in [new] and status not in [new, junk]",
        "name is empty and name == \"Ivan\"",
        "sourceComment ~ /x/ and not (sourceComment ~ /x/)",
        "priority == 3 and (priority > 5 or priority < 2)",
        "false",
    ])
    func neverFires(condition: String) {
        let source = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n\n" + Self.rule("Dead", when: condition)
            + "\n" + Self.rule("Used", when: "status == junk or status == new", "move new -> junk")
        let found = diagnostics(source).filter { $0.message.code == "never-fires" }
        #expect(found.count == 1, "\(condition)")
        #expect(found.first?.message.text.hasPrefix("rule \"Dead\" can never fire") == true)
        #expect(found.first?.location.line == 7)
        #expect(found.first?.severity == .warning)
    }

    @Test("The contradiction is named in the message")
    func contradictionText() {
        let found = diagnostics(Self.rule("Dead", when: "int(customValues[15]) >= 10000000 and int(customValues[15]) < 5000000"))
        #expect(found.map(\.message.text) == [
            "rule \"Dead\" can never fire: `int(customValues[15]) >= 10000000` and `int(customValues[15]) < 5000000` cannot all hold",
        ])
    }

    @Test("A move whose condition excludes its source statuses can never fire")
    func moveFromExcludedStatus() {
        let source = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n\n"
            + Self.rule("Junk", when: "status == junk and name is empty", "move new -> junk")
        #expect(codes(source) == ["never-fires"])
    }

    @Test("Moves from statuses their conditions keep apart do not compete")
    func movesApart() {
        let source = "status new = 1, callback = 2, junk = 9\n\ntransitions {\n  new -> junk\n  callback -> junk\n}\n\n"
            + Self.rule("A", when: "name is empty", "move new -> junk") + "\n"
            + Self.rule("B", when: "name is empty", "move callback -> junk")
        #expect(codes(source) == [])
    }

    @Test("A write that always loses to a writer ahead of it is reported; one that can win is not")
    func alwaysLoses() {
        let loser = Self.rule("Winner", 10, when: "sourceComment ~ /срочно/i", "set priority = 9") + "\n"
            + Self.rule("Loser", 5, when: "sourceComment ~ /срочно/i and name is not empty", "set priority = 5")
        let found = diagnostics(loser)
        #expect(found.map(\.message.code) == ["always-loses"])
        #expect(found.first?.message.text.hasPrefix("rule \"Loser\" never wins priority: whenever it fires, \"Winner\" (precedence 10)") == true)
        #expect(found.first?.notes.first?.range?.location.line == 1)

        // Intervals: > 10 implies >= 5.
        let bands = Self.rule("Big", 10, when: "int(customValues[15]) >= 5", "set priority = 9") + "\n"
            + Self.rule("Bigger", 5, when: "int(customValues[15]) > 10", "set priority = 8")
        #expect(codes(bands) == ["always-loses"])

        // The one ahead wins: it is the other that is reported.
        let ahead = Self.rule("Winner", 5, when: "sourceComment ~ /a/", "set priority = 9") + "\n"
            + Self.rule("Loser", 10, when: "sourceComment ~ /a/", "set priority = 5")
        #expect(diagnostics(ahead).map(\.message.text).allSatisfy { $0.hasPrefix("rule \"Winner\" never wins priority") })
        // A value that can be empty, a fill over a set, overrides: no report.
        let maybeEmpty = Self.rule("Winner", 10, when: "sourceComment ~ /a/", "set name = trim(sourceComment)") + "\n"
            + Self.rule("Loser", 5, when: "sourceComment ~ /a/", "set name = \"A\"")
        #expect(!codes(maybeEmpty).contains("always-loses"))
        let fillOverSet = Self.rule("Winner", 10, when: "sourceComment ~ /a/", "fill name = \"B\"") + "\n"
            + Self.rule("Loser", 5, when: "sourceComment ~ /a/", "set name = \"A\"")
        #expect(!codes(fillOverSet).contains("always-loses"))
        let fillOverFill = Self.rule("Winner", 10, when: "sourceComment ~ /a/", "fill name = \"B\"") + "\n"
            + Self.rule("Loser", 5, when: "sourceComment ~ /a/", "fill name = \"A\"")
        #expect(codes(fillOverFill).contains("always-loses"))
        let overrides = Self.rule("Winner", 10, when: "sourceComment ~ /a/", "set priority = 9") + "\n"
            + "rule \"Loser\" precedence 5 overrides edits {\n  when sourceComment ~ /a/\n  set priority = 5\n}\n"
        #expect(!codes(overrides).contains("always-loses"))
        let wider = Self.rule("Winner", 10, when: "sourceComment ~ /a/ and name is empty", "set priority = 9") + "\n"
            + Self.rule("Loser", 5, when: "sourceComment ~ /a/", "set priority = 5")
        #expect(!codes(wider).contains("always-loses"))
    }

    @Test("A field the rule writes itself is its own value, not the one others see")
    func ownValue() {
        // "Fill" reads the lead's priority, "Reader" the inferred one: they may both hold.
        let source = Self.rule("Fill", when: "priority is empty", "set priority = 1") + "\n"
            + Self.rule("Reader", when: "priority is not empty", "set name = \"x\"") + "\n"
            + Self.rule("Other", when: "priority is not empty", "set priority = 3")
        #expect(!codes(source).contains("never-fires"))
        // Both writers of priority read its own value: they exclude each other.
        #expect(!codes(source).contains("ambiguous-precedence"))
    }

    @Test("Number sets: complement and intersection are exact")
    func numberSets() {
        let lessThanFive = NumberSet.comparing(.less, 5)
        #expect(lessThanFive.intersection(NumberSet.comparing(.greaterEqual, 5)).isEmpty)
        #expect(lessThanFive.complement.nan)
        #expect(NumberSet.comparing(.notEqual, 3).intersection(NumberSet.comparing(.equal, 3)).isEmpty)
        #expect(lessThanFive.complement.complement == lessThanFive)
        let between = NumberSet.comparing(.greater, 1).intersection(NumberSet.comparing(.lessEqual, 4))
        #expect(!between.isEmpty)
        #expect(between.intersection(NumberSet.comparing(.equal, 1)).isEmpty)
        #expect(!between.intersection(NumberSet.comparing(.equal, 4)).isEmpty)
    }
}
