import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creating a journal so that a process killed at any moment of it never leaves, at the journal's path, a file
/// that is not a whole journal.
///
/// SQLite creates the database file when it opens it and writes the schema afterwards, so a run killed in
/// between left an empty file, or one without tables, which the next run rightly refuses as a truncated
/// journal (exit 2 until an operator starts a new one). Instead the journal is built beside its path under a
/// temporary name (`<journal>.creating-<pid>`), checkpointed and synced, and only then hard-linked to its path,
/// which either makes the whole journal appear at once or fails because another process created it first
/// (whose journal is then used). Leftovers of creations that were killed are removed the next time a journal
/// is opened there.
extension RunJournal {
    /// The marker in the names of journals being created.
    static let creatingMarker = ".creating-"

    /// Builds a whole, empty journal at `path` unless a file is already there.
    static func createAtomically(path: String) throws(JournalError) {
        removeLeftovers(of: path)
        let temporary = path + creatingMarker + String(getpid())
        removeDatabaseFiles(temporary)
        do {
            let queue = try openDatabase(path: temporary, requireJournal: false)
            do {
                try queue.writeWithoutTransaction { db in
                    _ = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                }
                try queue.close()
            } catch {
                throw JournalError.wrapping(error, path: path, opening: true)
            }
            try syncFile(temporary, path: path)
            if FileManager.default.fileExists(atPath: temporary + "-wal"),
               (try? FileManager.default.attributesOfItem(atPath: temporary + "-wal")[.size] as? NSNumber)?.intValue ?? 0 > 0 {
                throw JournalError.cannotOpen(path: path, reason: "the new journal's write-ahead log could not be checkpointed")
            }
            try publish(temporary, at: path)
        } catch let error as JournalError {
            removeDatabaseFiles(temporary)
            throw error.naming(path, insteadOf: temporary)
        } catch {
            removeDatabaseFiles(temporary)
            throw JournalError.wrapping(error, path: path, opening: true)
        }
        removeDatabaseFiles(temporary)
        syncDirectory(of: path)
    }

    /// Makes `temporary` appear at `path` in one step, never replacing a file that is there.
    private static func publish(_ temporary: String, at path: String) throws(JournalError) {
        if link(temporary, path) == 0 { return }
        var failure = errno
        if failure == EEXIST { return }  // another process created the journal first: use that one
        // File systems without hard links: a rename, after checking (a creator without the lock could race).
        if [EPERM, ENOTSUP, EOPNOTSUPP, EMLINK, ENOSYS].contains(failure) {
            if FileManager.default.fileExists(atPath: path) { return }
            if rename(temporary, path) == 0 { return }
            failure = errno
        }
        throw .cannotOpen(path: path, reason: "cannot put the new journal in place: \(String(cString: strerror(failure)))")
    }

    /// Removes the files of creations that were killed: `<journal>.creating-<pid>` (and its `-wal`, `-shm`)
    /// whose process is gone, or is this one.
    static func removeLeftovers(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + creatingMarker
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.isEmpty ? "." : directory) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            // Exactly `<journal>.creating-<pid>` and its SQLite companions: nothing else is ours to remove.
            guard let pid = Int32(digits), ["", "-wal", "-shm", "-journal"].contains(String(rest.dropFirst(digits.count))) else { continue }
            if pid != getpid(), kill(pid, 0) == 0 || errno == EPERM { continue }  // a creation still going on
            removeFile(directory.isEmpty ? name : directory + "/" + name)
        }
    }

    private static func removeDatabaseFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { removeFile(path + suffix) }
    }

    /// Removes `path` if it is a regular file (a directory or a link of that name is left alone).
    private static func removeFile(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return }
        unlink(path)
    }

    private static func syncFile(_ file: String, path: String) throws(JournalError) {
        let descriptor = open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw .cannotOpen(path: path, reason: "cannot open the new journal to sync it: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        if fsync(descriptor) != 0 {
            throw .cannotOpen(path: path, reason: "cannot sync the new journal: \(String(cString: strerror(errno)))")
        }
    }

    /// Syncs the directory so that the journal's name survives a power loss (best effort: some file systems
    /// refuse to sync a directory).
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }
}

extension JournalError {
    /// The same error about `path` where it was about `temporary` (the file a new journal is built in): people
    /// know the journal's path, not that one.
    func naming(_ path: String, insteadOf temporary: String) -> JournalError {
        func fix(_ text: String) -> String { text.replacingOccurrences(of: temporary, with: path) }
        switch self {
        case let .cannotOpen(p, reason): return .cannotOpen(path: fix(p), reason: fix(reason))
        case let .notFound(p): return .notFound(path: fix(p))
        case let .locked(p, pid): return .locked(path: fix(p), pid: pid)
        case let .corrupt(p, reason): return .corrupt(path: fix(p), reason: fix(reason))
        case let .incompatible(p, reason): return .incompatible(path: fix(p), reason: fix(reason))
        case let .unknownRun(p, id): return .unknownRun(path: fix(p), id: id)
        case let .unknownChange(p, id): return .unknownChange(path: fix(p), id: id)
        case let .invalidState(p, reason): return .invalidState(path: fix(p), reason: fix(reason))
        case let .invalidArgument(p, reason): return .invalidArgument(path: fix(p), reason: fix(reason))
        case let .sqlite(p, reason): return .sqlite(path: fix(p), reason: fix(reason))
        }
    }
}
