import Foundation
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// A small, deliberately plain interpreter of the rules language: the oracle the engine is compared with
/// (see "Safety net" in docs/benchmarks.md).
///
/// It walks the checked syntax tree of a `Ruleset` directly, one writer after another in the ruleset's
/// evaluation order, and keeps every proposal in a list: the value a later writer reads, and the winner
/// of each field, are worked out from that list when they are needed. There are no field slots, no
/// prefilters, no remembered function answers and no caches (only each table's string keys in a dictionary,
/// built once, so that a lookup need not scan 35,000 rows); regexes run through `Pattern.firstMatch`.
/// It reuses only the leaf functions whose behaviour is defined elsewhere (phone reading, E.164, JSON paths,
/// integer reading, the patch's validation and sameness, the wire order), so a difference from the engine
/// points at the engine's evaluation strategy.
struct ReferenceInterpreter {
    let ruleset: Ruleset
    /// Status code -> id, as the engine resolved them (`Engine.statusIds`).
    let statusIds: [String: Int]
    /// Per table (by name): its string keys by their bytes, so that a lookup need not scan every row.
    let prefixIndexes: [String: ReferencePrefixIndex]

    init(ruleset: Ruleset, statusIds: [String: Int]) {
        self.ruleset = ruleset
        self.statusIds = statusIds
        var indexes: [String: ReferencePrefixIndex] = [:]
        for writer in ruleset.writers {
            if case let .table(table) = writer.declaration { indexes[writer.name] = ReferencePrefixIndex(table) }
        }
        prefixIndexes = indexes
    }

    /// The reference's view of an engine.
    init(_ engine: Engine) {
        self.init(ruleset: engine.ruleset, statusIds: engine.statusIds)
    }

    /// Evaluates `lead` at `now`, keeping off the `edited` field keys (people changed them since the engine wrote
    /// them) except for writers declared `overrides edits`.
    func evaluate(_ lead: Lead, now: Date, edited: Set<String> = []) -> ReferenceOutcome {
        guard now.timeIntervalSince1970.isFinite else {
            return ReferenceOutcome(patchBody: "{}", clears: [], changes: [],
                                    errors: [LeadError(leadId: lead.id, message: Evaluation.nonFiniteNowMessage(now))], fired: [])
        }
        var run = ReferenceRun(interpreter: self, lead: lead, now: now, edited: edited)
        for (index, writer) in ruleset.writers.enumerated() {
            run.run(writer, index: index)
        }
        return run.outcome()
    }
}

/// One proposal: a writer offers a value for a field.
struct ReferenceProposal {
    var field: String
    var value: ReferenceValue
    var writer: Int
    var precedence: Int
    var loadIndex: Int
    var location: SourceLocation
    var tableRow: TableRowRecord?
}

/// What the reference makes of one lead: what an `Evaluation` says, in comparable form.
struct ReferenceOutcome {
    var patchBody: String
    var clears: Set<String>
    var changes: [FieldChange]
    var errors: [LeadError]
    var fired: [String]
}

/// The state of one evaluation.
struct ReferenceRun {
    let interpreter: ReferenceInterpreter
    let lead: Lead
    let now: Date
    /// Fields people changed: only writers declared `overrides edits` write them.
    let edited: Set<String>
    /// Every proposal so far, in the order they were made.
    var proposals: [ReferenceProposal] = []
    var errors: [LeadError] = []
    var fired: [String] = []
    /// The regex matches of each writer's condition (by writer index).
    var matchesByWriter: [Int: [RegexMatchRecord]] = [:]
    // The writer being run.
    var ownFields: Set<String> = []
    var captures: [String: String] = [:]
    var matches: [RegexMatchRecord] = []
    /// The rule's `let` names, and how many of them the expression being evaluated sees (a binding's value sees
    /// only the bindings before it).
    var bindings: [Binding] = []
    var visibleBindings = 0

    struct Failure: Error {
        var message: String
    }

    init(interpreter: ReferenceInterpreter, lead: Lead, now: Date, edited: Set<String>) {
        self.interpreter = interpreter
        self.lead = lead
        self.now = now
        self.edited = edited
    }

    var ruleset: Ruleset { interpreter.ruleset }

    // MARK: Writers

    mutating func run(_ writer: Writer, index: Int) {
        captures = [:]
        matches = []
        ownFields = Self.fieldsWritten(by: writer, constants: ruleset.constants)
        bindings = []
        if case let .rule(rule) = writer.declaration { bindings = rule.bindings }
        visibleBindings = bindings.count
        do throws(Failure) {
            if case let .table(table) = writer.declaration, table.isDecisionTable {
                // Not interpreted yet: every comparison of a ruleset with one fails loudly rather than passing.
                throw Failure(message: "reference: decision tables are not interpreted yet")
            }
            let condition: RulesLanguage.Expression?
            switch writer.declaration {
            case let .rule(rule): condition = rule.condition
            case let .table(table): condition = table.condition
            }
            if let condition, try !holds(condition) { return }
            matchesByWriter[index] = matches
            var proposed = false
            switch writer.declaration {
            case let .rule(rule):
                for action in rule.actions {
                    if try perform(action, writer: writer, index: index) { proposed = true }
                }
            case let .table(table):
                proposed = try lookUp(table, writer: writer, index: index)
            }
            if proposed { fired.append(writer.name) }
        } catch {
            errors.append(LeadError(leadId: lead.id, rule: writer.name, location: writer.range.location, message: error.message))
        }
    }

    /// The field keys a writer writes, from its actions: it reads the lead's own values of these.
    static func fieldsWritten(by writer: Writer, constants: [String: RulesLanguage.Expression]) -> Set<String> {
        switch writer.declaration {
        case let .rule(rule):
            var keys: Set<String> = []
            for action in rule.actions {
                switch action {
                case let .write(_, target, _, _), let .clear(target, _): keys.insert(fieldKey(target, constants: constants))
                case .move: keys.insert("statusId")
                }
            }
            return keys
        case let .table(table):
            return [fieldKey(table.target, constants: constants)]
        }
    }

    /// `name`, or `customValues[ID]` with the id written as a number, a string or an integer constant.
    static func fieldKey(_ target: FieldTarget, constants: [String: RulesLanguage.Expression]) -> String {
        guard let key = target.key else { return target.name.text }
        return "customValues[\(customValueId(key, constants: constants))]"
    }

    static func customValueId(_ key: RulesLanguage.Expression, constants: [String: RulesLanguage.Expression]) -> Int {
        switch key.kind {
        case let .integer(id): return id
        case let .string(parts):
            if case let .text(text)? = parts.first { return Int(text) ?? 0 }
            return 0
        case let .identifier(name):
            if let constant = constants[name], case let .integer(id) = constant.kind { return id }
            return 0
        default: return 0
        }
    }

    /// One action of a rule that fired; whether it proposed something.
    mutating func perform(_ action: Action, writer: Writer, index: Int) throws(Failure) -> Bool {
        switch action {
        case let .write(mode, target, expression, range):
            let value = try evaluate(expression)
            return propose(Self.fieldKey(target, constants: ruleset.constants), value, mode: mode, writer: writer, index: index,
                           location: range.location, tableRow: nil)
        case let .clear(target, range):
            return propose(Self.fieldKey(target, constants: ruleset.constants), .clear, mode: .set, writer: writer, index: index,
                           location: range.location, tableRow: nil)
        case let .move(from, to, range):
            // The writer writes statusId, so it sees the lead's own status.
            guard let current = statusCode(), from.contains(where: { $0.text == current }) else { return false }
            return propose("statusId", .int(interpreter.statusIds[to.text] ?? 0), mode: .set, writer: writer, index: index,
                           location: range.location, tableRow: nil)
        }
    }

    /// A table whose condition held: its key, its row, its proposal.
    mutating func lookUp(_ table: TableDeclaration, writer: Writer, index: Int) throws(Failure) -> Bool {
        guard let key = try evaluate(table.keyExpression).text, !key.isEmpty else { return false }
        guard let row = try ReferenceTable.winningRow(table, key: key, ruleset: ruleset,
                                                             index: interpreter.prefixIndexes[writer.name]!) else { return false }
        let declared = table.rows[row]
        let rowKey: String
        switch declared.key {
        case let .prefix(prefix): rowKey = "\"\(prefix)\""
        case let .regex(pattern, flags): rowKey = "/\(pattern)/\(flags)"
        case .cells: rowKey = declared.keyRange.text  // decision tables: not interpreted (see run)
        }
        let record = TableRowRecord(lookedUp: key, rowKey: rowKey, line: declared.range.location.line)
        let value = try evaluate(declared.value)
        return propose(Self.fieldKey(table.target, constants: ruleset.constants), value, mode: table.mode, writer: writer,
                       index: index, location: declared.range.location, tableRow: record)
    }

    /// Offers a value. Empty values, a `fill` of a field the lead fills, and a field a person edited (unless the
    /// writer overrides edits) propose nothing.
    mutating func propose(_ field: String, _ value: ReferenceValue, mode: WriteMode, writer: Writer, index: Int,
                          location: SourceLocation, tableRow: TableRowRecord?) -> Bool {
        if value != .clear, value.emptiesField { return false }
        if mode == .fill, !leadValue(field).isEmpty { return false }
        if edited.contains(field), !writer.overridesEdits { return false }
        proposals.append(ReferenceProposal(field: field, value: value, writer: index, precedence: writer.precedence,
                                           loadIndex: writer.loadIndex, location: location, tableRow: tableRow))
        return true
    }

    /// The winning proposal for a field so far: the highest precedence, then the first in load order, then the
    /// first made.
    func winner(_ field: String) -> ReferenceProposal? {
        var best: ReferenceProposal?
        for proposal in proposals where proposal.field == field {
            guard let current = best else {
                best = proposal
                continue
            }
            if proposal.precedence > current.precedence
                || (proposal.precedence == current.precedence && proposal.loadIndex < current.loadIndex) {
                best = proposal
            }
        }
        return best
    }

    // MARK: Reading fields

    /// What the running writer sees for a field: the winning value of the writers before it, unless it
    /// writes the field itself (then the lead's own value).
    func read(_ field: String) -> ReferenceValue {
        if !ownFields.contains(field), let winner = winner(field) {
            switch winner.value {
            case .clear: return .missing
            case let .zone(zone): return .int(Self.hours(of: zone, at: now))
            default: return winner.value
            }
        }
        return leadValue(field)
    }

    /// The lead's own value of a field key.
    func leadValue(_ field: String) -> ReferenceValue {
        ReferenceValue(leadJSON(field))
    }

    func leadJSON(_ field: String) -> JSONValue? {
        if let id = LeadFields.customValueId(of: field) {
            return lead.fields[LeadFields.customValues]?[String(id)]
        }
        return lead.fields[field]
    }

    /// The status code of the status the writer sees, `nil` when its id is none of the declared ones.
    func statusCode() -> String? {
        guard case let .int(id) = read("statusId") else { return nil }
        // Of two codes with one id (which resolution rejects), the first in code order.
        return interpreter.statusIds.filter { $0.value == id }.map(\.key).min()
    }

    /// Whole hours east of UTC, rounded down (Kolkata's +5:30 is 5).
    static func hours(of zone: TimeZone, at date: Date) -> Int {
        let seconds = zone.secondsFromGMT(for: date)
        return Int((Double(seconds) / 3600).rounded(.down))
    }
}

extension ReferenceInterpreter {
    /// Where the ruleset's evaluation order breaks the language's rule "a writer that reads a field runs after
    /// every writer of that field" (a writer reading a field it writes itself reads the lead's own value, so
    /// that field does not count): one line per pair out of order. Empty for a well-ordered ruleset.
    func orderProblems() -> [String] {
        var problems: [String] = []
        let written = ruleset.writers.map { ReferenceRun.fieldsWritten(by: $0, constants: ruleset.constants) }
        for (index, writer) in ruleset.writers.enumerated() {
            let reads = writer.reads.subtracting(written[index])
            for later in ruleset.writers.indices where later > index {
                for field in reads.intersection(written[later]).sorted() {
                    problems.append("\"\(writer.name)\" reads \(field) before \"\(ruleset.writers[later].name)\" writes it")
                }
            }
        }
        return problems
    }
}
