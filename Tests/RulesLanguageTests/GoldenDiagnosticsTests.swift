import Foundation
import Testing
@testable import RulesLanguage

/// Each `Golden/NAME.rules` is loaded and checked; its rendered diagnostics must equal
/// `Golden/NAME.expected` byte for byte. Run with `UPDATE_GOLDEN=1` to rewrite the expected files,
/// then review the diff by eye before committing.
@Suite("Golden diagnostics")
struct GoldenDiagnosticsTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let cases: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".rules") }.map { String($0.dropLast(6)) }.sorted()
    }()
    /// A fixed reference time, so zone checks do not depend on the day the tests run.
    static let now = Date(timeIntervalSince1970: 1_772_355_600) // 2026-03-01T09:00:00Z

    @Test("The golden directory holds cases")
    func hasCases() {
        #expect(Self.cases.count >= 15)
    }

    @Test("Diagnostics match the golden file", arguments: cases)
    func golden(name: String) throws {
        let input = try String(contentsOf: Self.directory.appendingPathComponent(name + ".rules"), encoding: .utf8)
        let result = RulesetLoader.load(sources: [(path: "Golden/\(name).rules", text: input)], now: Self.now)
        let rendered = DiagnosticRenderer(colored: false).render(result.diagnostics)
        let expectedURL = Self.directory.appendingPathComponent(name + ".expected")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try rendered.write(to: expectedURL, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: expectedURL, encoding: .utf8)
        #expect(rendered == expected)
        #expect(!result.diagnostics.isEmpty, "a golden case exists to show diagnostics")
    }
}
