import PCRE2
import RulesLanguage

/// A decision table, ready to run: its inputs, each row's cells, values and where it is written, and its hit policy.
/// A class, as ``CompiledTable``: one reference to copy when a writer's body is taken apart for a lead.
final class CompiledDecisionTable: Sendable {
    /// What one cell accepts.
    enum Cell: Sendable {
        case any
        /// A number in the interval (the input read as a number).
        case numbers(NumericInterval)
        /// Exactly this text.
        case text(String)
        /// Text the regex matches.
        case regex(Pattern)
    }

    let mode: WriteMode
    let slot: Int
    /// The roots of the inputs' expressions in ``Program/code``.
    let inputs: [Int32]
    let policy: HitPolicy
    /// Per row: its cells (one per input), value, line and cells as written.
    let rows: [[Cell]]
    let values: [Value]
    let rowLines: [Int]
    /// Each row's column (the provenance of a row's write is where the row is written).
    let rowColumns: [Int]
    let rowKeys: [String]
    /// Under `priority`: each row's rank (0 wins over 1).
    let ranks: [Int]

    init(mode: WriteMode, slot: Int, inputs: [Int32], policy: HitPolicy, rows: [[Cell]], values: [Value],
         rowLines: [Int], rowColumns: [Int], rowKeys: [String], ranks: [Int]) {
        self.mode = mode
        self.slot = slot
        self.inputs = inputs
        self.policy = policy
        self.rows = rows
        self.values = values
        self.rowLines = rowLines
        self.rowColumns = rowColumns
        self.rowKeys = rowKeys
        self.ranks = ranks
    }
}

extension Lowering {
    mutating func lowerDecisionTable(_ table: TableDeclaration) -> CompiledDecisionTable {
        var rows: [[CompiledDecisionTable.Cell]] = []
        var values: [Value] = []
        let priorities = table.priorities.map { constantValue(lowerExpression($0)) }
        var ranks: [Int] = []
        for row in table.rows {
            guard case let .cells(cells) = row.key else { continue }
            rows.append(cells.map(lowerCell))
            let value = constantValue(lowerExpression(row.value))
            values.append(value)
            // `5` and `5.0` are one value (the checker ranks them so too).
            ranks.append(priorities.firstIndex { $0 == value || (Numeric($0) != nil && Numeric($0).map(\.double) == Numeric(value).map(\.double)
                && !($0.isString || value.isString)) } ?? priorities.count)
        }
        return CompiledDecisionTable(
            mode: table.mode, slot: targetSlot(table.target), inputs: table.inputs.map { lowerAndEmit($0) },
            policy: table.hitPolicy ?? .first, rows: rows, values: values,
            rowLines: table.rows.map { $0.range.file.line(of: $0.range.start) },
            rowColumns: table.rows.map { $0.range.location.column }, rowKeys: table.rows.map(\.keyText), ranks: ranks)
    }

    private func lowerCell(_ cell: TableDeclaration.Cell) -> CompiledDecisionTable.Cell {
        // A constant named in a cell stands for its value (the checker accepted only numbers and text).
        func literal(_ expression: RulesLanguage.Expression) -> RulesLanguage.Expression {
            if case let .identifier(name) = expression.kind, let value = ruleset.constants[name] { return value }
            return expression
        }
        func number(_ written: RulesLanguage.Expression) -> Double? {
            let expression = literal(written)
            switch expression.kind {
            case let .integer(value): return Double(value)
            case let .decimal(value): return value
            default: return nil
            }
        }
        switch cell.kind {
        case .any:
            return .any
        case let .equal(value):
            if let point = number(value) { return .numbers(.point(point)) }
            if case let .string(parts) = literal(value).kind { return .text(parts.map { if case let .text(t) = $0 { t } else { "" } }.joined()) }
            return .any
        case let .regex(pattern, _):
            let range = SourceRange(file: cell.range.file, start: cell.range.start + 1, end: cell.range.start + 1 + pattern.utf8.count)
            // The checker compiled every regex of a table it accepted.
            guard let compiled = ruleset.pattern(at: range) else { preconditionFailure("a checked table has an uncompiled regex at \(range.location)") }
            return .regex(compiled)
        case let .interval(lower, upper):
            let low = lower.flatMap { bound in number(bound.value).map { NumericInterval.End($0, inclusive: bound.inclusive) } }
            let high = upper.flatMap { bound in number(bound.value).map { NumericInterval.End($0, inclusive: bound.inclusive) } }
            return .numbers(NumericInterval(lower: low ?? .init(-.infinity, inclusive: false), upper: high ?? .init(.infinity, inclusive: false)))
        }
    }
}

private extension Value {
    var isString: Bool {
        if case .string = self { return true }
        return false
    }
}
