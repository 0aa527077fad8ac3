import Foundation
import Testing
@testable import RulesLanguage

/// `status` declarations whose ids are optional: `status new, junk, qualified = 5`.
@Suite("Status declarations without ids")
struct StatusDeclarationTests {
    private func parse(_ text: String) -> (RulesFile, [Diagnostic]) {
        Parser.parse(SourceFile(path: "statuses.rules", text: text))
    }

    private func entries(_ file: RulesFile) -> [(String, Int?)] {
        file.items.flatMap { item -> [(String, Int?)] in
            guard case let .statuses(declaration) = item else { return [] }
            return declaration.entries.map { ($0.code.text, $0.id) }
        }
    }

    @Test("A code may stand without '= ID'; the parser keeps which ones have an id")
    func parsesOptionalIds() {
        let (file, diagnostics) = parse("status new, junk = 9,qualified\nstatus callback\n")
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.message.text))")
        let parsed = entries(file)
        #expect(parsed.map(\.0) == ["new", "junk", "qualified", "callback"])
        #expect(parsed.map(\.1) == [nil, 9, nil, nil])
    }

    @Test("The formatter writes 'code' or 'code = id', in source order, and the round trip is exact",
          arguments: [
              ("status   new ,junk=9,  qualified\n", "status new, junk = 9, qualified\n"),
              ("status new\n", "status new\n"),
              ("status new = 1, junk = 9\n", "status new = 1, junk = 9\n"),
              ("status a,   # codes from the account\n  b = 2\n", "# codes from the account\nstatus a, b = 2\n"),
          ])
    func formats(input: String, canonical: String) {
        let (file, diagnostics) = parse(input)
        #expect(diagnostics.isEmpty)
        let formatted = RulesFormatter().format(file)
        #expect(formatted == canonical)
        let (reparsed, again) = parse(formatted)
        #expect(again.isEmpty)
        #expect(reparsed == file)
        #expect(RulesFormatter().format(reparsed) == formatted, "idempotent")
    }

    @Test("A code with an id and the same code without one are different trees")
    func idTakesPartInEquality() {
        #expect(parse("status new\n").0 != parse("status new = 1\n").0)
        #expect(parse("status new = 1\n").0 != parse("status new = 2\n").0)
        #expect(parse("status new\n").0 == parse("status  new\n").0)
    }

    @Test("Something other than '= ID' or ',' after a code is a syntax error at that token")
    func rejectsJunkAfterCode() {
        let (_, diagnostics) = parse("status new 1, junk = 9\n")
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?.message.text == "expected '= ID', ',' or the end of the line, found number 1")
        #expect(diagnostics.first?.location.column == 12)
    }

    @Test("The ruleset keeps declared ids apart from the set of declared codes, and where each is declared")
    func rulesetModel() throws {
        let source = """
        status new, junk = 9
        status qualified

        transitions {
          new -> junk
          new -> qualified
        }

        rule "Junk" {
          when status == new and phone ~ /^7(\\d)\\1{9}$/
          move new -> junk
        }

        rule "Qualify" precedence 1 {
          when status == new and sourceComment ~ /готов/i
          move new -> qualified
        }
        """
        let result = RulesetLoader.load(sources: [(path: "model.rules", text: source)])
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer().render(result.diagnostics))")
        let ruleset = try #require(result.ruleset)
        #expect(ruleset.statusIds == ["junk": 9])
        #expect(ruleset.statusCodes == ["new", "junk", "qualified"])
        #expect(ruleset.statusCodesWithoutIds == ["new", "qualified"])
        #expect(ruleset.statusDeclarations["qualified"]?.location.description == "model.rules:2:8")
        #expect(ruleset.statusDeclarations["junk"]?.location.description == "model.rules:1:13")
        #expect(ruleset.statusDeclarations["junk"]?.text == "junk")
    }

    @Test("Codes without ids are checked like the others: duplicates, unknown codes, unused codes")
    func checkedLikeOthers() {
        let result = RulesetLoader.load(sources: [(path: "c.rules", text: """
        status new, junk, new = 3
        transitions {
          new -> junk
          new -> junkk
        }
        """)])
        let texts = result.diagnostics.map(\.message.text)
        #expect(texts.contains("status code 'new' is declared twice"))
        #expect(texts.contains("unknown status code 'junkk'; did you mean 'junk'?; declare it with 'status junkk' (or 'status junkk = ID')"))
        #expect(texts.contains("transition new -> junk is declared but no rule moves along it"))
        #expect(result.ruleset == nil)
    }
}
