import Foundation
import RulesLanguage

/// A rules pack as the server checks it: the directory `enrich check` would be given (or one unsaved buffer),
/// its files parsed and kept, the last check's outcome, and what was published for it.
final class Pack {
    /// The pack's directory; `nil` for a buffer that is no file (`untitled:`), checked alone.
    let root: String?
    /// For a pack without a root: the URI of its one buffer.
    let bufferURI: String?
    /// Parsed files by path, reused while their text is unchanged.
    private(set) var files: [String: ParsedFile] = [:]
    /// The paths of the last check, in load order.
    private(set) var order: [String] = []
    /// The last check's outcome.
    private(set) var result: RulesetLoader.Result?
    /// The files of the packs it imports, as the last successful check loaded them.
    private(set) var importedFiles: [RulesFile] = []
    /// What the pack declares, from every file (even when the check failed).
    private(set) var symbols = PackSymbols()
    /// The URIs diagnostics were last published for (to clear those that have none now).
    var published: Set<String> = []
    /// Whether something changed since the last check.
    var dirty = true

    init(root: String?, bufferURI: String? = nil) {
        self.root = root
        self.bufferURI = bufferURI
    }

    /// The first test named `name`.
    func test(named name: String) -> TestDeclaration? {
        for file in parsedFiles {
            for case let .test(test) in file.tree.items where test.name.text == name { return test }
        }
        return nil
    }

    /// The parsed file at `path`, if the pack has it.
    func file(_ path: String) -> ParsedFile? { files[path] }

    /// Every parsed file, in load order.
    var parsedFiles: [ParsedFile] { order.compactMap { files[$0] } }

    /// Re-reads the pack (open buffers from `documents`, the rest from disk), re-parses what changed and checks
    /// the whole pack as `enrich check` does. Returns the problems that are not about the rules' text.
    @discardableResult
    func check(documents: DocumentStore, now: Date = Date()) -> [String] {
        var ioErrors: [String] = []
        var texts: [(String, String)] = []
        if let root {
            // What `enrich check` loads, and the files under tests/ that are open (as `enrich test` loads them): a
            // test's diagnostics depend on its file and the rules only, and the rules' on no test, so each file gets
            // the diagnostics `enrich test` would give it without checking tens of thousands of generated tests at
            // every keystroke. Buffers not saved yet belong to the pack too.
            var paths = RulesetLoader.rulesFiles(in: root, errors: &ioErrors)
            for document in documents.all {
                guard let path = document.path, path.hasSuffix(".rules"), Self.isInside(path, root: root), !paths.contains(path) else { continue }
                paths.append(path)
            }
            paths.sort()
            ioErrors.removeAll { $0.hasSuffix("no .rules files found") && !paths.isEmpty }
            for path in paths {
                if let document = documents.document(atPath: path) {
                    texts.append((path, document.text))
                } else if let cached = files[path], !Self.changedOnDisk(path, since: cached) {
                    texts.append((path, cached.text))
                } else if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
                    texts.append((path, text))
                } else {
                    ioErrors.append("\(path): error: cannot read the file as UTF-8")
                }
            }
        } else if let bufferURI, let document = documents[bufferURI] {
            texts.append((bufferURI, document.text))
        }
        var kept: [String: ParsedFile] = [:]
        for (path, text) in texts {
            if let cached = files[path], cached.text == text {
                kept[path] = cached
            } else {
                kept[path] = ParsedFile(path: path, text: text)
            }
        }
        files = kept
        order = texts.map(\.0)
        let parsed = parsedFiles
        let includeTests = root.map { root in order.contains { RulesetLoader.isUnderTestsDirectory($0, root: root) } } ?? false
        result = RulesetLoader.check(parsed: parsed.map { ($0.tree, $0.syntaxDiagnostics) }, root: root, includeTests: includeTests, now: now)
        if let ruleset = result?.ruleset {
            // The files of imported packs (the checker loads them before the pack's own): kept from the last check
            // that succeeded, so that their declarations are known while the pack has an error.
            let own = Set(order)
            importedFiles = ruleset.files.filter { !own.contains($0.file.path) }
        }
        symbols = PackSymbols(importedFiles + parsed.map(\.tree))
        dirty = false
        return ioErrors
    }

    /// Modification times of files read from disk, to notice edits made outside the editor.
    private static func changedOnDisk(_ path: String, since cached: ParsedFile) -> Bool {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let size = attributes[.size] as? Int else { return true }
        return size != cached.text.utf8.count || (attributes[.modificationDate] as? Date).map { $0 > cached.readAt } ?? true
    }

    /// Whether `path` lies under directory `root`.
    static func isInside(_ path: String, root: String) -> Bool {
        path.hasPrefix(root.hasSuffix("/") ? root : root + "/")
    }

    /// The pack directory of the rules file at `path`: its directory, or above it, the directory `enrich check` would
    /// be given. A `tests` directory belongs to the directory above it (`rules/tests/x.rules` is of `rules/`); and
    /// inside a workspace folder, a directory whose parent holds `.rules` files itself belongs to that parent
    /// (`rules/phone/x.rules` is of `rules/`). Never above the workspace folders, so that a stray file in a parent
    /// directory (`/tmp`) does not make it a pack.
    static func root(of path: String, workspaceFolders: [String]) -> String {
        var directory = (path as NSString).deletingLastPathComponent
        while true {
            let parent = (directory as NSString).deletingLastPathComponent
            guard parent != directory, !parent.isEmpty else { return directory }
            if (directory as NSString).lastPathComponent == RulesetLoader.testsDirectoryName, holdsRulesFiles(parent) {
                directory = parent
                continue
            }
            let insideWorkspace = workspaceFolders.contains { parent == $0 || isInside(parent, root: $0) }
            guard insideWorkspace, holdsRulesFiles(parent) else { return directory }
            directory = parent
        }
    }

    private static func holdsRulesFiles(_ directory: String) -> Bool {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return false }
        return names.contains { $0.hasSuffix(".rules") && !$0.hasPrefix(".") }
    }
}

/// What a pack declares, by name: constants, status codes, rules and tables.
struct PackSymbols {
    var constants: [String: ConstantDeclaration] = [:]
    var statuses: [String: StatusDeclaration.Entry] = [:]
    var rules: [String: RuleDeclaration] = [:]
    var tables: [String: TableDeclaration] = [:]

    init() {}

    /// The first declaration of each name wins, as for the checker (later ones are its duplicates).
    init(_ files: [RulesFile]) {
        for file in files {
            for item in file.items {
                switch item {
                case let .statuses(declaration):
                    for entry in declaration.entries where statuses[entry.code.text] == nil { statuses[entry.code.text] = entry }
                case let .constant(declaration):
                    if constants[declaration.name.text] == nil { constants[declaration.name.text] = declaration }
                case let .rule(rule):
                    if rules[rule.name.text] == nil, tables[rule.name.text] == nil { rules[rule.name.text] = rule }
                case let .table(table):
                    if rules[table.name.text] == nil, tables[table.name.text] == nil { tables[table.name.text] = table }
                case .transitions, .test, .imports:
                    // Tests are looked up when asked for (``Pack/test(named:)``): a generated tests file holds
                    // tens of thousands, and indexing them at every check would cost more than any lookup.
                    break
                }
            }
        }
    }

    /// Where rule or table `name` is declared.
    func writerName(_ name: String) -> Name? { rules[name]?.name ?? tables[name]?.name }

    /// The names of every rule and table.
    var writerNames: [String] { Array(rules.keys) + Array(tables.keys) }
}
