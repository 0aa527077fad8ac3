import Foundation
import LeadStream

/// How a run ended.
public struct RunResult: Sendable {
    /// How the run ended, as the journal records it.
    public enum Ending: String, Sendable {
        /// Every lead was read and every patch settled (some may have failed: see ``RunTally/problems``).
        case completed
        /// Stopped by a signal before reading every lead.
        case interrupted
        /// The lead list could not be read (after retries), or the journal could not be written.
        case aborted
    }

    public var ending: Ending
    public var tally: RunTally
    /// The journal's run id (apply runs).
    public var runId: Int64?
    public var window: CreationWindow?
    public var elapsed: TimeInterval
    /// Why the run was aborted, or notes (e.g. unsettled updates left for the next run).
    public var notes: [String]
    /// The signal that interrupted the run, if any.
    public var signal: Int32?
    /// The patches of a dry run made with ``RunConfiguration/collectsPlan``, in source order.
    public var planned: [PlannedChange] = []

    /// The process exit code (documented in `enrich run --help` and the README):
    /// 0 done, nothing failed; 1 done, some leads or updates failed; 4 aborted; 128+signal interrupted.
    public var exitCode: Int32 {
        switch ending {
        case .interrupted: return 128 + (signal ?? 2)
        case .aborted: return 4
        case .completed: return tally.problems > 0 ? 1 : 0
        }
    }

    /// The final summary, several lines.
    public func render(apply: Bool) -> String {
        let t = tally
        var out = ""
        let head = runId.map { "run \($0)" } ?? (apply ? "run" : "dry run")
        out += "\(head) \(ending.rawValue) in \(String(format: "%.1f", elapsed)) s"
        if let window { out += ", window \(window)" }
        out += "\n"
        out += "  leads read: \(t.read), patched: \(t.patched), unchanged: \(t.unchanged), invalid: \(t.invalid)\n"
        if apply {
            out += "  updates applied: \(t.applied), rejected: \(t.rejected), failed: \(t.failed), unknown: \(t.unknown), "
            out += "skipped: \(t.skipped), retries: \(t.retries)\n"
            if t.keptEdits > 0 {
                out += "  fields kept because people changed them since the engine wrote them: \(t.keptEdits) (see enrich history)\n"
            }
            if t.held > 0 { out += "  held back: \(t.held) (not sent; each is listed above with its reason)\n" }
            if t.verified + t.superseded > 0 {
                out += "  earlier unsettled updates: \(t.verified) had landed, \(t.superseded) re-evaluated\n"
            }
            if elapsed > 0 {
                let sent = t.applied + t.rejected + t.failed + t.unknown
                out += String(format: "  rate: %.1f updates/s, %.1f leads/s\n", Double(sent) / elapsed, Double(t.read) / elapsed)
            }
        }
        if !apply && t.held > 0 { out += "  held back: \(t.held) (not sent; each is listed above with its reason)\n" }
        if !t.fields.isEmpty {
            out += "  fields written:"
            for (field, count) in t.fields.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { out += " \(field) \(count);" }
            out.removeLast()
            out += "\n"
        }
        for note in notes { out += "  note: \(note)\n" }
        return out
    }
}
