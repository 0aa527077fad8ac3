import LeadFields
import Foundation
import LeadEngine
import LinerClient

/// Applies a plan (`enrich apply FILE`): re-reads each planned lead just before its batch is sent and hands
/// over its patch exactly as planned, unless one of its planned fields no longer holds the value the plan
/// saw (someone changed the lead since): that lead is held back and reported. A lead that already holds
/// every planned value (the plan was applied before) counts as unchanged: applying a plan twice sends
/// nothing twice.
public final class PlanApplication: ChangePreparer {
    private let batches: PreparedBatches<PlannedLead>

    /// - Parameter batchSize: leads re-read, then sent, together: small, so that little time passes between
    ///   the check and the update.
    public init(plan: RunPlan, batchSize: Int = 32) {
        batches = PreparedBatches(plan.leads, size: batchSize,
                                  wording: .init(work: "the apply", notDone: "not sent", again: "apply the plan again later"),
                                  leadId: \.leadId, fields: { lead in
                                      if case let .object(members) = lead.patch { return members.map(\.0) }
                                      return []
                                  })
    }

    public func next(client: LinerClient) async throws(PreparationError) -> PreparedBatch? {
        try await batches.next(client: client) { item, lead, batch in check(item, against: lead, into: &batch) }
    }

    /// Compares the planned fields with the lead as Liner holds it now.
    private func check(_ planned: PlannedLead, against lead: JSONValue, into batch: inout PreparedBatch) {
        let values = FieldKeys.flatten(planned.patch)
        var changed: [(key: String, saw: JSONValue, now: JSONValue, planned: JSONValue)] = []
        var current: [(String, JSONValue)] = []
        for (key, value) in values {
            let now = FieldKeys.value(of: key, in: lead) ?? .null
            current.append((key, now))
            let saw = planned.saw[key] ?? .null
            if !LeadFields.sameValue(held: now, wanted: saw, key: key) { changed.append((key, saw, now, value)) }
        }
        if values.allSatisfy({ LeadFields.sameValue(held: FieldKeys.value(of: $0.key, in: lead), wanted: $0.value, key: $0.key) }) {
            batch.unchanged += 1
            return
        }
        let change = plannedChange(planned, current: current)
        if changed.isEmpty {
            batch.changes.append(change)
            return
        }
        let fields = changed.map { "\($0.key) was \(JSONWriter.write($0.saw)), now \(JSONWriter.write($0.now))" }.joined(separator: "; ")
        let detail = JSONValue.object(changed.map { ($0.key, .object([("saw", $0.saw), ("now", $0.now), ("planned", $0.planned)])) })
        batch.held.append(HeldChange(
            change: change,
            reason: "lead \(planned.leadId): changed since the plan (\(fields)): not sent",
            outputLine: JSONWriter.write(.object([("leadId", .int(planned.leadId)), ("held", .string("changed since the plan")), ("fields", detail)]))
        ))
    }

    /// The change to send: the planned body, byte for byte as the plan's compact JSON.
    private func plannedChange(_ planned: PlannedLead, current: [(String, JSONValue)]) -> PlannedChange {
        let rules = Dictionary(planned.writers.map { ($0.field, $0) }, uniquingKeysWith: { first, _ in first })
        let provenance = FieldKeys.flatten(planned.patch).map { key, value -> JSONValue in
            .object([("field", .string(key)), ("old", planned.saw[key] ?? .null), ("new", value),
                     ("rule", .string(rules[key]?.rule ?? "?")), ("at", .string(rules[key]?.at ?? "?"))])
        }
        return PlannedChange(
            leadId: planned.leadId, patch: planned.patch, provenance: JSONWriter.write(.array(provenance)),
            base: JSONWriter.write(.object(current)), writers: planned.writers.map { ($0.field, $0.rule) },
            output: .object([("leadId", .int(planned.leadId)), ("patch", planned.patch)]),
            clears: Set(planned.clears)
        )
    }
}
