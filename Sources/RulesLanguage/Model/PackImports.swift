import Foundation
import Hashing

/// One pack imported (directly or through another import) by the pack being loaded.
public struct PackImport: Sendable, Equatable {
    /// The pack's name (`as NAME`, or the last component of its path).
    public var name: String
    /// Its path as the lock records it: relative to the importing pack's root, normalised.
    public var lockPath: String
    /// SHA-256 of its `.rules` files (tests included): each file's path relative to the pack and its
    /// bytes. Any upstream change to the pack changes it.
    public var digest: String
    /// The `import` declaration that brought it in.
    public var declaration: SourceRange
}

/// The lock of a pack's imports, `imports.lock` in the pack's root: one line per imported pack,
/// `sha256:HEX  PATH`. `enrich check` warns when an imported pack's digest differs from the lock
/// (`upstream-changed`) or is not in it (`unlocked-import`); `enrich check --update-lock` writes it.
public enum ImportLock {
    public static let fileName = "imports.lock"

    /// The lock's path for a pack at `root` (a directory, or a file whose directory holds the lock).
    public static func path(forPack root: String) -> String {
        var isDirectory: ObjCBool = false
        let directory = FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) && !isDirectory.boolValue
            ? (root as NSString).deletingLastPathComponent : root
        return ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(fileName)
    }

    /// The lock's text for `imports`.
    public static func text(_ imports: [PackImport]) -> String {
        var out = "# The digest of each pack this pack imports; `enrich check --update-lock` rewrites it.\n"
        for entry in imports.sorted(by: { $0.lockPath < $1.lockPath }) { out += "sha256:\(entry.digest)  \(entry.lockPath)\n" }
        return out
    }

    /// Path -> digest, from a lock's text (comments and blank lines skipped).
    static func parse(_ text: String) -> [String: String] {
        var entries: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
            guard parts.count == 2, parts[0].hasPrefix("sha256:") else { continue }
            entries[parts[1].trimmingCharacters(in: .whitespaces)] = String(parts[0].dropFirst("sha256:".count))
        }
        return entries
    }

    /// Warnings for imports whose digest the lock at `lockPath` does not hold.
    static func check(_ imports: [PackImport], lockPath: String) -> [Diagnostic] {
        guard !imports.isEmpty else { return [] }
        let locked = FileManager.default.contents(atPath: lockPath).map { parse(String(decoding: $0, as: UTF8.self)) } ?? [:]
        return imports.compactMap { entry in
            guard let digest = locked[entry.lockPath] else {
                return Diagnostic(.unlockedImport(entry.name, path: entry.lockPath, lock: lockPath), at: entry.declaration)
            }
            guard digest == entry.digest else {
                return Diagnostic(.upstreamChanged(entry.name, path: entry.lockPath, lock: lockPath, locked: digest, now: entry.digest),
                                  at: entry.declaration)
            }
            return nil
        }
    }
}

/// Resolves the `import` declarations of a pack's files: loads each imported pack (recursively),
/// applies the constant overrides, and records where each imported file comes from.
struct PackImporter {
    let includeTests: Bool
    /// The directory lock paths are relative to (`nil`: text given in memory, nothing locked).
    let root: String?
    var diagnostics: [Diagnostic] = []
    var ioErrors: [String] = []
    /// Imported file path -> the note telling which import brought it in.
    var chains: [String: String] = [:]
    var imports: [PackImport] = []
    /// Real path of each pack imported -> the declaration that imported it (a pack is loaded once).
    private var loaded: [String: SourceRange] = [:]

    init(includeTests: Bool, root: String?) {
        self.includeTests = includeTests
        self.root = root
    }

    /// The files of every pack `files` import (recursively), in load order: each import's files
    /// before the files that import them.
    mutating func expand(_ files: [RulesFile], stack: [(real: String, name: String)], chain: String?) -> [RulesFile] {
        var imported: [RulesFile] = []
        for file in files {
            for item in file.items {
                guard case let .imports(declaration) = item else { continue }
                imported += load(declaration, from: file, stack: stack, chain: chain)
            }
        }
        return imported
    }

    private mutating func load(_ declaration: ImportDeclaration, from file: RulesFile, stack: [(real: String, name: String)],
                               chain: String?) -> [RulesFile] {
        let written = declaration.path.text
        let base = (file.file.path as NSString).deletingLastPathComponent
        let target = written.hasPrefix("/") ? written : ((base.isEmpty ? "." : base) as NSString).appendingPathComponent(written)
        let path = Self.normalized(target)
        guard let real = RulesDirectoryWalker.realPath(path) else {
            diagnostics.append(Diagnostic(.importNotFound(written, resolved: path), at: declaration.path.range))
            return []
        }
        if let index = stack.firstIndex(where: { $0.real == real }) {
            // Each pack by its name and real directory (the root's name is its directory's).
            let steps = stack[index...].map { ($0.name == $0.real ? ($0.real as NSString).lastPathComponent : $0.name, $0.real) }
                + [(declaration.packName, real)]
            let cycle = steps.map { "\($0.0) (\($0.1))" }.joined(separator: " -> ")
            diagnostics.append(Diagnostic(.importCycle(cycle), at: declaration.range))
            return []
        }
        if let first = loaded[real] {
            if !declaration.overrides.isEmpty {
                diagnostics.append(Diagnostic(.importedTwiceWithOverrides(declaration.packName), at: declaration.range,
                                              notes: [.init(text: "first imported here", range: first)]))
            }
            return []
        }
        loaded[real] = declaration.range
        let note = "in pack \"\(declaration.packName)\" (\(path)) imported from \(declaration.range.location)" + (chain.map { "; \($0)" } ?? "")
        var pathErrors: [String] = []
        let paths = RulesetLoader.rulesFiles(in: path, errors: &pathErrors, includeTests: includeTests)
        ioErrors += pathErrors
        var own: [RulesFile] = []
        var contents: [String: [UInt8]] = [:]
        for filePath in paths {
            guard let file = RulesetLoader.readRulesFile(filePath, errors: &ioErrors) else { continue }
            contents[filePath] = file.bytes
            let (parsed, parseDiagnostics) = Parser.parse(SourceFile(path: filePath, text: file.text))
            diagnostics += parseDiagnostics
            own.append(parsed)
            chains[filePath] = note
        }
        let digest = Self.digest(of: path, reading: contents)
        imports.append(PackImport(name: declaration.packName, lockPath: lockPath(real: real, path: path), digest: digest,
                                  declaration: declaration.range))
        let nested = expand(own, stack: stack + [(real, declaration.packName)], chain: note)
        var files = nested + own
        applyOverrides(declaration, to: &files)
        return files
    }

    /// `path` with `.` and `dir/..` components removed, as a shell reads it (`pack/../shared` is `shared`).
    static func normalized(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        let joined = parts.joined(separator: "/")
        if path.hasPrefix("/") { return "/" + joined }
        return joined.isEmpty ? "." : joined
    }

    /// SHA-256 over every `.rules` file of the pack, tests included, in path order: each file's path
    /// relative to the pack, a zero byte, its bytes, a zero byte. `contents` holds files read already.
    static func digest(of path: String, reading contents: [String: [UInt8]]) -> String {
        var ignored: [String] = []
        var hasher = SHA256()
        for filePath in RulesetLoader.rulesFiles(in: path, errors: &ignored, includeTests: true) {
            guard let data = contents[filePath] ?? FileManager.default.contents(atPath: filePath).map(Array.init) else { continue }
            let relative = filePath.hasPrefix(path + "/") ? String(filePath.dropFirst(path.count + 1)) : filePath
            hasher.update(Array(relative.utf8) + [0])
            hasher.update(data)
            hasher.update([0])
        }
        return hexString(hasher.finalize())
    }

    /// The path the lock records: relative to the root pack when it is under the same parent, else absolute.
    private func lockPath(real: String, path: String) -> String {
        guard let root, let rootReal = RulesDirectoryWalker.realPath(root) else { return path }
        let from = rootReal.split(separator: "/"), to = real.split(separator: "/")
        var common = 0
        while common < from.count, common < to.count, from[common] == to[common] { common += 1 }
        let ups = Array(repeating: "..", count: from.count - common)
        let rest = to[common...].map(String.init)
        let relative = (ups + rest).joined(separator: "/")
        return relative.isEmpty ? "." : relative
    }

    /// What kind of literal `expression` is, as an override's value must match it (integers and decimals are both
    /// numbers); `nil` for an expression that is no literal.
    private static func literalKind(_ expression: Expression) -> String? {
        switch expression.kind {
        case .integer, .decimal: return "a number"
        case .string: return "a string"
        case .boolean: return "a boolean"
        case .null: return "null"
        case let .list(elements):
            // A list's items are of one kind in the pack's rules (`x in [...]`): a list of numbers stays one.
            let kinds = Set(elements.compactMap(literalKind))
            return kinds.count == 1 ? "a list of " + kinds.first!.replacingOccurrences(of: "a ", with: "") + "s" : "a list"
        case let .negate(inner): return literalKind(inner) == "a number" ? "a number" : nil
        default: return nil
        }
    }

    /// Replaces the values of the constants the import overrides; an override of a constant the pack
    /// does not declare is an error with the closest name, and so is one of another type (the pack's value stays).
    private mutating func applyOverrides(_ declaration: ImportDeclaration, to files: inout [RulesFile]) {
        var seen: [String: SourceRange] = [:]
        for override in declaration.overrides {
            let name = override.name.text
            if let first = seen[name] {
                diagnostics.append(Diagnostic(.duplicateConstant(name), at: override.name.range,
                                              notes: [.init(text: "first overridden here", range: first)]))
                continue
            }
            seen[name] = override.name.range
            var found = false
            for fileIndex in files.indices {
                for itemIndex in files[fileIndex].items.indices {
                    guard case var .constant(constant) = files[fileIndex].items[itemIndex], constant.name.text == name else { continue }
                    found = true
                    // An override keeps the constant's type: the pack's rules were checked against it, and an error
                    // found inside the pack would point where the importer cannot change anything.
                    if let declared = Self.literalKind(constant.value), let given = Self.literalKind(override.value), declared != given {
                        diagnostics.append(Diagnostic(
                            .overrideChangesType(name, pack: declaration.packName, given: given, declared: declared),
                            at: override.value.range,
                            notes: [.init(text: "\(name) is declared here", range: constant.name.range)]))
                        continue
                    }
                    constant.value = override.value
                    files[fileIndex].items[itemIndex] = .constant(constant)
                }
            }
            if !found {
                let names = files.flatMap { $0.items.compactMap { item -> String? in
                    if case let .constant(constant) = item { return constant.name.text }
                    return nil
                } }
                diagnostics.append(Diagnostic(.unknownOverride(name, pack: declaration.packName, suggestion: Suggestions.closest(to: name, in: names),
                                                               constants: names.sorted()), at: override.name.range))
            }
        }
    }
}

extension Diagnostic.Message {
    static func importNotFound(_ path: String, resolved: String) -> Self {
        Self("import", .error, "no pack at \"\(path)\" (resolved to \(resolved)): an import names a directory of .rules files, or one file, relative to the importing file")
    }
    static func importCycle(_ cycle: String) -> Self {
        Self("import", .error, "import cycle: \(cycle)")
    }
    static func importedTwiceWithOverrides(_ name: String) -> Self {
        Self("import", .error, "pack \"\(name)\" is imported already: a pack is loaded once, so its overrides belong to its first import")
    }
    static func overrideChangesType(_ name: String, pack: String, given: String, declared: String) -> Self {
        Self("override", .error, "this override of '\(name)' is \(given), where pack \"\(pack)\" declares \(declared): "
             + "an override keeps the constant's type (the pack's rules are written for it)")
    }
    static func unknownOverride(_ name: String, pack: String, suggestion: String?, constants: [String]) -> Self {
        Self("override", .error, "pack \"\(pack)\" declares no constant '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
             + (constants.isEmpty ? "; it declares no constants" : "; its constants: " + constants.joined(separator: ", ")))
    }
    static func unlockedImport(_ name: String, path: String, lock: String) -> Self {
        Self("unlocked-import", .warning, "pack \"\(name)\" (\(path)) is not in \(lock): record its digest with `enrich check --update-lock`")
    }
    static func upstreamChanged(_ name: String, path: String, lock: String, locked: String, now: String) -> Self {
        Self("upstream-changed", .warning, "pack \"\(name)\" (\(path)) changed since \(lock) was written (sha256 \(locked.prefix(12))… "
             + "now \(now.prefix(12))…): review the change, then `enrich check --update-lock`")
    }
}
