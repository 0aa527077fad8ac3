import Foundation
import Testing
@testable import RulesLanguage

/// `# enrich:ignore CODE -- REASON`, and the syntax of tests: parameterised rows,
/// `expect untouched customValues[N]`, did-you-mean for rule and function names.
@Suite("Silences and test syntax")
struct SilenceAndTestSyntaxTests {
    func load(_ source: String) -> RulesetLoader.Result {
        RulesetLoader.load(sources: [(path: "test.rules", text: source)])
    }

    static let twoWriters = """
        rule "A" {
          when sourceComment ~ /a/
          set priority = 1
        }

        # enrich:ignore ambiguous-precedence -- "A" first on purpose: the older source wins
        rule "B" {
          when sourceComment ~ /b/
          set priority = 2
        }

        """

    @Test("A silence with a reason removes the warning on the next line and lists it")
    func silenced() throws {
        let result = load(Self.twoWriters)
        #expect(result.diagnostics.isEmpty)
        let silenced = try #require(result.ruleset?.silenced)
        #expect(silenced.count == 1)
        #expect(silenced.first?.warning.message.code == "ambiguous-precedence")
        #expect(silenced.first?.warning.location.line == 7)
        #expect(silenced.first?.reason == "\"A\" first on purpose: the older source wins")
        #expect(silenced.first?.comment.location.line == 6)
    }

    @Test("A silence covers the whole statement it is on or above, so fmt splitting a long condition keeps it silencing", arguments: [
        // Trailing the condition, whose offending regex fmt leaves on the first line and the silence on the second.
        "  when name ~ /(\\w+\\s?)*$/ and sourceComment ~ /\(String(repeating: "a", count: 75))/ or phone is not empty # enrich:ignore regex-backtracking -- names are short\n",
        // Above the condition, whose offending regex fmt moves to the second line.
        "  # enrich:ignore regex-backtracking -- names are short\n  when sourceComment ~ /\(String(repeating: "a", count: 70))/ or name ~ /(\\w+\\s?)*$/\n",
    ])
    func silenceOverAStatement(condition: String) throws {
        let source = "rule \"Z\" {\n" + condition + "  set priority = 1\n}\n"
        #expect(load(source).diagnostics.isEmpty, "\(load(source).diagnostics)")
        let (file, errors) = Parser.parse(SourceFile(path: "test.rules", text: source))
        #expect(!errors.hasErrors)
        let formatted = RulesFormatter().format(file)
        #expect(formatted.split(separator: "\n").count > source.split(separator: "\n").count, "fmt split the condition:\n\(formatted)")
        let after = load(formatted)
        #expect(after.diagnostics.isEmpty, "after fmt: \(after.diagnostics.map(\.message.text))\n\(formatted)")
        #expect(after.ruleset?.silenced.map(\.warning.message.code) == ["regex-backtracking"])
    }

    static let statuses = "status new = 1, junk = 9 category disqualified, qualified = 5 category qualified\n"

    /// Layouts whose silences fmt moved onto lines where they covered less (a trial of the authoring tools): each
    /// silences something before fmt, and must silence the same warnings, with nothing left over, after it.
    @Test("fmt never changes what a silence covers: one-line rules and blocks, a silence on a declaration's first line, after its closing brace", arguments: [
        // A rule on one line, the silence after it: fmt splits the rule and the silence would trail its `}` only.
        statuses + "rule \"A\" { when sourceComment ~ /a/ set priority = 1 }\n"
            + "rule \"B\" { when sourceComment ~ /b/ set priority = 2 } # enrich:ignore ambiguous-precedence -- on purpose\n",
        // The header and the condition on one line with the silence: fmt would leave it after the `when` line.
        statuses + "rule \"A\" { when sourceComment ~ /a/ set priority = 1 }\n"
            + "rule \"B\" { when sourceComment ~ /b/ # enrich:ignore ambiguous-precedence -- on purpose\n  set priority = 2 }\n",
        // The action and the closing brace on one line with the silence.
        statuses + "rule \"A\" { when sourceComment ~ /a/ set priority = 1 }\n"
            + "rule \"B\" {\n  when sourceComment ~ /b/\n  set priority = 2 } # enrich:ignore ambiguous-precedence -- on purpose\n",
        // A silence alone on its line above a rule written on one line.
        statuses + "rule \"A\" { when sourceComment ~ /a/ set priority = 1 }\n"
            + "# enrich:ignore ambiguous-precedence -- on purpose\nrule \"B\" { when sourceComment ~ /b/ set priority = 2 }\n",
        // Transitions on one line: fmt puts each edge on its own line.
        statuses + "transitions { new -> junk   new -> qualified } # enrich:ignore unused -- rules come later\n",
        statuses + "# enrich:ignore unused -- rules come later\ntransitions { new -> junk   new -> qualified }\n",
        statuses + "transitions { # enrich:ignore unused -- rules come later\n  new -> junk   new -> qualified }\n",
        // A status list on two lines: fmt joins it.
        "status new = 1, junk = 9 category disqualified, # enrich:ignore unused -- later\n  qualified = 5 category qualified\n",
    ])
    func fmtKeepsSilences(source: String) throws {
        let before = load(source)
        let silencedBefore = try #require(before.ruleset?.silenced)
        #expect(!silencedBefore.isEmpty, "the layout silences nothing: \(before.diagnostics.map(\.message.text))")
        let (file, errors) = Parser.parse(SourceFile(path: "test.rules", text: source))
        #expect(!errors.hasErrors)
        let formatted = RulesFormatter().format(file)
        let after = load(formatted)
        func summary(_ result: RulesetLoader.Result) -> [String] {
            (result.diagnostics.map { "\($0.severity) \($0.message.code): \($0.message.text)" }
                + (result.ruleset?.silenced ?? []).map { "silenced \($0.warning.message.code): \($0.warning.message.text) (\($0.reason))" }).sorted()
        }
        #expect(summary(after) == summary(before), "source:\n\(source)\nformatted:\n\(formatted)")
        // fmt is still idempotent with silences moved to a declaration's first line.
        let (again, _) = Parser.parse(SourceFile(path: "test.rules", text: formatted))
        #expect(RulesFormatter().format(again) == formatted)
    }

    /// Layouts a trial found where one construct per line cannot keep what the silence covers: fmt leaves them as they
    /// are and says which silence (before, fmt changed what they silence: warnings came back or others vanished).
    @Test("fmt refuses a layout whose silence it cannot keep: several constructs on the silence's line, one status entry",
          arguments: [
            ("rule \"B\" {\n  let x = 1 let y = 2 # enrich:ignore unused -- r\n  when phone == \"y\"\n  set priority = 2\n}\n", 2),
            ("const a = 1 const b = 2 # enrich:ignore unused -- r\n", 1),
            ("# enrich:ignore unused -- r\nconst a = 1 const b = 2\n", 1),
            ("status new = 1,\n  junk = 9, # enrich:ignore unused -- r\n  spare = 10\nrule \"M\" { when status == new set priority = 1 }\n", 2),
            ("status new = 1, junk = 9, q = 5\ntransitions {\n  # enrich:ignore unused -- r\n  new -> q q -> junk\n  new -> junk\n}\n"
                + "rule \"M\" { when status == new move new -> junk }\n", 3),
          ])
    func fmtRefusesMovedSilence(source: String, line: Int) throws {
        let (file, errors) = Parser.parse(SourceFile(path: "test.rules", text: source))
        #expect(!errors.hasErrors)
        #expect(RulesFormatter().format(file) != source)
        guard case let .failure(moved) = RulesFormatter().formatKeepingSilences(file) else {
            Issue.record("formatted, though the layout changes what the silence covers:\n\(RulesFormatter().format(file))")
            return
        }
        #expect(moved.moves.map(\.comment.location.line) == [line])
        #expect(moved.moves.first?.description.contains("the file is left as it is") == true)
    }

    @Test("fmt formats the layouts whose silences it keeps", arguments: [
        statuses + "rule \"A\" { when sourceComment ~ /a/ set priority = 1 }\n"
            + "rule \"B\" { when sourceComment ~ /b/ set priority = 2 } # enrich:ignore ambiguous-precedence -- on purpose\n",
        statuses + "transitions { new -> junk   new -> qualified } # enrich:ignore unused -- rules come later\n",
        "rule \"B\" {\n  let x = 1 # enrich:ignore unused -- r\n  let y = 2\n  when phone == \"y\"\n  set priority = x + y\n}\n",
    ])
    func fmtKeepsAndFormats(source: String) throws {
        let (file, _) = Parser.parse(SourceFile(path: "test.rules", text: source))
        #expect(try RulesFormatter().formatKeepingSilences(file).get() == RulesFormatter().format(file))
    }

    @Test("A silence trailing the line it silences")
    func trailing() {
        let source = Self.twoWriters.replacingOccurrences(of: "# enrich:ignore ambiguous-precedence -- \"A\" first on purpose: the older source wins\n", with: "")
            .replacingOccurrences(of: "rule \"B\" {", with: "rule \"B\" { # enrich:ignore ambiguous-precedence -- on purpose")
        let result = load(source)
        #expect(result.diagnostics.isEmpty)
        #expect(result.ruleset?.silenced.count == 1)
    }

    @Test("A silence without a reason is an error; an unknown code gets a suggestion; an unused silence a warning")
    func malformed() {
        let noReason = load(Self.twoWriters.replacingOccurrences(of: " -- \"A\" first on purpose: the older source wins", with: ""))
        #expect(noReason.diagnostics.contains { $0.message.code == "silence" && $0.severity == .error && $0.message.text.contains("reason") })
        let typo = load(Self.twoWriters.replacingOccurrences(of: "ignore ambiguous-precedence", with: "ignore ambiguous-precedense"))
        #expect(typo.diagnostics.contains { $0.message.text.contains("did you mean 'ambiguous-precedence'?") })
        let unused = load(Self.twoWriters.replacingOccurrences(of: "when sourceComment ~ /b/\n  set priority = 2", with: "when sourceComment ~ /b/\n  set name = \"b\""))
        #expect(unused.diagnostics.map(\.message.code) == ["unused-silence"])
        #expect(unused.diagnostics.first?.location.line == 6)
    }

    @Test("A warning's text names the code that silences it; a warning no comment may silence names none")
    func renderedCodes() throws {
        let silenceable = load(Self.twoWriters.replacingOccurrences(of: "# enrich:ignore ambiguous-precedence -- \"A\" first on purpose: the older source wins", with: ""))
        let warning = try #require(silenceable.diagnostics.first { $0.message.code == "ambiguous-precedence" })
        let heading = DiagnosticRenderer().render(warning).split(separator: "\n").first.map(String.init) ?? ""
        #expect(heading.hasSuffix(" [ambiguous-precedence]"), "\(heading)")
        let unused = load(Self.twoWriters.replacingOccurrences(of: "when sourceComment ~ /b/\n  set priority = 2", with: "when sourceComment ~ /b/\n  set name = \"b\""))
        let unusedHeading = DiagnosticRenderer().render(try #require(unused.diagnostics.first)).split(separator: "\n").first.map(String.init) ?? ""
        #expect(unusedHeading.contains("warning: ") && !unusedHeading.contains("["), "\(unusedHeading)")
    }

    @Test("An error elsewhere in the pack does not make a valid silence 'unused': its warning was not looked for")
    func silenceBesideAnError() {
        let source = """
        rule "Never" { # enrich:ignore never-fires -- kept on purpose
          when priority > 5 and priority < 3
          set customValues[21] = "n"
        }

        rule "Bad" {
          set phnoe = 1
        }
        """
        let codes = load(source).diagnostics.map(\.message.code)
        #expect(!codes.contains("unused-silence"), "\(codes)")
        #expect(codes.contains("unknown-field"))
    }

    @Test("Errors cannot be silenced")
    func errorsStay() {
        let result = load("# enrich:ignore unknown-field -- no\nrule \"A\" {\n  set priority = prioriti\n}\n")
        #expect(result.diagnostics.contains { $0.message.code == "silence" && $0.message.text.contains("'unknown-field' is not a warning") })
        #expect(result.diagnostics.contains { $0.message.code == "unknown-field" })
    }

    @Test("The list of silenceable codes is the catalogue's warnings")
    func codesMatchCatalogue() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/RulesLanguage")
        var warnings: Set<String> = []
        let regex = try NSRegularExpression(pattern: #""([a-z-]+)", \.warning"#)
        for case let url as URL in FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)! where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                warnings.insert(String(text[Range(match.range(at: 1), in: text)!]))
            }
        }
        warnings.remove("unused-silence")
        #expect(Set(Diagnostic.Message.silenceableCodes) == warnings)
    }

    static let parameterised = """
        rule "Band" {
          when int(customValues[15]) >= 5000000
          set priority = 7
        }

        test "Budget bands" {
          given {"id": 1, "customValues": {"15": "6000000"}} expect fields {"priority": 7}
          given {"id": 2, "customValues": {"15": "100"}} now "2026-03-01T09:00:00Z" expect untouched priority, customValues[15] expect not fires "Band"
        }

        """

    @Test("A parameterised test parses into rows and formats one row per line, idempotently")
    func parameterisedFormat() throws {
        let (file, diagnostics) = Parser.parse(SourceFile(path: "p.rules", text: Self.parameterised))
        #expect(diagnostics.isEmpty)
        guard case let .test(test)? = file.items.last else { Issue.record("no test"); return }
        #expect(test.rows.count == 2)
        #expect(test.rows[1].now == "2026-03-01T09:00:00Z")
        #expect(test.rows[1].givenRange.location.line == 8)
        let formatted = RulesFormatter().format(file)
        #expect(formatted == Self.parameterised)
        // Written over several lines, it comes back as a table.
        let spread = Self.parameterised.replacingOccurrences(of: "} expect fields", with: "}\n  expect fields")
        #expect(RulesFormatter().format(Parser.parse(SourceFile(path: "p.rules", text: spread)).0) == Self.parameterised)
        #expect(load(Self.parameterised).diagnostics.isEmpty)
    }

    @Test("expect untouched takes customValues[N]; a non-id or another subscript is an error")
    func untouchedCustomValue() {
        let base = "rule \"R\" {\n  set priority = 1\n}\n\ntest \"T\" {\n  given {\"id\": 1}\n  expect untouched FIELD\n}\n"
        #expect(load(base.replacingOccurrences(of: "FIELD", with: "customValues[16]")).diagnostics.isEmpty)
        #expect(load(base.replacingOccurrences(of: "FIELD", with: "customValues[0]")).diagnostics.map(\.message.code) == ["type-mismatch"])
        #expect(load(base.replacingOccurrences(of: "FIELD", with: "name[3]")).diagnostics.map(\.message.code) == ["syntax"])
        let file = Parser.parse(SourceFile(path: "t.rules", text: base.replacingOccurrences(of: "FIELD", with: "customValues[16], name"))).0
        #expect(RulesFormatter().format(file).contains("expect untouched customValues[16], name\n"))
    }

    @Test("A rule name in expect fires gets a did-you-mean")
    func firesSuggestion() {
        let source = "rule \"Moscow landline\" {\n  set priority = 1\n}\n\ntest \"T\" {\n  given {\"id\": 1}\n  expect fires \"Moscow landlin\"\n}\n"
        let found = load(source).diagnostics
        #expect(found.map(\.message.text) == ["no rule or table is named \"Moscow landlin\"; did you mean \"Moscow landline\"?"])
        #expect(found.first?.location.line == 7)
    }

    @Test("An unknown function gets a did-you-mean, or the list of functions when nothing is close")
    func functionSuggestion() {
        let close = load("rule \"R\" {\n  when lowr(name) == \"x\"\n  set priority = 1\n}\n").diagnostics
        #expect(close.first?.message.text == "unknown function 'lowr'; did you mean 'lower'?")
        let far = load("rule \"R\" {\n  when frobnicate(name) == \"x\"\n  set priority = 1\n}\n").diagnostics
        let text = far.first?.message.text ?? ""
        #expect(text.hasPrefix("unknown function 'frobnicate'; the functions are: "))
        for name in BuiltinRegistry.names { #expect(text.contains(name)) }
    }
}
