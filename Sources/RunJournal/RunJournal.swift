import Foundation
import GRDB

/// The run journal: a small SQLite database (through GRDB) recording every `enrich run` and every lead patch
/// it plans and sends, so that
/// - an interrupted run (crash, SIGKILL, power loss) can be resumed without resending what was applied and
///   without losing what was not (``unsettledChanges()``, ``settle(changeId:state:note:)``);
/// - a run without a window continues where the last successful one ended (``lastSuccessfulRun(source:shard:mode:)``);
/// - `enrich history LEAD_ID` shows every change the engine made to a lead (``history(leadId:)``).
///
/// Use it as:
/// 1. ``JournalLock/acquire(journalPath:)`` (one run per journal at a time), then `RunJournal(path:)`;
/// 2. ``markAbandonedRuns()``, then settle ``unsettledChanges()`` (check the leads in Liner);
/// 3. ``beginRun(_:)``; for each batch ``recordPlanned(runId:_:)`` **before** sending, then
///    ``recordOutcomes(_:)``; now and then ``updateCounts(id:counts:)``;
/// 4. ``finishRun(id:state:counts:note:)``, then ``JournalLock/release()``.
///
/// ## Durability
/// The database is in WAL mode with `PRAGMA synchronous = FULL`: each method that writes commits one
/// transaction and, before returning, has SQLite `fsync` the write-ahead log. So once
/// ``recordPlanned(runId:_:)`` returns, the plan survives a crash of the process (SIGKILL) **and** a power
/// loss or kernel panic (on storage that honours `fsync`); the same for outcomes. `synchronous = NORMAL`
/// would survive a process crash only: after a power loss the last transactions before a checkpoint can roll
/// back, and a patch could then have been sent with no trace in the journal, which is exactly what the
/// journal is for. The cost, one `fsync` per transaction, is why plans and outcomes are written in batches.
/// A transaction the process was in the middle of when it died is rolled back when the journal is next
/// opened; the file is never left half-written.
///
/// ## Threads
/// A `RunJournal` is `Sendable`: every method may be called from any thread or task. Calls are serialized on
/// one SQLite connection and block the caller until the transaction is committed (milliseconds). Other
/// processes may read the journal at the same time (`enrich history` during a run); writers from several
/// processes wait for each other up to 10 s, but runs should be kept apart with ``JournalLock``.
///
/// The journal never stores the Liner API key: ``beginRun(_:)`` refuses a run whose source or options look
/// like they carry one.
public final class RunJournal: Sendable {
    /// The journal file.
    public let path: String
    private let dbQueue: DatabaseQueue
    private let now: @Sendable () -> Date

    /// Opens the journal at `path`, creating it (and its parent directories) when needed, and brings its
    /// schema up to date (versioned migrations). A new journal is built under a temporary name and put in
    /// place whole, so a process killed while creating it never leaves a file at `path` that is not a journal.
    ///
    /// - Parameters:
    ///   - path: The journal file, e.g. ``defaultPath(environment:)``.
    ///   - now: The clock used for `created_at`/`updated_at`/`finished_at` (tests pass a fixed one).
    /// - Throws: ``JournalError/cannotOpen(path:reason:)`` when the file or a directory cannot be created or
    ///   opened; ``JournalError/corrupt(path:reason:)`` when the file is damaged, is not an SQLite database, or
    ///   is another program's database (it is then left untouched); ``JournalError/incompatible(path:reason:)``
    ///   when a newer version of this program wrote it.
    public init(path: String, now: @escaping @Sendable () -> Date = { Date() }) throws(JournalError) {
        try Self.createParentDirectory(of: path)
        self.path = path
        self.now = now
        if FileManager.default.fileExists(atPath: path) {
            Self.removeLeftovers(of: path)
        } else {
            try Self.createAtomically(path: path)
        }
        self.dbQueue = try Self.openDatabase(path: path, requireJournal: false)
    }

    private init(existingPath path: String, now: @escaping @Sendable () -> Date) throws(JournalError) {
        self.path = path
        self.now = now
        self.dbQueue = try Self.openDatabase(path: path, requireJournal: true)
        Self.removeLeftovers(of: path)
    }

    /// Opens a journal that must already exist (for `enrich history` and other readers): nothing is created.
    ///
    /// - Throws: ``JournalError/notFound(path:)`` when there is no file at `path`;
    ///   ``JournalError/corrupt(path:reason:)`` when the file is not a run journal (an empty file included);
    ///   the errors of ``init(path:now:)`` otherwise.
    public static func openExisting(
        path: String, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(JournalError) -> RunJournal {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        if isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        return try RunJournal(existingPath: path, now: now)
    }

    /// Opens the journal of an apply run: creates it when no file is at `path`, opens it when a journal is
    /// there, and **refuses** anything else: an empty file (truncated, or created by `touch`) or a file that is
    /// not a run journal is never silently replaced by a fresh journal, because a fresh journal forgets the
    /// incremental window and the unsettled updates, and the next run would re-read and re-send the whole
    /// account.
    ///
    /// - Parameter startAfresh: Start a new journal even so: whatever is at `path` (and its `-wal`/`-shm`
    ///   files) is first renamed to `<path>.replaced-<UTC time>`, never deleted.
    /// - Returns: the journal, and the path the old file was moved to (with `startAfresh`), if any.
    /// - Throws: ``JournalError/corrupt(path:reason:)`` for an empty or foreign file (the message says how to
    ///   start afresh); ``JournalError/cannotOpen(path:reason:)`` when it cannot be created, opened or written
    ///   (a read-only file system, permissions); the other errors of ``init(path:now:)``.
    public static func openForRun(
        path: String, startAfresh: Bool = false, now: @escaping @Sendable () -> Date = { Date() }
    ) throws(JournalError) -> (journal: RunJournal, movedAside: String?) {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue { throw .cannotOpen(path: path, reason: "it is a directory") }
        var movedAside: String?
        if exists && startAfresh {
            let target = path + ".replaced-" + JournalTime.string(from: now()).replacingOccurrences(of: ":", with: "")
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
                do {
                    try FileManager.default.moveItem(atPath: path + suffix, toPath: target + suffix)
                } catch {
                    throw .cannotOpen(path: path, reason: "cannot move \(path + suffix) aside to \(target + suffix): \(error.localizedDescription)")
                }
            }
            movedAside = target
        } else if exists {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue
            if size == 0 {
                throw .corrupt(path: path, reason: "the file is empty (truncated?), not a run journal; it is left as it is. "
                    + "Without its journal a run would re-read and re-send the whole account: restore it from a backup, "
                    + "or start a new journal with --new-journal (the file is kept, renamed)")
            }
            do {
                return (try RunJournal(existingPath: path, now: now), nil)
            } catch let error {
                if case let .corrupt(_, reason) = error {
                    throw .corrupt(path: path, reason: reason + "; it is left as it is (start a new journal with --new-journal: the file is kept, renamed)")
                }
                throw error
            }
        }
        return (try RunJournal(path: path, now: now), movedAside)
    }

    // MARK: - Opening

    private static func createParentDirectory(of path: String) throws(JournalError) {
        let directory = (path as NSString).deletingLastPathComponent
        guard !directory.isEmpty else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create the directory \(directory): \(error.localizedDescription)")
        }
    }

    static func openDatabase(path: String, requireJournal: Bool) throws(JournalError) -> DatabaseQueue {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(path: path, reason: "it is a directory")
        }
        var configuration = Configuration()
        configuration.label = "RunJournal"
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Before anything may write: make sure this is a journal (or an empty database), so that another
            // program's database is never converted to WAL or migrated.
            try checkIdentity(db, path: path, requireJournal: requireJournal)
            let journalMode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
            guard journalMode?.lowercased() == "wal" else {
                throw JournalError.cannotOpen(path: path, reason: "cannot switch to WAL mode (got \(journalMode ?? "nothing"))")
            }
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        let queue: DatabaseQueue
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw JournalError.wrapping(error, path: path, opening: true)
        }
        do {
            try Schema.migrator.migrate(queue)
        } catch {
            throw JournalError.wrapping(error, path: path, opening: true)
        }
        return queue
    }

    private static func checkIdentity(_ db: Database, path: String, requireJournal: Bool) throws {
        let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
        if applicationID == Schema.applicationID {
            if try Schema.migrator.hasBeenSuperseded(db) {
                let known = Set(Schema.migrator.migrations)
                let unknown = try Schema.migrator.appliedIdentifiers(db).subtracting(known).sorted()
                throw JournalError.incompatible(
                    path: path, reason: "it has schema migrations this version does not know: \(unknown.joined(separator: ", "))")
            }
            return
        }
        if applicationID != 0 {
            throw JournalError.corrupt(
                path: path, reason: "its application_id is \(applicationID), not a run journal's (\(Schema.applicationID))")
        }
        let tables = try String.fetchAll(
            db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        // A journal whose creation was killed half-way: GRDB creates its (empty) `grdb_migrations` table before
        // the first migration's transaction, which sets the application id. Such a file is finished, not refused.
        if tables == ["grdb_migrations"], try Int.fetchOne(db, sql: "SELECT count(*) FROM grdb_migrations") == 0 {
            return
        }
        if requireJournal {
            throw JournalError.corrupt(
                path: path,
                reason: tables.isEmpty ? "the database is empty" : "it holds the tables \(tables.joined(separator: ", "))")
        }
        if !tables.isEmpty {
            throw JournalError.corrupt(
                path: path, reason: "it is another database (tables \(tables.joined(separator: ", ")))")
        }
    }

    // MARK: - Database access

    /// Runs `body` in one IMMEDIATE transaction (taking SQLite's write lock at once, so that it never fails
    /// half-way with a busy error), committed durably before returning.
    func write<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                return result!
            }
        } catch {
            throw JournalError.wrapping(error, path: path)
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do {
            return try dbQueue.read(body)
        } catch {
            throw JournalError.wrapping(error, path: path)
        }
    }

    /// The current time as the journal writes it.
    func timestamp() -> String { JournalTime.string(from: now()) }

    /// `PRAGMA journal_mode` and `PRAGMA synchronous` of the open connection, e.g. `("wal", 2)` (2 = FULL).
    public func durabilitySettings() throws(JournalError) -> (journalMode: String, synchronous: Int) {
        do {
            return try dbQueue.writeWithoutTransaction { db in
                (try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
                 try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1)
            }
        } catch {
            throw JournalError.wrapping(error, path: path)
        }
    }
}
