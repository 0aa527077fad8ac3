import Foundation
import GRDB

extension RunJournal {
    /// Records the start of a run, in state ``RunState/running``.
    ///
    /// Call it while holding the ``JournalLock``, after ``markAbandonedRuns()``.
    ///
    /// - Returns: The stored run (its `startedAt` rounded down to the millisecond).
    /// - Throws: ``JournalError/invalidArgument(path:reason:)`` when `options` is not a JSON object, a text
    ///   field is empty, or the run looks like it carries a credential (URL user information or query string
    ///   in `source`, a key such as `apiKey`/`token`/`password` in `options`);
    ///   ``JournalError/invalidState(path:reason:)`` when another run is still marked running.
    public func beginRun(_ run: NewRun) throws(JournalError) -> RunRecord {
        if run.source.isEmpty { throw .invalidArgument(path: path, reason: "the run's source is empty") }
        if run.rulesDigest.isEmpty { throw .invalidArgument(path: path, reason: "the run's rules digest is empty") }
        if let problem = InputChecks.problem(json: run.options, kind: .object, field: "the run's options") {
            throw .invalidArgument(path: path, reason: problem)
        }
        if let problem = InputChecks.secretProblem(in: run) {
            throw .invalidArgument(path: path, reason: problem)
        }
        let path = self.path
        let started = JournalTime.string(from: run.startedAt)
        return try write { db in
            if let other = try Row.fetchOne(db, sql: "SELECT id, pid FROM runs WHERE state = 'running' LIMIT 1") {
                let id: Int64 = try other.decode(forColumn: "id")
                let pid: Int32 = try other.decode(forColumn: "pid")
                throw JournalError.invalidState(
                    path: path,
                    reason: "run \(id) (process \(pid)) is still marked running; call markAbandonedRuns() while holding the lock")
            }
            try db.execute(
                sql: """
                    INSERT INTO runs (started_at, updated_at, state, source, mode, shard, window_from, window_to,
                                      rules_digest, options, pid)
                    VALUES (?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [started, started, run.source, run.mode.rawValue, run.shard, run.windowFrom, run.windowTo,
                            run.rulesDigest, run.options, run.pid])
            return try Self.fetchRun(db, id: db.lastInsertedRowID, path: path)
        }
    }

    /// Records the end of a run: its final state, tallies and note, and the finish time.
    ///
    /// - Parameters:
    ///   - state: ``RunState/succeeded``, ``RunState/failed`` or ``RunState/interrupted`` (for a run stopped by
    ///     a signal it handled).
    ///   - note: Why it failed or was interrupted, or `nil`.
    /// - Throws: ``JournalError/unknownRun(path:id:)``; ``JournalError/invalidArgument(path:reason:)`` for
    ///   `state` ``RunState/running`` or a negative count; ``JournalError/invalidState(path:reason:)`` when the
    ///   run is already finished, or when `state` is ``RunState/succeeded`` while changes of the run are still
    ///   ``ChangeState/planned`` (record their outcomes, or ``ChangeState/skipped``, first).
    public func finishRun(id: Int64, state: RunState, counts: RunCounts, note: String?) throws(JournalError) {
        guard state.isFinished else {
            throw .invalidArgument(path: path, reason: "finishRun needs a final state, not 'running'")
        }
        try checkCounts(counts)
        let path = self.path
        let time = timestamp()
        try write { db in
            let run = try Self.fetchRun(db, id: id, path: path)
            guard run.state == .running else {
                throw JournalError.invalidState(path: path, reason: "run \(id) is already finished (\(run.state.rawValue))")
            }
            if state == .succeeded {
                let planned = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM changes WHERE run_id = ? AND state = 'planned'", arguments: [id]) ?? 0
                if planned > 0 {
                    throw JournalError.invalidState(
                        path: path,
                        reason: "run \(id) cannot succeed with \(planned) change(s) still planned; record their outcomes first")
                }
            }
            try db.execute(
                sql: "UPDATE runs SET state = ?, finished_at = ?, updated_at = ?, note = ? WHERE id = ?",
                arguments: [state.rawValue, time, time, note, id])
            try Self.storeCounts(db, id: id, counts: counts)
        }
    }

    /// Stores a running run's tallies (periodic progress). Also serves as the run's sign of life: a run
    /// marked interrupted by ``markAbandonedRuns()`` gets the time of its last update as its finish time.
    ///
    /// - Throws: ``JournalError/unknownRun(path:id:)``; ``JournalError/invalidState(path:reason:)`` when the
    ///   run is finished; ``JournalError/invalidArgument(path:reason:)`` for a negative count.
    public func updateCounts(id: Int64, counts: RunCounts) throws(JournalError) {
        try checkCounts(counts)
        let path = self.path
        let time = timestamp()
        try write { db in
            let run = try Self.fetchRun(db, id: id, path: path)
            guard run.state == .running else {
                throw JournalError.invalidState(path: path, reason: "run \(id) is finished (\(run.state.rawValue))")
            }
            try db.execute(sql: "UPDATE runs SET updated_at = ? WHERE id = ?", arguments: [time, id])
            try Self.storeCounts(db, id: id, counts: counts)
        }
    }

    /// Marks every run still ``RunState/running`` as ``RunState/interrupted``: its process died (crash,
    /// SIGKILL, power loss) without finishing it.
    ///
    /// Call it **only while holding the ``JournalLock``**: a run whose process is alive holds the lock, so
    /// whoever holds it knows that every run marked running is dead. The finish time becomes the run's last
    /// sign of life (its last ``updateCounts(id:counts:)``, else its start), and the note says when it was
    /// marked. Its changes are left as they are: see ``unsettledChanges()``.
    ///
    /// - Returns: The runs marked, as they are now.
    @discardableResult
    public func markAbandonedRuns() throws(JournalError) -> [RunRecord] {
        let path = self.path
        let time = timestamp()
        return try write { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE state = 'running' ORDER BY id")
            for id in ids {
                try db.execute(
                    sql: """
                        UPDATE runs
                        SET state = 'interrupted', finished_at = updated_at,
                            note = COALESCE(note || '; ', '') || 'process ' || pid
                                   || ' ended without finishing the run; marked interrupted at ' || ?
                        WHERE id = ?
                        """,
                    arguments: [time, id])
            }
            return try ids.map { id throws -> RunRecord in try Self.fetchRun(db, id: id, path: path) }
        }
    }

    /// The latest run (highest id) that ended ``RunState/succeeded`` for this source, shard and mode: where an
    /// incremental run continues (its ``RunRecord/windowTo``).
    ///
    /// - Parameters:
    ///   - source: Matched exactly (see ``NewRun/source``).
    ///   - shard: Matched exactly; `nil` matches only runs without a shard.
    ///   - mode: ``RunMode/apply`` by default: a dry run never moves the schedule forward.
    public func lastSuccessfulRun(
        source: String, shard: String?, mode: RunMode = .apply
    ) throws(JournalError) -> RunRecord? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM runs
                    WHERE state = 'succeeded' AND source = ? AND shard IS ? AND mode = ?
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [source, shard, mode.rawValue]
            ).map { try Schema.run(from: $0) }
        }
    }

    /// The latest runs, newest first.
    ///
    /// - Parameter limit: How many at most; 0 or less gives none.
    public func runs(limit: Int) throws(JournalError) -> [RunRecord] {
        guard limit > 0 else { return [] }
        return try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM runs ORDER BY id DESC LIMIT ?", arguments: [limit])
                .map { try Schema.run(from: $0) }
        }
    }

    /// The run with this id, or `nil`.
    public func run(id: Int64) throws(JournalError) -> RunRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]).map { try Schema.run(from: $0) }
        }
    }

    // MARK: - Helpers

    static func fetchRun(_ db: Database, id: Int64, path: String) throws -> RunRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id]) else {
            throw JournalError.unknownRun(path: path, id: id)
        }
        return try Schema.run(from: row)
    }

    private static func storeCounts(_ db: Database, id: Int64, counts: RunCounts) throws {
        try db.execute(
            sql: """
                UPDATE runs SET read_count = ?, patched_count = ?, unchanged_count = ?, applied_count = ?,
                                failed_count = ?, retried_count = ?, skipped_count = ?
                WHERE id = ?
                """,
            arguments: [counts.read, counts.patched, counts.unchanged, counts.applied, counts.failed, counts.retried,
                        counts.skipped, id])
    }

    private func checkCounts(_ counts: RunCounts) throws(JournalError) {
        let all = [counts.read, counts.patched, counts.unchanged, counts.applied, counts.failed, counts.retried,
                   counts.skipped]
        if all.contains(where: { $0 < 0 }) {
            throw .invalidArgument(path: path, reason: "run counts cannot be negative: \(counts)")
        }
    }
}
