import BenchSupport
import Foundation
import Testing
@testable import RulesLanguage

/// The parser reads a table row whose value is a literal or a call of one string (`zone("Europe/Moscow")`) without
/// its expression parser (``Parser/simpleRowValue()``): the same tree, ranges and diagnostics as the parser gives.
@Suite("Table rows: the simple values' shortcut")
struct TableRowShortcutTests {
    static func expectSameParse(_ text: String, path: String = "t.rules", sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let file = SourceFile(path: path, text: text)
        let fast = Parser.parse(file, rowShortcut: true), slow = Parser.parse(file, rowShortcut: false)
        #expect(fast.0 == slow.0, "\(text)", sourceLocation: sourceLocation)
        #expect(fast.1 == slow.1, "\(text)", sourceLocation: sourceLocation)
    }

    @Test("every file of the default pack and its tests")
    func defaultPack() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("rules")
        var errors: [String] = []
        let files = RulesetLoader.rulesFiles(in: root.path, errors: &errors, includeTests: true)
        #expect(errors.isEmpty)
        #expect(files.count > 10)
        for path in files { Self.expectSameParse(try String(contentsOfFile: path, encoding: .utf8), path: path) }
    }

    @Test("random rows: values that are simple, that go on after a simple start, and that are broken")
    func randomRows() {
        let values = [
            #"zone("Europe/Moscow")"#, "3", "42", #""text""#, #"zone("a") + 1"#, #"zone("a")["k"]"#, #"f("a", "b")"#,
            #"f("a" + "b")"#, "f()", #"f("a""#, #"f "a""#, "-3", "(3)", "3 + 4", "3 == 4", #""a" or true"#, "3 and",
            #"zone("a") == zone("b")"#, #"lower("X") ~ /x/"#, "status", #"f("a") is empty"#, "[1, 2]", "3.5", "x",
            #"zone("a") zone("b")"#, "", #"f(/r/)"#, #"f("a")("b")"#, "null", #"f("${x}")"#, "3 in [3]", #"f("a").b"#,
        ]
        let keys = [#""79""#, #""7""#, "/^8/", #""""#, "3", "zone"]
        let headers = [
            "table \"T\" {\n  set utcOffset from phone by longest prefix\n",
            "table \"T\" first match {\n  when priority > 1\n  set priority from sourceComment by first match\n",
        ]
        var random = SplitMix64(seed: 0x7AB1E)
        for _ in 0..<1_500 {
            var text = headers[Int(random.next() % UInt64(headers.count))]
            for _ in 0..<Int(random.next() % 6) {
                let key = keys[Int(random.next() % UInt64(keys.count))]
                let value = values[Int(random.next() % UInt64(values.count))]
                text += "  \(key) => \(value)\n"
            }
            if random.next() % 8 != 0 { text += "}\n" }
            if random.next() % 2 == 0 { text += "rule \"R\" {\n  when priority > 1\n  set priority = 2\n}\n" }
            Self.expectSameParse(text)
        }
    }
}
