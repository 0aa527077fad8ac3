import Foundation
import LeadEngine
import LeadStream
import LinerClient
import LinerWire
import RunJournal

/// One enrichment run: reads leads (from Liner or an export), evaluates them, and — with
/// ``RunConfiguration/apply`` — sends each non-empty patch through the journal.
///
/// The order of an apply run, and why it never loses, duplicates or corrupts an update:
/// 1. Runs left `running` by a dead process are marked `interrupted` (the caller holds the journal lock).
/// 2. Updates of earlier runs that are still unsettled (recorded as planned but never answered, or
///    answered ambiguously: a timeout, a 5xx, a lost connection) are checked against the lead as Liner
///    holds it now: if the lead holds the values, the update landed (`verified`); otherwise the lead is
///    evaluated afresh and its new patch is sent in this run (`superseded`). Nothing is re-sent from a
///    stored body, so no update goes out with stale content.
/// 3. Each batch of patches is recorded as `planned` in one transaction *before* any of them is sent;
///    each answer is recorded as it arrives. A crash at any point leaves either a settled change or a
///    planned/unknown one that step 2 of the next run settles.
/// 4. On a stop request no new lead is taken (a page read in progress is abandoned); updates in flight finish
///    and are recorded; the rest of the batch is recorded as `skipped`.
///
/// Failures are told apart by what they are about (see ``FailureFollowUp``). The API key refused (401/403)
/// is about the run: it stops at once, is recorded `failed`, and its window is read again by the next run.
/// A failure about one lead (5xx or timeouts after retries, an unknown outcome, `success: false`) puts the
/// lead in the journal's retry set: later runs re-read and re-evaluate only those leads, with backoff and a
/// cap (``RetryBackoff``), and report them by id; the run itself still counts as done, so the incremental
/// window moves on and one bad lead cannot make every later run re-read the account. A lead that is not a
/// lead (a malformed list element) is reported with its page and position and skipped.
///
/// With a ``LeadSource/prepared(_:)`` source (applying a plan, reverting a run) nothing is evaluated and
/// step 2 is left out: the ``ChangePreparer`` re-reads the leads and hands over the changes to send, which go
/// through steps 3 and 4 like any other; what it holds back is listed and recorded `skipped`.
///
/// Liner is the source of truth: a rerun re-reads the leads, and a lead that already holds its values
/// gets an empty patch, so overlapping windows and reruns cost reads, not updates.
public struct LinerRunner: Sendable {
    public let engine: Engine
    /// Needed for the Liner source and for applying.
    public let client: LinerClient?
    /// Needed for applying; read (for the incremental window) by dry runs when given.
    public let journal: RunJournal?
    public let configuration: RunConfiguration
    public let stop: StopRequest
    public let events: @Sendable (RunEvent) -> Void

    public init(
        engine: Engine, client: LinerClient?, journal: RunJournal?, configuration: RunConfiguration,
        stop: StopRequest = StopRequest(), events: @escaping @Sendable (RunEvent) -> Void
    ) {
        self.engine = engine
        self.client = client
        self.journal = journal
        self.configuration = configuration
        self.stop = stop
        self.events = events
    }

    /// A sent update and its answer.
    struct Sent: Sendable {
        var changeId: Int64
        var change: PlannedChange
        var outcome: UpdateOutcome
    }

    /// Runs to the end (or to a stop request) and returns how it went. Never throws: every problem is
    /// reported through ``events`` and the result.
    public func run() async -> RunResult {
        let clock = ContinuousClock()
        let started = clock.now
        var state = State(started: started)
        let apply = configuration.apply
        let setup: Setup
        do {
            setup = try begin(&state)
        } catch {
            // Before the journal has the run, the result alone says why; after, the run's end is recorded.
            guard state.runId != nil else { return RunResult(ending: .aborted, tally: state.tally, elapsed: 0, notes: [error.description]) }
            return finish(&state, .aborted, nil, started, clock, note: error.description)
        }
        let window = setup.window, feed = setup.feed, preparer = setup.preparer, inputName = setup.inputName

        // A stop request abandons a page read in progress (a server may take its time, or drip).
        stop.whenRequested { feed?.cancel() }
        let evaluator = BatchEvaluator(engine: engine, now: configuration.now, explain: apply || configuration.explain, inputName: inputName)
        // Re-evaluates the few leads whose patch would overwrite a person's edit (see PeopleEdits).
        let guardEvaluator = engine.makeEvaluator()
        var ending = RunResult.Ending.completed
        var abortNote: RunAbort?

        await withTaskGroup(of: Sent.self) { group in
            var inFlight = 0

            // Sends `changes` (already planned in the journal under `ids`), keeping at most maxInFlight going.
            func send(_ changes: [PlannedChange], ids: [Int64]) async {
                for (index, change) in changes.enumerated() {
                    if stop.isRequested || Task.isCancelled || abortNote != nil {
                        skip(Array(changes[index...]), ids: Array(ids[index...]), &state, reason: "not sent: the run was stopped")
                        return
                    }
                    while inFlight >= configuration.maxInFlight, let sent = await group.next() {
                        inFlight -= 1
                        settle(sent, &state, &abortNote)
                    }
                    if stop.isRequested || Task.isCancelled || abortNote != nil {
                        skip(Array(changes[index...]), ids: Array(ids[index...]), &state, reason: "not sent: the run was stopped")
                        return
                    }
                    let client = client!
                    let id = ids[index]
                    let stop = stop
                    group.addTask {
                        let report: LinerCallReport
                        do throws(LinerCallError) {
                            // An update still waiting for the rate limit when a stop comes is not sent.
                            report = try await client.update(leadId: change.leadId, patch: change.patch, clears: change.clears,
                                                             proceed: { !stop.isRequested })
                        } catch { report = error.report }
                        return Sent(changeId: id, change: change, outcome: UpdateOutcome(report))
                    }
                    inFlight += 1
                    state.tally.inFlight = inFlight
                }
            }

            // 2. Unsettled updates of earlier runs, and the retry set's leads that are due (not for prepared
            // changes: applying a plan or reverting a run sends those changes and nothing else).
            if apply, let journal, let client, preparer == nil {
                let resumed = await followUps(journal: journal, client: client, &state, &abortNote)
                if !resumed.isEmpty, abortNote == nil, let ids = plan(resumed, &state, &abortNote) { await send(resumed, ids: ids) }
            }

            // 3. The leads of this run (or the prepared changes), a batch at a time.
            while abortNote == nil {
                if stop.isRequested || Task.isCancelled { ending = .interrupted; break }
                let step = await nextChanges(setup, evaluator, guardEvaluator, &state, &abortNote)
                guard case var .changes(changes) = step else {
                    if case .interrupted = step { ending = .interrupted }
                    break
                }
                if apply, case .file = configuration.source, let client {
                    changes = await holdChangedSinceExport(changes, client: client, &state, &abortNote)
                }
                if !changes.isEmpty, abortNote == nil, let ids = plan(changes, &state, &abortNote) { await send(changes, ids: ids) }
                flushOutcomes(&state, &abortNote)
                events(.progress(progress(state, started, clock)))
                recordProgress(state, &abortNote)
            }
            // 4. The answers still to come.
            while let sent = await group.next() {
                inFlight -= 1
                state.tally.inFlight = inFlight
                settle(sent, &state, &abortNote)
            }
            flushOutcomes(&state, &abortNote)
            // A stop that came at any point, even while the last answers were awaited, ends the run as interrupted.
            if stop.isRequested && ending == .completed && abortNote == nil { ending = .interrupted }
        }
        if let abortNote { return finish(&state, .aborted, window, started, clock, note: abortNote.description) }
        return finish(&state, ending, window, started, clock, note: nil)
    }

    // MARK: - Reading

    /// What the next step of reading gives.
    enum BatchStep {
        case changes([PlannedChange])
        /// The source is read to its end, or reading failed (then `abortNote` says why).
        case end
        /// A stop was asked for while reading.
        case interrupted
    }

    /// Step 3: the next batch of changes, from the prepared changes or from the leads of the source.
    private func nextChanges(
        _ setup: Setup, _ evaluator: BatchEvaluator, _ guardEvaluator: Evaluator, _ state: inout State, _ abortNote: inout RunAbort?
    ) async -> BatchStep {
        if let preparer = setup.preparer, let client {
            let prepared: PreparedBatch?
            do { prepared = try await preparer.next(client: client) } catch {
                if stop.isRequested || Task.isCancelled { return .interrupted }
                abortNote = .preparation(String(describing: error))
                return .end
            }
            guard let prepared else { return .end }
            return .changes(take(prepared, &state, &abortNote))
        }
        guard let feed = setup.feed else { return .end }
        let batch: LeadBatch?
        do { batch = try await feed.next() } catch {
            if stop.isRequested || Task.isCancelled { return .interrupted }
            abortNote = .leadList(describe(error))
            return .end
        }
        guard let batch else { return .end }
        return .changes(changes(of: batch, evaluator, guardEvaluator, &state, &abortNote))
    }

    /// Step 3, per batch: evaluates the leads (keeping people's edits), counts and reports them, prints the
    /// patches of a dry run, and returns the changes to plan and send.
    private func changes(
        of batch: LeadBatch, _ evaluator: BatchEvaluator, _ guardEvaluator: Evaluator, _ state: inout State, _ abortNote: inout RunAbort?
    ) -> [PlannedChange] {
        for problem in batch.malformed {
            state.tally.invalid += 1
            events(.problem("error: \(problem)"))
        }
        for notice in batch.notices { events(.notice(notice)) }
        var changes: [PlannedChange] = []
        var records = batch.records
        var outcomes = evaluator.evaluate(records)
        if !state.followedUp.isEmpty {
            // Compared with the follow-ups' own writes, an older copy would read as a person's edit.
            let followed = outcomes.map { $0.leadId.map(state.followedUp.contains) ?? false }
            if followed.contains(true) {
                for (index, outcome) in outcomes.enumerated() where followed[index] {
                    if let id = outcome.leadId, configuration.shard?.contains(leadId: id) ?? true {
                        state.tally.read += 1
                        state.tally.skipped += 1
                    }
                }
                outcomes = outcomes.indices.filter { !followed[$0] }.map { outcomes[$0] }
                records = records.indices.filter { !followed[$0] }.map { records[$0] }
            }
        }
        let evaluations = keepPeoplesEdits(outcomes, records: records, guardEvaluator, &state, &abortNote)
        for (index, (outcome, evaluation)) in zip(outcomes, evaluations).enumerated() {
            if let shard = configuration.shard, let id = outcome.leadId, !shard.contains(leadId: id) { continue }
            state.tally.read += 1
            for message in outcome.errors { events(.problem(message)) }
            if outcome.failed { state.tally.invalid += 1 }
            guard let evaluation else { continue }
            guard var change = PlannedChange(evaluation, explain: configuration.explain) else {
                if !outcome.failed { state.tally.unchanged += 1 }
                continue
            }
            if configuration.onSettled != nil { change.createdAt = Self.createdAt(of: records[index]) }
            state.tally.patched += 1
            for (field, rule) in change.writers {
                state.tally.fields[field, default: 0] += 1
                state.tally.rules[rule, default: 0] += 1
            }
            if !configuration.apply {
                events(.output(change.outputLine))
                if configuration.collectsPlan { state.collected.append(change) }
                continue
            }
            if state.sentLeads.contains(change.leadId) {
                state.tally.skipped += 1   // already sent in this run (resumed, or listed twice)
                continue
            }
            if case .file = configuration.source, alreadyApplied(change, &abortNote) {
                state.tally.skipped += 1
                state.alreadyApplied += 1
                continue
            }
            changes.append(change)
        }
        return changes
    }

    // MARK: - Starting

    /// What a run works from, once started.
    struct Setup {
        var window: CreationWindow?
        var feed: (any BatchFeed)?
        var preparer: (any ChangePreparer)?
        var inputName: String
    }

    /// The start of a run, step by step: what it needs, earlier runs whose process died, the window, the
    /// journal's record of the run, the source.
    private func begin(_ state: inout State) throws(RunAbort) -> Setup {
        if configuration.apply && (journal == nil || client == nil) {
            throw .cannotStart("an apply run needs a journal and a Liner client")
        }
        try markAbandonedRuns()
        let window = try planWindow()
        try recordStart(window: window, &state)
        return try openSource(window: window, &state)
    }

    /// Step 1: runs left `running` by a dead process are marked interrupted (the caller holds the lock).
    private func markAbandonedRuns() throws(RunAbort) {
        guard configuration.apply, let journal else { return }
        do {
            for run in try journal.markAbandonedRuns() {
                events(.notice("run \(run.id) (started \(Timestamp.format(run.startedAt))) had stopped without finishing: marked interrupted"))
            }
        } catch {
            throw .journal(error)
        }
    }

    /// The creation window of a Liner run: explicit, or continuing from the earlier successful runs.
    private func planWindow() throws(RunAbort) -> CreationWindow? {
        guard case .liner = configuration.source else { return nil }
        var ends: [Date] = []
        if let journal {
            do { ends = try previousEnds(journal) } catch { throw .journal(error) }
        }
        let planned = CreationWindow.plan(
            explicitFrom: configuration.createdFrom, explicitTo: configuration.createdTo,
            previousEnds: ends, overlap: configuration.overlap, now: configuration.now
        )
        events(.notice("window: leads created \(planned)"))
        return planned
    }

    /// The run's record in the journal (apply runs), before anything is read or sent.
    private func recordStart(window: CreationWindow?, _ state: inout State) throws(RunAbort) {
        guard configuration.apply, let journal else { return }
        do {
            let record = try journal.beginRun(NewRun(
                source: configuration.sourceName, mode: .apply, shard: configuration.shard?.description,
                windowFrom: window?.from.map(Timestamp.format), windowTo: window.map { Timestamp.format($0.to) },
                rulesDigest: configuration.rulesDigest ?? RulesDigest.of(engine), options: configuration.optionsJSON,
                pid: ProcessInfo.processInfo.processIdentifier, startedAt: Date()
            ))
            state.runId = record.id
        } catch {
            throw .journal(error)
        }
    }

    /// The source of the run's leads (or prepared changes).
    private func openSource(window: CreationWindow?, _ state: inout State) throws(RunAbort) -> Setup {
        switch configuration.source {
        case let .prepared(prepared):
            guard client != nil else { throw .cannotStart("prepared changes need a Liner client") }
            return Setup(window: window, feed: nil, preparer: prepared, inputName: "prepared")
        case let .liner(query, statusIds):
            guard let client, let window else { throw .cannotStart("the Liner source needs a client") }
            var windowed = query
            windowed.createdFrom = window.from.map(Timestamp.format)
            windowed.createdTo = Timestamp.format(window.to)
            windowed.statusIds = []
            let shard = configuration.shard
            let feed = LinerPageFeed(client: client, query: windowed, pageSize: min(configuration.batchSize, LinerClient.maximumPageSize),
                                     maximumLeads: configuration.maximumLeads, requiredFields: engine.leadFieldsUsed) { lead in
                if let shard, !shard.contains(leadId: lead.id) { return false }
                if statusIds.isEmpty { return true }
                return lead.json["statusId"]?.intValue.map(statusIds.contains) ?? false
            }
            return Setup(window: window, feed: feed, preparer: nil, inputName: "lead-list")
        case let .file(path, format):
            let source: ByteSource
            do { source = try ByteSource(path: path) } catch { throw .cannotStart(error.description) }
            let feed = FileFeed(reader: makeReader(for: path, source, format: format, csvDelimiter: configuration.csvDelimiter),
                                batchSize: configuration.batchSize)
            // A shard reads an unknown part of the file: no total then.
            state.total = configuration.shard == nil ? InputSize.leads(path: path, format: format) : nil
            return Setup(window: window, feed: feed, preparer: nil, inputName: path == "-" ? "<stdin>" : path)
        }
    }

    // MARK: - Steps

    /// Mutable state of one run, owned by the run's task.
    struct State {
        var started: ContinuousClock.Instant
        var tally = RunTally()
        var runId: Int64?
        var sentLeads: Set<Int> = []
        /// Leads re-read and evaluated by the follow-ups of this run (step 2): their copies in the lead list,
        /// read meanwhile and perhaps before the follow-ups' updates landed, are not evaluated again.
        var followedUp: Set<Int> = []
        /// Leads the source holds, when known before reading it (an export's lines).
        var total: Int?
        /// Changes recorded in the journal by this run.
        var planned = 0
        /// Answers not yet written to the journal, and when they were last written.
        var pendingOutcomes: [ChangeOutcome] = []
        var lastFlush = ContinuousClock.now
        /// Patches of an export that earlier runs applied already (not sent again).
        var alreadyApplied = 0
        var notes: [String] = []
        /// Leads of this source and shard in the journal's retry set (kept up to date as answers come).
        var retrySet: Set<Int> = []
        /// The patches of a dry run, kept for a plan (``RunConfiguration/collectsPlan``).
        var collected: [PlannedChange] = []
    }

    /// Progress in the journal: what a killed run had done shows in its record.
    private func recordProgress(_ state: State, _ abortNote: inout RunAbort?) {
        guard let journal, let runId = state.runId, abortNote == nil else { return }
        do {
            try journal.updateCounts(id: runId, counts: RunCounts(progress: state.tally, planned: state.planned))
        } catch {
            abortNote = .journal(error)
        }
    }

    /// Takes a prepared batch: reports what it holds back (recorded as `skipped` in apply runs) and returns
    /// what to send (nothing in a dry run, which prints it instead).
    private func take(_ batch: PreparedBatch, _ state: inout State, _ abortNote: inout RunAbort?) -> [PlannedChange] {
        state.tally.read += batch.read
        state.tally.unchanged += batch.unchanged
        state.tally.invalid += batch.problems.count
        for problem in batch.problems { events(.problem(problem)) }
        for notice in batch.notices { events(.notice(notice)) }
        recordHeld(batch.held, &state, &abortNote)
        for change in batch.changes {
            state.tally.patched += 1
            for (field, rule) in change.writers {
                state.tally.fields[field, default: 0] += 1
                state.tally.rules[rule, default: 0] += 1
            }
        }
        guard configuration.apply else {
            for change in batch.changes { events(.output(change.outputLine)) }
            return []
        }
        return batch.changes
    }

    /// Changes not sent, and why: listed, counted and, in apply runs, recorded as `skipped` with the reason.
    func recordHeld(_ held: [HeldChange], _ state: inout State, _ abortNote: inout RunAbort?) {
        state.tally.held += held.count
        for change in held {
            events(.problem(change.reason))
            events(.output(change.outputLine))
        }
        guard configuration.apply, !held.isEmpty, let journal, let ids = plan(held.map(\.change), &state, &abortNote) else { return }
        let now = Date()
        do {
            try journal.recordOutcomes(zip(ids, held).map { id, held in
                ChangeOutcome(changeId: id, state: .skipped, attempts: 0, httpStatus: nil, message: "not sent: " + held.reason, at: now)
            })
        } catch {
            abortNote = .journal(error)
        }
    }

    /// Window ends of the earlier successful apply runs of this source and shard. All of them, not just the
    /// latest run's (`RunJournal.lastSuccessfulRun`): a backfill with an old explicit window may have run
    /// last, and the incremental start must not move back to it.
    private func previousEnds(_ journal: RunJournal) throws(JournalError) -> [Date] {
        let shard = configuration.shard?.description
        return try journal.runs(limit: 10_000).compactMap { run in
            guard run.state == .succeeded, run.mode == .apply, run.source == configuration.sourceName, run.shard == shard,
                  let end = run.windowTo else { return nil }
            return Timestamp.parse(end)
        }
    }

    /// Records `changes` as planned (one transaction); `nil` (and the run aborts) when the journal fails.
    private func plan(_ changes: [PlannedChange], _ state: inout State, _ abortNote: inout RunAbort?) -> [Int64]? {
        guard let journal, let runId = state.runId else { return nil }
        do {
            let ids = try journal.recordPlanned(runId: runId, changes.map {
                NewChange(leadId: $0.leadId, patch: $0.body, provenance: $0.provenance, base: $0.base)
            })
            for change in changes { state.sentLeads.insert(change.leadId) }
            state.planned += ids.count
            return ids
        } catch {
            abortNote = .journal(error)
            return nil
        }
    }

    /// The `createdAt` of a lead as read, when it has one that reads.
    private static func createdAt(of record: InputRecord) -> Date? {
        guard case let .success(fields) = record.fields, let text = fields["createdAt"]?.stringValue else { return nil }
        return Timestamp.parse(text)
    }

    /// Records an answer.
    private func settle(_ sent: Sent, _ state: inout State, _ abortNote: inout RunAbort?) {
        let outcome = sent.outcome
        state.tally.retries += max(0, outcome.attempts - 1)
        switch outcome.state {
        case .applied: state.tally.applied += 1
        case .rejected: state.tally.rejected += 1
        case .failed: state.tally.failed += 1
        case .skipped: state.tally.skipped += 1
        default: state.tally.unknown += 1
        }
        if outcome.state != .applied {
            let status = outcome.httpStatus.map { " (HTTP \($0))" } ?? ""
            events(.problem("lead \(sent.change.leadId): error: update \(outcome.state.rawValue)\(status): \(outcome.message ?? "")"))
        }
        follow(outcome.follow, leadId: sent.change.leadId, applied: outcome.state == .applied,
               error: outcome.message ?? outcome.state.rawValue, changeId: sent.changeId, &state, &abortNote)
        if configuration.printApplied {
            events(.output(sent.change.outputLine(outcome: outcome.state.rawValue)))
        }
        configuration.onSettled?(SettledUpdate(leadId: sent.change.leadId, state: outcome.state, attempts: outcome.attempts,
                                               createdAt: sent.change.createdAt, settledAt: Date()))
        state.pendingOutcomes.append(ChangeOutcome(
            changeId: sent.changeId, state: outcome.state, attempts: outcome.attempts,
            httpStatus: outcome.httpStatus, message: outcome.message, at: Date()
        ))
        if state.pendingOutcomes.count >= Self.outcomeBatch || (ContinuousClock.now - state.lastFlush) >= Self.outcomeDelay {
            flushOutcomes(&state, &abortNote)
        }
        events(.progress(RunProgress(tally: state.tally, total: state.total, elapsed: (ContinuousClock.now - state.started).seconds)))
    }

    /// Answers are written in small batches (one transaction, one `fsync`, for up to this many), so that
    /// the journal does not cap the request rate. A crash loses at most this window of answers: those
    /// changes stay `planned` and the next run checks them against the leads (nothing is re-sent blindly).
    static let outcomeBatch = 32
    static let outcomeDelay = Duration.milliseconds(50)

    /// Writes the answers received so far.
    private func flushOutcomes(_ state: inout State, _ abortNote: inout RunAbort?) {
        state.lastFlush = ContinuousClock.now
        guard !state.pendingOutcomes.isEmpty, let journal else {
            state.pendingOutcomes.removeAll()
            return
        }
        do {
            try journal.recordOutcomes(state.pendingOutcomes)
        } catch {
            abortNote = .journal(error)
        }
        state.pendingOutcomes.removeAll()
    }

    /// Records planned changes that will not be sent.
    private func skip(_ changes: [PlannedChange], ids: [Int64], _ state: inout State, reason: String) {
        state.tally.skipped += changes.count
        guard let journal else { return }
        let now = Date()
        do {
            try journal.recordOutcomes(ids.map {
                ChangeOutcome(changeId: $0, state: .skipped, attempts: 0, httpStatus: nil, message: reason, at: now)
            })
        } catch {
            // They stay `planned`: the next run checks them against the leads before anything else.
            state.notes.append("journal: \(changes.count) unsent change(s) could not be marked skipped (\(error)); the next run checks them")
        }
    }

    /// Whether the journal shows the same patch applied to the lead already (re-running an export).
    private func alreadyApplied(_ change: PlannedChange, _ abortNote: inout RunAbort?) -> Bool {
        guard let journal else { return false }
        do {
            return try journal.lastApplied(leadId: change.leadId)?.patch == change.body
        } catch {
            abortNote = .journal(error)
            return false
        }
    }

    private func progress(_ state: State, _ started: ContinuousClock.Instant, _ clock: ContinuousClock) -> RunProgress {
        RunProgress(tally: state.tally, total: state.total, elapsed: (clock.now - started).seconds)
    }

    /// Writes the run's end to the journal and makes the result.
    private func finish(
        _ state: inout State, _ ending: RunResult.Ending, _ window: CreationWindow?, _ started: ContinuousClock.Instant,
        _ clock: ContinuousClock, note: String?
    ) -> RunResult {
        var notes = state.notes
        if let note { notes.append(note) }
        if state.alreadyApplied > 0 {
            notes.append("\(state.alreadyApplied) patch(es) had been applied by earlier runs: not sent again (see enrich history)")
        }
        let tally = state.tally
        if tally.unknown > 0 {
            notes.append("\(tally.unknown) update(s) may or may not have landed; a later run checks them before anything else, "
                + "those in the retry set once their wait is over (enrich history LEAD shows when)")
        }
        if let journal, state.runId != nil {
            notes += retrySetNotes(journal)
        }
        if let journal, let runId = state.runId {
            let journalState: RunState
            switch ending {
            case .interrupted: journalState = .interrupted
            case .aborted: journalState = .failed
            // Lead-level failures are in the retry set: the run is done, and its window counts.
            case .completed: journalState = .succeeded
            }
            do {
                // The journal's counts describe the run's recorded changes (its consistency check holds them to it).
                let changes = try journal.changes(runId: runId)
                let counts = RunCounts(final: tally, changes: changes)
                try journal.finishRun(id: runId, state: journalState, counts: counts, note: notes.isEmpty ? nil : notes.joined(separator: "; "))
            } catch {
                notes.append("journal: the run's end could not be recorded: \(error)")
            }
        }
        var result = RunResult(ending: ending, tally: tally, runId: state.runId, window: window, elapsed: (clock.now - started).seconds,
                               notes: notes, signal: stop.signal)
        result.planned = state.collected
        return result
    }

    private func describe(_ error: any Error) -> String {
        if let error = error as? LinerCallError { return error.report.description }
        return String(describing: error)
    }
}

extension Duration {
    var seconds: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
