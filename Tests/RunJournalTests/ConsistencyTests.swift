import Foundation
import RunJournal
import Testing

@Suite("Consistency")
struct ConsistencyTests {
    /// A journal as a few normal runs leave it: one succeeded, one failed, one interrupted and resumed,
    /// a dry run, and a running one.
    static func normalJournal(_ path: String) throws -> RunJournal {
        let journal = try RunJournal(path: path)

        let ok = try journal.beginRun(sampleRun())
        let okIds = try journal.recordPlanned(runId: ok.id, [sampleChange(1), sampleChange(2), sampleChange(3)])
        try journal.recordOutcomes([
            ChangeOutcome(changeId: okIds[0], state: .applied, attempts: 1, httpStatus: 200),
            ChangeOutcome(changeId: okIds[1], state: .applied, attempts: 2, httpStatus: 200),
            ChangeOutcome(changeId: okIds[2], state: .unknown, attempts: 3, httpStatus: 504),
        ])
        try journal.finishRun(
            id: ok.id, state: .succeeded,
            counts: RunCounts(read: 10, patched: 3, unchanged: 7, applied: 2, failed: 0, retried: 3), note: nil)

        let bad = try journal.beginRun(sampleRun())
        let badIds = try journal.recordPlanned(runId: bad.id, [sampleChange(4)])
        try journal.recordOutcome(ChangeOutcome(changeId: badIds[0], state: .rejected, attempts: 1, httpStatus: 400))
        try journal.finishRun(id: bad.id, state: .failed, counts: RunCounts(read: 1, patched: 1, failed: 1), note: "401")

        let dead = try journal.beginRun(sampleRun())
        _ = try journal.recordPlanned(runId: dead.id, [sampleChange(5)])
        try journal.markAbandonedRuns()
        for change in try journal.unsettledChanges() {
            try journal.settle(changeId: change.id, state: .verified, note: "checked")
        }

        let dry = try journal.beginRun(sampleRun(mode: .dryRun))
        let dryIds = try journal.recordPlanned(runId: dry.id, [sampleChange(6)])
        try journal.recordOutcome(ChangeOutcome(changeId: dryIds[0], state: .skipped, attempts: 0))
        try journal.finishRun(id: dry.id, state: .succeeded, counts: RunCounts(read: 1, patched: 1, skipped: 1), note: nil)

        let current = try journal.beginRun(sampleRun())
        _ = try journal.recordPlanned(runId: current.id, [sampleChange(7)])
        return journal
    }

    @Test("a journal written through the API is consistent")
    func normalIsConsistent() throws {
        let scratch = try Scratch()
        let journal = try Self.normalJournal(scratch.journalPath)
        #expect(try journal.consistencyProblems() == [])
        #expect(try RunJournal.openExisting(path: scratch.journalPath).consistencyProblems() == [])
    }

    /// Builds the normal journal, breaks it with `sql`, and returns the problems found.
    func problems(after sql: String, reopen: Bool = false) throws -> [String] {
        let scratch = try Scratch()
        var journal = try Self.normalJournal(scratch.journalPath)
        try #require(try journal.consistencyProblems() == [])
        try rawSQL(scratch.journalPath, sql)
        if reopen {
            journal = try RunJournal.openExisting(path: scratch.journalPath)
        }
        return try journal.consistencyProblems()
    }

    @Test("a change whose run does not exist")
    func orphanChange() throws {
        let found = try problems(after: """
            INSERT INTO changes (run_id, lead_id, patch, provenance, base, state, attempts, created_at, updated_at)
            VALUES (999, 42, '{"name":"A"}', '[]', '{}', 'applied', 1, '2025-11-24T16:00:00.000Z', '2025-11-24T16:00:00.000Z')
            """)
        #expect(found.count == 1)
        #expect(found.first?.contains("(lead 42) belongs to run 999, which does not exist") == true)
    }

    @Test("an applied change that was never sent")
    func appliedWithoutAttempts() throws {
        let found = try problems(after: "UPDATE changes SET attempts = 0 WHERE lead_id = 1")
        #expect(found == ["change 1 (lead 1) is applied but was sent 0 times"])
    }

    @Test("a planned change left in a succeeded run")
    func plannedInSucceededRun() throws {
        let found = try problems(after: "UPDATE changes SET state = 'planned' WHERE lead_id = 3")
        #expect(found == ["change 3 (lead 3) is still planned in succeeded run 1"])
    }

    @Test("counts of a finished run that do not match its changes")
    func countsMismatch() throws {
        let patched = try problems(after: "UPDATE runs SET patched_count = 5 WHERE id = 1")
        #expect(patched == ["run 1 counts 5 patched but has 3 changes"])
        let applied = try problems(after: "UPDATE runs SET applied_count = 0 WHERE id = 2 OR id = 1")
        #expect(applied == ["run 1 counts 0 applied but has 2 applied changes"])
        let failed = try problems(after: "UPDATE runs SET failed_count = 2 WHERE id = 2")
        #expect(failed == ["run 2 counts 2 failed, more than its 1 patched"])
    }

    @Test("two runs marked running")
    func twoRunning() throws {
        let found = try problems(after: "UPDATE runs SET state = 'running', finished_at = NULL WHERE id = 3")
        #expect(found == ["2 runs are marked running (3, 5); at most one may be"])
    }

    @Test("a finished run without a finish time")
    func finishedWithoutTime() throws {
        let found = try problems(after: "UPDATE runs SET finished_at = NULL WHERE id = 2")
        #expect(found == ["run 2 is failed but has no finish time"])
    }

    @Test("a dry run with an applied change")
    func dryRunApplied() throws {
        let found = try problems(after: "UPDATE changes SET state = 'applied', attempts = 1 WHERE lead_id = 6")
        #expect(found == ["change 6 (lead 6) is 'applied' but its run 4 is a dry run"])
    }

    @Test("states that bypassed the CHECK constraints")
    func unknownStates() throws {
        let found = try problems(after: """
            PRAGMA ignore_check_constraints = ON;
            UPDATE changes SET state = 'sent' WHERE lead_id = 7;
            UPDATE runs SET mode = 'turbo' WHERE id = 5;
            """)
        #expect(found.contains("change 7 (lead 7) has the unknown state 'sent'"))
        #expect(found.contains("run 5 has the unknown mode 'turbo'"))
    }

    @Test("a damaged index (PRAGMA integrity_check)")
    func damagedIndex() throws {
        // Point the lead index at another column: its entries no longer match the table.
        let found = try problems(after: """
            PRAGMA writable_schema = ON;
            UPDATE sqlite_master SET sql = 'CREATE INDEX changes_by_lead ON changes(attempts)'
              WHERE name = 'changes_by_lead';
            PRAGMA writable_schema = OFF;
            """, reopen: true)
        #expect(!found.isEmpty)
        #expect(found.allSatisfy { $0.hasPrefix("integrity check: ") })
        #expect(found.contains { $0.contains("changes_by_lead") })
    }
}
