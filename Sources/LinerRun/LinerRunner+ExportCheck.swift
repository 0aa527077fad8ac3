import Foundation
import JSON
import LeadFields
import LinerClient
import RunJournal

/// `enrich run --input EXPORT --apply`: an export is a copy of the leads as they were when it was taken. Before a
/// batch of its patches is sent, the leads are read again from Liner; a lead whose patched fields no longer hold
/// the export's values (a manager moved it, gave it a new phone) is held back and listed, as `enrich apply` holds
/// back a lead changed since its plan: the patch was computed from values Liner no longer holds.
extension LinerRunner {
    func holdChangedSinceExport(
        _ changes: [PlannedChange], client: LinerClient, _ state: inout State, _ abortNote: inout RunAbort?
    ) async -> [PlannedChange] {
        guard !changes.isEmpty else { return changes }
        let read = await LeadReader.read(changes.map(\.leadId), client: client, requiredFields: engine.leadFieldsUsed)
        var sendable: [PlannedChange] = []
        var held: [HeldChange] = []
        for (change, (id, result)) in zip(changes, read) {
            switch result {
            case let .failure(error):
                switch FailureFollowUp(error.report) {
                case .refusedKey:
                    abortNote = .refusedKey("Liner refused the API key while re-reading lead \(id) (\(error.report.outcome)): the run stops")
                    return []
                case .leadGone:
                    state.tally.patched -= 1
                    state.tally.invalid += 1
                    events(.problem("lead \(id): error: the lead is not in Liner (\(error.report.outcome)): not sent"))
                default:
                    state.tally.patched -= 1
                    state.tally.invalid += 1
                    events(.problem("lead \(id): error: could not be re-read before its update (\(error.report.outcome)): not sent; run again later"))
                }
            case let .success(lead):
                let base: JSONValue
                do { base = try JSONParser.parse(change.base) } catch {
                    sendable.append(change)   // cannot happen: the engine wrote it
                    continue
                }
                var differences: [(field: String, export: JSONValue, now: JSONValue)] = []
                for (field, exported) in base.fieldKeyedMembers {
                    let now = FieldKeys.value(of: field, in: lead.json) ?? .null
                    if !LeadFields.sameValue(held: now, wanted: exported, key: field) { differences.append((field, exported, now)) }
                }
                guard !differences.isEmpty else {
                    sendable.append(change)
                    continue
                }
                state.tally.patched -= 1
                let fields = differences.map { "\($0.field): the export has \(JSONWriter.write($0.export)), Liner \(JSONWriter.write($0.now))" }
                held.append(HeldChange(
                    change: change,
                    reason: "lead \(id): changed in Liner since the export (\(fields.joined(separator: "; "))): not sent; "
                        + "--source liner enriches the leads as Liner holds them",
                    outputLine: JSONWriter.write(.object([
                        ("leadId", .int(id)), ("held", .string("changed in Liner since the export")),
                        ("fields", .object(differences.map { ($0.field, .object([("export", $0.export), ("liner", $0.now)])) })),
                    ]))
                ))
            }
        }
        recordHeld(held, &state, &abortNote)
        return sendable
    }
}
