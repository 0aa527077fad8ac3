/// Decision tables: the header with its inputs and hit policy, then the rows with their cells aligned in columns.
extension RulesFormatter {
    func layoutDecisionTable(_ table: TableDeclaration, into layout: inout Layout) {
        layout.add(0, "table \(quoted(table.name.text))\(precedence(table.precedence))\(overrides(table.overridesEdits)) {", anchor: table.range.start)
        if let condition = table.condition { layoutWhen(condition, into: &layout) }
        let hit = table.hitPolicy ?? .first
        var policy = hit.keyword
        if hit == .priority { policy += " [\(table.priorities.map { expression($0) }.joined(separator: ", "))]" }
        let inputs = table.inputs.map { expression($0) }.joined(separator: ", ")
        layout.add(1, "\(table.mode.rawValue) \(target(table.target)) from \(inputs) by \(policy)",
                   anchor: table.target.range.start, end: max(table.policyRange.end, table.target.range.end))
        let texts = table.rows.map { row -> [String] in
            guard case let .cells(cells) = row.key else { return [row.keyRange.text] }
            return cells.map(cell)
        }
        var widths: [Int] = []
        for row in texts {
            for (column, text) in row.enumerated() {
                if widths.count <= column { widths.append(0) }
                widths[column] = max(widths[column], text.count)
            }
        }
        let withValues = hit != .collect(.count)
        for (row, cells) in zip(table.rows, texts) {
            var line = ""
            for (column, text) in cells.enumerated() {
                let last = column == cells.count - 1
                let piece = last ? text : text + ","
                line += piece
                if !last || withValues {
                    line += String(repeating: " ", count: widths[column] + (last ? 0 : 1) - piece.count) + " "
                }
            }
            if withValues { line += "=> \(expression(row.value))" }
            layout.add(1, line, anchor: row.range.start, end: row.range.end)
        }
        layout.closeBlock(table.range)
    }

    /// One cell in canonical form: `-`, `5`, `"text"`, `/re/i`, `[1, 5)`, `>= 10M`.
    func cell(_ cell: TableDeclaration.Cell) -> String {
        switch cell.kind {
        case .any:
            return "-"
        case let .equal(value):
            return expression(value)
        case let .regex(pattern, flags):
            return "/\(pattern)/\(flags)"
        case let .interval(lower?, upper?):
            return "\(lower.inclusive ? "[" : "(")\(expression(lower.value)), \(expression(upper.value))\(upper.inclusive ? "]" : ")")"
        case let .interval(lower?, nil):
            return "\(lower.inclusive ? ">=" : ">") \(expression(lower.value))"
        case let .interval(nil, upper?):
            return "\(upper.inclusive ? "<=" : "<") \(expression(upper.value))"
        case .interval(nil, nil):
            return "-"
        }
    }
}

extension TableDeclaration.Row {
    /// The row's key as diagnostics, coverage and `explain` show it: as written for a prefix or regex row, the cells
    /// in canonical form without their alignment for a decision table's row (`[1M, 5M), "анна"`).
    public var keyText: String {
        guard case let .cells(cells) = key else { return keyRange.text }
        let formatter = RulesFormatter()
        return cells.map { formatter.cell($0) }.joined(separator: ", ")
    }
}
