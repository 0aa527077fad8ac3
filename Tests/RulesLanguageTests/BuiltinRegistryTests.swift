import Foundation
import RulesLanguage
import Testing

/// The registry of built-ins is the one description of them: the reference documents exactly what it
/// declares, and the checker accepts exactly those names.
@Suite("Built-in registry")
struct BuiltinRegistryTests {
    static let languageReference = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/language.md")

    @Test("docs/language.md's table of built-ins is BuiltinRegistry.markdownTable")
    func referenceTableIsTheRegistry() throws {
        let text = try String(contentsOf: Self.languageReference, encoding: .utf8)
        let section = try #require(text.components(separatedBy: "## Built-in functions").dropFirst().first)
        let table = section.split(separator: "\n", omittingEmptySubsequences: false)
            .drop { !$0.hasPrefix("|") }.prefix { $0.hasPrefix("|") }.joined(separator: "\n")
        #expect(table == BuiltinRegistry.markdownTable, "replace the table in docs/language.md with:\n\(BuiltinRegistry.markdownTable)")
    }

    @Test func everyFunctionIsDeclaredOnceUnderItsName() {
        #expect(BuiltinRegistry.declarations.map(\.function) == BuiltinFunction.allCases)
        for function in BuiltinFunction.allCases {
            #expect(BuiltinRegistry.declaration(named: function.rawValue)?.function == function)
            #expect(BuiltinRegistry.declaration(of: function).usage.contains("`\(function.rawValue)("))
        }
        #expect(BuiltinRegistry.declaration(named: "concatenate") == nil)
    }

    @Test("the checker knows every registered built-in, with its arity")
    func checkerAcceptsEveryBuiltin() {
        for declaration in BuiltinRegistry.declarations where declaration.function != .zone && declaration.function != .json {
            let arguments = Array(repeating: "name", count: declaration.arity.lowerBound).joined(separator: ", ")
            let source = "rule \"R\" {\n  when length(\(declaration.name)(\(arguments))) > 0\n  set priority = 1\n}\n"
            let diagnostics = check(source)
            #expect(!diagnostics.contains { $0.message.code == "unknown-function" || $0.message.text.contains("() takes") }, "\(declaration.name): \(diagnostics)")
            let tooMany = Array(repeating: "name", count: declaration.arity.upperBound + 1).joined(separator: ", ")
            let wrong = check("rule \"R\" {\n  when length(\(declaration.name)(\(tooMany))) > 0\n  set priority = 1\n}\n")
            #expect(wrong.contains { $0.message.text.contains(declaration.parameters) }, "\(declaration.name): \(wrong)")
        }
    }

    private func check(_ source: String) -> [Diagnostic] {
        RulesetLoader.load(sources: [(path: "test.rules", text: source)]).diagnostics
    }
}
