import LeadFields
import Foundation
import LeadEngine
import LinerWire
import RunJournal

/// People's edits win: which fields of a lead a person changed after the engine wrote them.
///
/// The journal says what the engine last wrote to each field of a lead (its landed changes, applied or
/// verified). When the lead, as read now, holds something else in such a field, someone changed it after the
/// engine: no later run, rule or retry writes that field again, unless the writer is declared
/// `overrides edits`. A field the engine never wrote is not protected: without a journal entry the rules'
/// semantics are unchanged.
public struct PeopleEdits: Sendable {
    /// What the engine last wrote to one field of one lead.
    public struct Written: Sendable, Equatable {
        public var value: JSONValue
        public var runId: Int64
        /// For a write whose outcome is not known (it may or may not have landed): the field's value before it.
        /// A lead holding that value was not written (no edit); holding neither it nor ``value``, a person
        /// changed the field after the engine read it, whether the write landed or not.
        public var unsettledBase: JSONValue?

        public init(value: JSONValue, runId: Int64, unsettledBase: JSONValue? = nil) {
            self.value = value
            self.runId = runId
            self.unsettledBase = unsettledBase
        }
    }

    /// Lead id -> field key (`priority`, `customValues[12]`) -> the engine's last write.
    public private(set) var written: [Int: [String: Written]] = [:]

    public init() {}

    /// The engine's last writes, from the journal's landed changes (oldest first).
    /// - Throws: ``JournalError/corrupt(path:reason:)`` for a stored patch that is not a JSON object.
    public init(_ writes: [EngineWrite], journalPath: String) throws(JournalError) {
        for write in writes {
            let patch: JSONValue
            do { patch = try JSONParser.parse(write.patch) } catch {
                throw .corrupt(path: journalPath, reason: "change \(write.changeId) holds a patch that is not JSON: \(error)")
            }
            guard patch.objectMembers != nil else {
                throw .corrupt(path: journalPath, reason: "change \(write.changeId) holds a patch that is not a JSON object")
            }
            var bases: [String: JSONValue]?
            if let text = write.unsettledBase {
                do { bases = Dictionary(try JSONParser.parse(text).fieldKeyedMembers, uniquingKeysWith: { first, _ in first }) } catch {
                    throw .corrupt(path: journalPath, reason: "change \(write.changeId) holds a base that is not JSON: \(error)")
                }
            }
            for (field, value) in patch.fieldKeyedMembers {
                written[write.leadId, default: [:]][field] = Written(value: value, runId: write.runId,
                                                                     unsettledBase: bases.map { $0[field] ?? .null })
            }
        }
    }

    /// Reads the engine's last writes to `leadIds` from `journal`.
    public static func load(_ journal: RunJournal, leadIds: some Collection<Int>) throws(JournalError) -> PeopleEdits {
        try PeopleEdits(journal.engineWrites(leadIds: leadIds), journalPath: journal.path)
    }

    /// One protected field: what the engine wrote, and what the lead holds instead.
    public struct Edit: Sendable, Equatable {
        public var field: String
        public var written: Written
        public var held: JSONValue?
    }

    /// The fields of `lead` a person changed since the engine wrote them.
    public func edits(of lead: Lead) -> [Edit] {
        guard let fields = written[lead.id] else { return [] }
        var edits: [Edit] = []
        for (field, write) in fields.sorted(by: { $0.key < $1.key }) {
            let held = FieldKeys.value(of: field, in: lead)
            if LeadFields.sameValue(held: held, wanted: write.value, key: field) { continue }
            // A write that may not have landed, and the lead holds what it held before: nobody changed the field.
            if let base = write.unsettledBase, LeadFields.sameValue(held: held ?? .null, wanted: base, key: field) { continue }
            edits.append(Edit(field: field, written: write, held: held))
        }
        return edits
    }

    /// The engine's view of ``edits(of:)``: each field with why it is kept.
    public func editedFields(of lead: Lead) -> EditedFields {
        Self.editedFields(edits(of: lead))
    }

    /// The engine's view of `edits`.
    public static func editedFields(_ edits: [Edit]) -> EditedFields {
        EditedFields(Dictionary(edits.map { ($0.field, reason($0)) }, uniquingKeysWith: { first, _ in first }))
    }

    /// "changed by a person since run 12".
    public static func reason(_ edit: Edit) -> String { "changed by a person since run \(edit.written.runId)" }
}
