import RulesLanguage
import Testing

/// Did-you-mean suggestions as edits (`Diagnostic.fixIt`): the name as written is replaced, in its quotes where it
/// had them; a diagnostic without a suggestion has none.
@Suite struct FixItTests {
    func fixIts(_ text: String) -> [(code: String, written: String, replacement: String)] {
        RulesetLoader.load(sources: [(path: "a.rules", text: text)]).diagnostics.compactMap { diagnostic in
            diagnostic.fixIt.map { (diagnostic.message.code, $0.range.text, $0.replacement) }
        }
    }

    @Test func replacesMisspelledNames() {
        let found = fixIts("""
        status new = 1, junk = 9 category disqualifed
        transitions {
          new -> junk
        }
        rule "r" {
          when sourceComent ~ /x/ and status == nwe
          set phnoe = lowre(name)
          set utcOffset = zone("Europe/Moscw")
          move new -> junk
        }
        test "t" {
          given {"id": 1}
          expect untouched prority
          expect fires "rr"
        }
        """)
        let pairs = found.map { "\($0.code): \($0.written) -> \($0.replacement)" }
        #expect(pairs.contains("unknown-status-category: disqualifed -> disqualified"))
        #expect(pairs.contains("unknown-field: sourceComent -> sourceComment"))
        #expect(pairs.contains("unknown-status: nwe -> new"))
        #expect(pairs.contains("unknown-field: phnoe -> phone"))
        #expect(pairs.contains("unknown-function: lowre -> lower"))
        #expect(pairs.contains("unknown-zone: \"Europe/Moscw\" -> \"Europe/Moscow\""))
        #expect(pairs.contains("unknown-field: prority -> priority"))
        #expect(pairs.contains("unknown-rule: \"rr\" -> \"r\""))
    }

    @Test func noFixItWithoutASuggestion() {
        let result = RulesetLoader.load(sources: [(path: "a.rules", text: "rule \"r\" {\n  set name = zzzzzzzz\n}\n")])
        let diagnostic = result.diagnostics.first { $0.message.code == "unknown-field" }
        #expect(diagnostic != nil)
        #expect(diagnostic?.message.suggestion == nil)
        #expect(diagnostic?.fixIt == nil)
    }

    @Test func theTitleNamesBoth() {
        let result = RulesetLoader.load(sources: [(path: "a.rules", text: "rule \"r\" {\n  set phnoe = \"x\"\n}\n")])
        #expect(result.diagnostics.compactMap(\.fixIt?.title) == ["Change 'phnoe' to 'phone'"])
    }
}
