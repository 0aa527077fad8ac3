import Foundation
import LeadFields
import RulesLanguage

/// A ruleset lowered for evaluation: writers in evaluation order, each with compiled
/// expressions and resolved field keys.
struct Program: Sendable {
    let writers: [CompiledWriter]
    /// Status id -> code (``codesById(_:)``).
    let statusCodes: StatusCodeTable
    let statusIds: [String: Int]
    let tableCount: Int
    /// Every field key the rules read or write (`phone`, `customValues[12]`), by slot.
    let fieldKeys: [String]
    /// The slot of `statusId` (always present: `status` reads it).
    let statusSlot: Int
    /// Literal prefilters, one per (field, case sensitivity) that regexes test.
    let prefilters: [LiteralPrefilter]
    /// The automata that answer several regex tests of one subject at once (``RegexNode/regexSet``); `nil` for a set
    /// that could not be made (its tests take their usual path).
    let regexSets: [RegexSet?]
    /// Per field slot: the key's facts the patch needs (``SlotField``).
    let slotFields: [SlotField]
    /// Every writer's ``CompiledWriter/writes``, one after another (writer `i`'s slot `s` is at
    /// `i * fieldKeys.count + s`): the evaluator reads them in place, with no array to swap per writer.
    let writeMasks: [Bool]
    /// The names and locations the patch's changes index (``FieldChange``).
    let provenance: ProvenanceTable

    /// How many lead-wide value slots ``CompiledExpression/leadConstant(slot:expression:)`` nodes use.
    let leadConstantCount: Int
    /// Every expression of the writers, flat: conditions, actions, table keys and inputs name their roots in it.
    let code: ExpressionCode

    init(writers: [CompiledWriter], statusCodes: [Int: String], statusIds: [String: Int], tableCount: Int,
         fieldKeys: [String], statusSlot: Int, prefilters: [LiteralPrefilter], leadConstantCount: Int, code: ExpressionCode,
         regexSets: [RegexSet?] = []) {
        self.regexSets = regexSets
        self.leadConstantCount = leadConstantCount
        self.code = code
        self.writers = writers
        self.statusCodes = StatusCodeTable(statusCodes)
        self.statusIds = statusIds
        self.tableCount = tableCount
        self.fieldKeys = fieldKeys
        self.statusSlot = statusSlot
        self.prefilters = prefilters
        self.slotFields = fieldKeys.map(SlotField.init)
        var masks = [Bool](repeating: false, count: writers.count * fieldKeys.count)
        for (index, writer) in writers.enumerated() {
            for (slot, written) in writer.writes.enumerated() where written && slot < fieldKeys.count {
                masks[index * fieldKeys.count + slot] = true
            }
        }
        self.writeMasks = masks
        self.provenance = ProvenanceTable(writers: writers, fieldKeys: fieldKeys)
    }
}

extension Program {
    /// The same program with the status ids `ids` (code -> id): the id -> code map that `status`
    /// reads through, and the id each `move` writes. Writers without a move are shared, not copied.
    func withStatusIds(_ ids: [String: Int]) -> Program {
        let writers = writers.map { writer -> CompiledWriter in
            guard case let .actions(actions) = writer.body,
                  actions.contains(where: { if case .move = $0 { true } else { false } }) else { return writer }
            let resolved = actions.map { action -> CompiledAction in
                guard case let .move(from, to, _, location) = action else { return action }
                return .move(from: from, to: to, toId: ids[to] ?? 0, location: location)
            }
            return CompiledWriter(name: writer.name, precedence: writer.precedence, loadIndex: writer.loadIndex,
                                  location: writer.location, condition: writer.condition, body: .actions(resolved),
                                  writes: writer.writes, captureSlots: writer.captureSlots, captureNames: writer.captureNames,
                                  overridesEdits: writer.overridesEdits)
        }
        return Program(writers: writers, statusCodes: Program.codesById(ids), statusIds: ids, tableCount: tableCount,
                       fieldKeys: fieldKeys, statusSlot: statusSlot, prefilters: prefilters, leadConstantCount: leadConstantCount,
                       code: code.withStatusIds(ids), regexSets: regexSets)
    }

    /// Id -> code; of two codes sharing an id (which the checker and the resolution reject) the first in code order.
    static func codesById(_ ids: [String: Int]) -> [Int: String] {
        Dictionary(ids.map { ($0.value, $0.key) }, uniquingKeysWith: { min($0, $1) })
    }
}

/// One rule or table, ready to run. A class: evaluation walks writers for every lead, and one
/// reference is cheaper to pass around than a struct of a dozen references.
final class CompiledWriter: Sendable {
    let name: String
    let precedence: Int
    let loadIndex: Int
    /// `path:line:column` of the declaration.
    let location: SourceLocation
    /// The condition's top-level `and` parts (all must hold; none means always).
    let condition: [ConditionPart]
    let body: Body
    /// For each field slot, whether this writer writes it (then it reads the lead's own value).
    let writes: [Bool]
    /// Capture slots this writer uses.
    let captureSlots: Int
    /// Capture names by slot (for provenance).
    let captureNames: [String]
    /// Declared `overrides edits`: writes even fields a person changed since the engine wrote them.
    let overridesEdits: Bool

    init(name: String, precedence: Int, loadIndex: Int, location: SourceLocation, condition: [ConditionPart], body: Body,
         writes: [Bool], captureSlots: Int, captureNames: [String], overridesEdits: Bool) {
        self.overridesEdits = overridesEdits
        self.name = name
        self.precedence = precedence
        self.loadIndex = loadIndex
        self.location = location
        self.condition = condition
        self.body = body
        self.writes = writes
        self.captureSlots = captureSlots
        self.captureNames = captureNames
    }

    enum Body: Sendable {
        case actions([CompiledAction])
        case table(CompiledTable)
        case decision(CompiledDecisionTable)
    }
}

/// One action of a rule.
enum CompiledAction: Sendable {
    /// `value`: the root of the value's expression in ``Program/code``.
    case write(mode: WriteMode, slot: Int, value: Int32, location: SourceLocation)
    case clear(slot: Int, location: SourceLocation)
    case move(from: Set<String>, to: String, toId: Int, location: SourceLocation)

    /// Where the action is written.
    var location: SourceLocation {
        switch self {
        case let .write(_, _, _, location), let .clear(_, location), let .move(_, _, _, location): return location
        }
    }
}

/// A table: its key, its policy and its rows, compiled into a prefix trie (and regexes in order). A class, as
/// ``CompiledWriter``: a writer's body is taken apart for every lead, and one reference is cheaper to copy
/// than a struct of arrays.
final class CompiledTable: Sendable {
    let mode: WriteMode
    let slot: Int
    /// The root of the key's expression in ``Program/code``.
    let keyExpression: Int32
    let matcher: TableMatcher
    /// Each row's value, line and column (where it is written, as the patch's provenance names it), by row index.
    let values: [Value]
    let rowLines: [Int]
    let rowColumns: [Int]
    let rowKeys: [String]
    /// Per row: which of the table's zones its value is (an index, the same for every row of that zone's identifier),
    /// -1 when its value is no zone; and how many zones the table has. The patch remembers a zone's hours by it
    /// (``ZoneHoursMemo``).
    let rowZones: [Int32]
    let zoneCount: Int

    init(mode: WriteMode, slot: Int, keyExpression: Int32, matcher: TableMatcher, values: [Value], rowLines: [Int],
         rowColumns: [Int], rowKeys: [String]) {
        self.mode = mode
        self.slot = slot
        self.keyExpression = keyExpression
        self.matcher = matcher
        self.values = values
        self.rowLines = rowLines
        self.rowColumns = rowColumns
        self.rowKeys = rowKeys
        (rowZones, zoneCount) = Self.zoneIndexes(of: values)
    }

    /// ``rowZones`` and ``zoneCount`` of rows with these values: zones numbered in the order they first appear.
    static func zoneIndexes(of values: [Value]) -> ([Int32], Int) {
        var indexes: [String: Int32] = [:]
        var rowZones: [Int32] = []
        rowZones.reserveCapacity(values.count)
        // Rows of one zone often follow each other (a city's prefixes): the last identifier is asked first.
        var last: (identifier: String, index: Int32)? = nil
        for value in values {
            guard case let .zone(zone) = value else {
                rowZones.append(-1)
                continue
            }
            let identifier = zone.identifier
            if let last, last.identifier == identifier {
                rowZones.append(last.index)
                continue
            }
            let index = indexes[identifier] ?? Int32(indexes.count)
            indexes[identifier] = index
            rowZones.append(index)
            last = (identifier, index)
        }
        return (rowZones, indexes.count)
    }

    /// What provenance and `explain` say of row `row` found for `key`.
    func rowRecord(_ row: Int, lookedUp key: String) -> TableRowRecord {
        TableRowRecord(lookedUp: key, rowKey: rowKeys[row], line: rowLines[row])
    }
}

/// One top-level part of a condition (`A and B and C` has three), kept with its source text so
/// that `explain` can say which part failed.
struct ConditionPart: Sendable {
    /// The root of the part's expression in ``Program/code``.
    let expression: Int32
    let text: String
    let location: SourceLocation
}

/// What the patch needs to know of a field slot's key, looked up once when the program is made (the key's
/// `LeadFields` entry, its custom value id) rather than for every lead. A class: the patch reads it for every
/// change, and one reference is cheaper to copy than its strings.
final class SlotField: Sendable {
    /// `utcOffset`, `customValues[12]`.
    let key: String
    /// The Liner field, `nil` for a custom value or a name Liner does not have.
    let field: LeadField?
    /// The id in `customValues[ID]`, `nil` for a top-level field.
    let customValueId: Int?
    /// That id as the key of a `customValues` member (`"12"`), made once for every lead's lookups and patches.
    let customValueKey: String?

    init(key: String) {
        self.key = key
        self.customValueId = Patch.customValueId(key)
        self.customValueKey = customValueId.map { String($0) }
        self.field = customValueId == nil ? LeadFields.named(key) : nil
    }
}
