import Foundation
import JSON
import Testing
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// Compares the engine with the reference interpreter on one lead: the patch bytes at every level of detail,
/// the clears, every change's provenance (rule, location, old and new values, regex matches, table row), the
/// errors and the writers that fired. Renders both sides as text, one fact a line, so a mismatch reads as a diff.
struct DifferentialComparison {
    let engine: Engine
    let evaluator: Evaluator
    let reference: ReferenceInterpreter

    init(_ engine: Engine) {
        self.engine = engine
        evaluator = engine.makeEvaluator()
        reference = ReferenceInterpreter(engine)
    }

    /// `nil` when the engine, at each of `details`, and the reference agree on `lead` at `now` (keeping off the
    /// `edited` fields); otherwise both renderings.
    func mismatch(_ lead: Lead, now: Date, edited: Set<String> = [],
                  details: [EvaluationDetail] = [.patchOnly, .patch, .provenance, .trace]) -> String? {
        compare(lead, now: now, edited: edited, details: details).mismatch
    }

    /// ``mismatch(_:now:edited:details:)`` and the reference's outcome.
    ///
    /// At ``EvaluationDetail/patchOnly`` the writers that could not change the patch are not run: the engine's fired
    /// writers must be the reference's without some of them (in order, and every writer of a change among them).
    func compare(_ lead: Lead, now: Date, edited: Set<String> = [],
                 details: [EvaluationDetail] = [.patchOnly, .patch, .provenance, .trace]) -> (mismatch: String?, expected: ReferenceOutcome) {
        let expected = reference.evaluate(lead, now: now, edited: edited)
        var reasons: [String: String] = [:]
        for field in edited { reasons[field] = "changed by a person since run 1" }
        let full = Self.render(expected.patchBody, expected.clears, expected.changes, expected.errors, expected.fired, matches: true)
        let bare = Self.render(expected.patchBody, expected.clears, expected.changes, expected.errors, expected.fired, matches: false)
        var report = ""
        for detail in details {
            let evaluation = edited.isEmpty ? evaluator.evaluate(lead, now: now, detail: detail)
                : evaluator.evaluate(lead, now: now, detail: detail, keeping: EditedFields(reasons))
            let withMatches = detail != .patch && detail != .patchOnly
            var fired = evaluation.fired
            if detail == .patchOnly {
                // Fired writers the reference names, in its order, with those of the changes: then compared as its.
                var rest = expected.fired[...]
                let inOrder = fired.allSatisfy { name in
                    guard let at = rest.firstIndex(of: name) else { return false }
                    rest = rest[(at + 1)...]
                    return true
                }
                if inOrder, evaluation.writtenFields.allSatisfy({ fired.contains($0.rule) }) { fired = expected.fired }
            }
            // Patch-only detail makes no changes: each change's field and rule are compared (every other detail has
            // both, which must agree).
            let actual: String, wanted: String
            if detail == .patchOnly {
                actual = Self.render(evaluation.patch.jsonBody(), evaluation.patch.clears, written: evaluation.writtenFields,
                                     changeCount: evaluation.changes.count, evaluation.errors, fired)
                wanted = Self.render(expected.patchBody, expected.clears, written: Self.written(expected.changes), changeCount: 0,
                                     expected.errors, expected.fired)
            } else {
                actual = Self.render(evaluation.patch.jsonBody(), evaluation.patch.clears, evaluation.changes, evaluation.errors,
                                     fired, matches: withMatches)
                    + (evaluation.writtenFields == Self.written(evaluation.changes) ? "" : "\nwritten fields \(evaluation.writtenFields)")
                wanted = withMatches ? full : bare
            }
            if actual != wanted {
                report += "engine (detail .\(detail)):\n\(actual)\nreference:\n\(wanted)\n"
            }
        }
        return (report.isEmpty ? nil : report, expected)
    }

    /// ``compare(_:now:edited:details:)`` of the lead whose JSON text is `json`, read both ways the engine gets leads:
    /// kept as its text (``Lead/init(checkedText:)``, fields decoded as read) and decoded whole (``Lead/init(json:)``).
    func compareBothReadings(_ json: String, now: Date) throws -> [(mismatch: String?, expected: ReferenceOutcome)] {
        let decoded = try Lead(json: try JSONParser.parse(json))
        let lazy = try #require(Lead(checkedText: Array(json.utf8)), "\(json)")
        return [lazy, decoded].map { compare($0, now: now) }
    }

    /// What ``tallyBothReadings(_:now:into:)`` counted over many leads.
    struct Tally {
        /// Readings whose evaluation differed from the reference.
        var mismatches = 0
        /// Readings whose expected patch writes the lead's `phone`.
        var rewritten = 0
        /// Readings compared.
        var readings = 0
        /// Readings whose expected outcome has errors (a rule that failed on the lead).
        var failing = 0
    }

    /// ``compareBothReadings(_:now:)`` of `json`, counted into `tally`; the first three mismatches are recorded as
    /// issues, with the lead.
    func tallyBothReadings(_ json: String, now: Date, into tally: inout Tally) throws {
        for (mismatch, expected) in try compareBothReadings(json, now: now) {
            tally.readings += 1
            if !expected.errors.isEmpty { tally.failing += 1 }
            if let mismatch {
                tally.mismatches += 1
                if tally.mismatches <= 3 { Issue.record("lead \(json)\n\(mismatch)") }
            }
            if expected.patchBody.contains("\"phone\"") { tally.rewritten += 1 }
        }
    }

    /// Each change's field and rule.
    static func written(_ changes: [FieldChange]) -> [WrittenField] { changes.map(\.writtenField) }

    /// What patch-only detail records: the patch, the clears, the writers that fired, each change's field and rule (and
    /// how many ``FieldChange``s it made, none), the errors.
    static func render(_ body: String, _ clears: Set<String>, written: [WrittenField], changeCount: Int, _ errors: [LeadError],
                       _ fired: [String]) -> String {
        var lines = ["patch \(body)", "clears \(clears.sorted())", "fired \(fired)", "changes made \(changeCount)"]
        for field in written { lines.append("written \(field.field) by \"\(field.rule)\"") }
        for error in errors {
            lines.append("error \(error.rule ?? "-") at \(error.location.map(String.init(describing:)) ?? "-") "
                + "field \(error.field ?? "-"): \(error.message)")
        }
        return lines.joined(separator: "\n")
    }

    static func render(_ body: String, _ clears: Set<String>, _ changes: [FieldChange], _ errors: [LeadError], _ fired: [String],
                       matches: Bool) -> String {
        var lines = ["patch \(body)", "clears \(clears.sorted())", "fired \(fired)"]
        for change in changes {
            var line = "change \(change.field): \(change.old.map(JSONWriter.write) ?? "(none)") -> \(JSONWriter.write(change.new))"
            line += "\(change.isClear ? " (clear)" : "") by \"\(change.rule)\" at \(change.location)"
            if let row = change.tableRow { line += " row \(row.rowKey) line \(row.line) for \(row.lookedUp.debugDescription)" }
            lines.append(line)
            if matches {
                for match in change.matches {
                    let captures = match.captures.map { "\($0.name)=\($0.text.debugDescription)" }.joined(separator: " ")
                    lines.append("  match at \(match.location) \(match.text.debugDescription) \(captures)")
                }
            }
        }
        for error in errors {
            lines.append("error \(error.rule ?? "-") at \(error.location.map(String.init(describing:)) ?? "-") "
                + "field \(error.field ?? "-"): \(error.message)")
        }
        return lines.joined(separator: "\n")
    }
}
