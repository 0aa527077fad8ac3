import Foundation
import GRDB
import RunJournal
import Synchronization
import Testing

/// A fresh directory for one test, removed when the test drops it.
final class Scratch: Sendable {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "runjournal-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// A path inside the directory.
    func path(_ name: String) -> String { directory + "/" + name }

    /// The journal path most tests use.
    var journalPath: String { path("state/journal.sqlite") }
}

/// A clock the test moves by hand.
final class TestClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date = Date(timeIntervalSince1970: 1_764_000_000.123)) {
        current = Mutex(start)
    }

    var date: Date { current.withLock { $0 } }

    func advance(_ seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }

    var now: @Sendable () -> Date { { [self] in self.date } }
}

/// A run with sensible defaults.
func sampleRun(
    source: String = "liner:https://acme.linerapp.test", mode: RunMode = .apply, shard: String? = nil,
    windowFrom: String? = "2025-11-01T00:00:00Z", windowTo: String? = "2025-11-02T00:00:00Z",
    startedAt: Date = Date(timeIntervalSince1970: 1_764_000_000.5), pid: Int32 = 4242
) -> NewRun {
    NewRun(
        source: source, mode: mode, shard: shard, windowFrom: windowFrom, windowTo: windowTo,
        rulesDigest: "sha256:abc123", options: #"{"concurrency":4,"apiKeyEnv":"LINER_API_KEY"}"#, pid: pid,
        startedAt: startedAt)
}

/// A change for a lead, with a patch that names the lead so that changes are told apart.
func sampleChange(_ leadId: Int, phone: String = "79001234567") -> NewChange {
    NewChange(
        leadId: leadId,
        patch: #"{"phone":"\#(phone)","priority":\#(leadId % 10)}"#,
        provenance: #"[{"rule":"normalize-phone","fields":["phone"]}]"#,
        base: #"{"phone":"8 900 123-45-67","priority":0}"#)
}

/// Executes SQL on the journal file through a connection of its own, bypassing the journal's checks
/// (foreign keys off), to build states that the API refuses to create.
func rawSQL(_ path: String, _ sql: String, arguments: StatementArguments = []) throws {
    var configuration = Configuration()
    configuration.foreignKeysEnabled = false
    let queue = try DatabaseQueue(path: path, configuration: configuration)
    try queue.writeWithoutTransaction { db in
        try db.execute(sql: sql, arguments: arguments)
    }
}

/// Reads one value from the journal file through a connection of its own.
func rawValue<T: DatabaseValueConvertible>(_ path: String, _ sql: String, as type: T.Type = T.self) throws -> T? {
    let queue = try DatabaseQueue(path: path)
    return try queue.read { db in try T.fetchOne(db, sql: sql) }
}

/// The error a call throws, or `nil`. (Any error that is not a ``JournalError`` fails the test.)
func journalError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> JournalError? {
    do {
        try body()
        return nil
    } catch let error as JournalError {
        return error
    } catch {
        Issue.record("expected a JournalError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// Waits (polling) until `condition` holds or `timeout` passes; returns whether it held.
func waitUntil(timeout: TimeInterval = 20, _ condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if condition() { return true }
        usleep(20_000)
    }
    return condition()
}
