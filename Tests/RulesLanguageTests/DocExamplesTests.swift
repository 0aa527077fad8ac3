import Foundation
import Testing
@testable import RulesLanguage

/// Every ```rules block of docs/language.md must check without errors, already be in canonical
/// form, and survive parse -> format -> parse unchanged.
@Suite("Examples in docs/language.md")
struct DocExamplesTests {
    static let examples: [String] = {
        let url = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/language.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        var blocks: [String] = []
        var current: [Substring]?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line == "```rules" {
                current = []
            } else if current != nil, line == "```" {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else if current != nil {
                current!.append(line)
            }
        }
        return blocks
    }()

    @Test("The reference has examples")
    func hasExamples() {
        #expect(Self.examples.count >= 10)
    }

    @Test("An example checks, is canonical and round-trips", arguments: examples)
    func example(_ source: String) {
        // In docs/, so that an example's `import "../rules"` names the default pack.
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/example.rules").path
        let result = RulesetLoader.load(sources: [(path: path, text: source)])
        #expect(!result.diagnostics.hasErrors, "\(DiagnosticRenderer().render(result.diagnostics))")
        guard let file = result.files.first else { return }
        let formatted = RulesFormatter().format(file)
        #expect(formatted == source)
        let (reparsed, diagnostics) = Parser.parse(SourceFile(path: "formatted.rules", text: formatted))
        #expect(diagnostics.isEmpty)
        #expect(reparsed == file)
    }
}
