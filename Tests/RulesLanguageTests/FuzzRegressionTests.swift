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

    @Test("A 200,000-operand 'or' chain is an error, not a stack overflow (found by hand while fuzzing)")
    func longChain() {
        let text = "const a = " + Array(repeating: "a", count: 200_000).joined(separator: " or ")
        let result = RulesetLoader.load(sources: [(path: "chain.rules", text: text)])
        #expect(result.diagnostics.contains { $0.message.text.contains("more than 256 conditions joined with 'or'") })
        let rule = "rule \"r\" {\n  when " + Array(repeating: "phone == \"1\"", count: 300).joined(separator: " and ") + "\n  set name = \"x\"\n}\n"
        let ruleResult = RulesetLoader.load(sources: [(path: "chain.rules", text: rule)])
        #expect(ruleResult.diagnostics.contains { $0.message.text.contains("joined with 'and'") })
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
