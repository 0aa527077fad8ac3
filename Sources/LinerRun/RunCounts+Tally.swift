import LeadStream
import RunJournal

/// The journal's stored counts are a projection of the run's one set of counters (``RunTally``), made here
/// and nowhere else.
extension RunCounts {
    /// While the run goes: what it has done so far (`planned` changes recorded).
    init(progress tally: RunTally, planned: Int) {
        self.init(read: tally.read, patched: planned, unchanged: tally.unchanged, applied: tally.applied,
                  failed: tally.rejected + tally.failed + tally.unknown, retried: tally.retries, skipped: tally.skipped)
    }

    /// At the end: the changes as the journal recorded them (its consistency check holds the counts to them).
    init(final tally: RunTally, changes: [ChangeRecord]) {
        self.init(read: tally.read, patched: changes.count, unchanged: tally.unchanged,
                  applied: changes.filter { $0.state == .applied }.count,
                  failed: changes.filter { [.rejected, .failed, .unknown].contains($0.state) }.count,
                  retried: tally.retries, skipped: changes.filter { $0.state == .skipped }.count)
    }
}
