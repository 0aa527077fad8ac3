import Foundation
import LeadEngine
import RulesLanguage
import Testing

@Suite("People's edits win: fields a person changed are kept unless a writer overrides edits")
struct PeopleEditsEngineTests {
    static let rules = """
        status new = 1, junk = 9, qualified = 5
        transitions {
          new -> junk
        }

        rule "Urgent" {
          when sourceComment ~ /срочно/i
          set priority = 9
        }

        rule "Junk" {
          when status == new and sourceComment ~ /спам/
          move new -> junk
        }

        rule "Forced name" precedence 5 overrides edits {
          when sourceComment ~ /имя/
          set name = "Имя"
        }

        rule "Plain name" {
          when sourceComment ~ /имя/
          set name = "Другое"
        }
        """

    @Test("a kept field is not written, and the trace says why; other fields are")
    func keptField() throws {
        let lead = try lead(#"{"id": 1, "priority": 3, "statusId": 1, "sourceComment": "срочно, спам"}"#)
        let plain = try engine(Self.rules).evaluate(lead, now: winter)
        #expect(plain.patch.jsonBody() == #"{"statusId":9,"priority":9}"#)
        let kept = try engine(Self.rules).evaluate(lead, now: winter, trace: true,
                                                   keeping: EditedFields(["priority": "changed by a person since run 12"]))
        #expect(kept.patch.jsonBody() == #"{"statusId":9}"#)
        let write = kept.trace.first { $0.name == "Urgent" }?.writes.first
        #expect(write?.note == "kept: changed by a person since run 12")
        #expect(write?.won == false)
        #expect(!kept.fired.contains("Urgent"))
    }

    @Test("a status a person moved is not moved again")
    func keptStatus() throws {
        let lead = try lead(#"{"id": 1, "statusId": 1, "sourceComment": "спам"}"#)
        let kept = try engine(Self.rules).evaluate(lead, now: winter, keeping: EditedFields(["statusId": "changed by a person since run 3"]))
        #expect(kept.patch.isEmpty)
    }

    @Test("a writer declared `overrides edits` still writes, and wins over one that does not")
    func overrides() throws {
        let lead = try lead(#"{"id": 1, "name": "Пётр", "sourceComment": "имя"}"#)
        let kept = try engine(Self.rules).evaluate(lead, now: winter, keeping: EditedFields(["name": "changed by a person since run 2"]))
        #expect(kept.patch.jsonBody() == #"{"name":"Имя"}"#)
        #expect(kept.changes.first?.rule == "Forced name")
    }

    @Test("`overrides edits` parses, formats, round-trips; `edits` stays a usable name elsewhere")
    func syntax() throws {
        let source = """
            rule "A" precedence 3 overrides edits {
              when sourceComment ~ /(?<edits>\\d+)/
              set priority = int($edits)
            }

            table "T" overrides edits {
              fill utcOffset from e164(phone) by longest prefix
              "7495" => 3
            }

            """
        let result = RulesetLoader.load(sources: [(path: "a.rules", text: source)])
        #expect(!result.diagnostics.hasErrors, "\(result.diagnostics)")
        #expect(result.ruleset?.writers.map(\.overridesEdits) == [true, true])
        let file = try #require(result.files.first)
        #expect(RulesFormatter().format(file) == source)
        let bad = RulesetLoader.load(sources: [(path: "b.rules", text: "rule \"B\" overrides {\n  set priority = 1\n}\n")])
        #expect(bad.diagnostics.hasErrors)
    }
}
