import RulesLanguage

/// Which tests `enrich test --filter` runs: by test name, by file, or by rule.
public enum TestFilter: Sendable, Equatable {
    /// Tests whose name contains the text (case-insensitive).
    case name(String)
    /// Tests declared in a file whose path contains the text (`--filter file:priority`).
    case file(String)
    /// Tests that name the rule or table in `expect fires` / `expect not fires`, or in which it
    /// fired (`--filter rule:"Urgent"`).
    case rule(String)

    /// Reads `file:TEXT`, `rule:NAME` or plain `TEXT` (a test name).
    public init(_ text: String) {
        if text.hasPrefix("file:") {
            self = .file(String(text.dropFirst("file:".count)))
        } else if text.hasPrefix("rule:") {
            self = .rule(String(text.dropFirst("rule:".count)))
        } else {
            self = .name(text)
        }
    }

    /// Whether the test matches by its declaration alone (a rule filter also matches the tests in
    /// which the rule fires, known only once they ran).
    func matches(_ test: TestDeclaration) -> Bool {
        switch self {
        case let .name(text): return test.name.text.localizedCaseInsensitiveContains(text)
        case let .file(text): return test.range.file.path.contains(text)
        case let .rule(name):
            return test.rows.contains { row in
                row.expectations.contains { if case let .fires(rule, _) = $0.0 { rule.text == name } else { false } }
            }
        }
    }

    /// Why the filter matched no test, naming the closest rule when it names none.
    func noMatchMessage(_ ruleset: Ruleset) -> String {
        switch self {
        case let .name(text):
            return "--filter '\(text)' matches no test name" + Self.closest(text, in: ruleset.tests.map(\.name.text))
        case let .file(text):
            let files = Set(ruleset.tests.map(\.range.file.path)).sorted()
            return "--filter 'file:\(text)' matches no file with tests" + (files.isEmpty ? "" : " (files with tests: "
                + files.prefix(10).joined(separator: ", ") + (files.count > 10 ? ", ..." : "") + ")")
        case let .rule(name):
            let names = ruleset.writers.map(\.name)
            guard names.contains(name) else {
                return "--filter 'rule:\(name)': no rule or table is named \"\(name)\"" + Self.closest(name, in: names)
            }
            return "--filter 'rule:\(name)': no test names \"\(name)\" in `expect fires` and none makes it fire"
        }
    }

    private static func closest(_ text: String, in candidates: [String]) -> String {
        Suggestions.closest(to: text, in: candidates).map { "; did you mean \"\($0)\"?" } ?? ""
    }
}
