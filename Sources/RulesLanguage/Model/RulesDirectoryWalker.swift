import Foundation

/// Finds the `.rules` files of a rules directory as deployments lay it out.
///
/// A Kubernetes ConfigMap volume holds each file twice over: the real files in a hidden
/// timestamped directory (`..2026_11_29_10_00_00.123456789/`), a hidden `..data` link to it, and
/// one visible link per file (`10-phone.rules -> ..data/10-phone.rules`). So entries whose name
/// starts with `.` are skipped; symbolic links to files and to directories are followed; a file
/// reached twice (by two links, say) is listed once, under the first path in byte order; a linked
/// directory that leads back to one of its ancestors is reported as a loop rather than walked
/// again; a link to nothing is reported. Paths are the ones under the directory given (what the
/// user sees, `rules/10-phone.rules`), never the hidden targets.
struct RulesDirectoryWalker {
    /// Whether subdirectories named ``RulesetLoader/testsDirectoryName`` are walked.
    let includeTests: Bool
    /// Every `.rules` file found: the path under the directory walked, and its real path.
    private(set) var found: [(path: String, real: String)] = []
    /// Problems, each as `path: error: message`.
    private(set) var errors: [String] = []
    /// Entries looked at so far; the walk stops at ``entryLimit``.
    private var visited = 0
    /// Whether the walk stopped at ``entryLimit``.
    private var stopped = false
    /// The most entries one walk looks at: a pack has tens of files; `import "/proc"` or `"/"` would walk the whole
    /// file system (through `/proc/*/cwd`) for minutes.
    static let entryLimit = 50_000

    init(includeTests: Bool) {
        self.includeTests = includeTests
    }

    /// The `.rules` files under `directory`, sorted by path, each real file once.
    mutating func files(in directory: String) -> [String] {
        guard let real = Self.realPath(directory) else {
            errors.append("\(directory): error: cannot resolve the path")
            return []
        }
        walk(directory, ancestors: [real: directory])
        var seen: Set<String> = []
        var paths: [String] = []
        for file in found.sorted(by: { $0.path < $1.path }) where seen.insert(file.real).inserted {
            paths.append(file.path)
        }
        return paths
    }

    /// Walks `directory`; `ancestors` maps the real path of it and of each directory above it (up to
    /// the root) to the path it was reached by.
    private mutating func walk(_ directory: String, ancestors: [String: String]) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            errors.append("\(directory): error: cannot list the directory")
            return
        }
        for name in names.sorted() where !name.hasPrefix(".") {
            if stopped { return }
            visited += 1
            if visited > Self.entryLimit {
                stopped = true
                errors.append("\(directory): error: more than \(Self.entryLimit) files and directories under the directory walked: "
                    + "it is no rules directory (the walk stopped here)")
                return
            }
            let path = (directory as NSString).appendingPathComponent(name)
            guard let real = Self.realPath(path) else {
                errors.append(Self.unresolvable(path))
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: real, isDirectory: &isDirectory) else {
                errors.append(Self.unresolvable(path))
                continue
            }
            if isDirectory.boolValue {
                if name == RulesetLoader.testsDirectoryName, !includeTests { continue }
                if let ancestor = ancestors[real] {
                    errors.append("\(path): error: a symbolic link loop: this directory is \(ancestor) again")
                    continue
                }
                walk(path, ancestors: ancestors.merging([real: path]) { first, _ in first })
            } else if name.hasSuffix(".rules") {
                found.append((path, real))
            }
        }
    }

    /// Why `path` cannot be followed: a link to nothing (naming its target), or another reason.
    private static func unresolvable(_ path: String) -> String {
        do {
            let target = try FileManager.default.destinationOfSymbolicLink(atPath: path)
            return "\(path): error: a symbolic link to \(target), which does not exist"
        } catch {
            return "\(path): error: cannot resolve the path"
        }
    }

    /// The canonical absolute path of `path`, every symbolic link resolved; `nil` when some part of
    /// it does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
