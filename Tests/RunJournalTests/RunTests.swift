import Foundation
import RunJournal
import Testing

@Suite("Runs")
struct RunTests {
    @Test("beginRun stores every field and reads back the same run")
    func beginRunRoundTrip() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let new = sampleRun(shard: "2/8")
        let run = try journal.beginRun(new)

        #expect(run.id >= 1)
        #expect(run.state == .running)
        #expect(run.finishedAt == nil)
        #expect(run.source == new.source)
        #expect(run.mode == .apply)
        #expect(run.shard == "2/8")
        #expect(run.windowFrom == new.windowFrom)
        #expect(run.windowTo == new.windowTo)
        #expect(run.rulesDigest == new.rulesDigest)
        #expect(run.options == new.options)
        #expect(run.pid == 4242)
        #expect(run.note == nil)
        #expect(run.counts == .zero)
        #expect(run.startedAt == new.startedAt)  // 0.5 s: exact in milliseconds

        #expect(try journal.run(id: run.id) == run)
        #expect(try journal.runs(limit: 10) == [run])

        // Reopened by another RunJournal (another process would see the same).
        let reopened = try RunJournal.openExisting(path: scratch.journalPath)
        #expect(try reopened.run(id: run.id) == run)
    }

    @Test("dates are stored as ISO 8601 UTC text with milliseconds, rounded down")
    func datesAsText() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun(startedAt: Date(timeIntervalSince1970: 1_764_000_000.123_9)))
        let text = try rawValue(scratch.journalPath, "SELECT started_at FROM runs WHERE id = \(run.id)", as: String.self)
        #expect(text == "2025-11-24T16:00:00.123Z")
        #expect(run.startedAt == Date(timeIntervalSince1970: 1_764_000_000.123))
    }

    @Test("finishRun stores the final state, counts, note and finish time")
    func finishRun() throws {
        let scratch = try Scratch()
        let clock = TestClock()
        let journal = try RunJournal(path: scratch.journalPath, now: clock.now)
        let run = try journal.beginRun(sampleRun(mode: .dryRun))
        clock.advance(90)
        let counts = RunCounts(read: 120, patched: 0, unchanged: 120, applied: 0, failed: 0, retried: 0, skipped: 0)
        try journal.finishRun(id: run.id, state: .failed, counts: counts, note: "Liner answered 401")

        let finished = try #require(try journal.run(id: run.id))
        #expect(finished.state == .failed)
        #expect(finished.counts == counts)
        #expect(finished.note == "Liner answered 401")
        #expect(finished.finishedAt == JournalTime.truncated(clock.date))
        #expect(finished.mode == .dryRun)
    }

    @Test("finishRun refuses a second finish, the running state, an unknown run and negative counts")
    func finishRunRefusals() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())

        let running = journalError { try journal.finishRun(id: run.id, state: .running, counts: .zero, note: nil) }
        guard case .invalidArgument = running else { Issue.record("got \(String(describing: running))"); return }
        let negative = journalError {
            try journal.finishRun(id: run.id, state: .succeeded, counts: RunCounts(read: -1), note: nil)
        }
        guard case .invalidArgument = negative else { Issue.record("got \(String(describing: negative))"); return }
        #expect(journalError { try journal.finishRun(id: 999, state: .succeeded, counts: .zero, note: nil) }
            == .unknownRun(path: scratch.journalPath, id: 999))

        try journal.finishRun(id: run.id, state: .succeeded, counts: .zero, note: nil)
        let twice = journalError { try journal.finishRun(id: run.id, state: .failed, counts: .zero, note: nil) }
        guard case .invalidState(let path, let reason) = twice else { Issue.record("got \(String(describing: twice))"); return }
        #expect(path == scratch.journalPath)
        #expect(reason.contains("already finished"))
        #expect(try journal.run(id: run.id)?.state == .succeeded)
    }

    @Test("a run cannot succeed while some of its changes are still planned")
    func succeedWithPlannedChanges() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let ids = try journal.recordPlanned(runId: run.id, [sampleChange(1), sampleChange(2)])
        try journal.recordOutcome(ChangeOutcome(changeId: ids[0], state: .applied, attempts: 1, httpStatus: 200))

        let error = journalError {
            try journal.finishRun(id: run.id, state: .succeeded, counts: RunCounts(patched: 2, applied: 1), note: nil)
        }
        guard case .invalidState(_, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("1 change(s) still planned"))
        #expect(try journal.run(id: run.id)?.state == .running)

        // Interrupted is allowed: the planned change is what a later run resumes.
        try journal.finishRun(id: run.id, state: .interrupted, counts: RunCounts(patched: 2, applied: 1), note: "SIGINT")
        #expect(try journal.unsettledChanges().map(\.id) == [ids[1]])
    }

    @Test("updateCounts stores progress of a running run only")
    func updateCounts() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let run = try journal.beginRun(sampleRun())
        let progress = RunCounts(read: 50, patched: 7, unchanged: 43, applied: 5, failed: 1, retried: 2, skipped: 0)
        try journal.updateCounts(id: run.id, counts: progress)
        #expect(try journal.run(id: run.id)?.counts == progress)

        try journal.finishRun(id: run.id, state: .failed, counts: progress, note: nil)
        let late = journalError { try journal.updateCounts(id: run.id, counts: .zero) }
        guard case .invalidState = late else { Issue.record("got \(String(describing: late))"); return }
        #expect(journalError { try journal.updateCounts(id: 77, counts: .zero) } == .unknownRun(path: scratch.journalPath, id: 77))
    }

    @Test("beginRun refuses to start while another run is marked running")
    func oneRunningRun() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let first = try journal.beginRun(sampleRun(pid: 11))
        let error = journalError { _ = try journal.beginRun(sampleRun(pid: 12)) }
        guard case .invalidState(_, let reason) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(reason.contains("run \(first.id) (process 11)"))

        try journal.markAbandonedRuns()
        let second = try journal.beginRun(sampleRun(pid: 12))
        #expect(second.id > first.id)
    }

    @Test("markAbandonedRuns turns running runs into interrupted ones, dated by their last sign of life")
    func markAbandonedRuns() throws {
        let scratch = try Scratch()
        let clock = TestClock()
        let journal = try RunJournal(path: scratch.journalPath, now: clock.now)

        let done = try journal.beginRun(sampleRun(pid: 100))
        try journal.finishRun(id: done.id, state: .succeeded, counts: .zero, note: nil)
        let doneBefore = try journal.run(id: done.id)

        let dead = try journal.beginRun(sampleRun(pid: 200))
        let planned = try journal.recordPlanned(runId: dead.id, [sampleChange(5)])
        clock.advance(30)
        try journal.updateCounts(id: dead.id, counts: RunCounts(read: 10, patched: 1))
        let lastSign = JournalTime.truncated(clock.date)
        clock.advance(3600)

        let marked = try journal.markAbandonedRuns()
        #expect(marked.map(\.id) == [dead.id])
        let interrupted = try #require(marked.first)
        #expect(interrupted.state == .interrupted)
        #expect(interrupted.finishedAt == lastSign)
        #expect(interrupted.counts == RunCounts(read: 10, patched: 1))
        #expect(interrupted.note?.contains("process 200") == true)
        #expect(interrupted.note?.contains(JournalTime.string(from: clock.date)) == true)
        #expect(try journal.run(id: dead.id) == interrupted)
        #expect(try journal.run(id: done.id) == doneBefore)

        // Its changes are kept, now unsettled; a second call finds nothing.
        #expect(try journal.unsettledChanges().map(\.id) == planned)
        #expect(try journal.markAbandonedRuns().isEmpty)
    }

    @Test("lastSuccessfulRun matches source, shard and mode, and ignores runs that did not succeed")
    func lastSuccessfulRun() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        let liner = "liner:https://acme.linerapp.test"
        let other = "liner:https://other.linerapp.test"

        func finished(
            _ source: String, shard: String?, mode: RunMode = .apply, state: RunState, to: String
        ) throws -> RunRecord {
            let run = try journal.beginRun(sampleRun(source: source, mode: mode, shard: shard, windowTo: to))
            try journal.finishRun(id: run.id, state: state, counts: .zero, note: nil)
            return try #require(try journal.run(id: run.id))
        }

        let a1 = try finished(liner, shard: nil, state: .succeeded, to: "2025-11-01T00:00:00Z")
        let a2 = try finished(liner, shard: nil, state: .succeeded, to: "2025-11-02T00:00:00Z")
        _ = try finished(liner, shard: nil, state: .failed, to: "2025-11-03T00:00:00Z")
        _ = try finished(liner, shard: nil, state: .interrupted, to: "2025-11-04T00:00:00Z")
        _ = try finished(liner, shard: nil, mode: .dryRun, state: .succeeded, to: "2025-11-05T00:00:00Z")
        let s1 = try finished(liner, shard: "1/2", state: .succeeded, to: "2025-11-06T00:00:00Z")
        let o1 = try finished(other, shard: nil, state: .succeeded, to: "2025-11-07T00:00:00Z")
        let running = try journal.beginRun(sampleRun(source: liner, windowTo: "2025-11-08T00:00:00Z"))
        _ = running

        #expect(try journal.lastSuccessfulRun(source: liner, shard: nil) == a2)
        #expect(try journal.lastSuccessfulRun(source: liner, shard: nil)?.windowTo == "2025-11-02T00:00:00Z")
        #expect(try journal.lastSuccessfulRun(source: liner, shard: "1/2") == s1)
        #expect(try journal.lastSuccessfulRun(source: liner, shard: "2/2") == nil)
        #expect(try journal.lastSuccessfulRun(source: other, shard: nil) == o1)
        #expect(try journal.lastSuccessfulRun(source: "file:/tmp/leads.jsonl", shard: nil) == nil)
        #expect(try journal.lastSuccessfulRun(source: liner, shard: nil, mode: .dryRun)?.windowTo == "2025-11-05T00:00:00Z")
        #expect(a1.id < a2.id)
    }

    @Test("runs(limit:) lists the newest first")
    func runsNewestFirst() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        var ids: [Int64] = []
        for _ in 0..<4 {
            let run = try journal.beginRun(sampleRun())
            try journal.finishRun(id: run.id, state: .succeeded, counts: .zero, note: nil)
            ids.append(run.id)
        }
        #expect(try journal.runs(limit: 2).map(\.id) == [ids[3], ids[2]])
        #expect(try journal.runs(limit: 100).map(\.id) == ids.reversed())
        #expect(try journal.runs(limit: 0).isEmpty)
    }

    @Test(
        "beginRun refuses anything that may carry the API key",
        arguments: [
            ("liner:https://user:SECRET@acme.linerapp.test", "{}"),
            ("liner:https://SECRET@acme.linerapp.test", "{}"),
            ("liner:https://acme.linerapp.test/?api_key=SECRET", "{}"),
            ("liner:https://acme.linerapp.test", #"{"apiKey":"SECRET"}"#),
            ("liner:https://acme.linerapp.test", #"{"X-Api-Key":"SECRET"}"#),
            ("liner:https://acme.linerapp.test", #"{"client":{"headers":[{"authorization":"Bearer SECRET"}]}}"#),
            ("liner:https://acme.linerapp.test", #"{"integration_token":"SECRET"}"#),
        ])
    func refusesSecrets(source: String, options: String) throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        var run = sampleRun(source: source)
        run.options = options
        let error = journalError { _ = try journal.beginRun(run) }
        guard case .invalidArgument = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(try journal.runs(limit: 10).isEmpty)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: scratch.journalPath))
        #expect(!String(decoding: bytes, as: UTF8.self).contains("SECRET"))
    }

    @Test("beginRun accepts options that only name where the key comes from, and refuses options that are not a JSON object")
    func optionsChecks() throws {
        let scratch = try Scratch()
        let journal = try RunJournal(path: scratch.journalPath)
        var run = sampleRun()
        run.options = #"{"apiKeyEnv":"LINER_API_KEY","apiKey":null,"token":""}"#
        #expect(try journal.beginRun(run).options == run.options)
        try journal.markAbandonedRuns()

        for bad in ["", "[1,2]", "{oops", "42"] {
            run.options = bad
            let error = journalError { _ = try journal.beginRun(run) }
            guard case .invalidArgument = error else { Issue.record("\(bad): got \(String(describing: error))"); continue }
        }
    }
}
