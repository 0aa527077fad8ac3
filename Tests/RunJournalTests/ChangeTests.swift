import Foundation
import RunJournal
import Testing

@Suite("Changes")
struct ChangeTests {
    @Test("recordPlanned stores a batch in order and reads each change back")
    func plannedRoundTrip() throws {
        let scratch = try Scratch()
        let clock = TestClock()
        let journal = try RunJournal(path: scratch.journalPath, now: clock.now)
        let run = try journal.beginRun(sampleRun())
        let batch = [sampleChange(31), sampleChange(7), sampleChange(31, phone: "79990000000")]
        let ids = try journal.recordPlanned(runId: run.id, batch)

        #expect(ids.count == 3)
        #expect(ids == ids.sorted() && Set(ids).count == 3)
        let stored = try journal.changes(runId: run.id)
        #expect(stored.map(\.id) == ids)
        for (record, change) in zip(stored, batch) {
            #expect(record.runId == run.id)
            #expect(record.leadId == change.leadId)
            #expect(record.patch == change.patch)
            #expect(record.provenance == change.provenance)
            #expect(record.base == change.base)
            #expect(record.state == .planned)
            #expect(record.attempts == 0)
            #expect(record.httpStatus == nil)
            #expect(record.message == nil)
            #expect(record.note == nil)
            #expect(record.createdAt == JournalTime.truncated(clock.date))
            #expect(record.updatedAt == record.createdAt)
        }
        #expect(try journal.change(id: ids[1]) == stored[1])
        #expect(try journal.recordPlanned(runId: run.id, []).isEmpty)
    }

    @Test("recordOutcomes stores a batch of outcomes")
    func outcomesRoundTrip() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let ids = try journal.recordPlanned(runId: run.id, (1...4).map { sampleChange($0) })
        let at = Date(timeIntervalSince1970: 1_764_000_100.250)
        try journal.recordOutcomes([
            ChangeOutcome(changeId: ids[0], state: .applied, attempts: 1, httpStatus: 200, message: nil, at: at),
            ChangeOutcome(changeId: ids[1], state: .rejected, attempts: 1, httpStatus: 200,
                          message: "Lead status must be in-progress", at: at),
            ChangeOutcome(changeId: ids[2], state: .unknown, attempts: 3, httpStatus: 503, message: "timeout", at: at),
            ChangeOutcome(changeId: ids[3], state: .failed, attempts: 0, httpStatus: nil,
                          message: "connection refused", at: at),
        ])
        let stored = try journal.changes(runId: run.id)
        #expect(stored.map(\.state) == [.applied, .rejected, .unknown, .failed])
        #expect(stored.map(\.attempts) == [1, 1, 3, 0])
        #expect(stored.map(\.httpStatus) == [200, 200, 503, nil])
        #expect(stored.map(\.message) == [nil, "Lead status must be in-progress", "timeout", "connection refused"])
        #expect(stored.allSatisfy { $0.updatedAt == at })

        // unknown may still become final (a retry succeeded).
        try journal.recordOutcome(ChangeOutcome(changeId: ids[2], state: .applied, attempts: 4, httpStatus: 200, at: at))
        #expect(try journal.change(id: ids[2])?.state == .applied)
        #expect(try journal.change(id: ids[2])?.attempts == 4)
    }

    @Test("outcomes that break the rules are refused, and a refused batch writes nothing")
    func outcomeRefusals() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let ids = try journal.recordPlanned(runId: run.id, [sampleChange(1), sampleChange(2)])
        try journal.recordOutcome(ChangeOutcome(changeId: ids[0], state: .applied, attempts: 1))

        let final = journalError { try journal.recordOutcome(ChangeOutcome(changeId: ids[0], state: .failed, attempts: 2)) }
        guard case .invalidState(_, let reason) = final else { Issue.record("got \(String(describing: final))"); return }
        #expect(reason.contains("already applied"))

        for bad in [
            ChangeOutcome(changeId: ids[1], state: .planned, attempts: 1),
            ChangeOutcome(changeId: ids[1], state: .applied, attempts: 0),
            ChangeOutcome(changeId: ids[1], state: .rejected, attempts: 0),
            ChangeOutcome(changeId: ids[1], state: .unknown, attempts: -1),
        ] {
            let error = journalError { try journal.recordOutcome(bad) }
            guard case .invalidArgument = error else { Issue.record("\(bad): got \(String(describing: error))"); continue }
        }

        // The first outcome is fine, the second names a change that does not exist: neither is written.
        let batch = journalError {
            try journal.recordOutcomes([
                ChangeOutcome(changeId: ids[1], state: .applied, attempts: 1),
                ChangeOutcome(changeId: 9999, state: .applied, attempts: 1),
            ])
        }
        #expect(batch == .unknownChange(path: scratch.journalPath, id: 9999))
        #expect(try journal.change(id: ids[1])?.state == .planned)

        // Attempts never go down.
        try journal.recordOutcome(ChangeOutcome(changeId: ids[1], state: .unknown, attempts: 3))
        let fewer = journalError { try journal.recordOutcome(ChangeOutcome(changeId: ids[1], state: .applied, attempts: 2)) }
        guard case .invalidArgument = fewer else { Issue.record("got \(String(describing: fewer))"); return }
    }

    @Test("recordPlanned refuses malformed changes and finished or unknown runs, writing nothing")
    func plannedRefusals() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let malformed = [
            NewChange(leadId: 0, patch: #"{"name":"A"}"#),
            NewChange(leadId: 1, patch: "{}"),
            NewChange(leadId: 1, patch: #"["name"]"#),
            NewChange(leadId: 1, patch: #"{"name":"A""#),
            NewChange(leadId: 1, patch: #"{"name":"A"}"#, provenance: "{}"),
            NewChange(leadId: 1, patch: #"{"name":"A"}"#, base: "null"),
        ]
        for change in malformed {
            let error = journalError { _ = try journal.recordPlanned(runId: run.id, [sampleChange(5), change]) }
            guard case .invalidArgument = error else { Issue.record("\(change): got \(String(describing: error))"); continue }
        }
        #expect(try journal.changes(runId: run.id).isEmpty)

        #expect(journalError { _ = try journal.recordPlanned(runId: 404, [sampleChange(5)]) }
            == .unknownRun(path: scratch.journalPath, id: 404))
        try journal.finishRun(id: run.id, state: .succeeded, counts: .zero, note: nil)
        let finished = journalError { _ = try journal.recordPlanned(runId: run.id, [sampleChange(5)]) }
        guard case .invalidState = finished else { Issue.record("got \(String(describing: finished))"); return }
        #expect(try journal.changes(runId: run.id).isEmpty)
    }

    @Test("unsettledChanges lists planned and unknown changes of runs that are not running")
    func unsettled() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)

        let old = try journal.beginRun(sampleRun())
        let oldIds = try journal.recordPlanned(runId: old.id, (1...5).map { sampleChange($0) })
        try journal.recordOutcomes([
            ChangeOutcome(changeId: oldIds[0], state: .applied, attempts: 1),
            ChangeOutcome(changeId: oldIds[1], state: .unknown, attempts: 2, httpStatus: 504),
            ChangeOutcome(changeId: oldIds[2], state: .rejected, attempts: 1),
            ChangeOutcome(changeId: oldIds[3], state: .skipped, attempts: 0),
        ])
        // oldIds[4] stays planned: the process died before sending it.

        // While the run is running its changes are its own business.
        #expect(try journal.unsettledChanges().isEmpty)

        try journal.markAbandonedRuns()
        let unsettled = try journal.unsettledChanges()
        #expect(unsettled.map(\.id) == [oldIds[1], oldIds[4]])
        #expect(unsettled.map(\.state) == [.unknown, .planned])

        // A new run checks them and settles them; its own planned changes are not listed.
        let new = try journal.beginRun(sampleRun())
        _ = try journal.recordPlanned(runId: new.id, [sampleChange(9)])
        try journal.settle(changeId: oldIds[1], state: .verified, note: "lead holds the patch (run \(new.id))")
        #expect(try journal.unsettledChanges().map(\.id) == [oldIds[4]])
        try journal.settle(changeId: oldIds[4], state: .superseded, note: "re-evaluated by run \(new.id)")
        #expect(try journal.unsettledChanges().isEmpty)

        let verified = try #require(try journal.change(id: oldIds[1]))
        #expect(verified.state == .verified)
        #expect(verified.note == "lead holds the patch (run \(new.id))")
        #expect(verified.httpStatus == 504)  // the attempt's facts are kept
    }

    @Test("settle accepts only final resume states, and only for unsettled changes")
    func settleRefusals() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let ids = try journal.recordPlanned(runId: run.id, [sampleChange(1), sampleChange(2)])
        try journal.recordOutcome(ChangeOutcome(changeId: ids[0], state: .applied, attempts: 1))

        for state in [ChangeState.planned, .applied, .rejected, .unknown] {
            let error = journalError { try journal.settle(changeId: ids[1], state: state, note: nil) }
            guard case .invalidArgument = error else { Issue.record("\(state): got \(String(describing: error))"); continue }
        }
        let applied = journalError { try journal.settle(changeId: ids[0], state: .verified, note: nil) }
        guard case .invalidState = applied else { Issue.record("got \(String(describing: applied))"); return }
        #expect(journalError { try journal.settle(changeId: 555, state: .skipped, note: nil) }
            == .unknownChange(path: scratch.journalPath, id: 555))

        try journal.settle(changeId: ids[1], state: .skipped, note: "interrupted before sending")
        let twice = journalError { try journal.settle(changeId: ids[1], state: .failed, note: nil) }
        guard case .invalidState = twice else { Issue.record("got \(String(describing: twice))"); return }
    }

    @Test("lastApplied finds the latest change that is on the lead")
    func lastApplied() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run1 = try journal.beginRun(sampleRun())
        let first = try journal.recordPlanned(runId: run1.id, [sampleChange(10, phone: "79000000001"), sampleChange(11)])
        try journal.recordOutcomes([
            ChangeOutcome(changeId: first[0], state: .applied, attempts: 1),
            ChangeOutcome(changeId: first[1], state: .unknown, attempts: 1),
        ])
        try journal.markAbandonedRuns()
        try journal.settle(changeId: first[1], state: .verified, note: nil)

        let run2 = try journal.beginRun(sampleRun())
        let second = try journal.recordPlanned(runId: run2.id, [
            sampleChange(10, phone: "79000000002"), sampleChange(10, phone: "79000000003"),
        ])
        try journal.recordOutcomes([
            ChangeOutcome(changeId: second[0], state: .applied, attempts: 2),
            ChangeOutcome(changeId: second[1], state: .rejected, attempts: 1, message: "bad phone"),
        ])

        #expect(try journal.lastApplied(leadId: 10)?.id == second[0])
        #expect(try journal.lastApplied(leadId: 10)?.patch.contains("79000000002") == true)
        #expect(try journal.lastApplied(leadId: 11)?.id == first[1])
        #expect(try journal.lastApplied(leadId: 12) == nil)
    }

    @Test("history lists the lead's changes oldest first, each with its run")
    func history() throws {
        let scratch = try Scratch()
        let clock = TestClock()
        let journal = try RunJournal(path: scratch.journalPath, now: clock.now)

        let dry = try journal.beginRun(sampleRun(mode: .dryRun, startedAt: clock.date))
        let d = try journal.recordPlanned(runId: dry.id, [sampleChange(77, phone: "1"), sampleChange(78)])
        try journal.recordOutcomes(d.map { ChangeOutcome(changeId: $0, state: .skipped, attempts: 0) })
        try journal.finishRun(id: dry.id, state: .succeeded, counts: RunCounts(patched: 2, skipped: 2), note: nil)

        clock.advance(60)
        let apply = try journal.beginRun(sampleRun(source: "file:/data/leads.jsonl", startedAt: clock.date))
        let a = try journal.recordPlanned(runId: apply.id, [sampleChange(78), sampleChange(77, phone: "2")])
        clock.advance(1)
        let b = try journal.recordPlanned(runId: apply.id, [sampleChange(77, phone: "3")])
        try journal.recordOutcomes((a + b).map { ChangeOutcome(changeId: $0, state: .applied, attempts: 1) })
        try journal.finishRun(id: apply.id, state: .succeeded, counts: RunCounts(patched: 3, applied: 3), note: nil)

        let entries = try journal.history(leadId: 77)
        #expect(entries.map(\.change.id) == [d[0], a[1], b[0]])
        #expect(entries.map(\.change.leadId) == [77, 77, 77])
        #expect(entries.map(\.run.id) == [dry.id, apply.id, apply.id])
        #expect(entries.map(\.run.mode) == [.dryRun, .apply, .apply])
        #expect(entries.map(\.run.source) == ["liner:https://acme.linerapp.test", "file:/data/leads.jsonl", "file:/data/leads.jsonl"])
        #expect(entries[1].run == (try journal.run(id: apply.id)))
        #expect(entries[0].change.state == .skipped)
        #expect(entries[2].change.patch.contains(#""phone":"3""#))
        #expect(entries.map(\.change.createdAt) == entries.map(\.change.createdAt).sorted())
        #expect(try journal.history(leadId: 79).isEmpty)
    }
}
