import Foundation
import Testing
@testable import RulesLanguage

/// Inputs the fuzzer once found crashing or hanging (`fuzz/regressions/`): each must now load to
/// diagnostics, render them, and format what parses, without crashing.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("fuzz/regressions")
    static let cases: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()

    @Test("There are regression inputs to replay")
    func hasCases() {
        #expect(!Self.cases.isEmpty)
    }

    @Test("A regression input is handled", arguments: cases)
    func replay(name: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(name))
        let text = String(decoding: data, as: UTF8.self)
        let result = RulesetLoader.load(sources: [(path: name, text: text)])
        _ = DiagnosticRenderer().render(result.diagnostics)
        if name.hasPrefix("stack-overflow-nested") {
            #expect(result.diagnostics.contains { $0.message.text.contains("nested more than") })
        }
        for file in result.files where !result.diagnostics.hasErrors {
            _ = RulesFormatter().format(file)
        }
    }
}
