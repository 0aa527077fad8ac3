import Foundation
import Testing
@testable import RulesLanguage

/// Rules checked against an account's facts: status codes, `customValues[ID]` ids, and the types of
/// what is written there (`enrich check --account`, runs).
@Suite("Checks against the account")
struct AccountCheckTests {
    /// The emulator's default account: statuses with two disqualified ones, four custom fields.
    static let account = AccountFacts(
        statuses: [
            .init(id: 1, code: "new", category: "in-progress"), .init(id: 2, code: "callback", category: "in-progress"),
            .init(id: 5, code: "qualified", category: "qualified"), .init(id: 9, code: "junk", category: "disqualified"),
            .init(id: 10, code: "do-not-call", category: "disqualified"),
        ],
        customFields: [
            .init(id: 10, code: "quiz", title: "Ответы квиза", type: "string"),
            .init(id: 11, code: "budget", title: "Бюджет", type: "int"),
            .init(id: 12, code: "interest", title: "Интерес", type: "select",
                  options: [.init(code: "hot", title: "Горячий"), .init(code: "warm", title: "Тёплый"), .init(code: "cold", title: "Холодный")]),
            .init(id: 13, code: "callbackAt", title: "Перезвонить в", type: "datetime"),
            .init(id: 14, code: "score", type: "float"),
            .init(id: 15, code: "vip", type: "bool"),
            .init(id: 16, code: "birthday", type: "date"),
            .init(id: 17, code: "tags", type: "multiselect", options: [.init(code: "a"), .init(code: "b")]),
        ])

    private func check(_ rules: String, account: AccountFacts = Self.account) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "a.rules", text: rules)], account: account).diagnostics
    }

    /// The diagnostics a single `set customValues[ID] = VALUE` gets from the account (ignoring the checker's own).
    private func write(_ id: Int, _ value: String, condition: String = "phone is not empty") -> [Diagnostic] {
        check("""
            const budgetText = "150000"
            const ready = true
            rule "W" {
              when \(condition) and not ready
              set customValues[\(id)] = \(value)
            }
            """).filter { $0.message.code.hasPrefix("custom-") || $0.message.code == "unknown-custom-field" }
    }

    @Test("A pack that fits the account passes without an error or a warning from the account")
    func fittingPack() {
        let diagnostics = check("""
            status new = 1, junk = 9

            transitions {
              new -> junk
            }

            rule "Budget" {
              when sourceComment ~ /бюджет\\s*(?<rub>\\d+)/ and customValues[12] is empty
              set customValues[11] = int($rub)
              set customValues[12] = "hot"
              set customValues[13] = "2026-11-25T09:00:00+03:00"
              set customValues[10] = $rub
            }

            rule "Junk" {
              when status == new and phone is empty
              move new -> junk
              set customValues[14] = 2.5
              set customValues[15] = false
              set customValues[16] = "2026-02-28"
              set customValues[17] = "a, b"
            }

            table "Source" {
              fill customValues[12] from sourceComment by first match
              /горяч/i => "hot"
              "x" => "cold"
            }
            """)
        #expect(!diagnostics.hasErrors, "\(DiagnosticRenderer().render(diagnostics))")
        #expect(!diagnostics.contains { $0.message.code.hasPrefix("custom-") || $0.message.code.contains("status") })
    }

    @Test("An unknown status code is an error with did-you-mean, at its declaration")
    func unknownStatus() throws {
        let diagnostics = check("""
            status new = 1, jnuk
            transitions {
              new -> jnuk
            }
            rule "J" {
              when phone is empty
              move new -> jnuk
            }
            """)
        let error = try #require(diagnostics.first { $0.message.code == "unknown-status" })
        #expect(error.message.text == "the account has no status 'jnuk'; did you mean 'junk'?")
        #expect(error.location.description == "a.rules:1:17")
    }

    @Test("A declared id that is not the account's is an error")
    func idMismatch() {
        let diagnostics = check("status new = 3\nrule \"R\" {\n  when status == new\n  set priority = 1\n}\n")
        #expect(diagnostics.contains { $0.message.code == "status-id-mismatch" && $0.message.text.contains("the account's id for 'new' is 1") })
    }

    @Test("customValues[ID] the account lacks is an error, read or written, in a rule or a table, suggesting a close id and listing fields")
    func unknownCustomField() throws {
        let diagnostics = check("""
            rule "R" {
              when customValues[21] is empty
              set customValues[111] = 5
            }

            table "T" {
              fill customValues[99] from phone by longest prefix
              "7" => "x"
            }
            """).filter { $0.message.code == "unknown-custom-field" }
        #expect(diagnostics.map(\.location.line) == [2, 3, 7])
        let written = diagnostics[1].message.text
        #expect(written.hasPrefix("the account has no custom field 111; did you mean customValues[11] (budget, \"Бюджет\", int)?"), "\(written)")
        #expect(written.contains("its custom fields: customValues[10] (quiz, \"Ответы квиза\", string), customValues[11]"))
        #expect(written.hasSuffix(", and 2 more"))
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test("Without the account's custom fields (unknown), customValues are not checked")
    func unknownFields() {
        var account = Self.account
        account.customFields = nil
        let diagnostics = check("rule \"R\" {\n  when phone is empty\n  set customValues[99] = \"x\"\n}\n", account: account)
        #expect(!diagnostics.hasErrors)
    }

    @Test("A literal that cannot fit the field's type is an error naming the field, the type and the value", arguments: [
        (11, "2.5", "customValues[11] (budget, \"Бюджет\", int) takes an integer, but this is the decimal number 2.5"),
        (11, "\"42\"", "takes an integer (write 42 without quotes), but this is the string \"42\""),
        (11, "true", "takes an integer, but this is true"),
        (14, "\"2.5\"", "customValues[14] (score, float) takes a number (write 2.5 without quotes)"),
        (14, "false", "takes a number, but this is false"),
        (15, "1", "customValues[15] (vip, bool) takes true or false, but this is the integer 1"),
        (15, "\"yes\"", "takes true or false, but this is the string \"yes\""),
        (16, "\"2026-02-30\"", "customValues[16] (birthday, date) takes a date (YYYY-MM-DD), but this is the string \"2026-02-30\""),
        (16, "\"25.11.2026\"", "takes a date (YYYY-MM-DD)"),
        (16, "\"2026-11-25T09:00:00Z\"", "takes a date (YYYY-MM-DD)"),
        (13, "\"2026-11-25\"", "customValues[13] (callbackAt, \"Перезвонить в\", datetime) takes a date and time (ISO 8601"),
        (13, "\"tomorrow 9:00\"", "takes a date and time"),
        (13, "20261125", "takes a date and time"),
        (10, "true", "customValues[10] (quiz, \"Ответы квиза\", string) takes text, but this is true"),
        (11, "budgetText", "takes an integer (write 150000 without quotes), but this is the string \"150000\""),
    ])
    func literalMismatch(id: Int, value: String, message: String) throws {
        let diagnostics = write(id, value)
        let error = try #require(diagnostics.first, "no diagnostic for \(value)")
        #expect(error.severity == .error)
        #expect(error.message.code == "custom-field-type")
        #expect(error.message.text.contains(message), "\(error.message.text)")
        #expect(error.location.line == 5)
    }

    @Test("A select value that is not an option's code is an error with did-you-mean; a title is named as such")
    func selectOption() throws {
        let typo = try #require(write(12, "\"wram\"").first)
        #expect(typo.message.code == "custom-field-option")
        #expect(typo.message.text == "\"wram\" is not an option of customValues[12] (interest, \"Интерес\", select); did you mean 'warm'?; its options: hot, warm, cold")
        let title = try #require(write(12, "\"Горячий\"").first)
        #expect(title.message.text.contains("(\"Горячий\" is the title of option 'hot': write its code)"))
        let multi = try #require(write(17, "\"a,c\"").first)
        #expect(multi.message.text.hasPrefix("\"c\" is not an option of customValues[17] (tags, multiselect)"))
        #expect(write(12, "3").first?.message.code == "custom-field-option")
        #expect(write(12, "false").first?.message.code == "custom-field-type")
    }

    @Test("Literals that fit give nothing", arguments: [
        (11, "42"), (11, "-3"), (14, "2"), (14, "2.5"), (15, "true"), (16, "\"2024-02-29\""),
        (13, "\"2026-11-25T09:00:00+03:00\""), (13, "\"2026-11-25T09:00Z\""), (13, "\"2026-11-25 09:00:00\""),
        (12, "\"cold\""), (17, "\"a\""), (17, "\"b, a\""), (10, "\"text\""), (10, "42"),
    ])
    func literalFits(id: Int, value: String) {
        #expect(write(id, value).isEmpty, "\(write(id, value).map(\.message.text))")
    }

    @Test("Computed values: a wrong static type is an error, text or a run-time value for a typed field a warning, a right type nothing")
    func computed() {
        let condition = "sourceComment ~ /(?<n>\\d+)/"
        #expect(write(11, "int($n)", condition: condition).isEmpty)
        #expect(write(14, "length(name)", condition: condition).isEmpty)
        #expect(write(10, "$n", condition: condition).isEmpty)
        let text = write(11, "$n", condition: condition)
        #expect(text.count == 1 && text[0].severity == .warning && text[0].message.code == "custom-field-type")
        #expect(text.first?.message.text.contains("takes an integer, but this is a string computed at run time: it may not fit; int(...) makes a number of it") == true)
        let runtime = write(13, "json(sourceComment, \"at\")", condition: condition)
        #expect(runtime.first?.severity == .warning && runtime.first?.message.text.contains("a value known only at run time") == true)
        #expect(write(12, "lower($n)", condition: condition).first?.severity == .warning)
        #expect(write(15, "length(name)", condition: condition).first?.severity == .error)
        #expect(write(16, "priority", condition: condition).first?.severity == .error)
    }

    @Test("Table rows are checked like rule values")
    func tableRows() {
        let diagnostics = check("""
            table "Interest" {
              fill customValues[12] from sourceComment by first match
              "a" => "hot"
              "b" => "tepid"
              "c" => 2
            }

            table "Budget" {
              fill customValues[11] from sourceComment by first match
              "a" => 100
              "b" => 1.5
            }
            """).filter { $0.message.code.hasPrefix("custom-") }
        #expect(diagnostics.map(\.location.line) == [4, 5, 11])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test("Only the account's diagnostics, for a ruleset checked already")
    func accountOnly() throws {
        let result = RulesetLoader.load(sources: [(path: "a.rules", text: """
            status new = 1, spam
            const unused = 1
            transitions {
              new -> spam
            }
            rule "R" {
              when phone is empty
              move new -> spam
              set customValues[12] = "hott"
            }
            """)])
        let ruleset = try #require(result.ruleset)
        #expect(result.diagnostics.contains { $0.message.code == "unused" })
        let diagnostics = Checker.accountDiagnostics(ruleset, account: Self.account)
        #expect(diagnostics.map(\.message.code) == ["unknown-status", "custom-field-option"])
    }

    @Test("Category resolution in the checker: exact code wins, a unique category resolves, two candidates and none are errors")
    func categories() throws {
        let rules = """
            status new = 1, junk = 9 category disqualified
            transitions {
              new -> junk
            }
            rule "J" {
              when phone is empty
              move new -> junk
            }
            """
        #expect(!check(rules).hasErrors, "exact code junk = 9 wins over do-not-call")
        var spam = Self.account
        spam.statuses = [.init(id: 1, code: "new", category: "in-progress"), .init(id: 11, code: "spam", category: "disqualified")]
        #expect(!check(rules, account: spam).hasErrors, "the one disqualified status stands for junk, its id 11 in place of 9")
        var two = spam
        two.statuses.append(.init(id: 10, code: "do-not-call", category: "disqualified"))
        let ambiguous = try #require(check(rules, account: two).first { $0.message.code == "ambiguous-status-category" })
        #expect(ambiguous.message.text.hasPrefix("the account has no status 'junk' and 2 statuses of category disqualified: 'spam' (id 11), 'do-not-call' (id 10)"))
        var none = spam
        none.statuses.removeLast()
        let missing = try #require(check(rules, account: none).first { $0.severity == .error })
        #expect(missing.message.text == "the account has no status 'junk' and no status of category disqualified; its codes are new")
    }
}
