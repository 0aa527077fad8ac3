import Foundation
import Testing
@testable import RulesLanguage

/// `check` on values that can be empty (they never write: only `clear` empties a field).
@Suite("Empty values in check")
struct EmptyValueCheckTests {
    func diagnostics(_ source: String) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "test.rules", text: source)]).diagnostics
    }

    func codes(_ source: String) -> [String] {
        diagnostics(source).map { "\($0.severity.rawValue) \($0.message.code)" }
    }

    @Test("A literal \"\" in set, fill or a table row is an error that says to write clear")
    func emptyLiteralIsAnError() {
        for action in [#"set name = """#, #"fill name = """#, #"set customValues[4] = """#] {
            let found = diagnostics("rule \"R\" {\n  \(action)\n}\n")
            #expect(found.map(\.message.code) == ["empty-value"], "\(action)")
            #expect(found.first?.severity == .error)
            #expect(found.first?.message.text.contains("write 'clear") == true)
        }
        let table = diagnostics("table \"T\" {\n  set name from sourceComment by first match\n  \"a\" => \"\"\n}\n")
        #expect(table.map(\.message.code) == ["empty-value"])
        #expect(table.first?.severity == .error)
    }

    @Test("Blank text and an empty constant are warnings: they never write")
    func alwaysEmpty() {
        #expect(codes("rule \"R\" {\n  set name = \"  \"\n}\n") == ["warning empty-value"])
        #expect(codes("rule \"R\" {\n  set name = \"\\u{200B}\"\n}\n") == ["warning empty-value"])
        #expect(codes("const none = \"\"\n\nrule \"R\" {\n  set name = none\n}\n") == ["warning empty-value"])
        #expect(codes("rule \"R\" {\n  set name = trim(\"  \")\n}\n") == ["warning empty-value"])
        #expect(codes("rule \"R\" {\n  set name = digits(\"нет\")\n}\n") == ["warning empty-value"])
    }

    @Test("A value that can be empty is a warning", arguments: [
        #"when sourceComment ~ /имя: (?<n>\w*)/ set name = $n"#,
        #"when sourceComment ~ /имя(: (?<n>\w+))?/ set name = $n"#,
        #"when sourceComment ~ /имя: (?<n>\w+|-?)/ set name = $n"#,
        #"when sourceComment ~ /(?:имя: (?<n>\w+)|аноним)/ set name = $n"#,
        #"when sourceComment ~ /имя: (?<n>\w+)/ or name is empty set name = $n"#,
        #"when sourceComment ~ /(?x) имя: (?<n> \w* )/ set name = $n"#,
        #"when sourceComment ~ /имя: (?<n>\w{0,5})/ set name = $n"#,
        #"when sourceComment ~ /имя: (?<n>\w*)/ set name = "${n}""#,
        "set name = trim(sourceComment)",
        "set name = lower(name)",
        "set customValues[2] = digits(sourceComment)",
        #"set customValues[2] = json(sourceComment, "a.b")"#,
        #"set customValues[2] = lead["utm"]"#,
        "set customValues[2] = customValues[3]",
        "set telegramPhone = e164(phone)",
        "set priority = int(sourceComment)",
        "fill name = text(sourceComment)",
        #"when sourceComment ~ /имя: (?<n>\w*)/ set name = concat($n, " ")"#,
    ])
    func canBeEmpty(_ body: String) {
        let source = "rule \"R\" {\n  " + body.replacingOccurrences(of: " set ", with: "\n  set ").replacingOccurrences(of: " fill ", with: "\n  fill ") + "\n}\n"
        #expect(codes(source) == ["warning maybe-empty-value"], "\(source)")
    }

    @Test("A value that cannot be empty is not flagged", arguments: [
        #"when sourceComment ~ /тел: (?<p>\d{10})/ set telegramPhone = $p"#,
        #"when sourceComment ~ /имя: (?<n>\w+)/ set name = $n"#,
        #"when sourceComment ~ /имя: (?<n>(?:\w|-)+)/ and name is empty set name = $n"#,
        #"when sourceComment ~ /бюджет (?<rub>\d[\d\s]*)/ set customValues[2] = digits($rub)"#,
        #"when sourceComment ~ /бюджет (?<rub>[0-9]+)/ set customValues[2] = digits($rub)"#,
        #"when sourceComment ~ /имя: (?<n>\w*)/ set name = "Клиент ${n}""#,
        #"when sourceComment ~ /имя: (?<n>\w*)/ and $n is not empty set name = $n"#,
        #"when trim(name) is not empty set customValues[3] = trim(name)"#,
        #"when e164(phone) is not empty set phone = e164(phone)"#,
        #"set phone = concat("+", e164(phone))"#,
        "set utcOffset = zone(\"Europe/Moscow\")",
        "set priority = 5",
        "set name = \"Клиент\"",
        "set customValues[2] = 0",
        "set customValues[2] = digits(\"a1\")",
        "set customValues[2] = length(\"\")",
    ])
    func neverEmpty(_ body: String) {
        let source = "rule \"R\" {\n  " + body.replacingOccurrences(of: " set ", with: "\n  set ") + "\n}\n"
        #expect(codes(source).isEmpty, "\(source)")
    }

    @Test("The default pack has no warning about empty values (scripts/test.sh checks it with --warnings-as-errors)")
    func defaultPack() {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules").path
        let result = RulesetLoader.load(directory: rules)
        #expect(result.ioErrors.isEmpty)
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer(colored: false).render(result.diagnostics))")
    }
}

/// Which named groups of a regex can capture nothing.
@Suite("Regex captures that can be empty")
struct RegexCapturesTests {
    func reasons(_ pattern: String, extended: Bool = false) -> [String: RegexCaptures.Reason] {
        RegexCaptures.analyse(pattern, extended: extended).empty
    }

    @Test("Groups that can match the empty string")
    func matchesEmpty() {
        #expect(reasons(#"(?<n>\w*)"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>a|)"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>\b)"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>(?=a))"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>\Q\E)"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>a{0})"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>(a)\1)"#).isEmpty)
        #expect(reasons(#"(a)(?<n>\1)"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?'n'x?)(?P<m>y*?)"#) == ["n": .matchesEmpty, "m": .matchesEmpty])
    }

    @Test("Groups that need not take part in a match")
    func optional() {
        #expect(reasons(#"(?<n>a)?"#) == ["n": .optional])
        #expect(reasons(#"(?:x(?<n>a))*"#) == ["n": .optional])
        #expect(reasons(#"(?<n>a)|b"#) == ["n": .optional])
        #expect(reasons(#"x(?:(?<n>a)|b)y"#) == ["n": .optional])
        #expect(reasons(#"(?!(?<n>a))b"#) == ["n": .optional])
        #expect(reasons(#"(?:(?<n>a)){0,2}"#) == ["n": .optional])
        #expect(RegexCaptures.analyse(#"(a)(?(1)(?<n>a)|b)"#, extended: false).reason(for: "n") == .notAnalysed)
        #expect(reasons(#"(?<n>a)(*ACCEPT)"#) == ["n": .notAnalysed])
    }

    @Test("Groups that always capture something")
    func nonEmpty() {
        #expect(reasons(#"(?<n>\d{10})"#).isEmpty)
        #expect(reasons(#"(?<n>[^)|(]+)"#).isEmpty)
        #expect(reasons(#"(?<n>[]a]+)"#).isEmpty)
        #expect(reasons(#"(?<n>\(|\|)"#).isEmpty)
        #expect(reasons(#"(?i)(?<n>a{2,})"#).isEmpty)
        #expect(reasons(#"(?<n>a+?)x|(?<n2>)"#) == ["n": .optional, "n2": .optional])
        #expect(reasons(#"(?<n>\x{41}\p{L}\N{U+41})"#).isEmpty)
        #expect(reasons("(?<n> a # comment\n ) |", extended: true) == ["n": .optional])
        #expect(reasons(#"(?<n> a  )"#, extended: true).isEmpty)
        #expect(reasons(#"(?<n> \  )"#, extended: true).isEmpty)
        #expect(reasons(#"(?x:(?<n> a* ))"#) == ["n": .matchesEmpty])
        #expect(reasons(#"(?<n>a {0})"#, extended: true) == ["n": .matchesEmpty])
    }

    @Test("Groups that always hold a digit")
    func digits() {
        #expect(RegexCaptures.analyse(#"(?<a>\d[\d\s]*)(?<b>x[0-9])(?<c>[0-9a])(?<d>\d?)(?<e>\d|x)"#, extended: false).holdDigits == ["a", "b"])
    }
}
