import Foundation
import Testing
@testable import RulesLanguage

/// Arithmetic, `let` names and the new built-ins: parsing, formatting and checking.
@Suite("Arithmetic and let: syntax and checks")
struct ComputeSyntaxTests {
    func load(_ text: String) -> (files: [RulesFile], diagnostics: [Diagnostic]) {
        let result = RulesetLoader.load(sources: [(path: "c.rules", text: text)])
        return (result.files, result.diagnostics)
    }

    func format(_ text: String) -> String {
        let (file, _) = Parser.parse(SourceFile(path: "f.rules", text: text))
        return RulesFormatter().format(file)
    }

    func value(_ expression: String) -> RulesLanguage.Expression? {
        let (file, diagnostics) = Parser.parse(SourceFile(path: "v.rules", text: "const x = \(expression)\n"))
        guard diagnostics.isEmpty, case let .constant(declaration)? = file.items.first else { return nil }
        return declaration.value
    }

    @Test("* and / bind tighter than + and -, all left-associative; a minus after an operand subtracts")
    func precedence() throws {
        let sum = try #require(value("1 + 2 * 3 - 4 / 2"))
        guard case let .arithmetic(.subtract, lhs, rhs) = sum.kind, case .arithmetic(.add, _, _) = lhs.kind,
              case .arithmetic(.divide, _, _) = rhs.kind else {
            Issue.record("unexpected tree \(sum.kind)")
            return
        }
        let tight = try #require(value("a-1"))
        #expect(tight.kind == .arithmetic(.subtract, RulesLanguage.Expression(.identifier("a"), tight.range), RulesLanguage.Expression(.integer(1), tight.range)))
        #expect(value("[1, -2]")?.kind == .list([RulesLanguage.Expression(.integer(1), tight.range), RulesLanguage.Expression(.integer(-2), tight.range)]))
    }

    @Test("Numbers group digits with _ and scale with K or M; the formatter keeps how they were written")
    func numberLiterals() throws {
        #expect(value("1_000_000")?.kind == .integer(1_000_000))
        #expect(value("10M")?.kind == .integer(10_000_000))
        #expect(value("1.5K")?.kind == .integer(1_500))
        #expect(value("2.5")?.kind == .decimal(2.5))
        #expect(value("1_000.5")?.kind == .decimal(1000.5))
        #expect(format("const a = 1_000_000\n") == "const a = 1_000_000\n")
        #expect(format("const a = 10M\n") == "const a = 10M\n")
        #expect(format("const a = 1000000\n") == "const a = 1000000\n")
        for bad in ["const a = 1__0\n", "const a = 10MM\n", "const a = 10m\n", "const a = 99999999999999M\n"] {
            #expect(load(bad).diagnostics.hasErrors, "\(bad)")
        }
    }

    @Test("The formatter writes arithmetic canonically, with only the parentheses the tree needs, and idempotently")
    func formatting() {
        let cases: [(String, String)] = [
            ("const a = (1+2)*3\n", "const a = (1 + 2) * 3\n"),
            ("const a = 1+(2*3)\n", "const a = 1 + 2 * 3\n"),
            ("const a = 1-(2-3)\n", "const a = 1 - (2 - 3)\n"),
            ("const a = (1-2)-3\n", "const a = 1 - 2 - 3\n"),
            ("const a = 8/(2/2)\n", "const a = 8 / (2 / 2)\n"),
            ("const a = - 3\n", "const a = -3\n"),
            ("const a = -(-3)\n", "const a = 3\n"),
            ("const a = -(x)\n", "const a = -x\n"),
            ("const a = -(-x)\n", "const a = -(-x)\n"),
            ("const a = -(-9223372036854775808)\n", "const a = -(-9223372036854775808)\n"),
            ("const a = -(1+2)\n", "const a = -(1 + 2)\n"),
            ("const a = 2 - -3\n", "const a = 2 - -3\n"),
        ]
        for (input, expected) in cases {
            let once = format(input)
            #expect(once == expected, "\(input)")
            #expect(format(once) == once)
        }
        let rule = "rule \"R\" {\n  when budget>=1M\n  let   budget=int(customValues[15] )\n  set priority=budget/1M*2\n}\n"
        let formatted = format(rule)
        #expect(formatted == "rule \"R\" {\n  when budget >= 1M\n  let budget = int(customValues[15])\n  set priority = budget / 1M * 2\n}\n")
    }

    @Test("A let after an action, a let without a name and a dangling operator are errors at file:line:column")
    func parseErrors() {
        let late = load("rule \"R\" {\n  set priority = 1\n  let x = 2\n}\n").diagnostics
        #expect(late.contains { $0.message.text.contains("'let' before the actions") && $0.location.line == 3 && $0.location.column == 3 })
        let noName = load("rule \"R\" {\n  let = 2\n  set priority = 1\n}\n").diagnostics
        #expect(noName.contains { $0.message.text.contains("a name after 'let'") && $0.location.line == 2 && $0.location.column == 7 })
        let dangling = load("rule \"R\" {\n  set priority = 1 +\n}\n").diagnostics
        #expect(dangling.contains { $0.location.line == 3 && $0.message.code == "syntax" })
    }

    @Test("let names are checked: unknown, duplicate, unused, shadowing a constant, a field or a status")
    func letChecks() {
        let source = """
        status new = 1

        const limit = 5

        rule "R" {
          let a = int(customValues[15])
          let a = 2
          let limit = 3
          let phone = 1
          let new = 1
          let unused = 4
          when a > 1 and b > 2
          set priority = a
        }

        """
        let diagnostics = load(source).diagnostics
        func has(_ text: String, line: Int) -> Bool {
            diagnostics.contains { $0.message.text.contains(text) && $0.location.line == line }
        }
        #expect(has("'let a' is declared twice", line: 7))
        #expect(has("'let limit' has the name of a constant", line: 8))
        #expect(has("'let phone' has the name of a lead field", line: 9))
        #expect(has("'let new' has the name of a status code", line: 10))
        #expect(has("'let unused' is declared but never used", line: 11))
        #expect(has("unknown field 'b'", line: 12))
    }

    @Test("A name read before its let (in the condition, or by an earlier let) says so, not 'unknown field', and is not called unused")
    func letReadBeforeDeclaration() {
        for (source, line) in [
            ("rule \"R\" {\n  when length(sourceComment) > x\n  let x = 3\n  set priority = 5\n}\n", 2),
            ("rule \"R\" {\n  let y = x + 1\n  let x = 3\n  when length(sourceComment) > y\n  set priority = 5\n}\n", 2),
            // These two crashed the checker (its analyses read `x` as `x + 1`, forever).
            ("rule \"R\" {\n  let x = x + 1\n  set priority = x\n}\n", 2),
            ("rule \"R\" {\n  let x = x + 1\n  when x > 1\n  set priority = 2\n}\n", 2),
        ] {
            let diagnostics = load(source).diagnostics
            let error = diagnostics.first { $0.message.code == "undeclared-local" }
            #expect(error?.location.line == line, "\(diagnostics)")
            #expect(error?.message.text.contains("'x' is read before its 'let'") == true, "\(diagnostics)")
            #expect(!diagnostics.contains { $0.message.code == "unknown-field" || $0.message.code == "unused" }, "\(diagnostics)")
        }
    }

    @Test("A let before 'when' cannot read captures; one after it can")
    func letAndCaptures() {
        let before = load("rule \"R\" {\n  let n = $num\n  when sourceComment ~ /(?<num>\\d+)/\n  set priority = int(n)\n}\n").diagnostics
        #expect(before.contains { $0.message.code == "undefined-capture" && $0.location.line == 2 })
        let after = load("rule \"R\" {\n  when sourceComment ~ /(?<num>\\d+)/\n  let n = int($num)\n  set priority = n\n}\n").diagnostics
        #expect(!after.hasErrors, "\(after)")
    }

    @Test("Types: arithmetic takes numbers; a decimal into an integer field is an error until rounded; regexes only where a function takes one")
    func types() {
        #expect(load("rule \"R\" {\n  set priority = true + 1\n}\n").diagnostics.contains { $0.message.text.contains("'+' takes numbers") })
        #expect(load("rule \"R\" {\n  set priority = 7 / 2\n}\n").diagnostics.contains { $0.message.code == "type-mismatch" })
        #expect(!load("rule \"R\" {\n  set priority = round(7 / 2)\n}\n").diagnostics.hasErrors)
        #expect(load("rule \"R\" {\n  set priority = round(7 / 2, 1)\n}\n").diagnostics.contains { $0.message.code == "type-mismatch" })
        #expect(load("rule \"R\" {\n  set priority = 1 / 0\n}\n").diagnostics.contains { $0.message.code == "division-by-zero" })
        #expect(load("rule \"R\" {\n  set priority = round(2.5, digits)\n}\n").diagnostics.contains { $0.message.text.contains("an integer literal") })
        #expect(load("rule \"R\" {\n  set name = lower(/x/)\n}\n").diagnostics.contains { $0.message.text.contains("lower() takes no regex") })
        #expect(load("rule \"R\" {\n  set name = replace(name, \"x\", \"y\")\n}\n").diagnostics.contains { $0.message.text.contains("a /regex/") })
        #expect(load("rule \"R\" {\n  set name = replace(name, /(a)/, \"$2\")\n}\n").diagnostics.contains { $0.message.text.contains("refers to $2") })
        #expect(load("rule \"R\" {\n  set name = replace(name, /(?<w>a)/, \"$word\")\n}\n").diagnostics.contains { $0.message.text.contains("refers to $word") })
        #expect(!load("rule \"R\" {\n  when name is not empty\n  set name = replace(name, /(?<w>a)(b)/, \"$2\\${w}$$\")\n}\n").diagnostics.hasErrors)
        #expect(load("rule \"R\" {\n  set name = replace(name, /(a/, \"\")\n}\n").diagnostics.contains { $0.message.code == "invalid-regex" })
    }

    @Test("A 300-term sum is an error, not a deep tree")
    func longSum() {
        let text = "const a = " + Array(repeating: "1", count: 300).joined(separator: " + ") + "\n"
        #expect(load(text).diagnostics.contains { $0.message.text.contains("more than 256 operands") })
    }

    @Test("Random and garbage text built from the new syntax never crashes the lexer, parser, checker or formatter")
    func garbage() {
        let pieces = ["let", "x", "=", "+", "-", "*", "/", "1_0", "10M", "1.5K", "(", ")", "[", "]", ",", "=>", "by", "unique",
                      "collect", "count", "sum", "priority", "first", "-", ">=", "<", "\"a\"", "/re/i", "amount(", "replace(", "round(",
                      "table \"T\" {", "rule \"R\" {", "}", "\n", "set priority from", "when", "_", "M", "9223372036854775807", "-9223372036854775808"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<400 {
            let count = Int.random(in: 1...40, using: &generator)
            let text = (0..<count).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: " ")
            let result = RulesetLoader.load(sources: [(path: "g.rules", text: text)])
            _ = DiagnosticRenderer().render(result.diagnostics)
            for file in result.files {
                let formatted = RulesFormatter().format(file)
                let (reparsed, _) = Parser.parse(SourceFile(path: "g2.rules", text: formatted))
                if !result.diagnostics.hasErrors { #expect(reparsed == file, "\(text)") }
            }
        }
    }
}

@Suite("Constants as custom field keys")
struct ConstantKeyTests {
    @Test("A constant used only as a customValues key is used (it was reported as unused)")
    func keyCountsAsUse() {
        let source = "const budgetField = 15\n\nrule \"R\" {\n  when customValues[budgetField] is not empty\n  set priority = 1\n}\n"
        let diagnostics = RulesetLoader.load(sources: [(path: "k.rules", text: source)]).diagnostics
        #expect(!diagnostics.contains { $0.message.code == "unused" }, "\(diagnostics)")
    }
}

@Suite("let names under not")
struct LetUnderNotTests {
    @Test("A name read only under 'not' is used")
    func usedUnderNot() {
        let source = "rule \"R\" {\n  let big = amount(customValues[15])\n  when not big < 5M\n  set priority = 1\n}\n"
        let diagnostics = RulesetLoader.load(sources: [(path: "n.rules", text: source)]).diagnostics
        #expect(!diagnostics.contains { $0.message.code == "unused" }, "\(diagnostics)")
    }
}

@Suite("Emptiness of computed values")
struct ComputedEmptinessTests {
    func warnings(_ source: String) -> [String] {
        RulesetLoader.load(sources: [(path: "e.rules", text: source)]).diagnostics.filter { $0.severity == .warning }.map(\.message.code)
    }

    @Test("Arithmetic over numbers the condition guarantees is never empty; over anything else it can be")
    func guarded() {
        #expect(warnings("rule \"R\" {\n  when priority is not empty\n  set priority = min(priority + 2, 9)\n}\n").isEmpty)
        #expect(warnings("rule \"R\" {\n  let b = amount(customValues[15])\n  when b is not empty\n  set customValues[16] = round(b / 1M, 1)\n}\n").isEmpty)
        #expect(warnings("rule \"R\" {\n  set priority = 2 * 3 - 1\n}\n").isEmpty)
        #expect(warnings("rule \"R\" {\n  set priority = min(priority + 2, 9)\n}\n") == ["maybe-empty-value"])
        #expect(warnings("rule \"R\" {\n  let b = amount(customValues[15])\n  when b is not empty\n  set customValues[16] = 10 / b\n}\n") == ["maybe-empty-value"])
        #expect(warnings("rule \"R\" {\n  when customValues[15] is not empty\n  set customValues[16] = customValues[15] * 2\n}\n") == ["maybe-empty-value"])
    }
}
