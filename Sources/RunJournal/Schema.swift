import Foundation
import GRDB

/// The journal's SQLite schema, its migrations, and the mapping between rows and records.
///
/// Tables (readable with the `sqlite3` tool; dates are ISO 8601 UTC text with milliseconds):
/// - `runs`: one row per run: `id, started_at, updated_at, finished_at, state, source, mode, shard,
///   window_from, window_to, rules_digest, options, pid, note` and the tallies `read_count, patched_count,
///   unchanged_count, applied_count, failed_count, retried_count, skipped_count`.
/// - `changes`: one row per lead patch planned in a run: `id, run_id → runs.id, lead_id, patch, provenance,
///   base, state, attempts, http_status, message, note, created_at, updated_at`, indexed on `lead_id`,
///   `state` and `run_id`.
///
/// The file carries `PRAGMA application_id` = ``applicationID`` so that a journal is told apart from any
/// other SQLite file, and GRDB's `grdb_migrations` table lists the applied migrations.
enum Schema {
    /// `PRAGMA application_id` of a run journal: "LRJ1".
    static let applicationID: Int32 = 0x4C52_4A31

    /// The versioned migrations, oldest first. Never edit a shipped migration: append a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-runs-and-changes") { db in
            try db.execute(sql: """
                CREATE TABLE runs (
                  id              INTEGER PRIMARY KEY AUTOINCREMENT,
                  started_at      TEXT    NOT NULL,
                  updated_at      TEXT    NOT NULL,
                  finished_at     TEXT,
                  state           TEXT    NOT NULL
                                  CHECK (state IN ('running', 'succeeded', 'failed', 'interrupted')),
                  source          TEXT    NOT NULL,
                  mode            TEXT    NOT NULL CHECK (mode IN ('apply', 'dry-run')),
                  shard           TEXT,
                  window_from     TEXT,
                  window_to       TEXT,
                  rules_digest    TEXT    NOT NULL,
                  options         TEXT    NOT NULL,
                  pid             INTEGER NOT NULL,
                  note            TEXT,
                  read_count      INTEGER NOT NULL DEFAULT 0,
                  patched_count   INTEGER NOT NULL DEFAULT 0,
                  unchanged_count INTEGER NOT NULL DEFAULT 0,
                  applied_count   INTEGER NOT NULL DEFAULT 0,
                  failed_count    INTEGER NOT NULL DEFAULT 0,
                  retried_count   INTEGER NOT NULL DEFAULT 0,
                  skipped_count   INTEGER NOT NULL DEFAULT 0
                );
                CREATE INDEX runs_by_schedule ON runs(source, shard, mode, state);
                CREATE INDEX runs_by_state ON runs(state);

                CREATE TABLE changes (
                  id          INTEGER PRIMARY KEY AUTOINCREMENT,
                  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,
                  lead_id     INTEGER NOT NULL,
                  patch       TEXT    NOT NULL,
                  provenance  TEXT    NOT NULL,
                  base        TEXT    NOT NULL,
                  state       TEXT    NOT NULL
                              CHECK (state IN ('planned', 'applied', 'rejected', 'failed', 'unknown',
                                               'verified', 'superseded', 'skipped')),
                  attempts    INTEGER NOT NULL DEFAULT 0,
                  http_status INTEGER,
                  message     TEXT,
                  note        TEXT,
                  created_at  TEXT    NOT NULL,
                  updated_at  TEXT    NOT NULL
                );
                CREATE INDEX changes_by_lead ON changes(lead_id);
                CREATE INDEX changes_by_state ON changes(state);
                CREATE INDEX changes_by_run ON changes(run_id);
                """)
            try db.execute(sql: "PRAGMA application_id = \(applicationID)")
        }
        // The retry set: leads whose update keeps failing, re-read and re-evaluated by later runs with backoff,
        // so that one bad lead neither pins the incremental window nor is forgotten.
        migrator.registerMigration("v2-retry-set") { db in
            try db.execute(sql: """
                CREATE TABLE retry_leads (
                  source          TEXT    NOT NULL,
                  shard           TEXT    NOT NULL DEFAULT '',
                  lead_id         INTEGER NOT NULL,
                  state           TEXT    NOT NULL CHECK (state IN ('waiting', 'given-up')),
                  failures        INTEGER NOT NULL CHECK (failures > 0),
                  first_failed_at TEXT    NOT NULL,
                  last_failed_at  TEXT    NOT NULL,
                  next_attempt_at TEXT    NOT NULL,
                  last_error      TEXT    NOT NULL,
                  last_change_id  INTEGER REFERENCES changes(id) ON DELETE SET NULL,
                  PRIMARY KEY (source, shard, lead_id)
                );
                CREATE INDEX retry_leads_due ON retry_leads(source, shard, state, next_attempt_at);
                """)
        }
        // People's edits win: a field the engine had written and a person changed since, which a run left alone.
        migrator.registerMigration("v3-kept-edits") { db in
            try db.execute(sql: """
                CREATE TABLE kept_edits (
                  id              INTEGER PRIMARY KEY AUTOINCREMENT,
                  run_id          INTEGER NOT NULL REFERENCES runs(id) ON DELETE RESTRICT,
                  lead_id         INTEGER NOT NULL,
                  field           TEXT    NOT NULL,
                  engine_value    TEXT    NOT NULL,
                  lead_value      TEXT    NOT NULL,
                  written_in_run  INTEGER NOT NULL,
                  rule            TEXT,
                  at              TEXT    NOT NULL
                );
                CREATE INDEX kept_edits_by_lead ON kept_edits(lead_id);
                """)
        }
        return migrator
    }

    /// The columns of `runs`, in the order ``run(from:)`` expects (also for joins: prefix with a table alias).
    static let runColumns = [
        "id", "started_at", "updated_at", "finished_at", "state", "source", "mode", "shard", "window_from",
        "window_to", "rules_digest", "options", "pid", "note", "read_count", "patched_count", "unchanged_count",
        "applied_count", "failed_count", "retried_count", "skipped_count",
    ]

    /// The columns of `changes`.
    static let changeColumns = [
        "id", "run_id", "lead_id", "patch", "provenance", "base", "state", "attempts", "http_status", "message",
        "note", "created_at", "updated_at",
    ]

    /// `alias.col AS prefixcol, ...` for a select list.
    static func selectList(_ columns: [String], alias: String, prefix: String = "") -> String {
        columns.map { "\(alias).\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }

    // MARK: - Rows to records

    /// Decodes a run from a row holding ``runColumns`` (each prefixed with `prefix`).
    static func run(from row: Row, prefix: String = "") throws -> RunRecord {
        func col<T: DatabaseValueConvertible>(_ name: String, _ type: T.Type = T.self) throws -> T {
            try row.decode(T.self, forColumn: prefix + name)
        }
        let stateText: String = try col("state")
        let modeText: String = try col("mode")
        guard let state = RunState(rawValue: stateText) else {
            throw DecodingProblem("run \(try col("id", Int64.self)) has the unknown state '\(stateText)'")
        }
        guard let mode = RunMode(rawValue: modeText) else {
            throw DecodingProblem("run \(try col("id", Int64.self)) has the unknown mode '\(modeText)'")
        }
        return RunRecord(
            id: try col("id"),
            startedAt: try date(try col("started_at"), "runs.started_at"),
            finishedAt: try (col("finished_at") as String?).map { try date($0, "runs.finished_at") },
            state: state,
            source: try col("source"),
            mode: mode,
            shard: try col("shard"),
            windowFrom: try col("window_from"),
            windowTo: try col("window_to"),
            rulesDigest: try col("rules_digest"),
            options: try col("options"),
            counts: RunCounts(
                read: try col("read_count"),
                patched: try col("patched_count"),
                unchanged: try col("unchanged_count"),
                applied: try col("applied_count"),
                failed: try col("failed_count"),
                retried: try col("retried_count"),
                skipped: try col("skipped_count")
            ),
            pid: try col("pid"),
            note: try col("note")
        )
    }

    /// Decodes a change from a row holding ``changeColumns`` (each prefixed with `prefix`).
    static func change(from row: Row, prefix: String = "") throws -> ChangeRecord {
        func col<T: DatabaseValueConvertible>(_ name: String, _ type: T.Type = T.self) throws -> T {
            try row.decode(T.self, forColumn: prefix + name)
        }
        let stateText: String = try col("state")
        guard let state = ChangeState(rawValue: stateText) else {
            throw DecodingProblem("change \(try col("id", Int64.self)) has the unknown state '\(stateText)'")
        }
        return ChangeRecord(
            id: try col("id"),
            runId: try col("run_id"),
            leadId: try col("lead_id"),
            patch: try col("patch"),
            provenance: try col("provenance"),
            base: try col("base"),
            state: state,
            attempts: try col("attempts"),
            httpStatus: try col("http_status"),
            message: try col("message"),
            note: try col("note"),
            createdAt: try date(try col("created_at"), "changes.created_at"),
            updatedAt: try date(try col("updated_at"), "changes.updated_at")
        )
    }

    private static func date(_ text: String, _ column: String) throws -> Date {
        guard let date = JournalTime.date(from: text) else {
            throw DecodingProblem("\(column) holds '\(text)', which is not an ISO 8601 UTC date")
        }
        return date
    }
}

/// A row that does not decode into a record (hand-edited or damaged journal); reported as
/// ``JournalError/corrupt(path:reason:)``.
struct DecodingProblem: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
