import Foundation
import LeadEngine
import LinerClient
import LinerWire
import RunJournal

/// What an apply run does before reading its own leads: settle earlier runs' unsettled updates and re-try the
/// retry set's leads that are due. Both re-read the lead from Liner and evaluate it afresh: nothing is ever
/// re-sent from a stored body.
extension LinerRunner {
    /// The leads to look at again: for each, the newest unsettled change (if any) and whether it is in the
    /// retry set.
    private struct FollowUp: Sendable {
        var leadId: Int
        var change: ChangeRecord?
    }

    /// Settles the unsettled updates of earlier runs (see the type's documentation), re-reads the retry set's
    /// due leads, and returns the fresh patches to send in this run. A journal failure or a refused key stops
    /// the run (`abortNote`).
    func followUps(
        journal: RunJournal, client: LinerClient, _ state: inout State, _ abortNote: inout RunAbort?
    ) async -> [PlannedChange] {
        let shard = configuration.shard?.description
        let unsettled: [ChangeRecord]
        let retries: [RetryLead]
        do throws(JournalError) {
            unsettled = try journal.unsettledChanges()
            if let source = configuration.retrySource { retries = try journal.retryLeads(source: source, shard: shard) } else { retries = [] }
        } catch {
            abortNote = .journal(error)
            return []
        }
        state.retrySet = Set(retries.map(\.leadId))
        let wallClock = Date()
        // Leads waiting for their backoff (or given up on) are left alone, unsettled changes included.
        let waiting = Set(retries.filter { $0.state == .givenUp || $0.nextAttemptAt > wallClock }.map(\.leadId))

        // The newest change per lead decides; older ones of the same lead are superseded by it.
        var latest: [Int: ChangeRecord] = [:]
        do {
            for change in unsettled {
                if let shard = configuration.shard, !shard.contains(leadId: change.leadId) { continue }
                if waiting.contains(change.leadId) { continue }
                if let other = latest[change.leadId], other.id > change.id {
                    try journal.settle(changeId: change.id, state: .superseded, note: "a later change of the lead replaced it")
                    continue
                }
                if let other = latest[change.leadId] {
                    try journal.settle(changeId: other.id, state: .superseded, note: "a later change of the lead replaced it")
                }
                latest[change.leadId] = change
            }
        } catch {
            abortNote = .journal(error)
            return []
        }
        // Changes of revert runs are checked, never re-evaluated: the rules would write back what the revert undid.
        var checkOnly: Set<Int64> = []
        do {
            for runId in Set(latest.values.map(\.runId)) where try journal.run(id: runId)?.source.hasPrefix(RunReversal.sourcePrefix) == true {
                checkOnly.insert(runId)
            }
        } catch {
            abortNote = .journal(error)
            return []
        }
        var work = latest.values.sorted { $0.id < $1.id }.map { FollowUp(leadId: $0.leadId, change: $0) }
        let due = retries.filter { $0.state == .waiting && $0.nextAttemptAt <= wallClock && latest[$0.leadId] == nil }
        work += due.map { FollowUp(leadId: $0.leadId, change: nil) }
        guard !work.isEmpty else { return [] }
        if !latest.isEmpty {
            events(.notice("checking \(latest.count) update(s) of earlier runs whose outcome is not known"))
        }
        if !due.isEmpty {
            events(.notice("re-trying \(due.count) lead(s) of the retry set: \(Self.idList(due.map(\.leadId)))"))
        }

        state.followedUp.formUnion(work.map(\.leadId))
        let read = await LeadReader.read(work.map(\.leadId), client: client, requiredFields: engine.leadFieldsUsed)
        let fetched = zip(work, read.map(\.result))
        let evaluator = engine.makeEvaluator()
        var fresh: [PlannedChange] = []
        do {
            // What the engine last wrote to these leads (people's edits win), in one read of the journal.
            let edits = try PeopleEdits.load(journal, leadIds: work.map(\.leadId))
            for (item, result) in fetched {
                switch result {
                case let .failure(error):
                    switch FailureFollowUp(error.report) {
                    case .refusedKey:
                        abortNote = .refusedKey("Liner refused the API key while re-reading lead \(item.leadId) (\(error.report.outcome)): "
                            + "the run stops; its window will be read again")
                        return []
                    case .leadGone:
                        if let change = item.change {
                            try journal.settle(changeId: change.id, state: .superseded, note: "the lead no longer exists")
                            state.tally.superseded += 1
                        }
                        if state.retrySet.remove(item.leadId) != nil {
                            try clearRetry(item.leadId, journal: journal)
                        }
                        events(.notice("lead \(item.leadId) no longer exists: nothing to retry"))
                    default:
                        if item.change != nil { state.tally.unknown += 1 }
                        let message = "could not be re-read (\(error.report.outcome))"
                        events(.problem("lead \(item.leadId): error: \(message); left in the retry set"))
                        try recordRetry(item.leadId, message, changeId: item.change?.id, &state)
                    }
                case let .success(linerLead):
                    let lead: Lead
                    do {
                        lead = try Lead(json: linerLead.json)
                    } catch {
                        if item.change != nil { state.tally.unknown += 1 }
                        events(.problem("lead \(item.leadId): error: Liner's copy of the lead cannot be read: \(error)"))
                        try recordRetry(item.leadId, "Liner's copy of the lead cannot be read: \(error)", changeId: item.change?.id, &state)
                        continue
                    }
                    if let change = item.change, checkOnly.contains(change.runId) {
                        let holds = try Self.holds(lead, change, journal: journal)
                        try journal.settle(changeId: change.id, state: holds ? .verified : .superseded,
                                           note: holds ? "the lead holds the values: the update had landed"
                                               : "the lead does not hold what the revert wrote; revert the run again if still wanted")
                        if holds { state.tally.verified += 1 } else { state.tally.superseded += 1 }
                        continue
                    }
                    let evaluation = guarded(lead, evaluator.evaluate(lead, now: configuration.now, detail: .provenance),
                                             edits: edits, evaluator: evaluator, &state)
                    if let planned = PlannedChange(evaluation, explain: configuration.explain) {
                        if let change = item.change {
                            try journal.settle(changeId: change.id, state: .superseded, note: "re-evaluated in run \(state.runId ?? 0)")
                            state.tally.superseded += 1
                        }
                        fresh.append(planned)
                    } else {
                        if let change = item.change {
                            let holds = try Self.holds(lead, change, journal: journal)
                            try journal.settle(changeId: change.id, state: holds ? .verified : .superseded,
                                               note: holds ? "the lead holds the values: the update had landed" : "the lead no longer needs it")
                            if holds { state.tally.verified += 1 } else { state.tally.superseded += 1 }
                        }
                        // Nothing left to do for the lead: it leaves the retry set.
                        if state.retrySet.remove(item.leadId) != nil {
                            try clearRetry(item.leadId, journal: journal)
                        }
                    }
                }
            }
        } catch {
            abortNote = .journal(error)
            return []
        }
        return fresh
    }

    /// Whether `lead` holds the values of the stored patch of `change`.
    private static func holds(_ lead: Lead, _ change: ChangeRecord, journal: RunJournal) throws(JournalError) -> Bool {
        do {
            return LinerRun.lead(lead, holds: try JSONParser.parse(change.patch))
        } catch {
            throw .corrupt(path: journal.path, reason: "change \(change.id) holds a patch that is not JSON: \(error)")
        }
    }

    /// Puts a lead in the retry set (or counts one more failure), and says so when it is given up on.
    func recordRetry(_ leadId: Int, _ message: String, changeId: Int64?, _ state: inout State) throws(JournalError) {
        guard let journal, let source = configuration.retrySource else { return }
        let entry = try journal.recordRetryFailure(
            source: source, shard: configuration.shard?.description, leadId: leadId,
            error: message, changeId: changeId, at: Date(), backoff: configuration.retryBackoff)
        state.retrySet.insert(leadId)
        if entry.state == .givenUp {
            events(.problem("lead \(leadId): error: given up after \(entry.failures) failed attempts (last: \(message)); "
                + "it stays in the retry set, see enrich history \(leadId)"))
        }
    }

    /// After an answer: the run's and the retry set's follow-up (see ``FailureFollowUp``).
    func follow(
        _ follow: FailureFollowUp, leadId: Int, applied: Bool, error: String, changeId: Int64,
        _ state: inout State, _ abortNote: inout RunAbort?
    ) {
        guard let journal else { return }
        do {
            switch follow {
            case .refusedKey:
                if abortNote == nil {
                    abortNote = .refusedKey("Liner refused the API key (lead \(leadId): \(error)): the run stops; its window will be read again")
                }
            case .retry:
                try recordRetry(leadId, error, changeId: changeId, &state)
            case .leadGone, .final:
                if state.retrySet.remove(leadId) != nil {
                    try clearRetry(leadId, journal: journal)
                }
            case .none:
                if applied, state.retrySet.remove(leadId) != nil {
                    try clearRetry(leadId, journal: journal)
                }
            }
        } catch {
            abortNote = .journal(error)
        }
    }

    /// The run summary's lines about the retry set.
    func retrySetNotes(_ journal: RunJournal) -> [String] {
        guard let source = configuration.retrySource else { return [] }
        let entries: [RetryLead]
        do {
            entries = try journal.retryLeads(source: source, shard: configuration.shard?.description)
        } catch {
            return ["journal: the retry set could not be read: \(error)"]
        }
        let waiting = entries.filter { $0.state == .waiting }
        let givenUp = entries.filter { $0.state == .givenUp }
        var notes: [String] = []
        if !waiting.isEmpty {
            notes.append("retry set: \(waiting.count) lead(s) to try again (\(Self.idList(waiting.map(\.leadId)))); "
                + "the next due at \(Timestamp.format(waiting[0].nextAttemptAt))")
        }
        if !givenUp.isEmpty {
            notes.append("retry set: \(givenUp.count) lead(s) given up on after repeated failures (\(Self.idList(givenUp.map(\.leadId)))); "
                + "see enrich history LEAD_ID")
        }
        return notes
    }

    /// Removes a lead from the retry set (of ``RunConfiguration/retrySource``).
    private func clearRetry(_ leadId: Int, journal: RunJournal) throws(JournalError) {
        guard let source = configuration.retrySource else { return }
        try journal.clearRetry(source: source, shard: configuration.shard?.description, leadId: leadId)
    }

    static func idList(_ ids: [Int]) -> String {
        ids.prefix(20).map(String.init).joined(separator: ", ") + (ids.count > 20 ? ", ... \(ids.count - 20) more" : "")
    }
}
