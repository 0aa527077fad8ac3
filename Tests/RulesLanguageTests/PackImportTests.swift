import Foundation
import Testing
@testable import RulesLanguage

/// `import "PATH" as NAME { override const X = V }`: packs that reuse packs.
@Suite("Pack imports")
struct PackImportTests {
    /// A temporary tree: `shared/` (a pack with a constant and a rule) and `pack/` importing it.
    struct Tree {
        let root: URL

        init(importLine: String = "import \"../shared\" as shared {\n  override const minimum = 10\n}\n",
             extra: [String: String] = [:]) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("imports-\(UUID().uuidString)")
            try write("shared/consts.rules", "const minimum = 5\n")
            try write("shared/rules.rules", "rule \"Shared\" {\n  when int(customValues[15]) >= minimum\n  set priority = 7\n}\n")
            try write("shared/tests/shared.rules", "test \"Shared test\" {\n  given {\"id\": 1, \"customValues\": {\"15\": \"20\"}}\n  expect fields {\"priority\": 7}\n}\n")
            try write("pack/main.rules", importLine + "\nrule \"Own\" {\n  when name is empty\n  set name = \"Клиент\"\n}\n")
            for (path, text) in extra { try write(path, text) }
        }

        func write(_ path: String, _ text: String) throws {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }

        func path(_ relative: String) -> String { root.appendingPathComponent(relative).path }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test("The imported pack's rules load before the importer's, with the constant overridden")
    func loadsWithOverride() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        let ruleset = try #require(result.ruleset, "\(result.diagnostics) \(result.ioErrors)")
        #expect(ruleset.writers.map(\.name) == ["Shared", "Own"])
        #expect(ruleset.constants["minimum"] == Expression(.integer(10), ruleset.constants["minimum"]!.range))
        #expect(result.imports.map(\.name) == ["shared"])
        #expect(result.imports.first?.lockPath == "../shared")
        // No lock yet: a warning naming the remedy.
        #expect(result.diagnostics.map(\.message.code) == ["unlocked-import"])
        #expect(result.diagnostics.first?.message.text.contains("enrich check --update-lock") == true)
    }

    @Test("The imported pack's tests run with the importer's")
    func testsTogether() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"), includeTests: true)
        #expect(result.ruleset?.tests.map(\.name.text) == ["Shared test"])
    }

    @Test("Overriding a constant the pack does not declare is an error with did-you-mean")
    func unknownOverride() throws {
        let tree = try Tree(importLine: "import \"../shared\" {\n  override const minimun = 10\n}\n")
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        #expect(result.ruleset == nil)
        let error = try #require(result.diagnostics.first { $0.severity == .error })
        #expect(error.message.text == "pack \"shared\" declares no constant 'minimun'; did you mean 'minimum'?; its constants: minimum")
        #expect(error.location.line == 2)
        #expect(error.location.column == 18)
    }

    @Test("An override of another type is one error at the override, with a note at the declaration, and nothing inside the pack",
          arguments: ["\"ten\"", "true", "[10, 20]", "null", "[\"a\"]"])
    func overrideOfAnotherType(value: String) throws {
        let tree = try Tree(importLine: "import \"../shared\" {\n  override const minimum = \(value)\n}\n")
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        #expect(result.ruleset == nil)
        let errors = result.diagnostics.filter { $0.severity == .error }
        // Before: the type error was reported where the pack compares the constant (shared/rules.rules), which the
        // importer cannot change.
        #expect(errors.count == 1, "\(errors.map { "\($0.range.file.path):\($0.location.line): \($0.message.text)" })")
        let error = try #require(errors.first)
        #expect(error.range.file.path.hasSuffix("pack/main.rules"))
        #expect(error.location.line == 2)
        #expect(error.message.text.contains("this override of 'minimum' is"), "\(error.message.text)")
        #expect(error.message.text.contains("declares a number"), "\(error.message.text)")
        #expect(error.notes.first?.range?.file.path.hasSuffix("shared/consts.rules") == true)
        // A list keeps the kind of its items.
        let list = try Tree(importLine: "import \"../shared\" {\n  override const codes = [1, 2]\n}\n",
                            extra: ["shared/list.rules": "const codes = [\"a\", \"b\"]\n\nrule \"L\" {\n  when name in codes\n  set priority = 1\n}\n"])
        defer { list.remove() }
        let listErrors = RulesetLoader.load(directory: list.path("pack")).diagnostics.filter { $0.severity == .error }
        #expect(listErrors.map(\.message.text).contains { $0.contains("is a list of numbers, where pack \"shared\" declares a list of strings") },
                "\(listErrors.map(\.message.text))")
        // A number of the other kind (a decimal for an integer) is the same type.
        let decimal = try Tree(importLine: "import \"../shared\" {\n  override const minimum = 7.5\n}\n")
        defer { decimal.remove() }
        #expect(RulesetLoader.load(directory: decimal.path("pack")).diagnostics.allSatisfy { $0.severity != .error })
    }

    @Test("An error in the imported pack caused by an overridden value has a note at the override; the constant counts as used")
    func errorFromOverrideNotesIt() throws {
        let tree = try Tree(importLine: "import \"../shared\" {\n  override const offset = 99\n  override const field = 2.5\n}\n",
                            extra: ["shared/zone.rules": "const offset = 3\nconst field = 15\n\nrule \"Z\" {\n  when name == \"z\"\n"
                                        + "  fill utcOffset = offset\n  set customValues[field] = 1\n}\n"])
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        let errors = result.diagnostics.filter { $0.severity == .error }
        let outside = try #require(errors.first { $0.message.text.contains("utcOffset 99 is outside") }, "\(errors.map(\.message.text))")
        #expect(outside.range.file.path.hasSuffix("shared/zone.rules"))
        let note = try #require(outside.notes.first { $0.text == "'offset' has the value of this override" }, "\(outside.notes)")
        #expect(note.range?.file.path.hasSuffix("pack/main.rules") == true)
        #expect(note.range?.location.line == 2)
        #expect(!result.diagnostics.contains { $0.message.text.contains("'field' is declared but never used") })
    }

    @Test("A refused override does not hide the others' errors: all are reported in one check")
    func refusedOverrideHidesNothing() throws {
        let tree = try Tree(importLine: "import \"../shared\" {\n  override const minimum = \"ten\"\n  override const offset = 99\n}\n",
                            extra: ["shared/zone.rules": "const offset = 3\n\nrule \"Z\" {\n  when name == \"z\"\n  fill utcOffset = offset\n}\n"])
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        #expect(result.ruleset == nil)
        let errors = result.diagnostics.filter { $0.severity == .error }.map(\.message.text)
        // Before: only the first; the value error of `offset` appeared once it was fixed.
        #expect(errors.contains { $0.contains("this override of 'minimum' is a string") }, "\(errors)")
        #expect(errors.contains { $0.contains("utcOffset 99 is outside") }, "\(errors)")
    }

    @Test("Diagnostics in an imported file name the import chain")
    func chain() throws {
        let tree = try Tree(extra: ["shared/bad.rules": "rule \"Bad\" {\n  set priority = prioriti\n}\n"])
        defer { tree.remove() }
        let result = RulesetLoader.load(directory: tree.path("pack"))
        let error = try #require(result.diagnostics.first { $0.message.code == "unknown-field" })
        #expect(error.location.path.hasSuffix("shared/bad.rules"))
        #expect(error.notes.last?.text.hasPrefix("in pack \"shared\" (") == true)
        #expect(error.notes.last?.text.hasSuffix("imported from \(tree.path("pack/main.rules")):1:1") == true)
        #expect(error.location.path == tree.path("shared/bad.rules"))
    }

    @Test("An import cycle is an error; a missing pack is an error at its path")
    func cycleAndMissing() throws {
        let tree = try Tree(extra: ["shared/back.rules": "import \"../pack\" as back\n"])
        defer { tree.remove() }
        let cycle = RulesetLoader.load(directory: tree.path("pack"))
        let message = try #require(cycle.diagnostics.first { $0.message.text.hasPrefix("import cycle: ") && $0.severity == .error })
        // Every pack by its name and directory, the importing pack too (it was named by its path alone).
        let real = { (path: String) in URL(fileURLWithPath: path).resolvingSymlinksInPath().path }
        #expect(message.message.text.contains("pack (\(real(tree.path("pack"))))"), "\(message.message.text)")
        #expect(message.message.text.contains(" -> back (\(real(tree.path("pack"))))"), "\(message.message.text)")
        let missing = try Tree(importLine: "import \"../nowhere\"\n")
        defer { missing.remove() }
        let result = RulesetLoader.load(directory: missing.path("pack"))
        #expect(result.diagnostics.first?.message.text.hasPrefix("no pack at \"../nowhere\"") == true)
        #expect(result.ruleset == nil)
    }

    @Test("The lock records the digest; an upstream change is a warning until the lock is rewritten")
    func lock() throws {
        let tree = try Tree()
        defer { tree.remove() }
        let first = RulesetLoader.load(directory: tree.path("pack"))
        try tree.write("pack/imports.lock", ImportLock.text(first.imports))
        #expect(RulesetLoader.load(directory: tree.path("pack")).diagnostics.isEmpty)
        try tree.write("shared/tests/shared.rules", "test \"Shared test\" {\n  given {\"id\": 2}\n  expect untouched priority\n}\n")
        let changed = RulesetLoader.load(directory: tree.path("pack"))
        #expect(changed.diagnostics.map(\.message.code) == ["upstream-changed"])
        #expect(changed.diagnostics.first?.location.line == 1)
        try tree.write("pack/imports.lock", ImportLock.text(changed.imports))
        #expect(RulesetLoader.load(directory: tree.path("pack")).diagnostics.isEmpty)
    }

    @Test("A symlinked imported directory loads as a directory")
    func symlinked() throws {
        let tree = try Tree(importLine: "import \"linked\" as shared\n")
        defer { tree.remove() }
        try FileManager.default.createSymbolicLink(atPath: tree.path("pack/linked"), withDestinationPath: tree.path("shared"))
        // The link is inside the pack too: the walker follows it, so the pack would load it twice.
        // Import it from a sibling instead.
        try FileManager.default.removeItem(atPath: tree.path("pack/linked"))
        try FileManager.default.createSymbolicLink(atPath: tree.path("linked"), withDestinationPath: tree.path("shared"))
        try tree.write("pack/main.rules", "import \"../linked\" as shared\n\nrule \"Own\" {\n  when name is empty\n  set name = \"x\"\n}\n")
        let result = RulesetLoader.load(directory: tree.path("pack"))
        #expect(result.ruleset?.writers.map(\.name) == ["Shared", "Own"], "\(result.diagnostics)")
    }

    @Test("Imports format canonically and idempotently")
    func format() {
        let text = "import \"../shared\" as shared {\n  override const minimum = 10\n  override const name2 = \"x\"\n}\n\nimport \"../other\"\n"
        let file = Parser.parse(SourceFile(path: "i.rules", text: text))
        #expect(file.1.isEmpty)
        #expect(RulesFormatter().format(file.0) == text)
        let messy = "import   \"../shared\"   as shared { override const minimum = 10\n override const name2 = \"x\" }\nimport \"../other\"\n"
        #expect(RulesFormatter().format(Parser.parse(SourceFile(path: "i.rules", text: messy)).0) == text)
    }
}
