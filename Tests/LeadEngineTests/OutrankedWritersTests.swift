import Foundation
import Testing
@testable import LeadEngine
import RulesLanguage

/// ``EvaluationDetail/patchOnly``: a writer whose proposals would all lose, and whose run cannot fail, is not run; the
/// patch, each change's field and rule, and the errors are those of ``EvaluationDetail/patch`` (which also makes the
/// changes' ``FieldChange``s).
@Suite("Outranked writers")
struct OutrankedWritersTests {
    /// The evaluations of `json` by `rules` at patch and patch-only detail, after checking that they agree on all
    /// but the fired writers.
    static func both(_ rules: String, _ json: String) throws -> (patch: Evaluation, patchOnly: Evaluation) {
        let evaluator = try engine(rules).makeEvaluator()
        let lead = try lead(json)
        let full = evaluator.evaluate(lead, now: winter, detail: .patch)
        let only = evaluator.evaluate(lead, now: winter, detail: .patchOnly)
        #expect(only.patch == full.patch)
        #expect(only.changes.isEmpty)
        #expect(only.writtenFields == full.changes.map(\.writtenField))
        #expect(full.writtenFields == only.writtenFields)
        #expect(only.errors == full.errors)
        return (full, only)
    }

    @Test("A rule every field of which holds a better proposal is not run")
    func outrankedRuleIsNotRun() throws {
        let rules = """
        rule "High" precedence 10 {
          when text(sourceComment) ~ /срочно/i
          set priority = 9
        }
        rule "Low" {
          when text(sourceComment) ~ /срочно/i
          set priority = 1
        }
        rule "Same precedence, later" precedence 10 {
          when text(sourceComment) ~ /срочно/i
          set priority = 5
        }
        """
        let (full, only) = try Self.both(rules, #"{"id": 1, "sourceComment": "срочно"}"#)
        #expect(full.patch.jsonBody() == #"{"priority":9}"#)
        #expect(full.fired == ["High", "Low", "Same precedence, later"])
        #expect(only.fired == ["High"])
    }

    @Test("A rule that can still win a field runs: a lower precedence proposal, a field still free, a higher precedence")
    func ruleThatCanWinRuns() throws {
        let rules = """
        rule "Low first" {
          when text(sourceComment) ~ /срочно/i
          set priority = 1
        }
        rule "High after" precedence 10 {
          when text(sourceComment) ~ /срочно/i
          set priority = 9
        }
        rule "Priority and name" {
          when text(sourceComment) ~ /срочно/i
          set priority = 2
          set name = "Срочный"
        }
        """
        let (full, only) = try Self.both(rules, #"{"id": 1, "sourceComment": "срочно"}"#)
        #expect(full.patch.jsonBody() == #"{"name":"Срочный","priority":9}"#)
        #expect(only.fired == ["Low first", "High after", "Priority and name"])
    }

    @Test("An outranked rule whose run can fail still runs, and its error is reported")
    func failingRuleRuns() throws {
        let rules = """
        rule "High" precedence 10 {
          when name is present
          set priority = 9
        }
        rule "Low" {
          when int(name) > 0
          set priority = 1
        }
        """
        let (full, only) = try Self.both(rules, #"{"id": 1, "name": "99999999999999999999"}"#)
        #expect(full.errors.count == 1)
        #expect(only.errors.map(\.rule) == ["Low"])
        #expect(only.patch.jsonBody() == #"{"priority":9}"#)
    }

    @Test("A status move outranked by another is not run; the move that wins is the same")
    func outrankedMove() throws {
        let rules = """
        status new = 1, junk = 9 category disqualified, qualified = 5 category qualified
        transitions {
          new -> junk
          new -> qualified
        }
        rule "Junk" precedence 10 {
          when status == new and text(sourceComment) ~ /тест/i
          move new -> junk
        }
        rule "Qualified" {
          when status == new and text(sourceComment) ~ /купить/i
          move new -> qualified
        }
        """
        let (full, only) = try Self.both(rules, #"{"id": 1, "statusId": 1, "sourceComment": "тест: купить"}"#)
        #expect(full.patch.jsonBody() == #"{"statusId":9}"#)
        #expect(full.fired == ["Junk", "Qualified"])
        #expect(only.fired == ["Junk"])
    }

    /// Whether the plan lets writer `name` of `rules` be left unrun.
    static func mayBeLeftUnrun(_ name: String, _ rules: String) throws -> Bool {
        let program = try engine(rules).program
        let index = try #require(program.writers.firstIndex { $0.name == name })
        return !EvaluationPlan(program).outranking[index].writes.isEmpty
    }

    @Test("Only writers whose run cannot fail may be left unrun", arguments: [
        // A built-in that can fail (BuiltinDeclaration.canFail).
        ("when name is present\n  set priority = int(name)", false),
        ("when replace(name, /a/, \"b\") == \"b\"\n  set priority = 1", false),
        // A regex with a back reference: no regex set answers it, PCRE2 runs (and can fail).
        ("when text(name) ~ /(a)\\1/\n  set priority = 1", false),
        ("when name ~ /срочно/\n  set priority = 1", false),
        // A regex whose captures the rule reads: PCRE2 fills them. A regex of a field itself (no lead-wide value): no
        // set answers it.
        ("when text(sourceComment) ~ /(?<n>\\d+)/\n  set priority = length(\"${n}\")", false),
        // Regex tests of a lead-wide subject answered by a set, text functions, comparisons: nothing fails.
        ("when text(sourceComment) ~ /срочно/i and length(phone_first(phone)) >= 10\n  set priority = 9", true),
        ("when utcOffset is empty\n  set priority = length(name) + 1", true),
    ])
    func fallibleWritersAlwaysRun(_ body: String, _ mayBe: Bool) throws {
        let rules = """
        rule "High" precedence 10 {
          when name is present
          set priority = 9
        }
        rule "Tested" {
          \(body)
        }
        """
        #expect(try Self.mayBeLeftUnrun("Tested", rules) == mayBe, "\(body)")
    }

    @Test("Decision tables always run; prefix tables may be left unrun")
    func tables() throws {
        let rules = """
        rule "Fixed" precedence 5 {
          when name is present
          set utcOffset = 3
        }
        table "Zones" {
          set utcOffset from phone_first(phone) by longest prefix
          "7495" => zone("Europe/Moscow")
        }
        table "Offsets" precedence 1 {
          set utcOffset from length(name), length(phone) by first
          <= 3, - => 3
          -, - => 5
        }
        """
        #expect(try Self.mayBeLeftUnrun("Zones", rules))
        #expect(try !Self.mayBeLeftUnrun("Offsets", rules))
    }

    @Test("A writer with a field no earlier writer can hold with a better proposal always runs")
    func firstWritersAlwaysRun() throws {
        let rules = """
        rule "Low first" {
          when text(sourceComment) ~ /срочно/i
          set priority = 1
        }
        rule "High" precedence 10 {
          when text(sourceComment) ~ /срочно/i
          set priority = 9
        }
        rule "Low after" precedence 1 {
          when text(sourceComment) ~ /срочно/i
          set priority = 2
          set name = "Срочный"
        }
        rule "Lowest" {
          when text(sourceComment) ~ /срочно/i
          set priority = 3
          set name = "Срочно"
        }
        """
        #expect(try !Self.mayBeLeftUnrun("Low first", rules))
        #expect(try !Self.mayBeLeftUnrun("High", rules))
        // Its name: no earlier writer.
        #expect(try !Self.mayBeLeftUnrun("Low after", rules))
        #expect(try Self.mayBeLeftUnrun("Lowest", rules))
    }

    @Test("Ranks follow who beats whom: precedence, then load order")
    func ranks() {
        // (precedence, load index): 0 and 2 tie at precedence 5, the earlier wins.
        let ranks = OutrankedWriters.ranks([(5, 0), (10, 1), (5, 2), (0, 3)])
        #expect(ranks == [2, 3, 1, 0])
    }
}
