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
    /// Per field: each change of its value (what the base rules sent -> what the new ones send), with
    /// how many leads and a few of their ids: the field-level view.
    public internal(set) var transitions: [String: [FieldTransition]] = [:]
    /// Per rule: why it is behind the changed leads (it now writes a field, no longer does, writes
    /// another value), counted per field.
    public internal(set) var reasons: [String: [RuleReason: Int]] = [:]
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
            recordTransition(field, base: base, new: new)
            explain(field, base: base, new: new)
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
            let changes = (transitions[field] ?? []).map(\.json)
            return .object([("field", .string(field)), ("leads", .int(count)), ("changes", .array(changes)), ("examples", .array(samples))])
        }
        let rules = byRule.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }).map { rule, count -> JSONValue in
            let why = sortedReasons(rule).map { reason, leads -> JSONValue in
                .object([("field", .string(reason.field)), ("what", .string(reason.kind.rawValue)), ("leads", .int(leads)),
                         ("explanation", .string(reason.text(rule: rule)))])
            }
            return .object([("rule", .string(rule)), ("leads", .int(count)), ("reasons", .array(why))])
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
            out += "  \(field): \(count) lead\(count == 1 ? "" : "s")\n"
            for transition in transitions[field] ?? [] {
                out += "    \(transition.describe())\n"
            }
        }
        out += "by rule:\n"
        for (rule, count) in byRule.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
            out += "  \(rule): \(count) lead\(count == 1 ? "" : "s")\n"
            for (reason, leads) in sortedReasons(rule) {
                out += "    \(reason.text(rule: rule)): \(leads) lead\(leads == 1 ? "" : "s")\n"
            }
        }
        return out
    }
}
