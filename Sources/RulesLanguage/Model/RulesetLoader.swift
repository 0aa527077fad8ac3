import Foundation

/// Loads a ruleset: every `.rules` file of a directory (recursively, sorted by path), or
/// source text given in memory.
///
/// A subdirectory named `tests` holds tests only (for example the generated tests of the pack's
/// phone tables): it is skipped unless `includeTests` is set, so loading rules for evaluation does
/// not parse and check them; `enrich test` sets it. A file there may declare nothing but tests.
public enum RulesetLoader {
    /// The name of the subdirectories that hold test-only files.
    public static let testsDirectoryName = "tests"

    /// The outcome of a load: the ruleset when there was no error, and every diagnostic.
    public struct Result: Sendable {
        public var ruleset: Ruleset?
        public var files: [RulesFile]
        public var diagnostics: [Diagnostic]
        /// Problems that are not about the rules' text (an unreadable directory or file).
        public var ioErrors: [String]
        /// Every pack the loaded one imports (directly or not), with its digest (see ``ImportLock``).
        public var imports: [PackImport] = []
        /// The files the imported packs brought (``files`` are the pack's own).
        public var importedFiles: [RulesFile] = []

        public var succeeded: Bool { ruleset != nil && ioErrors.isEmpty }
    }

    /// Loads every `.rules` file under `directory`; those under a `tests` subdirectory only with
    /// `includeTests`. With `account`, the rules are also checked against the account's statuses and
    /// custom fields (see ``Checker/check(_:now:account:)``).
    public static func load(directory: String, now: Date = Date(), includeTests: Bool = false, account: AccountFacts? = nil) -> Result {
        var ioErrors: [String] = []
        var sources: [SourceFile] = []
        for path in rulesFiles(in: directory, errors: &ioErrors, includeTests: includeTests) {
            guard let file = readRulesFile(path, errors: &ioErrors) else { continue }
            sources.append(SourceFile(path: path, text: file.text))
        }
        var result = check(parsed: sources.map(Parser.parse), root: directory, includeTests: includeTests, now: now, account: account)
        result.ioErrors = ioErrors + result.ioErrors
        return result
    }

    /// Loads rules from text held in memory: `(path, text)` pairs, in the order given.
    public static func load(sources: [(path: String, text: String)], now: Date = Date(), account: AccountFacts? = nil) -> Result {
        load(sources.map { SourceFile(path: $0.path, text: $0.text) }, now: now, account: account)
    }

    /// Parses and checks `sources` (see ``check(parsed:root:includeTests:now:account:)``).
    static func load(_ sources: [SourceFile], now: Date, account: AccountFacts? = nil, includeTests: Bool = false, root: String? = nil) -> Result {
        check(parsed: sources.map(Parser.parse), root: root, includeTests: includeTests, now: now, account: account)
    }

    /// Checks files parsed already (by ``Parser/parse(_:)``, in load order), with the packs they import (see
    /// `PackImporter`), as ``load(directory:now:includeTests:account:)`` does after parsing them: a tool that keeps
    /// parsed files between edits (the language server) re-parses only what changed. Imported files load before
    /// the files importing them, and their diagnostics carry a note naming the import chain. With a `root`
    /// directory, the imports are checked against its ``ImportLock``; with `root` and `includeTests`, declarations
    /// other than tests in a file under a `tests` subdirectory of `root` are errors.
    public static func check(parsed: [(RulesFile, [Diagnostic])], root: String? = nil, includeTests: Bool = false, now: Date = Date(),
                             account: AccountFacts? = nil) -> Result {
        var diagnostics: [Diagnostic] = []
        var files: [RulesFile] = []
        for (file, parseDiagnostics) in parsed {
            files.append(file)
            diagnostics += parseDiagnostics
        }
        var importer = PackImporter(includeTests: includeTests, root: root)
        let imported = importer.expand(files, stack: root.flatMap(RulesDirectoryWalker.realPath).map { [($0, $0)] } ?? [], chain: nil)
        diagnostics += importer.diagnostics
        let lockWarnings = root.map { ImportLock.check(importer.imports, lockPath: ImportLock.path(forPack: $0)) } ?? []
        func finish(_ ruleset: Ruleset?, _ all: [Diagnostic]) -> Result {
            let noted = all.map { diagnostic -> Diagnostic in
                guard let chain = importer.chains[diagnostic.range.file.path] else { return diagnostic }
                var copy = diagnostic
                copy.notes.append(.init(text: chain, range: nil))
                return copy
            }
            var result = Result(ruleset: ruleset, files: files, diagnostics: noted.sortedByLocation(), ioErrors: importer.ioErrors,
                                imports: importer.imports, importedFiles: imported)
            if includeTests, let root {
                // A rule in a tests directory would be checked by `enrich test` and ignored by `enrich run`.
                var misplaced: [Diagnostic] = []
                for file in files where isUnderTestsDirectory(file.file.path, root: root) {
                    for item in file.items {
                        if case .test = item { continue }
                        misplaced.append(Diagnostic(.init("tests-only", .error, "a file under \(testsDirectoryName)/ may hold only tests: "
                            + "the rest of the pack does not see what is declared here"), at: item.range))
                    }
                }
                if !misplaced.isEmpty {
                    result.ruleset = nil
                    result.diagnostics = (result.diagnostics + misplaced).sortedByLocation()
                }
            }
            return result
        }
        // Checking a tree with holes would only add noise after the syntax errors. An override that was refused (a
        // constant the pack does not declare, a value of another type) leaves no hole: the pack keeps its value, and
        // the other overrides' values are checked at once rather than after that one is fixed.
        if diagnostics.contains(where: { $0.severity == .error && $0.message.code != "override" }) {
            return finish(nil, diagnostics + lockWarnings)
        }
        let (ruleset, checkDiagnostics) = Checker.check(imported + files, now: now, account: account, adding: lockWarnings)
        return finish(diagnostics.hasErrors ? nil : ruleset, diagnostics + checkDiagnostics)
    }

    /// The `.rules` files under `directory`, sorted by path; a path to a single file is accepted too.
    /// Files under a subdirectory named `tests` are left out unless `includeTests` is set.
    ///
    /// Hidden entries (names starting with `.`) are skipped and symbolic links followed, so a
    /// Kubernetes ConfigMap volume loads each file once, under its visible name; a real file reached
    /// twice is listed once; a link loop or a link to nothing is an error in `errors`. See
    /// `RulesDirectoryWalker`.
    public static func rulesFiles(in directory: String, errors: inout [String], includeTests: Bool = false) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            errors.append("\(directory): error: no such file or directory")
            return []
        }
        guard isDirectory.boolValue else { return [directory] }
        var walker = RulesDirectoryWalker(includeTests: includeTests)
        let paths = walker.files(in: directory)
        errors += walker.errors
        if paths.isEmpty { errors.append("\(directory): error: no .rules files found") }
        return paths
    }

    /// Whether `path` (as listed by ``rulesFiles(in:errors:includeTests:)``) lies under a `tests`
    /// subdirectory of `root`.
    public static func isUnderTestsDirectory(_ path: String, root: String) -> Bool {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix) else { return false }
        return path.dropFirst(prefix.count).split(separator: "/").dropLast().contains(Substring(testsDirectoryName))
    }
}

extension RulesetLoader {
    /// The bytes and the text of the rules file at `path` (``WholeFile``: a regular file, UTF-8, the system's reason
    /// when it cannot be read), or `nil` with the problem appended to `errors`.
    static func readRulesFile(_ path: String, errors: inout [String]) -> (bytes: [UInt8], text: String)? {
        do {
            let bytes = try WholeFile.bytes(path, "the file", regularOnly: true)
            return (bytes, try WholeFile.text(of: bytes, path: path, "the file"))
        } catch {
            errors.append(error.description)
            return nil
        }
    }
}
