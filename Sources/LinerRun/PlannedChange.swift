import Foundation
import LeadFields
import LeadEngine
import LeadStream

/// A non-empty patch about to be sent, with what the journal keeps about it.
public struct PlannedChange: Sendable {
    public var leadId: Int
    /// The update body as a value: what the client validates and sends (never parsed back from text).
    public var patch: JSONValue
    /// The update body as the journal records it: the patch's compact JSON, written once.
    public var body: String
    /// `[{field, old, new, rule, at, ...}]`: which rule wrote each field.
    public var provenance: String
    /// The lead's values of the patched fields before the update (`null` when absent).
    public var base: String
    /// Field -> rule, for the summary.
    public var writers: [(field: String, rule: String)]
    /// The line `enrich run` prints for this lead, as a value (`{"leadId":..,"patch":..}`).
    public var output: JSONValue
    /// ``output`` as the printed line.
    public var outputLine: String { JSONWriter.write(output) }
    /// The fields the patch clears because a `clear` asked for it (`name`, `customValues[ID]`): the client
    /// refuses to send `""`/`null` for any other.
    public var clears: Set<String>
    /// When the lead was created (its `createdAt`), when the run was asked to keep it
    /// (``RunConfiguration/onSettled``); `nil` otherwise or when the lead has none that reads.
    public var createdAt: Date?

    /// A change prepared otherwise than by evaluating a lead (a plan's, a revert's).
    public init(
        leadId: Int, patch: JSONValue, provenance: String, base: String, writers: [(field: String, rule: String)],
        output: JSONValue, clears: Set<String>
    ) {
        self.leadId = leadId
        self.patch = patch
        self.body = JSONWriter.write(patch)
        self.provenance = provenance
        self.base = base
        self.writers = writers
        self.output = output
        self.clears = clears
    }

    /// The printed line of an applied update: ``output`` with `"outcome"` added.
    public func outputLine(outcome: String) -> String {
        guard case var .object(members) = output else { return outputLine }
        members.append(("outcome", .string(outcome)))
        return JSONWriter.write(.object(members))
    }

    /// The change of an evaluation whose patch is not empty.
    public init?(_ evaluation: Evaluation, explain: Bool) {
        guard !evaluation.patch.isEmpty else { return nil }
        leadId = evaluation.leadId
        patch = evaluation.patch.json
        body = evaluation.patch.jsonBody()
        provenance = JSONWriter.write(OutputEncoder.changes(of: evaluation))
        base = JSONWriter.write(.object(evaluation.changes.map { ($0.field, $0.old ?? .null) }))
        writers = evaluation.changes.map { ($0.field, $0.rule) }
        output = OutputEncoder.value(for: evaluation, explain: explain)
        clears = evaluation.patch.clears
    }
}

/// Whether `lead` already holds every value of `patch` (a patch's JSON object): a later run's way of telling
/// that an update whose answer was lost did land.
public func lead(_ lead: Lead, holds patch: JSONValue) -> Bool {
    // An update body is an object, and its customValues too.
    guard case .object = patch, patch[LeadFields.customValues].map({ $0.objectMembers != nil }) ?? true else { return false }
    return patch.fieldKeyedMembers.allSatisfy { key, wanted in
        LeadFields.sameValue(held: FieldKeys.value(of: key, in: lead), wanted: wanted, key: key)
    }
}
