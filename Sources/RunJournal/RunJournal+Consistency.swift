import Foundation
import GRDB

extension RunJournal {
    /// Checks the journal file and the rules its rows must follow; an empty array means consistent.
    ///
    /// Checked, each problem as one line naming the run or change:
    /// - SQLite's own `PRAGMA integrity_check` (damaged pages, indexes out of step with their tables);
    /// - every change belongs to an existing run;
    /// - runs, modes and changes hold known states (`CHECK` constraints can be bypassed by hand);
    /// - at most one run is ``RunState/running``; a finished run has a finish time and a running one has none;
    /// - an ``ChangeState/applied`` change was sent at least once (`attempts >= 1`);
    /// - a ``RunState/succeeded`` run has no ``ChangeState/planned`` change left;
    /// - a dry run has no change that reached Liner (``ChangeState/applied``, ``ChangeState/rejected``,
    ///   ``ChangeState/unknown``);
    /// - the counts of a finished apply run (succeeded or failed) match its changes: ``RunCounts/patched`` is
    ///   the number of its changes, ``RunCounts/applied`` the number of its applied changes, and
    ///   ``RunCounts/failed`` and ``RunCounts/skipped`` are at most ``RunCounts/patched``.
    public func consistencyProblems() throws(JournalError) -> [String] {
        try read { db in
            var problems: [String] = []

            for line in try String.fetchAll(db, sql: "PRAGMA integrity_check") where line != "ok" {
                problems.append("integrity check: \(line)")
            }

            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.lead_id, c.run_id FROM changes c LEFT JOIN runs r ON r.id = c.run_id
                WHERE r.id IS NULL ORDER BY c.id
                """) {
                problems.append("change \(row["id"] ?? "?") (lead \(row["lead_id"] ?? "?")) belongs to run \(row["run_id"] ?? "?"), which does not exist")
            }

            let runStates = RunState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let modes = RunMode.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            let changeStates = ChangeState.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            for row in try Row.fetchAll(db, sql: "SELECT id, state FROM runs WHERE state NOT IN (\(runStates)) ORDER BY id") {
                problems.append("run \(row["id"] ?? "?") has the unknown state \(Self.quoted(row["state"]))")
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, mode FROM runs WHERE mode NOT IN (\(modes)) ORDER BY id") {
                problems.append("run \(row["id"] ?? "?") has the unknown mode \(Self.quoted(row["mode"]))")
            }
            for row in try Row.fetchAll(db, sql: "SELECT id, lead_id, state FROM changes WHERE state NOT IN (\(changeStates)) ORDER BY id") {
                problems.append("change \(row["id"] ?? "?") (lead \(row["lead_id"] ?? "?")) has the unknown state \(Self.quoted(row["state"]))")
            }

            let running = try Int64.fetchAll(db, sql: "SELECT id FROM runs WHERE state = 'running' ORDER BY id")
            if running.count > 1 {
                problems.append("\(running.count) runs are marked running (\(running.map(String.init).joined(separator: ", "))); at most one may be")
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT id, state FROM runs
                WHERE (state = 'running' AND finished_at IS NOT NULL) OR (state <> 'running' AND finished_at IS NULL)
                ORDER BY id
                """) {
                let state: String = row["state"] ?? "?"
                problems.append(state == "running"
                    ? "run \(row["id"] ?? "?") is running but has a finish time"
                    : "run \(row["id"] ?? "?") is \(state) but has no finish time")
            }

            for row in try Row.fetchAll(db, sql: """
                SELECT id, lead_id, attempts FROM changes WHERE state = 'applied' AND attempts < 1 ORDER BY id
                """) {
                problems.append("change \(row["id"] ?? "?") (lead \(row["lead_id"] ?? "?")) is applied but was sent \(row["attempts"] ?? "?") times")
            }

            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.lead_id, c.run_id FROM changes c JOIN runs r ON r.id = c.run_id
                WHERE c.state = 'planned' AND r.state = 'succeeded' ORDER BY c.id
                """) {
                problems.append("change \(row["id"] ?? "?") (lead \(row["lead_id"] ?? "?")) is still planned in succeeded run \(row["run_id"] ?? "?")")
            }

            for row in try Row.fetchAll(db, sql: """
                SELECT c.id, c.lead_id, c.run_id, c.state FROM changes c JOIN runs r ON r.id = c.run_id
                WHERE r.mode = 'dry-run' AND c.state IN ('applied', 'rejected', 'unknown') ORDER BY c.id
                """) {
                problems.append("change \(row["id"] ?? "?") (lead \(row["lead_id"] ?? "?")) is \(Self.quoted(row["state"])) but its run \(row["run_id"] ?? "?") is a dry run")
            }

            for row in try Row.fetchAll(db, sql: """
                SELECT r.id, r.patched_count, r.applied_count, r.failed_count, r.skipped_count,
                       COUNT(c.id) AS total, COALESCE(SUM(c.state = 'applied'), 0) AS applied
                FROM runs r LEFT JOIN changes c ON c.run_id = r.id
                WHERE r.mode = 'apply' AND r.state IN ('succeeded', 'failed')
                GROUP BY r.id ORDER BY r.id
                """) {
                let id: Int64 = row["id"] ?? 0
                let patched: Int = row["patched_count"] ?? 0
                let total: Int = row["total"] ?? 0
                let appliedCount: Int = row["applied_count"] ?? 0
                let applied: Int = row["applied"] ?? 0
                let failedCount: Int = row["failed_count"] ?? 0
                let skippedCount: Int = row["skipped_count"] ?? 0
                if patched != total {
                    problems.append("run \(id) counts \(patched) patched but has \(total) changes")
                }
                if appliedCount != applied {
                    problems.append("run \(id) counts \(appliedCount) applied but has \(applied) applied changes")
                }
                if failedCount > patched {
                    problems.append("run \(id) counts \(failedCount) failed, more than its \(patched) patched")
                }
                if skippedCount > patched {
                    problems.append("run \(id) counts \(skippedCount) skipped, more than its \(patched) patched")
                }
            }
            return problems
        }
    }

    private static func quoted(_ value: (any DatabaseValueConvertible)?) -> String {
        guard let value else { return "NULL" }
        return "'\(value.databaseValue.description.trimmingCharacters(in: CharacterSet(charactersIn: "\"")))'"
    }
}
