import Foundation
import Testing
@testable import RulesLanguage

/// Mistakes a new rule author made that `check` let through: each is now an error at its place.
@Suite("check: an author's mistakes found before a run")
struct AuthorMistakesCheckTests {
    func diagnostics(_ source: String) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "test.rules", text: source)]).diagnostics
    }

    @Test("A rule or table name holding an invisible character (ESC, a line break, a right-to-left override) is an error: names are printed in summaries and journals", arguments: [
        "\\u{1B}[31mred", "two\\nlines", "x\\u{202E}y", "",
    ])
    func invisibleCharacterInAName(name: String) {
        let found = diagnostics("rule \"\(name)\" {\n  set priority = 1\n}\n").filter { $0.message.code == "name" }
        #expect(found.count == 1, "\(found.map(\.message.text))")
        #expect(found.first.map { !$0.message.text.unicodeScalars.contains { $0.value == 0x1B || $0 == "\n" } } ?? false)
    }

    @Test("A test name holding an invisible character is an error, as a rule's is: test names are printed in reports and JUnit XML", arguments: [
        "\\u{1B}[31mred", "x\\u{0B}y", "x\\u{202E}y", "",
    ])
    func invisibleCharacterInATestName(name: String) {
        let found = diagnostics("rule \"R\" {\n  set priority = 1\n}\n\ntest \"\(name)\" {\n  given {\"id\": 1}\n  expect patch {\"priority\": 1}\n}\n")
            .filter { $0.message.code == "name" }
        #expect(found.count == 1, "\(found.map(\.message.text))")
        #expect(found.first?.range.location.line == 5)
    }

    @Test("A test's JSON left open is one error at its '{' naming the line where it had to end, not a missing '}' at the end of the file", arguments: [
        ("  given {\"id\": 1,\n     \"priority\": 3\n  expect fields {\"priority\": 2}\n}\n", "'expect' on line 9"),
        ("  given {\"id\": 1}\n  expect fields {\"priority\": 2\n  given {\"id\": 2}\n  expect untouched priority\n}\n", "'given' on line 9"),
        ("  given {\"id\": 1\n  expect untouched priority\n}\n\nrule \"B\" {\n  set name = \"b\"\n}\n", "'expect' on line 8"),
    ])
    func unclosedTestJSON(body: String, message: String) {
        let source = "rule \"R\" {\n  when priority > 1\n  set priority = 2\n}\n\ntest \"t\" {\n" + body
        let found = diagnostics(source)
        #expect(found.count == 1, "\(found.map { "\($0.range.location): \($0.message.text)" })")
        #expect(found.first?.message.text.contains("not closed") == true && found.first?.message.text.contains(message) == true,
                "\(found.map(\.message.text))")
        #expect(found.first.map { $0.range.location.line >= 7 && $0.range.location.column > 2 } == true)
    }

    @Test("A target's subscript left open before '=' is one error: the missing ']' (not a '==' hint, not 'no action'); a '=' in a condition keeps its hint")
    func unclosedTargetSubscript() {
        let found = diagnostics("rule \"R\" {\n  when priority > 1\n  set customValues[3 = 1\n}\n")
        #expect(found.map(\.message.text) == ["expected ']' to close 'customValues[', found '='"])
        #expect(found.first.map { ($0.range.location.line, $0.range.location.column) } ?? (0, 0) == (3, 22))
        let split = diagnostics("rule \"R\" {\n  set customValues[3\n    = 1\n}\n")
        #expect(split.count == 1 && split.first?.notes.first?.text == "the '[' that is not closed is here", "\(split.map(\.message.text))")
        let condition = diagnostics("rule \"R\" {\n  when customValues[3] = 1\n  set priority = 1\n}\n")
        #expect(condition.map(\.message.text) == ["expected '==' to compare ('=' only assigns in set/fill), found '='"])
    }

    @Test("JSON written over several lines, with true, false and null starting lines, is read whole")
    func multiLineTestJSON() {
        let source = "rule \"R\" {\n  when priority > 1\n  set priority = 2\n}\n\ntest \"t\" {\n  given {\n    \"id\": 1,\n    \"priority\": 3,\n    \"customValues\": {\"4\": [\n      true,\n      null,\n      false]}\n  }\n  expect fields {\"priority\": 2}\n}\n"
        #expect(diagnostics(source).filter { $0.severity == .error }.isEmpty, "\(diagnostics(source).map(\.message.text))")
        // A bare word that is no keyword (a text written without quotes) is the JSON's own error, not an unclosed object.
        let unquoted = source.replacingOccurrences(of: "      null,", with: "      Ivan,")
        let found = diagnostics(unquoted)
        #expect(found.count == 1 && found.first.map { !$0.message.text.contains("not closed") } == true, "\(found.map(\.message.text))")
    }

    @Test("A test's JSON that gives a member twice at any depth, or expects what no patch can hold, is an error where it is written", arguments: [
        (#"expect fields {"customValues": {"5": 1, "5": 2}}"#, #""5" in customValues given twice"#),
        (#"expect patch {"customValues": {"5": 2, "5": 1}}"#, #""5" in customValues given twice"#),
        (#"expect patch {"customValues": {"abc": 1}}"#, "no custom field id"),
        (#"expect patch {"customValues": {"0": 1}}"#, "no custom field id"),
        (#"expect patch {"customValues": {"05": 1}}"#, "no custom field id"),
        (#"expect patch {"createdAt": "x"}"#, "an update never holds"),
        (#"expect patch {"id": 3}"#, "an update never holds"),
    ])
    func impossibleTestJSON(expectation: String, message: String) {
        let source = "rule \"R\" {\n  set customValues[5] = 2\n}\n\ntest \"t\" {\n  given {\"id\": 3}\n  \(expectation)\n}\n"
        let errors = diagnostics(source).filter { $0.severity == .error }
        #expect(errors.contains { $0.message.text.contains(message) && $0.range.location.line == 7 }, "\(errors.map(\.message.text))")
    }

    @Test("Expected fields may name read-only fields and real custom field ids; a given lead repeating a nested member is refused")
    func possibleTestJSON() {
        let fine = "rule \"R\" {\n  set customValues[5] = 2\n}\n\ntest \"t\" {\n  given {\"id\": 3, \"createdAt\": \"2026-01-01T00:00:00Z\"}\n"
            + "  expect fields {\"createdAt\": \"2026-01-01T00:00:00Z\", \"customValues\": {\"5\": 2}}\n}\n"
        #expect(diagnostics(fine).filter { $0.severity == .error }.isEmpty)
        let given = "rule \"R\" {\n  set customValues[5] = 2\n}\n\ntest \"t\" {\n  given {\"id\": 3, \"customValues\": {\"5\": \"a\", \"5\": \"b\"}}\n"
            + "  expect patch {\"customValues\": {\"5\": 2}}\n}\n"
        #expect(diagnostics(given).contains { $0.message.text.contains("given twice") && $0.range.location.line == 6 })
    }

    @Test("A constant written to a field is checked as its literal would be, at the place it is written", arguments: [
        ("const offset = 15", "fill utcOffset = offset"),
        ("const testPhone = \"123\"", "set phone = testPhone"),
        ("const vk = -4", "set vkId = vk"),
        ("const label = 12", "set name = label"),
    ])
    func constantValuesChecked(declaration: String, action: String) {
        let written = diagnostics("\(declaration)\n\nrule \"R\" {\n  \(action)\n}\n").filter { $0.severity == .error }
        let literal = action.replacingOccurrences(of: #"= \w+$"#, with: "= " + declaration.components(separatedBy: " = ")[1], options: .regularExpression)
        let inline = diagnostics("rule \"R\" {\n  \(literal)\n}\n").filter { $0.severity == .error }
        #expect(!inline.isEmpty, "the literal itself is refused: \(literal)")
        #expect(written.map(\.message.text) == inline.map(\.message.text))
        #expect(written.allSatisfy { $0.range.location.line == 4 })
    }

    @Test("Invalid JSON in a test says why and points at the byte where reading stopped", arguments: [
        (#"{"id": 1,}"#, 10, "expected"), (#"{"id": NaN}"#, 8, "expected"), (#"{"id": 1, "x": 1e400}"#, 16, "range"),
    ])
    func invalidTestJSONSaysWhere(given: String, column: Int, reason: String) {
        let source = "rule \"R\" {\n  set priority = 1\n}\n\ntest \"t\" {\n  given \(given)\n  expect patch {\"priority\": 1}\n}\n"
        let found = diagnostics(source).filter { $0.message.text.contains("found invalid JSON (") }
        #expect(found.count == 1, "\(diagnostics(source).map(\.message.text))")
        #expect(found.first?.range.location.line == 6)
        #expect(found.first?.range.location.column == 8 + column, "\(found.map { "\($0.range.location)" })")
        #expect(found.first?.message.text.contains(reason) == true, "\(found.map(\.message.text))")
    }

    @Test("Integer literals whose sum, difference or product leaves 64 bits: an error over the operands", arguments: [
        ("9223372036854775807 * 2", true), ("9223372036854775807 + 1", true), ("-9223372036854775807 - 2", true),
        ("(4611686018427387904 + 4611686018427387904) * 1", true), ("9223372036854775807 - 1", false), ("3_000 * 3_000", false),
        ("9223372036854775807 / 2", false),
    ])
    func integerOverflow(expression: String, overflows: Bool) {
        let found = diagnostics("rule \"R\" {\n  set priority = \(expression)\n}\n").filter { $0.message.code == "integer-overflow" }
        #expect(found.count == (overflows ? 1 : 0), "\(expression)")
        if let first = found.first {
            #expect(first.range.location.line == 2)
            #expect(first.severity == .error)
        }
    }

    @Test("A name in another alphabet is one error for the whole word, and what follows parses as with a valid name",
          arguments: [("имя", "  when имя == \"x\"\n"), ("nameя", "  when nameя == \"x\"\n"), ("prénom", "  when prénom is empty\n"),
                      ("лимит", "  when priority > лимит and name == \"x\"\n"), ("имя_2", "  when имя_2 ~ /a/\n"),
                      // Where a keyword is expected, the parser's "expected ..." would be a second error for the word.
                      ("когда", "  когда name ~ /a/\n")])
    func nonASCIIName(word: String, condition: String) {
        let found = diagnostics("rule \"R\" {\n" + condition + "  set priority = 1\n}\n")
        // Before: one "unexpected character" per letter, then "expected a value ... found '=='".
        #expect(found.count == 1, "\(found.map(\.message.text))")
        #expect(found.first?.message.text.hasPrefix("'\(word)' is not a name") == true, "\(found.map(\.message.text))")
        #expect(found.first?.range.location.line == 2)
        #expect(found.first.map { $0.range.end - $0.range.start } == word.utf8.count)
        // Letters that only look Latin (a Cyrillic а in nаme): named by code point, with the word meant.
        let lookalike = diagnostics("rule \"R\" {\n  when n\u{0430}me == \"x\"\n  set priority = 1\n}\n")
        #expect(lookalike.map(\.message.text) == ["'n\u{0430}me' is not a name: it holds letters of another alphabet that look like "
                                                  + "Latin ones ('\u{0430}' U+0430); did you mean 'name'?"])
        #expect(lookalike.first?.message.suggestion == "name")
        // A letter of another alphabet after a regex is an unknown flag, not a name.
        let flag = diagnostics("rule \"R\" {\n  when name ~ /x/и\n  set priority = 1\n}\n")
        #expect(flag.map(\.message.text) == ["unknown regex flag 'и' (flags are i, m, s, x)"])
        #expect(flag.first.map { $0.range.end - $0.range.start } == 2)
        // A symbol outside ASCII is still one character's error.
        #expect(diagnostics("rule \"R\" {\n  set priority = 1 ±\n}\n").map(\.message.text) == ["unexpected character '±'"])
    }

    @Test("A bracket left open: the error where the parser noticed has a note at the opener when it is on an earlier line",
          arguments: [
            ("rule \"A\" {\n  when sourceComment ~ /x/\n  set priority = 5\n\nrule \"B\" {\n  set priority = 6\n}\n", "'{'", 1, 5),
            ("rule \"A\" {\n  when name in [\"a\", \"b\"\n  set priority = 6\n}\n", "'['", 2, 3),
            ("rule \"A\" {\n  when contains(name,\n    \"a\"\n  set priority = 6\n}\n", "'('", 2, 4),
          ])
    func openBracketNote(source: String, opener: String, openerLine: Int, errorLine: Int) throws {
        let found = diagnostics(source).filter { $0.severity == .error }
        let first = try #require(found.first, "no error")
        #expect(first.range.location.line == errorLine, "\(found.map(\.message.text))")
        let note = try #require(first.notes.first, "no note: \(first.message.text)")
        #expect(note.text.contains(opener))
        #expect(note.range?.location.line == openerLine)
        // On one line, the caret of the error shows the opener already: no note.
        let sameLine = diagnostics("rule \"A\" {\n  when name in [\"a\" set priority = 6\n}\n").filter { $0.severity == .error }
        #expect(sameLine.first?.notes.isEmpty == true, "\(sameLine.map(\.notes))")
    }

    @Test("An invisible or control character is named by its code point, not printed")
    func unexpectedInvisibleCharacter() {
        let found = diagnostics("rule \"R\" {\n  set priority = 1 \u{0}\u{7}\n}\n").filter { $0.message.code == "syntax" }
        let texts = found.map { $0.message.text }
        #expect(texts.contains("unexpected character U+0000"), "\(texts)")
        #expect(texts.contains("unexpected character U+0007"), "\(texts)")
        #expect(diagnostics("rule \"R\" {\n  set priority = 1 §\n}\n").map(\.message.text).contains("unexpected character '§'"))
    }

    @Test("A comment ends where an editor shows a line break: a lone CR, VT, FF, U+0085, U+2028, U+2029; the code after it is read (and the break refused), never swallowed", arguments: [
        "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}",
    ])
    func commentEndsAtEveryLineBreak(lineBreak: String) {
        // Before, the rule after the comment was part of it: `check` passed and the rule never ran.
        let source = "status new = 1, junk = 9\ntransitions {\n  new -> junk\n}\n# spam goes to junk\(lineBreak)rule \"Spam\" {\n"
            + "  when status == new and sourceComment ~ /casino/i\n  move new -> junk\n}\n"
        let errors = diagnostics(source).filter { $0.severity == .error }
        #expect(!errors.isEmpty, "the line break after the comment is refused")
        #expect(errors.allSatisfy { $0.range.location.line == 5 }, "\(errors.map { "\($0.range.location): \($0.message.text)" })")
        #expect(!diagnostics(source).contains { $0.message.text.contains("no rule moves along it") }, "the rule is read")
    }

    @Test("A lone CR between tokens is an error saying what to do; CRLF files read as LF files")
    func loneCarriageReturnInCode() {
        let found = diagnostics("rule \"R\" {\r  set priority = 1\n}\n").filter { $0.severity == .error }
        #expect(found.map(\.message.text) == [Diagnostic.Message.loneCarriageReturn.text])
        #expect(found.first?.range.location.line == 1)
        #expect(diagnostics("rule \"R\" { # a comment\r\n  set priority = 1\r\n}\r\n").isEmpty)
    }

    @Test("A bidirectional control in a comment, an invisible character in a regex: errors naming the code point; tabs and escapes are fine")
    func hiddenCharacters() {
        let found = diagnostics("rule \"R\" {\n  when name ~ /x\u{200B}y/ # a \u{202E} comment\n  set priority = 1\n}\n")
            .filter { $0.severity == .error }.map(\.message.text)
        #expect(found.contains { $0.contains("U+200B in a regex") && $0.contains("\\x{200B}") }, "\(found)")
        #expect(found.contains { $0.contains("U+202E in a comment") }, "\(found)")
        #expect(diagnostics("rule \"R\" {\n  when name ~ /x\\x{200B}\ty/ # a comment: ёж 😀\n  set priority = 1\n}\n").isEmpty)
    }

    @Test("The source line under a diagnostic shows a bidirectional override or an escape character escaped, and the caret stays under what it names")
    func excerptEscapesHiddenCharacters() throws {
        let source = "rule \"R\" {\n  when name ~ /x/ # \u{202E}\u{1B}[2J\n  set priority = 1\n}\n"
        let rendered = diagnostics(source).map { DiagnosticRenderer(colored: false).render($0) }.joined()
        #expect(!rendered.unicodeScalars.contains { $0 == "\u{202E}" || $0 == "\u{1B}" }, "\(rendered.debugDescription)")
        #expect(rendered.contains("    when name ~ /x/ # \\u{202E}\\x1B[2J\n"), "\(rendered)")
        // The caret under the escape that stands for the character the error names, as wide as it.
        let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let shown = try #require(lines.firstIndex { $0.contains("when name ~") })
        let caret = lines[shown + 1]
        let column = caret.distance(from: caret.startIndex, to: try #require(caret.firstIndex(of: "^")))
        #expect(lines[shown].dropFirst(column).hasPrefix("\\u{202E}"), "\(rendered)")
        #expect(caret.hasSuffix("^~~~~~~~"), "\(caret.debugDescription)")
        // A line without hidden characters is shown as it is, the caret under the field it names.
        let plain = diagnostics("rule \"R\" {\n  set priorty = 1\n}\n").map { DiagnosticRenderer(colored: false).render($0) }.joined()
        #expect(plain.contains("    set priorty = 1\n        ^~~~~~~\n"), "\(plain)")
    }

    @Test("A long source line is shown as a window around what the diagnostic names, the caret under it (a 300 KB line was echoed whole)")
    func longLineExcerptIsAWindow() throws {
        let padding = String(repeating: "x", count: 300_000)
        for source in ["rule \"R\" {\n  set priorty = 1 # \(padding)\n}\n", "rule \"R\" {\n  set priority = 1 # \(padding) \n  set nmae = \"a\"\n}\n",
                       "# \(padding)\nrule \"R\" { set priorty = 1 }\n", "rule \"R\" { when name ~ /x/ # \(padding)\n set priority = 1 priorty }\n"] {
            let rendered = diagnostics(source).map { DiagnosticRenderer(colored: false).render($0) }.joined()
            #expect(rendered.count < 2_000, "\(rendered.prefix(300))")
            let lines = rendered.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            for (index, line) in lines.enumerated() where line.contains("^") && index > 0 {
                let caret = line.distance(from: line.startIndex, to: try #require(line.firstIndex(of: "^")))
                let shown = lines[index - 1]
                #expect(shown.count <= DiagnosticRenderer.excerptWidth + 4)
                #expect(!shown.dropFirst(caret).hasPrefix("x"), "\(shown.prefix(80)) / \(line)")
            }
        }
        // The error named at the far end of a long line: the window ends at the line's end, cut at the start.
        let far = diagnostics("rule \"S\" { set name = concat(\"\(padding)\", nope) }\n")
            .map { DiagnosticRenderer(colored: false).render($0) }.joined()
        #expect(far.count < 2_000, "\(far.prefix(300))")
        let farLines = far.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let caretLine = try #require(farLines.firstIndex { $0.contains("^") })
        let caret = farLines[caretLine].distance(from: farLines[caretLine].startIndex, to: try #require(farLines[caretLine].firstIndex(of: "^")))
        #expect(farLines[caretLine - 1].dropFirst(caret).hasPrefix("nope"), "\(farLines[caretLine - 1]) / \(farLines[caretLine])")
        #expect(farLines[caretLine - 1].hasPrefix("  …"))
    }

    @Test("Two tests with one name: an error at the second, a note at the first")
    func duplicateTestName() {
        let source = """
        rule "R" {
          set priority = 3
        }
        test "same" {
          given {"id": 1}
          expect fields {"priority": 3}
        }
        test "same" {
          given {"id": 2}
          expect fields {"priority": 3}
        }
        """
        let found = diagnostics(source).filter { $0.message.code == "duplicate" }
        #expect(found.count == 1)
        #expect(found.first?.range.location.line == 8)
        #expect(found.first?.notes.first?.range?.location.line == 4)
    }

    @Test("A test's given lead repeating a member or with an id no reader takes, or an expected patch repeating a field: an error at check time", arguments: [
        (#"given {"id": 1, "phone": "1", "phone": "2"}"#, #""phone" given twice"#),
        (#"given {"id": 9223372036854775808}"#, "at most 9223372036854775807"),
        (#"given {"id": 0}"#, #"the given lead's "id" as a positive integer"#),
        (#"given {"id": 2.5}"#, #"the given lead's "id" as a positive integer"#),
    ])
    func givenLeadsAsReadersTakeThem(given: String, message: String) {
        let source = "rule \"R\" {\n  set priority = 3\n}\ntest \"t\" {\n  " + given + "\n  expect fields {\"priority\": 3, \"priority\": 4}\n}\n"
        let texts = diagnostics(source).filter { $0.severity == .error }.map(\.message.text)
        #expect(texts.contains { $0.contains(message) }, "\(texts)")
        #expect(texts.contains { $0.contains(#""priority" given twice"#) }, "\(texts)")
        // A well-formed test is fine.
        #expect(diagnostics("rule \"R\" {\n  set priority = 3\n}\ntest \"t\" {\n  given {\"id\": \"12\"}\n  expect fields {\"priority\": 3}\n}\n").isEmpty)
    }

    @Test("An expected patch naming no lead field: an error with the closest field")
    func unknownExpectedField() {
        let source = """
        rule "R" {
          set priority = 3
        }
        test "typo" {
          given {"id": 1}
          expect fields {"prioritty": 3}
        }
        test "fine" {
          given {"id": 1}
          expect patch {"priority": 3, "customValues": {"5": "x"}}
        }
        """
        let found = diagnostics(source).filter { $0.message.code == "unknown-field" }
        #expect(found.map(\.range.location.line) == [6])
        #expect(found.first?.message.text.contains(#"(did you mean "priority"?)"#) == true)
    }

    @Test("A file that is not UTF-8: its line and column, and the byte", arguments: [
        ([0x61, 0x0A, 0x62, 0x63, 0xD0, 0x41], 2, 3, 0xD0 as UInt8), ([0xFF], 1, 1, 0xFF), ([0xE2, 0x82], 1, 1, 0xE2),
        (Array("жж\n".utf8) + [0xED, 0xA0, 0x80], 2, 1, 0xED), (Array("é".utf8) + [0xC0, 0x80], 1, 2, 0xC0), ([0xF4, 0x90, 0x80, 0x80], 1, 1, 0xF4),
    ] as [([UInt8], Int, Int, UInt8)])
    func invalidUTF8Location(bytes: [UInt8], line: Int, column: Int, byte: UInt8) {
        #expect(InvalidUTF8.find(in: bytes) == InvalidUTF8(line: line, column: column, byte: byte))
    }

    @Test("Valid UTF-8 of every length has no invalid byte")
    func validUTF8() {
        #expect(InvalidUTF8.find(in: Array("a\nжé€😀\u{10FFFF}".utf8)) == nil)
        #expect(InvalidUTF8(line: 3, column: 7, byte: 0xD0).message(path: "r/a.rules")
            == "r/a.rules:3:7: error: the file is not valid UTF-8 (a character starting with byte 0xD0): save it as UTF-8")
    }
}
