import Foundation
import LeadEngine
import RuleHarness
import RulesLanguage
import Testing

/// The worked example of docs/language.md: examples/real-estate, a second pack written with arithmetic, `let`,
/// decision tables and the text functions.
@Suite("The real-estate example pack")
struct ExamplePackTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let pack = root.appendingPathComponent("examples/real-estate")

    @Test("It checks without a warning, is canonical, and every test passes with every rule and row covered")
    func packTests() throws {
        let result = RulesetLoader.load(directory: Self.pack.path, includeTests: true)
        #expect(result.ioErrors.isEmpty, "\(result.ioErrors)")
        #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer().render(result.diagnostics))")
        for file in result.files {
            #expect(RulesFormatter().format(file) == String(decoding: file.file.bytes, as: UTF8.self), "\(file.file.path)")
        }
        let report = TestRunner(engine: Engine(ruleset: try #require(result.ruleset))).run()
        #expect(report.failed == 0, "\(report.text())")
        #expect(report.coverage.shortfalls(minWriterPercent: 100, minRowPercent: 100).isEmpty, "\(report.coverage.render())")
        let decisionTables = result.files.flatMap(\.items).filter { if case let .table(table) = $0 { table.isDecisionTable } else { false } }
        #expect(decisionTables.count >= 3)
    }

    /// The pack reuses the default pack's landline table by copy until packs can import each other: the copy must
    /// stay the same, byte for byte (regenerate rules/, then copy again).
    @Test("Its landline table and the table's tests are the default pack's, byte for byte")
    func landlinesAreACopy() throws {
        for path in ["23-ru-landlines.rules", "tests/23-ru-landlines.tests.rules"] {
            let original = try Data(contentsOf: Self.root.appendingPathComponent("rules").appendingPathComponent(path))
            let copy = try Data(contentsOf: Self.pack.appendingPathComponent(path))
            #expect(copy == original, "examples/real-estate/\(path) differs from rules/\(path): copy it again")
        }
    }
}

@Suite("Explaining decision tables")
struct DecisionExplanationTests {
    @Test("explain lists every row a collect table combined, and the one row another policy chose")
    func collectedRows() throws {
        let engine = try Engine(directory: ExamplePackTests.pack.path)
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 1, "sourceComment": "Срочно, наличные", "customValues": {"15": "6 млн"}}"#))
        let text = Explanation.text(engine.evaluate(lead, now: Date(timeIntervalSince1970: 1_768_467_600), trace: true))
        #expect(text.contains("row /срочн|сегодня|на этой неделе/i, - (line 17)"), "\(text)")
        #expect(text.contains("row /наличн|без ипотеки/i, - (line 18)"), "\(text)")
        #expect(text.contains("row [comfortFrom, businessFrom) (line 12) for 6000000"), "\(text)")
    }
}
