import Foundation
import LeadEngine

extension RulesDiff {
    /// One change of a field's value between the base and the new rules' patches.
    public struct FieldTransition: Sendable {
        /// What the base rules' patch sends (`nil`: it does not write the field).
        public let before: JSONValue?
        /// What the new rules' patch sends (`nil`: it does not write the field).
        public let after: JSONValue?
        /// The lead's own value, when a rule that wrote the field saw one.
        public var current: JSONValue?
        public var leads: Int
        /// A few of the leads, by id.
        public var sampleLeadIds: [Int]

        /// `5 -> 9: 7 leads (e.g. 12, 15)`; a side that writes nothing reads `(not written)`.
        public func describe() -> String {
            func side(_ value: JSONValue?) -> String {
                guard let value else { return "(not written" + (current.map { ", keeps \(JSONWriter.write($0))" } ?? "") + ")" }
                return JSONWriter.write(value)
            }
            let samples = sampleLeadIds.isEmpty ? "" : " (e.g. lead " + sampleLeadIds.map(String.init).joined(separator: ", ") + ")"
            return "\(side(before)) -> \(side(after)): \(leads) lead\(leads == 1 ? "" : "s")" + samples
        }

        var json: JSONValue {
            .object([("before", before ?? .null), ("after", after ?? .null), ("current", current ?? .null),
                     ("leads", .int(leads)), ("sampleLeadIds", .array(sampleLeadIds.map { .int($0) }))])
        }
    }

    /// Why a rule is behind a changed field.
    public struct RuleReason: Sendable, Hashable {
        public enum Kind: String, Sendable {
            /// The new rules' patch writes the field by this rule; the base's did not.
            case nowWrites
            /// The base rules' patch wrote the field by this rule; the new one does not.
            case noLongerWrites
            /// The rule wins the field under both, with another value.
            case writesAnotherValue
            /// The new rules' patch writes the field by this rule, where the base's wrote it by another rule.
            case takesOver
            /// The base rules' patch wrote the field by this rule; another rule wins it now.
            case losesTo
        }
        public let field: String
        public let kind: Kind
        /// The other rule, for ``Kind/takesOver`` and ``Kind/losesTo``.
        public let other: String?

        /// The reason in words.
        public func text(rule: String) -> String {
            switch kind {
            case .nowWrites: return "now writes \(field)"
            case .noLongerWrites: return "no longer writes \(field)"
            case .writesAnotherValue: return "writes another value to \(field)"
            case .takesOver: return "now writes \(field) in place of \"\(other ?? "?")\""
            case .losesTo: return "no longer writes \(field): \"\(other ?? "?")\" does now"
            }
        }
    }

    func sortedReasons(_ rule: String) -> [(RuleReason, Int)] {
        (reasons[rule] ?? [:]).sorted { a, b in
            (a.value, b.key.field, b.key.kind.rawValue) > (b.value, a.key.field, a.key.kind.rawValue)
        }.map { ($0.key, $0.value) }
    }

    /// The field's value in a patch, by field key (`customValues[12]` included).
    private static func value(_ field: String, in evaluation: Evaluation) -> JSONValue? {
        evaluation.patch.json.fieldKeyedMembers.first { $0.key == field }?.value
    }

    mutating func recordTransition(_ field: String, base: Evaluation, new: Evaluation) {
        let before = Self.value(field, in: base), after = Self.value(field, in: new)
        let current = (base.changes + new.changes).first { $0.field == field }?.old
        var list = transitions[field] ?? []
        if let index = list.firstIndex(where: { $0.before == before && $0.after == after }) {
            list[index].leads += 1
            if list[index].sampleLeadIds.count < examplesPerField { list[index].sampleLeadIds.append(new.leadId) }
            if list[index].current == nil { list[index].current = current }
        } else {
            list.append(FieldTransition(before: before, after: after, current: current, leads: 1,
                                        sampleLeadIds: examplesPerField > 0 ? [new.leadId] : []))
        }
        list.sort { $0.leads > $1.leads }
        transitions[field] = list
    }

    mutating func explain(_ field: String, base: Evaluation, new: Evaluation) {
        let old = base.changes.first { $0.field == field }?.rule, now = new.changes.first { $0.field == field }?.rule
        func add(_ rule: String, _ kind: RuleReason.Kind, _ other: String? = nil) {
            reasons[rule, default: [:]][RuleReason(field: field, kind: kind, other: other), default: 0] += 1
        }
        switch (old, now) {
        case let (old?, now?) where old == now: add(now, .writesAnotherValue)
        case let (old?, now?):
            add(now, .takesOver, old)
            add(old, .losesTo, now)
        case let (old?, nil): add(old, .noLongerWrites)
        case let (nil, now?): add(now, .nowWrites)
        case (nil, nil): break
        }
    }
}
