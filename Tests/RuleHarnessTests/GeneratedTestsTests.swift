import Foundation
import Testing
import LeadEngine
import RuleHarness
import RulesLanguage

/// The generated tests of the pack's phone tables (rules/tests) and the coverage gate over them.
@Suite("Generated table tests and the row-coverage gate")
struct GeneratedTestsTests {
    static let rules = URL(fileURLWithPath: RulePackTests.rulesDirectory)
    static let landlineTable = "Russian landlines by area code"

    /// The top-level files of rules/, as (path, text).
    static func packSources() throws -> [(path: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: rules.path).sorted().filter { $0.hasSuffix(".rules") }.map { name in
            (path: "rules/" + name, text: try String(contentsOf: rules.appendingPathComponent(name), encoding: .utf8))
        }
    }

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: rules.appendingPathComponent(relative), encoding: .utf8)
    }

    @Test("Without the generated tests the row-coverage gate fails; a test missing from a generated file leaves its row uncovered")
    func gate() throws {
        // The pack as `enrich run` loads it: rules/tests is not read.
        let pack = try Engine(directory: Self.rules.path)
        #expect(!pack.ruleset.tests.isEmpty)
        #expect(!pack.ruleset.tests.contains { $0.name.range.file.path.contains("/tests/") })
        let bare = TestRunner(engine: pack).run()
        #expect(bare.failed == 0)
        #expect(bare.coverage.rowPercent < 5)
        #expect(bare.coverage.shortfalls(minWriterPercent: 95, minRowPercent: 95) == ["table-row coverage below 95.0%"])

        // The landline tests with one left out: its row, and only it, is never won.
        var blocks = try Self.text("tests/23-ru-landlines.tests.rules").components(separatedBy: "\ntest \"")
        let dropped = blocks.remove(at: 1 + (blocks.count - 1) / 2)
        let droppedPrefix = String(dropped.prefix { $0 != ":" })
        let sources = try Self.packSources() + [(path: "rules/tests/23-ru-landlines.tests.rules", text: blocks.joined(separator: "\ntest \""))]
        let result = RulesetLoader.load(sources: sources)
        let report = TestRunner(engine: Engine(ruleset: try #require(result.ruleset, "\(result.diagnostics)"))).run()
        #expect(report.failed == 0, "\(report.text())")
        let landlineRows = report.coverage.rows.filter { $0.table == Self.landlineTable }
        #expect(landlineRows.count == blocks.count, "one test per row (the header is blocks[0], one test was dropped)")
        #expect(report.coverage.unfiredRows.filter { $0.table == Self.landlineTable }.map(\.key) == ["\"\(droppedPrefix)\""])
        #expect(report.coverage.shortfalls(minRowPercent: 100) == ["table-row coverage below 100.0%"])
    }

    @Test("A generated test fails when its row gives a zone other than the one its source data says")
    func wrongRowFails() throws {
        let table = try Self.text("23-ru-landlines.rules")
        let tests = try Self.text("tests/23-ru-landlines.tests.rules")
        let setting: (path: String, text: String) = ("rules/20-switch.rules", "const correctUtcOffset = false\n")
        let intact = RulesetLoader.load(sources: [setting, ("rules/23-ru-landlines.rules", table), ("rules/tests/23.rules", tests)])
        let passing = TestRunner(engine: Engine(ruleset: try #require(intact.ruleset, "\(intact.diagnostics)"))).run()
        #expect(passing.failed == 0, "\(passing.text())")
        #expect(passing.passed > 90)

        // Move the first row that is not at Moscow's offset to Moscow.
        let moscow = TimeZone(identifier: "Europe/Moscow")!.secondsFromGMT(for: TestRunner.defaultNow)
        var lines = table.components(separatedBy: "\n")
        let index = try #require(lines.firstIndex { line in
            guard let start = line.range(of: "=> zone(\""), let end = line[start.upperBound...].firstIndex(of: "\"") else { return false }
            let zone = TimeZone(identifier: String(line[start.upperBound..<end]))
            return zone != nil && zone!.secondsFromGMT(for: TestRunner.defaultNow) != moscow
        })
        let prefix = String(lines[index].split(separator: "\"")[1])
        lines[index] = "  \"\(prefix)\" => zone(\"Europe/Moscow\")"
        let broken = RulesetLoader.load(sources: [setting, ("rules/23-ru-landlines.rules", lines.joined(separator: "\n")), ("rules/tests/23.rules", tests)])
        let report = TestRunner(engine: Engine(ruleset: try #require(broken.ruleset, "\(broken.diagnostics)"))).run()
        #expect(report.failed == 1)
        let failed = try #require(report.results.first { !$0.passed })
        #expect(failed.test.name.text.hasPrefix(prefix + ":"))
        #expect(report.text().contains("+ utcOffset: \(moscow / 3600)"))
    }

    @Test("`enrich run` does not load a tests/ directory; `enrich test` does, and takes nothing but tests there")
    func testsDirectory() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("tests-dir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("tests"), withIntermediateDirectories: true)
        try """
            rule "Moscow" {
              when e164(phone) ~ /^7495/
              fill utcOffset = 3
            }
            """.write(to: directory.appendingPathComponent("a.rules"), atomically: true, encoding: .utf8)
        try """
            test "Moscow" {
              given {"id": 1, "phone": "+7 495 123-45-67"}
              expect patch {"utcOffset": 3}
            }
            """.write(to: directory.appendingPathComponent("tests/b.rules"), atomically: true, encoding: .utf8)
        var errors: [String] = []
        #expect(RulesetLoader.rulesFiles(in: directory.path, errors: &errors).map { ($0 as NSString).lastPathComponent } == ["a.rules"])
        #expect(RulesetLoader.rulesFiles(in: directory.path, errors: &errors, includeTests: true).count == 2)
        #expect(try Engine(directory: directory.path).ruleset.tests.isEmpty)
        let withTests = RulesetLoader.load(directory: directory.path, includeTests: true)
        let report = TestRunner(engine: Engine(ruleset: try #require(withTests.ruleset))).run()
        #expect(report.summaryLine == "1 passed, 0 failed")

        // A rule under tests/ would be tested but never run: an error for `enrich test`.
        try "rule \"Stray\" {\n  when phone is empty\n  set priority = 1\n}\n"
            .write(to: directory.appendingPathComponent("tests/c.rules"), atomically: true, encoding: .utf8)
        let stray = RulesetLoader.load(directory: directory.path, includeTests: true)
        #expect(stray.ruleset == nil)
        let diagnostic = try #require(stray.diagnostics.first { $0.message.code == "tests-only" })
        #expect(diagnostic.location.description.hasSuffix("tests/c.rules:1:1"))
        #expect(try Engine(directory: directory.path).ruleset.writers.count == 1)
    }
}
