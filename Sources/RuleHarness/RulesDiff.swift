import Foundation
import LeadEngine

/// The impact of a rules change: the same leads through two rulesets, patch by patch.
public struct RulesDiff: Sendable {
    /// One lead whose patch changes.
    public struct Example: Sendable {
        public let leadId: Int
        public let before: String
        public let after: String
    }

    public private(set) var leads = 0
    public private(set) var changed = 0
    /// Per field: how many leads' patches differ in it.
    public private(set) var byField: [String: Int] = [:]
    /// Per rule (of either ruleset) that wrote a differing field: how many leads.
    public private(set) var byRule: [String: Int] = [:]
    /// A few examples per field.
    public private(set) var examples: [String: [Example]] = [:]
    let examplesPerField: Int

    public init(examplesPerField: Int = 3) {
        self.examplesPerField = examplesPerField
    }

    /// Adds one lead's evaluation under the base and the new rules.
    public mutating func add(base: Evaluation, new: Evaluation) {
        leads += 1
        let before = PatchDiff.flatten(base.patch.json), after = PatchDiff.flatten(new.patch.json)
        var fields: Set<String> = []
        for key in Set(before.map(\.0)).union(after.map(\.0)) {
            let b = before.first { $0.0 == key }?.1, a = after.first { $0.0 == key }?.1
            if b != a { fields.insert(key) }
        }
        guard !fields.isEmpty else { return }
        changed += 1
        var rules: Set<String> = []
        for field in fields {
            byField[field, default: 0] += 1
            if examples[field, default: []].count < examplesPerField {
                examples[field, default: []].append(Example(leadId: new.leadId, before: base.patch.jsonBody(), after: new.patch.jsonBody()))
            }
            for change in base.changes + new.changes where change.field == field { rules.insert(change.rule) }
        }
        for rule in rules { byRule[rule, default: 0] += 1 }
    }

    /// The report as JSON: `{"leads", "changed", "byField": [{field, leads, examples: [{leadId, before, after}]}],
    /// "byRule": [{rule, leads}]}`, most affected first.
    public func json() -> JSONValue {
        let fields = byField.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).map { field, count -> JSONValue in
            let samples = (examples[field] ?? []).map { example -> JSONValue in
                .object([("leadId", .int(example.leadId)), ("before", Self.parsed(example.before)), ("after", Self.parsed(example.after))])
            }
            return .object([("field", .string(field)), ("leads", .int(count)), ("examples", .array(samples))])
        }
        let rules = byRule.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).map { rule, count -> JSONValue in
            .object([("rule", .string(rule)), ("leads", .int(count))])
        }
        return .object([("leads", .int(leads)), ("changed", .int(changed)), ("byField", .array(fields)), ("byRule", .array(rules))])
    }

    /// A patch body as JSON (it always parses: the engine wrote it).
    private static func parsed(_ body: String) -> JSONValue {
        do { return try JSONParser.parse(body) } catch { return .string(body) }
    }

    /// The report: totals, per field with examples, per rule.
    public func render() -> String {
        var out = "leads: \(leads), patches changed: \(changed)\n"
        guard changed > 0 else { return out }
        out += "by field:\n"
        for (field, count) in byField.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            out += "  \(field): \(count)\n"
            for example in examples[field] ?? [] {
                out += "    lead \(example.leadId): \(example.before) -> \(example.after)\n"
            }
        }
        out += "by rule:\n"
        for (rule, count) in byRule.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            out += "  \(rule): \(count)\n"
        }
        return out
    }
}
