import Foundation
import LeadEngine

/// What a run did so far: the one set of run counters, for runs over a file (``add(_:)``, ``render()``) and
/// runs against Liner (LinerRun's runner and its progress line and summary). The journal stores a projection of
/// them (`RunCounts`).
public struct RunTally: Sendable, Equatable {
    /// Leads read from the source (after the shard and status filters).
    public var read = 0
    /// Leads whose patch was not empty.
    public var patched = 0
    /// Leads already holding every value the rules give them.
    public var unchanged = 0
    /// Leads that could not be read or evaluated (each reported with its position and id).
    public var invalid = 0
    /// Updates Liner accepted.
    public var applied = 0
    /// Updates Liner refused for good (a 4xx, `success: false`): its message is in the journal.
    public var rejected = 0
    /// Updates given up on that surely did not land (retries ran out on refusals, or never sent).
    public var failed = 0
    /// Updates given up on that may have landed (timeouts, 5xx, lost connections): the next run checks them.
    public var unknown = 0
    /// Extra attempts beyond the first, over all calls (retries after 429, 5xx, timeouts).
    public var retries = 0
    /// Patches not sent: the same patch was already applied to the lead (a re-run of an export), or the
    /// run stopped before sending.
    public var skipped = 0
    /// Prepared changes not sent (applying a plan, a revert): the lead changed since the plan or the run, a
    /// clear was not allowed. Each is listed, and recorded as `skipped` in apply runs.
    public var held = 0
    /// Updates in flight right now.
    public var inFlight = 0
    /// Unsettled updates of earlier interrupted runs found holding their values (so they had landed).
    public var verified = 0
    /// Unsettled updates of earlier runs replaced by a fresh evaluation of the lead.
    public var superseded = 0
    /// Fields left alone because a person changed them after the engine wrote them (people's edits win).
    public var keptEdits = 0
    /// Writes per field and per rule, for the summary.
    public var fields: [String: Int] = [:]
    public var rules: [String: Int] = [:]

    public init() {}

    /// Counts one evaluated record of a run over a file (read, patched or unchanged, failed, fields and rules).
    public mutating func add(_ outcome: LeadOutcome) {
        var names = NameCounts()
        add(outcome, names: &names)
        add(names)
    }

    /// ``add(_:)`` for a worker counting many records: the names of the fields and rules go to `names` (a short
    /// list searched by equality: hashing each name of each change cost more) until ``add(_:)-(NameCounts)``.
    mutating func add(_ outcome: LeadOutcome, names: inout NameCounts) {
        read += 1
        if outcome.failed { invalid += 1 }
        guard let evaluation = outcome.evaluation else { return }
        addEvaluated(patchIsEmpty: evaluation.patch.isEmpty, failed: outcome.failed, written: evaluation.writtenFieldCount,
                     evaluation.writtenField(at:), names: &names)
    }

    /// ``add(_:names:)`` for a lead evaluated into `buffer` (a run over a file evaluates every lead of a worker into
    /// one buffer, and makes no outcome of it): it failed when the evaluation has errors.
    mutating func add(evaluatedInto buffer: EvaluationBuffer, names: inout NameCounts) {
        read += 1
        let failed = !buffer.errors.isEmpty
        if failed { invalid += 1 }
        addEvaluated(patchIsEmpty: buffer.patch.isEmpty, failed: failed, written: buffer.writtenFieldCount, buffer.writtenField(at:),
                     names: &names)
    }

    /// Counts an evaluated lead: patched or unchanged, and the fields and rules of its `count` changes (`written(i)`:
    /// the `i`th one's, read at every level of detail: a run without `--explain` makes no ``FieldChange``).
    private mutating func addEvaluated(patchIsEmpty: Bool, failed: Bool, written count: Int, _ written: (Int) -> WrittenField,
                                       names: inout NameCounts) {
        if patchIsEmpty {
            if !failed { unchanged += 1 }
        } else {
            patched += 1
        }
        for index in 0..<count {
            let change = written(index)
            names.fields.add(change.field)
            names.rules.add(change.rule)
        }
    }

    /// Adds the field and rule counts of ``add(_:names:)``.
    mutating func add(_ names: NameCounts) {
        for (name, count) in zip(names.fields.names, names.fields.counts) { fields[name, default: 0] += count }
        for (name, count) in zip(names.rules.names, names.rules.counts) { rules[name, default: 0] += count }
    }

    /// Adds the counts of `other` (a part of the same run counted elsewhere, e.g. by another worker).
    public mutating func add(_ other: RunTally) {
        read += other.read
        patched += other.patched
        unchanged += other.unchanged
        invalid += other.invalid
        applied += other.applied
        rejected += other.rejected
        failed += other.failed
        unknown += other.unknown
        retries += other.retries
        skipped += other.skipped
        held += other.held
        inFlight += other.inFlight
        verified += other.verified
        superseded += other.superseded
        keptEdits += other.keptEdits
        for (field, count) in other.fields { fields[field, default: 0] += count }
        for (rule, count) in other.rules { rules[rule, default: 0] += count }
    }

    /// The summary of a run over a file, as `enrich run --input` prints it: totals, then per field and per
    /// rule, most frequent first.
    public func render() -> String {
        var out = "leads read: \(read), patched: \(patched), unchanged: \(unchanged), failed: \(invalid)\n"
        if !fields.isEmpty {
            out += "fields written:\n"
            for (field, count) in fields.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { out += "  \(field): \(count)\n" }
        }
        if !rules.isEmpty {
            out += "rules that wrote them:\n"
            for (rule, count) in rules.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) { out += "  \(rule): \(count)\n" }
        }
        return out
    }

    /// Every lead or update that went wrong.
    public var problems: Int { invalid + rejected + failed + unknown + held }
}

/// Writes per field and per rule, counted by a worker before they reach a ``RunTally``: a pack has a few fields and
/// rules, and a name is found in a short list by equality (the same string object compares at once).
struct NameCounts {
    struct List {
        private(set) var names: [String] = []
        private(set) var counts: [Int] = []
        /// The names' lengths in UTF-8: a name is compared only with those of its length (`==` of two different
        /// strings compares their bytes through the standard library's slow path; the length is stored in a string).
        private var lengths: [Int] = []

        mutating func add(_ name: String) {
            let length = name.utf8.count
            for index in lengths.indices where lengths[index] == length && names[index] == name {
                counts[index] += 1
                return
            }
            names.append(name)
            counts.append(1)
            lengths.append(length)
        }
    }

    var fields = List()
    var rules = List()
}
