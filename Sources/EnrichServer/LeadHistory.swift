import Foundation
import LeadEngine
import RunJournal

/// A lead's history in the journal, for the page: each change with its run, time, outcome, rules digest and fields.
struct LeadHistory {
    struct Row {
        var at: Date
        var state: String
        var runId: Int64
        var digest: String
        var message: String?
        /// `field: old -> new by "rule" (at)` lines.
        var fields: [String]
    }

    var rows: [Row]

    /// The history of `leadId` in `journal`; throws when the journal cannot be read.
    static func read(_ journal: RunJournal, leadId: Int) throws -> LeadHistory {
        let entries = try journal.history(leadId: leadId)
        return LeadHistory(rows: entries.map { entry in
                var fields: [String] = []
                if case let .array(items)? = try? JSONParser.parse(entry.change.provenance) {
                    for item in items {
                        let old = item["old"].map(JSONWriter.write) ?? "null"
                        let new = item["new"].map(JSONWriter.write) ?? "null"
                        fields.append("\(item["field"]?.stringValue ?? "?"): \(old) -> \(new) by \"\(item["rule"]?.stringValue ?? "?")\" (\(item["at"]?.stringValue ?? "?"))")
                    }
                }
                return Row(at: entry.change.updatedAt, state: entry.change.state.rawValue, runId: entry.run.id, digest: entry.run.rulesDigest,
                           message: entry.change.message, fields: fields)
            })
    }
}
