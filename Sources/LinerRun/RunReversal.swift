import LeadFields
import Foundation
import LeadEngine
import LinerClient
import LinerWire
import RunJournal

/// Undoes a run (`enrich revert RUN_ID`): from the journal's changes of the run that landed (`applied` or
/// `verified`), restores each field's value from before the run, only where the lead still holds the value
/// the run wrote. A field someone changed since is held back and listed; a field that was empty before the
/// run can only be restored by clearing it, which is done only when clears are allowed, and otherwise
/// listed. A field already back at its old value needs nothing. A revert is itself a run (source
/// `revert:RUN_ID`), so it can be reverted in turn.
public final class RunReversal: ChangePreparer {
    /// The journal source of revert runs: `revert:` and the reverted run's id.
    public static let sourcePrefix = "revert:"

    /// The run reverted.
    public let run: RunRecord
    /// Its changes that landed, and those whose outcome is unknown (not reverted: the next run settles them).
    public let landed: Int
    public let unsettled: Int
    private let batches: PreparedBatches<Target>
    private let allowClears: Bool

    /// One lead's fields: what the run wrote over what.
    private struct Target: Sendable {
        var leadId: Int
        var fields: [(key: String, wrote: JSONValue, before: JSONValue, changeId: Int64)]
    }

    /// Reads the run's changes from the journal.
    ///
    /// - Throws: when the run does not exist, is still running, or was a dry run.
    public init(journal: RunJournal, runId: Int64, allowClears: Bool, batchSize: Int = 32) throws(PreparationError) {
        let changes: [ChangeRecord]
        do {
            guard let run = try journal.run(id: runId) else { throw PreparationError("the journal \(journal.path) has no run \(runId)") }
            guard run.state != .running else { throw PreparationError("run \(runId) is still running") }
            guard run.mode == .apply else { throw PreparationError("run \(runId) was a dry run: it changed nothing") }
            self.run = run
            changes = try journal.changes(runId: runId)
        } catch let error as PreparationError {
            throw error
        } catch {
            throw PreparationError("journal: \(error)")
        }
        var order: [Int] = []
        var byLead: [Int: Target] = [:]
        for change in changes where change.state.isOnLead {
            let patch: JSONValue, base: JSONValue
            do {
                patch = try JSONParser.parse(change.patch)
                base = try JSONParser.parse(change.base)
            } catch {
                throw PreparationError("journal: change \(change.id) of run \(runId) does not hold JSON: \(error)")
            }
            var target = byLead[change.leadId] ?? Target(leadId: change.leadId, fields: [])
            if byLead[change.leadId] == nil { order.append(change.leadId) }
            for (key, value) in FieldKeys.flatten(patch) {
                if let index = target.fields.firstIndex(where: { $0.key == key }) {
                    target.fields[index].wrote = value   // a later change of the run: the first before-value stays
                    target.fields[index].changeId = change.id
                } else {
                    target.fields.append((key, value, base[key] ?? .null, change.id))
                }
            }
            byLead[change.leadId] = target
        }
        let targets = order.compactMap { byLead[$0] }
        landed = changes.filter(\.state.isOnLead).count
        unsettled = changes.filter(\.state.isUnsettled).count
        self.allowClears = allowClears
        batches = PreparedBatches(targets, size: batchSize,
                                  wording: .init(work: "the revert", notDone: "not restored", again: "revert again later"),
                                  leadId: \.leadId, fields: { $0.fields.map(\.key) })
    }

    /// The journal source of this revert.
    public var sourceName: String { Self.sourcePrefix + String(run.id) }

    /// How the revert's writes are named in its provenance and summary.
    var ruleName: String { "revert of run \(run.id)" }

    public func next(client: LinerClient) async throws(PreparationError) -> PreparedBatch? {
        try await batches.next(client: client) { item, lead, batch in check(item, against: lead, into: &batch) }
    }

    private typealias Restore = (key: String, value: JSONValue, now: JSONValue, changeId: Int64)

    private func check(_ target: Target, against lead: JSONValue, into batch: inout PreparedBatch) {
        var restore: [Restore] = []
        var clears: Set<String> = []
        var changedSince: [(restore: Restore, wrote: JSONValue)] = []
        var needClear: [Restore] = []
        var unsendable: [(restore: Restore, problem: String)] = []
        for field in target.fields {
            let now = FieldKeys.value(of: field.key, in: lead) ?? .null
            let emptyBefore = field.before.emptiesField
            let value: JSONValue = field.before.isNull ? .null : field.before
            let item = (key: field.key, value: value, now: now, changeId: field.changeId)
            if LeadFields.sameValue(held: now, wanted: field.wrote, key: field.key) {
                if !emptyBefore, let problem = Self.unsendableProblem(field.key, value) {
                    // The value from before the run is one the API does not take (a phone as a person typed it):
                    // sent with the other fields it would make the whole lead's update refused.
                    unsendable.append((item, problem))
                } else if !emptyBefore {
                    restore.append(item)
                } else if allowClears {
                    restore.append(item)
                    clears.insert(field.key)
                } else {
                    needClear.append(item)
                }
            } else if !LeadFields.sameValue(held: now, wanted: field.before, key: field.key) {
                changedSince.append((item, field.wrote))
            }
        }
        if restore.isEmpty && changedSince.isEmpty && needClear.isEmpty && unsendable.isEmpty {
            batch.unchanged += 1   // every field is back at its value from before the run
            return
        }
        if !restore.isEmpty {
            batch.changes.append(change(target.leadId, restore, clears: clears))
        }
        if !changedSince.isEmpty {
            let fields = changedSince.map {
                "\($0.restore.key): run \(run.id) wrote \(JSONWriter.write($0.wrote)), now \(JSONWriter.write($0.restore.now))"
            }.joined(separator: "; ")
            let detail = JSONValue.object(changedSince.map {
                ($0.restore.key, .object([("wrote", $0.wrote), ("now", $0.restore.now), ("before", $0.restore.value)]))
            })
            batch.held.append(HeldChange(
                change: change(target.leadId, changedSince.map(\.restore),
                               clears: Set(changedSince.filter { $0.restore.value.emptiesField }.map(\.restore.key))),
                reason: "lead \(target.leadId): changed since run \(run.id) (\(fields)): not restored",
                outputLine: JSONWriter.write(.object([("leadId", .int(target.leadId)), ("held", .string("changed since run \(run.id)")), ("fields", detail)]))
            ))
        }
        if !needClear.isEmpty {
            let names = needClear.map(\.key).joined(separator: ", ")
            let detail = JSONValue.object(needClear.map { ($0.key, .object([("wrote", $0.now), ("before", $0.value)])) })
            batch.held.append(HeldChange(
                change: change(target.leadId, needClear, clears: Set(needClear.map(\.key))),
                reason: "lead \(target.leadId): \(names) empty before run \(run.id): restoring means clearing; not restored (--allow-clears clears it)",
                outputLine: JSONWriter.write(.object([("leadId", .int(target.leadId)), ("held", .string("empty before run \(run.id): needs --allow-clears")), ("fields", detail)]))
            ))
        }
        if !unsendable.isEmpty {
            let problems = unsendable.map(\.problem).joined(separator: "; ")
            let detail = JSONValue.object(unsendable.map {
                ($0.restore.key, .object([("wrote", $0.restore.now), ("before", $0.restore.value), ("problem", .string($0.problem))]))
            })
            batch.held.append(HeldChange(
                change: change(target.leadId, unsendable.map(\.restore), clears: []),
                reason: "lead \(target.leadId): the value from before run \(run.id) cannot be sent to Liner (\(problems)): not restored",
                outputLine: JSONWriter.write(.object([("leadId", .int(target.leadId)), ("held", .string("value from before run \(run.id) cannot be sent")), ("fields", detail)]))
            ))
        }
    }

    /// Why the update cannot carry `value` for the field `key` (as the client's validator words it), or `nil`
    /// when it can.
    static func unsendableProblem(_ key: String, _ value: JSONValue) -> String? {
        switch LinerUpdateValidator.validate(FieldKeys.body([(key, value)])) {
        case .success: return nil
        case let .failure(problem): return problem.message
        }
    }

    /// The change restoring `fields`.
    private func change(_ leadId: Int, _ fields: [Restore], clears: Set<String>) -> PlannedChange {
        let body = FieldKeys.body(fields.map { ($0.key, $0.value) })
        let provenance = fields.map { field -> JSONValue in
            .object([("field", .string(field.key)), ("old", field.now), ("new", field.value), ("rule", .string(ruleName)),
                     ("at", .string("run \(run.id), change \(field.changeId)"))])
        }
        return PlannedChange(
            leadId: leadId, patch: body, provenance: JSONWriter.write(.array(provenance)),
            base: JSONWriter.write(.object(fields.map { ($0.key, $0.now) })), writers: fields.map { ($0.key, ruleName) },
            output: .object([("leadId", .int(leadId)), ("patch", body)]),
            clears: clears.intersection(Set(fields.map(\.key)))
        )
    }
}
