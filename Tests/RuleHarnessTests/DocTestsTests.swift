import Foundation
import Testing
import LeadEngine
import RuleHarness

/// The rule tests written in docs/language.md pass under the harness.
@Suite("Tests in the documentation")
struct DocTestsTests {
    static let examplesWithTests: [String] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/language.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.components(separatedBy: "```rules\n").dropFirst()
            .compactMap { $0.components(separatedBy: "\n```").first }
            .filter { $0.contains("\ntest \"") || $0.hasPrefix("test \"") }
    }()

    @Test("The reference shows at least one test")
    func hasTests() {
        #expect(!Self.examplesWithTests.isEmpty)
    }

    @Test("A documented test passes", arguments: examplesWithTests)
    func documentedTest(_ source: String) throws {
        let report = TestRunner(engine: try Engine(source: source, path: "docs.rules")).run()
        #expect(report.failed == 0, "\(report.text())")
        #expect(report.passed > 0)
    }
}
