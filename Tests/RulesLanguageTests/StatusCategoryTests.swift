import Foundation
import Testing
@testable import RulesLanguage

/// `status junk = category disqualified`: a code that stands for the account's status of a category
/// when the account has no such code.
@Suite("Status declarations by category")
struct StatusCategoryTests {
    private func parse(_ text: String) -> (RulesFile, [Diagnostic]) {
        Parser.parse(SourceFile(path: "statuses.rules", text: text))
    }

    private func entries(_ file: RulesFile) -> [StatusDeclaration.Entry] {
        file.items.flatMap { item -> [StatusDeclaration.Entry] in
            guard case let .statuses(declaration) = item else { return [] }
            return declaration.entries
        }
    }

    @Test("'= category C' and '= ID category C' parse, with or without the id; a hyphenated category is quoted")
    func parses() {
        let (file, diagnostics) = parse("status new = 1, junk = category disqualified, qualified = 5 category qualified, waiting = category \"in-progress\"\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
        let parsed = entries(file)
        #expect(parsed.map(\.code.text) == ["new", "junk", "qualified", "waiting"])
        #expect(parsed.map(\.id) == [1, nil, 5, nil])
        #expect(parsed.map { $0.category?.text } == [nil, "disqualified", "qualified", "in-progress"])
    }

    @Test("The formatter writes each form canonically, and the round trip is exact", arguments: [
        ("status junk=category   disqualified\n", "status junk = category disqualified\n"),
        ("status junk = 9   category disqualified,new=1\n", "status junk = 9 category disqualified, new = 1\n"),
        ("status wait = category \"in-progress\"\n", "status wait = category \"in-progress\"\n"),
        ("status wait = category \"qualified\"\n", "status wait = category qualified\n"),
        ("status category = 3, junk = category category\n", "status category = 3, junk = category category\n"),
    ])
    func formats(input: String, canonical: String) {
        let (file, diagnostics) = parse(input)
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
        let formatted = RulesFormatter().format(file)
        #expect(formatted == canonical)
        let (reparsed, again) = parse(formatted)
        #expect(again.isEmpty)
        #expect(reparsed == file)
        #expect(RulesFormatter().format(reparsed) == formatted, "idempotent")
    }

    @Test("The category takes part in equality")
    func categoryInEquality() {
        #expect(parse("status junk\n").0 != parse("status junk = category disqualified\n").0)
        #expect(parse("status junk = category qualified\n").0 != parse("status junk = category disqualified\n").0)
        #expect(parse("status junk = 9 category disqualified\n").0 == parse("status junk = 9  category  disqualified\n").0)
    }

    @Test("The checked ruleset knows each code's category; an unknown category is an error with a suggestion")
    func checked() throws {
        let result = RulesetLoader.load(sources: [(path: "s.rules", text: """
            status new = 1, junk = category disqualified
            transitions {
              new -> junk
            }
            rule "Junk" {
              when phone is empty
              move new -> junk
            }
            """)])
        let ruleset = try #require(result.ruleset)
        #expect(ruleset.statusCategories == ["junk": "disqualified"])
        #expect(ruleset.statusIds == ["new": 1])

        let wrong = RulesetLoader.load(sources: [(path: "s.rules", text: "status junk = category disqualifed\n")])
        #expect(wrong.ruleset == nil)
        let diagnostic = try #require(wrong.diagnostics.first { $0.severity == .error })
        #expect(diagnostic.message.code == "unknown-status-category")
        #expect(diagnostic.message.text.contains("did you mean 'disqualified'?"))
        #expect(diagnostic.location.column == 24)
    }
}
