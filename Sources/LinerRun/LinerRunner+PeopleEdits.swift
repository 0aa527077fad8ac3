import Foundation
import LeadEngine
import LeadStream
import LinerWire
import RunJournal

/// People's edits win (see ``PeopleEdits``): a patch never overwrites a field a person changed after the
/// engine wrote it, unless its writer is declared `overrides edits`.
extension LinerRunner {
    /// The evaluations of a batch, with the leads whose patch would overwrite a person's edit evaluated again
    /// keeping off those fields. Without a journal the evaluations are the batch's own.
    func keepPeoplesEdits(
        _ outcomes: [LeadOutcome], records: [InputRecord], _ evaluator: Evaluator, _ state: inout State, _ abortNote: inout RunAbort?
    ) -> [Evaluation?] {
        var evaluations = outcomes.map(\.evaluation)
        guard let journal else { return evaluations }
        let patched = outcomes.indices.filter { outcomes[$0].evaluation.map { !$0.patch.isEmpty } ?? false }
        guard !patched.isEmpty else { return evaluations }
        let edits: PeopleEdits
        do {
            edits = try PeopleEdits.load(journal, leadIds: patched.compactMap { outcomes[$0].leadId })
        } catch {
            abortNote = .journal(error)
            return evaluations
        }
        for index in patched where edits.written[outcomes[index].leadId ?? 0] != nil {
            guard let evaluation = outcomes[index].evaluation, case let .success(fields) = records[index].fields else { continue }
            let lead: Lead
            do { lead = try Lead(fields: fields) } catch {
                continue   // cannot happen: it was evaluated, so it parsed; its errors were reported then
            }
            evaluations[index] = guarded(lead, evaluation, edits: edits, evaluator: evaluator, &state)
        }
        return evaluations
    }

    /// `evaluation` of `lead`, or a new one keeping off the fields people changed when the patch would write
    /// any of them; what was kept is counted, told and (apply runs) journalled.
    func guarded(_ lead: Lead, _ evaluation: Evaluation, edits: PeopleEdits, evaluator: Evaluator, _ state: inout State) -> Evaluation {
        let changed = edits.edits(of: lead)
        // The fields and rules of the changes, whatever the evaluation's detail (a run without --explain makes no changes).
        let written = evaluation.writtenFields
        let patchFields = Set(written.map(\.field))
        guard changed.contains(where: { patchFields.contains($0.field) }) else { return evaluation }
        let kept = evaluator.evaluate(lead, now: configuration.now, detail: .provenance, keeping: PeopleEdits.editedFields(changed))
        let stillWritten = Set(kept.changes.map(\.field))
        var records: [KeptEdit] = []
        for edit in changed where patchFields.contains(edit.field) && !stillWritten.contains(edit.field) {
            let rule = written.first { $0.field == edit.field }?.rule
            state.tally.keptEdits += 1
            let held = edit.held.map(JSONWriter.write) ?? "null"
            events(.notice("lead \(lead.id): \(edit.field) kept: \(PeopleEdits.reason(edit)) (the engine wrote "
                + "\(JSONWriter.write(edit.written.value)), the lead holds \(held)); \"\(rule ?? "?")\" does not override edits"))
            if let runId = state.runId {
                records.append(KeptEdit(runId: runId, leadId: lead.id, field: edit.field, engineValue: JSONWriter.write(edit.written.value),
                                        writtenInRun: edit.written.runId, leadValue: held, rule: rule, at: Date()))
            }
        }
        if let journal, !records.isEmpty {
            do { try journal.recordKept(records) } catch {
                state.notes.append("journal: kept fields of lead \(lead.id) could not be recorded: \(error)")
            }
        }
        return kept
    }
}
