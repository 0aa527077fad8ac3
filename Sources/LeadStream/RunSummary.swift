/// Counts of a run, printed to standard error at its end.
public struct RunSummary: Sendable {
    public var read = 0
    public var patched = 0
    public var unchanged = 0
    public var failed = 0
    public var fields: [String: Int] = [:]
    public var rules: [String: Int] = [:]

    public init() {}

    public mutating func add(_ outcome: LeadOutcome) {
        read += 1
        if outcome.failed { failed += 1 }
        guard let evaluation = outcome.evaluation else { return }
        if evaluation.patch.isEmpty {
            if !outcome.failed { unchanged += 1 }
        } else {
            patched += 1
        }
        for change in evaluation.changes {
            let field = change.field.hasPrefix("customValues[") ? change.field : change.field
            fields[field, default: 0] += 1
            rules[change.rule, default: 0] += 1
        }
    }

    /// The summary as text: totals, then per field and per rule, most frequent first.
    public func render() -> String {
        var out = "leads read: \(read), patched: \(patched), unchanged: \(unchanged), failed: \(failed)\n"
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
}
