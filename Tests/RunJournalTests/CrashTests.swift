import Foundation
import GRDB
import RunJournal
import Testing

/// A writer killed in the middle of a transaction: the journal must reopen consistent, with every committed
/// transaction and nothing of the one in progress.
@Suite("Crash recovery")
struct CrashTests {
    /// The child: takes the journal's lock as a JournalLock would, commits one outcome, then starts a large
    /// transaction (big enough to spill pages into the WAL before commit), says so, and waits to be killed.
    static let childScript = #"""
        import fcntl, os, sqlite3, sys, time
        db_path, ready_path, change_id, run_id = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        lock = os.open(db_path + ".lock", os.O_RDWR | os.O_CREAT, 0o644)
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.ftruncate(lock, 0)
        os.write(lock, f"{os.getpid()}\n".encode())
        con = sqlite3.connect(db_path, isolation_level=None)
        con.execute("PRAGMA foreign_keys = ON")
        con.execute("PRAGMA synchronous = FULL")
        con.execute("PRAGMA cache_size = 16")
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE changes SET state = 'applied', attempts = 1, http_status = 200, "
                    "updated_at = '2025-11-24T16:00:01.000Z' WHERE id = ?", (change_id,))
        con.execute("COMMIT")
        con.execute("BEGIN IMMEDIATE")
        for i in range(20000):
            con.execute("INSERT INTO changes (run_id, lead_id, patch, provenance, base, state, attempts, "
                        "created_at, updated_at) VALUES (?, ?, ?, '[]', '{}', 'planned', 0, "
                        "'2025-11-24T16:00:02.000Z', '2025-11-24T16:00:02.000Z')",
                        (run_id, 100000 + i, '{"sourceComment":"' + "x" * 200 + '"}'))
        con.execute("UPDATE runs SET state = 'succeeded', finished_at = '2025-11-24T16:00:03.000Z' WHERE id = ?",
                    (run_id,))
        open(ready_path, "w").close()
        time.sleep(60)
        """#

    @Test("reopening after the writer was SIGKILLed mid-transaction gives a consistent journal")
    func killedMidTransaction() throws {
        let scratch = try Scratch()
        let path = scratch.journalPath
        let runId: Int64
        let ids: [Int64]
        do {
            let journal = try RunJournal(path: path)
            runId = try journal.beginRun(sampleRun()).id
            ids = try journal.recordPlanned(runId: runId, [sampleChange(1), sampleChange(2)])
        }

        let ready = scratch.path("ready")
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        child.arguments = ["python3", "-c", Self.childScript, path, ready, String(ids[0]), String(runId)]
        try child.run()
        defer {
            if child.isRunning {
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
            }
        }
        let started = waitUntil(timeout: 60) { FileManager.default.fileExists(atPath: ready) || !child.isRunning }
        try #require(
            started && child.isRunning,
            "the python3 child did not reach the open transaction (exit status \(child.isRunning ? -1 : child.terminationStatus); 127: python3 not on PATH)")

        // The uncommitted transaction is partly on disk: the WAL has grown past the committed frames.
        let walSize = (try? FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int) ?? 0
        #expect(walSize > 1_000_000)
        // While the child lives it holds the lock.
        let held = journalError { _ = try JournalLock.acquire(journalPath: path) }
        #expect(held == .locked(path: path + ".lock", pid: child.processIdentifier))

        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)

        // What a resuming run does: take the lock, open, check.
        let lock = try JournalLock.acquire(journalPath: path)
        defer { lock.release() }
        let journal = try RunJournal.openExisting(path: path)
        #expect(try journal.consistencyProblems() == [])

        let changes = try journal.changes(runId: runId)
        #expect(changes.map(\.id) == ids)  // none of the 20000 uncommitted inserts
        #expect(changes.map(\.state) == [.applied, .planned])  // the committed outcome is kept
        #expect(try journal.run(id: runId)?.state == .running)  // the uncommitted finish is not

        let marked = try journal.markAbandonedRuns()
        #expect(marked.map(\.id) == [runId])
        #expect(try journal.unsettledChanges().map(\.id) == [ids[1]])
        #expect(try journal.consistencyProblems() == [])

        // And the journal works on.
        let next = try journal.beginRun(sampleRun())
        _ = try journal.recordPlanned(runId: next.id, [sampleChange(3)])
    }
}

@Suite("Journal: creation interrupted")
struct InterruptedCreationTests {
    @Test("a file left with only GRDB's empty migrations table (creation killed before the first migration) is finished, not refused")
    func halfCreatedJournalIsCompleted() throws {
        let path = NSTemporaryDirectory() + "half-\(UUID().uuidString).sqlite"
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)") }
        try queue.close()
        let journal = try RunJournal(path: path)
        #expect(try journal.consistencyProblems().isEmpty)
        #expect(try journal.runs(limit: 1).isEmpty)
        // Another program's GRDB database (migrations recorded, no journal id) is still refused.
        let other = NSTemporaryDirectory() + "other-\(UUID().uuidString).sqlite"
        let otherQueue = try DatabaseQueue(path: other)
        try otherQueue.write { db in
            try db.execute(sql: "CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
            try db.execute(sql: "INSERT INTO grdb_migrations VALUES ('v1')")
        }
        try otherQueue.close()
        #expect(throws: JournalError.self) { try RunJournal(path: other) }
    }

    @Test("the files a killed creation left beside the journal are removed by the next open; a live creator's are kept")
    func leftoversOfKilledCreations() throws {
        let scratch = try Scratch()
        let path = scratch.path("journal.sqlite")
        // A process that is surely gone: a child that has exited and been reaped.
        let gone = Process()
        gone.executableURL = URL(fileURLWithPath: "/bin/true")
        try gone.run()
        gone.waitUntilExit()
        let dead = path + ".creating-\(gone.processIdentifier)"
        let live = path + ".creating-1"  // init: alive for as long as the system is
        for file in [dead, dead + "-wal", dead + "-shm", live] {
            #expect(FileManager.default.createFile(atPath: file, contents: Data("partial".utf8)))
        }
        let journal = try RunJournal(path: path)
        #expect(try journal.consistencyProblems().isEmpty)
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.directory).sorted()
        #expect(!names.contains { $0.hasPrefix("journal.sqlite.creating-\(gone.processIdentifier)") }, "\(names)")
        #expect(names.contains("journal.sqlite.creating-1"))
        // Reopening an existing journal also removes what a creation killed after putting it in place left.
        #expect(FileManager.default.createFile(atPath: dead, contents: Data("partial".utf8)))
        // Only files named exactly so are removed: not a directory of that name, nor another name that starts so.
        let directory = path + ".creating-\(gone.processIdentifier)-wal"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        let other = path + ".creating-\(gone.processIdentifier)-backup"
        #expect(FileManager.default.createFile(atPath: other, contents: Data("keep".utf8)))
        _ = try RunJournal.openExisting(path: path)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: directory))
        #expect(FileManager.default.fileExists(atPath: other))
    }

    @Test("a journal that cannot be built is reported at the journal's path, not the temporary one")
    func creationErrorNamesTheJournal() throws {
        let scratch = try Scratch()
        let path = scratch.path("journal.sqlite")
        // A directory where this process would build the journal: SQLite cannot open it, and it is not removed.
        try FileManager.default.createDirectory(atPath: path + ".creating-\(getpid())", withIntermediateDirectories: false)
        let error = journalError { _ = try RunJournal(path: path) }
        #expect(error?.path == path, "\(String(describing: error))")
        #expect(error.map { !$0.description.contains(".creating-") } == true, "\(String(describing: error))")
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("opening a journal again keeps its runs and leaves no temporary file beside it")
    func creationDoesNotReplace() throws {
        let scratch = try Scratch()
        let path = scratch.path("journal.sqlite")
        let first = try RunJournal(path: path)
        let runId = try first.beginRun(sampleRun()).id
        let second = try RunJournal(path: path)
        #expect(try second.runs(limit: 5).map(\.id) == [runId])
        let names = try FileManager.default.contentsOfDirectory(atPath: scratch.directory)
        #expect(names.allSatisfy { !$0.contains(".creating-") }, "\(names)")
    }
}
