import Foundation
import GRDB

/// What the engine wrote to a lead, as the journal knows it: one landed change (applied, or verified by a
/// later run), or one whose outcome is not known (planned or unknown: it may have landed).
public struct EngineWrite: Sendable, Equatable {
    public var leadId: Int
    public var runId: Int64
    public var changeId: Int64
    /// The body sent, JSON object text.
    public var patch: String
    /// For a change whose outcome is not known, the lead's values before it (JSON object text); `nil` for a
    /// landed change.
    public var unsettledBase: String?

    public init(leadId: Int, runId: Int64, changeId: Int64, patch: String, unsettledBase: String? = nil) {
        self.leadId = leadId
        self.runId = runId
        self.changeId = changeId
        self.patch = patch
        self.unsettledBase = unsettledBase
    }
}

/// A field a run left alone because a person changed it after the engine wrote it.
public struct KeptEdit: Sendable, Equatable {
    public var runId: Int64
    public var leadId: Int
    /// `priority`, `statusId`, `customValues[12]`.
    public var field: String
    /// What the engine had written (JSON text) and in which run.
    public var engineValue: String
    public var writtenInRun: Int64
    /// What the lead held instead (JSON text).
    public var leadValue: String
    /// The rule that would have written the field this time, when known.
    public var rule: String?
    public var at: Date

    public init(runId: Int64, leadId: Int, field: String, engineValue: String, writtenInRun: Int64, leadValue: String,
                rule: String?, at: Date) {
        self.runId = runId
        self.leadId = leadId
        self.field = field
        self.engineValue = engineValue
        self.writtenInRun = writtenInRun
        self.leadValue = leadValue
        self.rule = rule
        self.at = at
    }
}

extension RunJournal {
    /// The landed changes (``ChangeState/applied`` or ``ChangeState/verified``) of these leads, and those whose
    /// outcome is not known (``ChangeState/planned``, ``ChangeState/unknown``: they may have landed, with their
    /// base), oldest first: what the engine last wrote to each field is the last of them that carries it.
    public func engineWrites(leadIds: some Collection<Int>) throws(JournalError) -> [EngineWrite] {
        guard !leadIds.isEmpty else { return [] }
        let ids = Array(Set(leadIds))
        return try read { db in
            var writes: [EngineWrite] = []
            // SQLite limits the variables of one statement: ask in slices.
            for start in stride(from: 0, to: ids.count, by: 500) {
                let slice = Array(ids[start..<min(ids.count, start + 500)])
                let marks = Array(repeating: "?", count: slice.count).joined(separator: ", ")
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT id, run_id, lead_id, patch, base, state FROM changes
                        WHERE state IN ('applied', 'verified', 'planned', 'unknown') AND lead_id IN (\(marks)) ORDER BY id
                        """,
                    arguments: StatementArguments(slice))
                for row in rows {
                    let state = try row.decode(String.self, forColumn: "state")
                    let unsettled = state == ChangeState.planned.rawValue || state == ChangeState.unknown.rawValue
                    writes.append(EngineWrite(
                        leadId: try row.decode(Int.self, forColumn: "lead_id"), runId: try row.decode(Int64.self, forColumn: "run_id"),
                        changeId: try row.decode(Int64.self, forColumn: "id"), patch: try row.decode(String.self, forColumn: "patch"),
                        unsettledBase: unsettled ? try row.decode(String.self, forColumn: "base") : nil))
                }
            }
            return writes.sorted { $0.changeId < $1.changeId }
        }
    }

    /// Records fields a run left alone because people changed them (one transaction).
    public func recordKept(_ kept: [KeptEdit]) throws(JournalError) {
        guard !kept.isEmpty else { return }
        try write { db in
            for edit in kept {
                try db.execute(
                    sql: """
                        INSERT INTO kept_edits (run_id, lead_id, field, engine_value, lead_value, written_in_run, rule, at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [edit.runId, edit.leadId, edit.field, edit.engineValue, edit.leadValue, edit.writtenInRun,
                                edit.rule, JournalTime.string(from: edit.at)])
            }
        }
    }

    /// The fields runs left alone on a lead because people had changed them, oldest first.
    public func keptEdits(leadId: Int) throws(JournalError) -> [KeptEdit] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM kept_edits WHERE lead_id = ? ORDER BY id", arguments: [leadId]).map { row in
                let at: String = try row.decode(String.self, forColumn: "at")
                guard let date = JournalTime.date(from: at) else {
                    throw DecodingProblem("kept_edits.at holds '\(at)', which is not an ISO 8601 UTC date")
                }
                return KeptEdit(
                    runId: try row.decode(Int64.self, forColumn: "run_id"), leadId: try row.decode(Int.self, forColumn: "lead_id"),
                    field: try row.decode(String.self, forColumn: "field"), engineValue: try row.decode(String.self, forColumn: "engine_value"),
                    writtenInRun: try row.decode(Int64.self, forColumn: "written_in_run"),
                    leadValue: try row.decode(String.self, forColumn: "lead_value"), rule: try row.decode(String?.self, forColumn: "rule"),
                    at: date)
            }
        }
    }
}
