import Foundation
import GRDB
import JSON

extension RunJournal {
    /// Records patches about to be sent, in state ``ChangeState/planned``, in one transaction.
    ///
    /// Call it **before** sending them: when it returns, the plan is on disk (see Durability in
    /// ``RunJournal``), so a crash after sending leaves a trace to resume from.
    ///
    /// - Parameters:
    ///   - runId: A ``RunState/running`` run.
    ///   - changes: The patches; `patch` and `base` must be JSON objects (`patch` not empty), `provenance` a
    ///     JSON array, `leadId` positive.
    /// - Returns: The new changes' ids, in the order of `changes`.
    /// - Throws: ``JournalError/invalidArgument(path:reason:)`` for a malformed change (nothing is recorded);
    ///   ``JournalError/unknownRun(path:id:)``; ``JournalError/invalidState(path:reason:)`` when the run is
    ///   finished.
    @discardableResult
    public func recordPlanned(runId: Int64, _ changes: [NewChange]) throws(JournalError) -> [Int64] {
        for change in changes {
            if let problem = Self.problem(in: change) {
                throw .invalidArgument(path: path, reason: problem)
            }
        }
        guard !changes.isEmpty else { return [] }
        let path = self.path
        let time = timestamp()
        return try write { db in
            let run = try Self.fetchRun(db, id: runId, path: path)
            guard run.state == .running else {
                throw JournalError.invalidState(
                    path: path, reason: "cannot plan changes in run \(runId): it is finished (\(run.state.rawValue))")
            }
            let statement = try db.cachedStatement(sql: """
                INSERT INTO changes (run_id, lead_id, patch, provenance, base, state, attempts, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'planned', 0, ?, ?)
                """)
            var ids: [Int64] = []
            ids.reserveCapacity(changes.count)
            for change in changes {
                try statement.execute(arguments: [runId, change.leadId, change.patch, change.provenance, change.base,
                                                  time, time])
                ids.append(db.lastInsertedRowID)
            }
            return ids
        }
    }

    /// Records what became of one sent patch. See ``recordOutcomes(_:)``.
    public func recordOutcome(_ outcome: ChangeOutcome) throws(JournalError) {
        try recordOutcomes([outcome])
    }

    /// Records what became of sent patches, in one transaction (all or none).
    ///
    /// A change may go from ``ChangeState/planned`` or ``ChangeState/unknown`` to any state but
    /// ``ChangeState/planned`` (``ChangeState/unknown`` between attempts, then a final one); a change in a
    /// final state is never changed again.
    ///
    /// - Throws: ``JournalError/invalidArgument(path:reason:)`` when an outcome's state is
    ///   ``ChangeState/planned``, its attempts are negative or lower than already recorded, or it is
    ///   ``ChangeState/applied``/``ChangeState/rejected`` with no attempt (Liner cannot answer a request never
    ///   sent); ``JournalError/unknownChange(path:id:)``; ``JournalError/invalidState(path:reason:)`` when a
    ///   change is already in a final state.
    public func recordOutcomes(_ outcomes: [ChangeOutcome]) throws(JournalError) {
        for outcome in outcomes {
            if outcome.state == .planned {
                throw .invalidArgument(path: path, reason: "change \(outcome.changeId): an outcome cannot be 'planned'")
            }
            if outcome.attempts < 0 {
                throw .invalidArgument(path: path, reason: "change \(outcome.changeId): attempts cannot be negative")
            }
            if (outcome.state == .applied || outcome.state == .rejected) && outcome.attempts < 1 {
                throw .invalidArgument(
                    path: path,
                    reason: "change \(outcome.changeId): '\(outcome.state.rawValue)' needs at least one attempt")
            }
        }
        guard !outcomes.isEmpty else { return }
        let path = self.path
        try write { db in
            for outcome in outcomes {
                let current = try Self.fetchChange(db, id: outcome.changeId, path: path)
                guard current.state.isUnsettled else {
                    throw JournalError.invalidState(
                        path: path,
                        reason: "change \(outcome.changeId) (lead \(current.leadId)) is already \(current.state.rawValue)")
                }
                guard outcome.attempts >= current.attempts else {
                    throw JournalError.invalidArgument(
                        path: path,
                        reason: "change \(outcome.changeId): \(outcome.attempts) attempts, fewer than the \(current.attempts) recorded")
                }
                try db.execute(
                    sql: """
                        UPDATE changes SET state = ?, attempts = ?, http_status = ?, message = ?, updated_at = ?
                        WHERE id = ?
                        """,
                    arguments: [outcome.state.rawValue, outcome.attempts, outcome.httpStatus, outcome.message,
                                JournalTime.string(from: outcome.at), outcome.changeId])
            }
        }
    }

    /// The changes whose outcome is not known, ``ChangeState/planned`` or ``ChangeState/unknown``, in runs that
    /// are no longer running: what a resuming run must check in Liner (does the lead hold the patch?) and
    /// then ``settle(changeId:state:note:)``. Oldest first.
    ///
    /// Call ``markAbandonedRuns()`` first, so that the changes of a dead run are included.
    public func unsettledChanges() throws(JournalError) -> [ChangeRecord] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT c.* FROM changes c JOIN runs r ON r.id = c.run_id
                    WHERE c.state IN ('planned', 'unknown') AND r.state <> 'running'
                    ORDER BY c.id
                    """
            ).map { try Schema.change(from: $0) }
        }
    }

    /// Settles a change whose outcome was unknown (``ChangeState/planned`` or ``ChangeState/unknown``), after a
    /// later run checked the lead.
    ///
    /// - Parameters:
    ///   - state: ``ChangeState/verified`` (the lead holds the patch), ``ChangeState/superseded`` (the lead was
    ///     re-evaluated; a new change replaces this one, or none is needed), ``ChangeState/skipped`` (it was
    ///     never sent) or ``ChangeState/failed`` (surely not applied).
    ///   - note: Why, for `enrich history` (e.g. "checked by run 12").
    /// - Throws: ``JournalError/invalidArgument(path:reason:)`` for another `state`;
    ///   ``JournalError/unknownChange(path:id:)``; ``JournalError/invalidState(path:reason:)`` when the change
    ///   is already settled.
    public func settle(changeId: Int64, state: ChangeState, note: String?) throws(JournalError) {
        let allowed: [ChangeState] = [.verified, .superseded, .skipped, .failed]
        guard allowed.contains(state) else {
            throw .invalidArgument(
                path: path,
                reason: "a change can be settled as verified, superseded, skipped or failed, not \(state.rawValue)")
        }
        let path = self.path
        let time = timestamp()
        try write { db in
            let current = try Self.fetchChange(db, id: changeId, path: path)
            guard current.state.isUnsettled else {
                throw JournalError.invalidState(
                    path: path, reason: "change \(changeId) (lead \(current.leadId)) is already \(current.state.rawValue)")
            }
            try db.execute(
                sql: "UPDATE changes SET state = ?, note = ?, updated_at = ? WHERE id = ?",
                arguments: [state.rawValue, note, time, changeId])
        }
    }

    /// The latest change (highest id) known to be on the lead: ``ChangeState/applied`` or
    /// ``ChangeState/verified``; `nil` when the engine never changed it.
    public func lastApplied(leadId: Int) throws(JournalError) -> ChangeRecord? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT * FROM changes WHERE lead_id = ? AND state IN ('applied', 'verified')
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [leadId]
            ).map { try Schema.change(from: $0) }
        }
    }

    /// Every change planned for the lead, in every state and mode, oldest first, each with its run.
    /// `enrich history` shows them (a dry run's changes, in state ``ChangeState/skipped``, say what would
    /// have been done).
    public func history(leadId: Int) throws(JournalError) -> [HistoryEntry] {
        let sql = """
            SELECT \(Schema.selectList(Schema.changeColumns, alias: "c", prefix: "c_")),
                   \(Schema.selectList(Schema.runColumns, alias: "r", prefix: "r_"))
            FROM changes c JOIN runs r ON r.id = c.run_id
            WHERE c.lead_id = ?
            ORDER BY c.created_at, c.id
            """
        return try read { db in
            try Row.fetchAll(db, sql: sql, arguments: [leadId]).map { row in
                HistoryEntry(change: try Schema.change(from: row, prefix: "c_"), run: try Schema.run(from: row, prefix: "r_"))
            }
        }
    }

    /// The changes of a run, in the order they were planned.
    public func changes(runId: Int64) throws(JournalError) -> [ChangeRecord] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM changes WHERE run_id = ? ORDER BY id", arguments: [runId])
                .map { try Schema.change(from: $0) }
        }
    }

    /// The change with this id, or `nil`.
    public func change(id: Int64) throws(JournalError) -> ChangeRecord? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM changes WHERE id = ?", arguments: [id]).map { try Schema.change(from: $0) }
        }
    }

    // MARK: - Helpers

    static func fetchChange(_ db: Database, id: Int64, path: String) throws -> ChangeRecord {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM changes WHERE id = ?", arguments: [id]) else {
            throw JournalError.unknownChange(path: path, id: id)
        }
        return try Schema.change(from: row)
    }

    private static func problem(in change: NewChange) -> String? {
        if change.leadId <= 0 { return "lead id \(change.leadId) is not positive" }
        switch InputChecks.parse(json: change.patch, kind: .object, field: "the patch of lead \(change.leadId)") {
        case let .failure(problem): return problem.description
        case let .success(patch):
            if patch.objectMembers?.isEmpty == true { return "the patch of lead \(change.leadId) is empty: there is nothing to send" }
        }
        if let problem = InputChecks.problem(json: change.provenance, kind: .array, field: "the provenance of lead \(change.leadId)") {
            return problem
        }
        return InputChecks.problem(json: change.base, kind: .object, field: "the base of lead \(change.leadId)")
    }
}
