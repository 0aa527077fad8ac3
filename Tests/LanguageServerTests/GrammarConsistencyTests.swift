import Foundation
import JSON
import LeadFields
import RulesLanguage
import Testing

/// The TextMate grammar of editors/vscode names the language's fields, built-ins and keywords for highlighting;
/// each list has one owner in the code, and these tests keep the grammar in step with it.
@Suite struct GrammarConsistencyTests {
    static let grammarPath = URL(filePath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appending(path: "editors/vscode/syntaxes/rules.tmLanguage.json").path

    func grammar() throws -> JSONValue {
        try JSONParser.parse(String(contentsOfFile: Self.grammarPath, encoding: .utf8))
    }

    /// The words of the alternations `(a|b|c)` in a grammar pattern.
    func words(in pattern: String) -> Set<String> {
        var words: Set<String> = []
        for match in pattern.matches(of: /\(([A-Za-z0-9_]+(?:\|[A-Za-z0-9_]+)+)\)/) {
            words.formUnion(match.output.1.split(separator: "|").map(String.init))
        }
        return words
    }

    @Test func fieldsAreLeadFields() throws {
        let pattern = try #require(try grammar()["repository"]?["field"]?["match"]?.stringValue)
        #expect(words(in: pattern) == Set(LeadFields.all.map(\.name)))
    }

    @Test func builtinsAreTheRegistrys() throws {
        let patterns = try #require(try grammar()["repository"]?["function-call"]?["patterns"]?.arrayElements)
        let builtin = try #require(patterns.first?["match"]?.stringValue)
        #expect(words(in: builtin) == Set(BuiltinRegistry.names))
    }

    @Test func everyKeywordIsHighlighted() throws {
        let patterns = try #require(try grammar()["repository"]?["keyword"]?["patterns"]?.arrayElements)
        let highlighted = patterns.compactMap { $0["match"]?.stringValue }.reduce(into: Set<String>()) { $0.formUnion(words(in: $1)) }
        let missing = Set(Keyword.allCases.map(\.rawValue)).subtracting(highlighted)
        #expect(missing.isEmpty, "keywords without a scope: \(missing.sorted())")
        // The words the parser reads in context: hit policies and collect operations.
        let contextual = ["unique", "priority", "collect"] + CollectOperation.allCases.map(\.rawValue)
        for word in contextual where !["min", "max"].contains(word) {
            #expect(highlighted.contains(word), "\(word)")
        }
    }
}
