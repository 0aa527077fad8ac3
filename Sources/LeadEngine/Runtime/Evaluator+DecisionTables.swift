import PCRE2
import RulesLanguage

extension EvaluationCore {
    /// Runs a decision table: the inputs once, every row's cells against them, then the hit policy.
    mutating func decide(_ table: CompiledDecisionTable, writer: WriterPlan, index: Int, record: inout WriterTrace,
                         tracing: Bool) throws(Failure) -> Bool {
        // The inputs, their numbers and the matching rows go to arrays reused from lead to lead (a decision
        // table's inputs never run another decision table).
        var inputs = tableInputs, numbers = tableNumbers, matching = tableMatching
        tableInputs = []
        tableNumbers = []
        tableMatching = []
        defer {
            inputs.removeAllKeepingCapacity()
            numbers.removeAllKeepingCapacity()
            matching.removeAllKeepingCapacity()
            tableInputs = inputs
            tableNumbers = numbers
            tableMatching = matching
        }
        for input in table.inputs { inputs.append(try operand(input)) }
        for input in inputs { numbers.append(Numeric(input)) }
        rows: for (row, cells) in table.rows.enumerated() {
            for (column, cell) in cells.enumerated() {
                switch cell {
                case .any:
                    continue
                case let .numbers(interval):
                    guard let number = numbers[column], interval.contains(number.double) else { continue rows }
                case let .text(text):
                    guard inputs[column].text == text else { continue rows }
                case let .regex(pattern):
                    guard let text = inputs[column].text else { continue rows }
                    do {
                        guard try pattern.matches(text, scratch: scratch) else { continue rows }
                    } catch {
                        throw Failure(message: "table row at line \(table.rowLines[row]): \(error)")
                    }
                }
            }
            matching.append(row)
            if table.policy == .first { break }
        }
        guard let first = matching.first else {
            if tracing { record.outcome = .noRow(lookedUp: inputs.map(describe).joined(separator: ", ")) }
            return false
        }
        // What was looked up, for the row record (provenance) and messages: made only when a row matched.
        let lookedUp = inputs.map(describe).joined(separator: ", ")
        var winner = first
        var value = table.values[first]
        switch table.policy {
        case .unique where matching.count > 1:
            let lines = matching.map { String(table.rowLines[$0]) }.joined(separator: ", ")
            throw Failure(message: "rows at lines \(lines) all match \(lookedUp): under 'unique' at most one row may match")
        case .unique, .first:
            break
        case .priority:
            winner = matching.min { table.ranks[$0] < table.ranks[$1] } ?? first
            value = table.values[winner]
        case let .collect(operation):
            value = Self.collect(operation, matching.map { table.values[$0] })
        }
        func rowRecord(_ row: Int) -> TableRowRecord {
            TableRowRecord(lookedUp: lookedUp, rowKey: table.rowKeys[row], line: table.rowLines[row])
        }
        let chosen = rowRecord(winner)
        if tracing {
            record.row = chosen
            if case .collect = table.policy { record.collectedRows = matching.map(rowRecord) }
        }
        return propose(table.slot, consume value, mode: table.mode, writer: writer, index: index, origin: .decision(winner, chosen),
                       record: &record, tracing: tracing)
    }

    /// `collect max|min|sum|count` over the matching rows' values (numbers; a sum that overflows is missing).
    static func collect(_ operation: CollectOperation, _ values: [Value]) -> Value {
        switch operation {
        case .count:
            return .int(values.count)
        case .max, .min:
            return Arithmetic.call(operation == .max ? .max : .min, values.count == 1 ? values + values : values)
        case .sum:
            var total = Value.int(0)
            for value in values { total = Arithmetic.apply(.add, total, value) }
            return total
        }
    }
}
