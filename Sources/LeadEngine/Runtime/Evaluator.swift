import Foundation
import PCRE2
import RulesLanguage

/// Evaluates leads one after another with reusable scratch memory.
///
/// An evaluator belongs to one task or thread at a time (it is not `Sendable`); make one per
/// worker with ``Engine/makeEvaluator()``. The ``Engine`` it comes from is shared.
public final class Evaluator {
    let program: Program
    let scratch = MatchScratch()
    /// Per-writer state, reset for each writer.
    var captures: [String] = []
    var matches: [RegexMatchRecord] = []
    var recordMatches = false
    /// Per-lead state.
    var lead: Lead!
    var now = Date()
    var candidates: [String: Candidate] = [:]
    var currentWrites: Set<String> = []
    var jsonCache: [(String, JSONValue?)] = []

    /// A proposed value for a field, and who proposed it.
    struct Candidate {
        var value: Value
        var writer: Int
        var precedence: Int
        var loadIndex: Int
        var location: String
        var matches: [RegexMatchRecord]
        var tableRow: TableRowRecord?
    }

    /// An error while evaluating one writer for one lead.
    struct Failure: Error {
        var message: String
    }

    init(program: Program) {
        self.program = program
    }

    /// Evaluates `lead` at reference time `now`. With `trace`, every writer's outcome is recorded.
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false) -> Evaluation {
        self.lead = lead
        self.now = now
        candidates.removeAll(keepingCapacity: true)
        jsonCache.removeAll(keepingCapacity: true)
        recordMatches = true
        var errors: [LeadError] = []
        var fired: [String] = []
        var traces: [WriterTrace] = []
        for (index, writer) in program.writers.enumerated() {
            var record = WriterTrace(name: writer.name, location: writer.location, precedence: writer.precedence,
                                     outcome: .fired, writes: [], matches: [])
            do {
                if try run(writer, index: index, record: &record, tracing: trace) {
                    fired.append(writer.name)
                }
            } catch {
                errors.append(LeadError(leadId: lead.id, rule: writer.name, location: writer.location, message: error.message))
                record.outcome = .failed(error.message)
            }
            if trace {
                record.matches = matches
                traces.append(record)
            }
        }
        if trace { markWinners(&traces) }
        let (patch, changes, patchErrors) = buildPatch()
        self.lead = nil
        return Evaluation(leadId: lead.id, patch: patch, changes: changes, errors: errors + patchErrors,
                          fired: fired, trace: traces)
    }

    /// Runs one writer: its condition, then its actions or its table. Returns whether it fired.
    func run(_ writer: CompiledWriter, index: Int, record: inout WriterTrace, tracing: Bool) throws(Failure) -> Bool {
        currentWrites = writer.writes
        if captures.count < writer.captureSlots { captures = [String](repeating: "", count: writer.captureSlots) }
        for slot in 0..<writer.captureSlots { captures[slot] = "" }
        matches.removeAll(keepingCapacity: true)
        for part in writer.condition where try !truth(part.expression) {
            if tracing { record.outcome = .conditionFailed(part: part.text, location: part.location, saw: try seenValue(part.expression)) }
            return false
        }
        switch writer.body {
        case let .actions(actions):
            var proposed = false
            for action in actions {
                switch action {
                case let .write(mode, key, expression, location):
                    let value = try evaluate(expression)
                    proposed = propose(key, value, mode: mode, writer: writer, index: index, location: location,
                                       tableRow: nil, record: &record, tracing: tracing) || proposed
                case let .clear(key, location):
                    proposed = propose(key, .clear, mode: .set, writer: writer, index: index, location: location,
                                       tableRow: nil, record: &record, tracing: tracing) || proposed
                case let .move(from, _, toId, location):
                    let current = statusCode()
                    guard let current, from.contains(current) else {
                        if tracing { record.outcome = .statusDidNotMatch(current: current ?? "(none)") }
                        continue
                    }
                    proposed = propose("statusId", .int(toId), mode: .set, writer: writer, index: index, location: location,
                                       tableRow: nil, record: &record, tracing: tracing) || proposed
                }
            }
            return proposed
        case let .table(table):
            let keyValue = try evaluate(table.keyExpression)
            guard let key = keyValue.text, !key.isEmpty else {
                if tracing { record.outcome = .noRow(lookedUp: describe(keyValue)) }
                return false
            }
            let row: Int?
            do {
                row = try table.matcher.lookup(key, scratch: scratch)
            } catch {
                throw Failure(message: "\(error)")
            }
            guard let row else {
                if tracing { record.outcome = .noRow(lookedUp: key) }
                return false
            }
            let rowRecord = TableRowRecord(lookedUp: key, rowKey: table.rowKeys[row], line: table.rowLines[row])
            let location = writer.location.split(separator: ":").dropLast(2).joined(separator: ":") + ":\(table.rowLines[row]):3"
            return propose(table.key, table.values[row], mode: table.mode, writer: writer, index: index,
                           location: location, tableRow: rowRecord, record: &record, tracing: tracing)
        }
    }

    /// Offers a value for a field; the higher precedence (then the earlier writer) keeps it.
    /// Returns whether the writer proposed anything (a `fill` on a non-empty field does not).
    func propose(_ key: String, _ value: Value, mode: WriteMode, writer: CompiledWriter, index: Int, location: String,
                 tableRow: TableRowRecord?, record: inout WriterTrace, tracing: Bool) -> Bool {
        if mode == .fill, !leadValue(key).isEmpty {
            if tracing { record.writes.append(.init(field: key, value: describe(value), won: false,
                                               note: "kept: the lead already has a value")) }
            return false
        }
        if tracing { record.writes.append(.init(field: key, value: describe(value), won: true, note: nil)) }
        if let existing = candidates[key] {
            let better = writer.precedence > existing.precedence
                || (writer.precedence == existing.precedence && writer.loadIndex < existing.loadIndex)
            guard better else { return true }
        }
        candidates[key] = Candidate(value: value, writer: index, precedence: writer.precedence, loadIndex: writer.loadIndex,
                                    location: location, matches: matches, tableRow: tableRow)
        return true
    }

    /// After all writers ran: mark in the trace which proposals lost, and to whom.
    func markWinners(_ traces: inout [WriterTrace]) {
        for index in traces.indices {
            for w in traces[index].writes.indices where traces[index].writes[w].won {
                let field = traces[index].writes[w].field
                if let winner = candidates[field], winner.writer != index {
                    traces[index].writes[w].won = false
                    traces[index].writes[w].note = "lost to \"\(program.writers[winner.writer].name)\" (precedence \(winner.precedence))"
                }
            }
        }
    }

    // MARK: Reading fields

    /// The value a writer sees for a field key: what an earlier writer inferred, unless the
    /// writer writes that field itself (then the lead's own value).
    func read(_ key: String) -> Value {
        if !currentWrites.contains(key), let candidate = candidates[key] {
            if case .clear = candidate.value { return .missing }
            if case let .zone(zone) = candidate.value { return .int(Self.hours(of: zone, at: now)) }
            return candidate.value
        }
        return leadValue(key)
    }

    /// The lead's own value for a field key.
    func leadValue(_ key: String) -> Value {
        if let id = Patch.customValueId(key) {
            return Value(lead.fields["customValues"]?[String(id)])
        }
        return Value(lead.fields[key])
    }

    func statusCode() -> String? {
        guard case let .int(id) = read("statusId") else { return nil }
        return program.statusCodes[id]
    }

    /// Whole hours east of UTC at `date`, rounded down for fractional zones (see the language reference).
    static func hours(of zone: TimeZone, at date: Date) -> Int {
        Int((Double(zone.secondsFromGMT(for: date)) / 3600).rounded(.down))
    }

    func describe(_ value: Value) -> String {
        switch value {
        case .missing: return "(missing)"
        case .clear: return "(clear)"
        case let .string(s): return "\"\(s)\""
        case let .zone(zone): return "zone(\"\(zone.identifier)\") = \(Self.hours(of: zone, at: now))"
        default: return value.text ?? "(missing)"
        }
    }
}
