import PCRE2

/// Decision tables: cells against their inputs, values against the hit policy, and what the rows do together:
/// rows that overlap under `unique`, numbers no row covers, rows that can never win under `first` and `priority`.
extension Checker {
    /// What one cell accepts, for the analyses.
    enum CellSet {
        case anything
        case numbers(NumericInterval)
        case text(String)
        /// A regex cell; `nil` when it did not compile (reported).
        case pattern(String, Pattern?)

        /// Whether every value this accepts, `other` accepts too; `nil` when that cannot be decided (two regexes).
        func isWithin(_ other: CellSet) -> Bool? {
            switch (self, other) {
            case (_, .anything): return true
            case (.anything, _): return false
            case let (.numbers(a), .numbers(b)): return a.intersection(b) == a || a.isEmpty
            case let (.text(a), .text(b)): return a == b
            case let (.text(a), .pattern(_, pattern?)): return (try? pattern.matches(a)) == true
            case let (.pattern(a, _), .pattern(b, _)): return a == b ? true : nil
            default: return false
            }
        }

        /// A value both accept, in words, or `nil` when there is none; `""` when it cannot be decided.
        func commonExample(_ other: CellSet) -> String? {
            switch (self, other) {
            case (.anything, .anything): return "any value"
            case let (.anything, x), let (x, .anything): return x.example
            case let (.numbers(a), .numbers(b)):
                let common = a.intersection(b)
                return common.isEmpty ? nil : NumericInterval.text(common.example)
            case let (.text(a), .text(b)): return a == b ? "\"\(a)\"" : nil
            case let (.text(a), .pattern(_, pattern?)), let (.pattern(_, pattern?), .text(a)):
                return (try? pattern.matches(a)) == true ? "\"\(a)\"" : nil
            case let (.pattern(a, _), .pattern(b, _)): return a == b ? "text matching \(a)" : ""
            default: return nil
            }
        }

        var example: String {
            switch self {
            case .anything: return "any value"
            case let .numbers(interval): return NumericInterval.text(interval.example)
            case let .text(text): return "\"\(text)\""
            case let .pattern(source, _): return "text matching \(source)"
            }
        }

        var interval: NumericInterval? {
            switch self {
            case .anything: return .all
            case let .numbers(interval): return interval
            default: return nil
            }
        }
    }

    mutating func checkDecisionTable(_ table: TableDeclaration, inputTypes: [ValueType], writing key: String?) {
        guard let hit = table.hitPolicy else { return }
        let before = diagnostics.count
        let priorityValues = checkPriorities(table, hit: hit)
        var checkedValues: Set<SourceText> = []
        var rows: [[CellSet]] = []
        var columnIsNumeric = [Bool?](repeating: nil, count: table.inputs.count)
        for row in table.rows {
            guard case let .cells(cells) = row.key else { continue }
            if cells.count != table.inputs.count {
                report(.cellCount(cells.count, inputs: table.inputs.count), row.keyRange)
                continue
            }
            var sets: [CellSet] = []
            for (column, cell) in cells.enumerated() {
                let set = cellSet(cell)
                let numeric: Bool? = switch set {
                case .anything: nil
                case .numbers: true
                case .text, .pattern: false
                }
                if let numeric {
                    if let established = columnIsNumeric[column], established != numeric {
                        report(.mixedColumn(column + 1), cell.range)
                    }
                    columnIsNumeric[column] = columnIsNumeric[column] ?? numeric
                }
                if numeric == true, inputTypes[column] == .bool || inputTypes[column] == .list {
                    report(.cannotCompare(inputTypes[column].description, "a number"), cell.range)
                }
                sets.append(set)
            }
            rows.append(sets)
            if hit != .collect(.count) { checkRowValue(row, of: table, writing: key, checked: &checkedValues) }
            switch hit {
            case .priority where !priorityValues.isEmpty:
                if !priorityValues.contains(Self.valueKey(row.value)) { report(.valueNotInPriorities(row.value.range.text), row.value.range) }
            case .collect(.max), .collect(.min), .collect(.sum):
                if literalType(row.value).map({ $0 != .int && $0 != .decimal }) ?? true {
                    report(.collectNeedsNumbers(hit.keyword), row.value.range)
                }
            default:
                break
            }
        }
        // The analyses need well-formed rows.
        guard !diagnostics[before...].contains(where: { $0.severity == .error }), rows.count == table.rows.count else { return }
        switch hit {
        case .unique:
            reportOverlaps(table, rows)
        case .first, .priority:
            reportNeverWinning(table, rows, hit: hit, priorities: priorityValues)
        case .collect:
            break
        }
        if hit != .collect(.count), hit != .collect(.sum) { reportGaps(table, rows) }
    }

    /// The priority list of `by priority [...]`: literals, each once. Returns their keys in order.
    mutating func checkPriorities(_ table: TableDeclaration, hit: HitPolicy) -> [String] {
        guard hit == .priority else { return [] }
        var keys: [String] = []
        for value in table.priorities {
            guard literalType(value) != nil else {
                report(.tableValueNotLiteral, value.range)
                continue
            }
            let key = Self.valueKey(value)
            if keys.contains(key) { report(.duplicatePriority(value.range.text), value.range) }
            keys.append(key)
        }
        if table.priorities.isEmpty { report(.expected("at least one value in the priority list", found: "[]"), table.policyRange) }
        return keys
    }

    /// A literal's identity for comparing row values with the priority list (`5` and `5.0` are one number).
    static func valueKey(_ value: Expression) -> String {
        switch value.kind {
        case let .integer(number): return "n" + NumericInterval.text(Double(number))
        case let .decimal(number): return "n" + NumericInterval.text(number)
        case let .string(parts): return "s" + parts.map { if case let .text(t) = $0 { t } else { "" } }.joined()
        default: return "e" + value.range.text
        }
    }

    /// A cell's literal: itself, or the value of the constant it names (reported when there is none, or it is no
    /// number or text).
    mutating func cellLiteral(_ expression: Expression) -> Expression? {
        guard case let .identifier(name) = expression.kind else { return expression }
        guard let (declaration, type) = constants[name] else {
            report(.unknownField(name, suggestion: Suggestions.closest(to: name, in: Array(constants.keys))), expression.range)
            return nil
        }
        usedConstants.insert(name)
        guard type == .int || type == .decimal || type == .string else {
            report(.expected("a constant holding a number or a text", found: "'\(name)', \(type.description)"), expression.range)
            return nil
        }
        return declaration.value
    }

    mutating func cellSet(_ cell: TableDeclaration.Cell) -> CellSet {
        switch cell.kind {
        case .any:
            return .anything
        case let .equal(written):
            guard let value = cellLiteral(written) else { return .anything }
            switch value.kind {
            case let .integer(number): return .numbers(.point(Double(number)))
            case let .decimal(number): return .numbers(.point(number))
            case let .string(parts): return .text(parts.map { if case let .text(t) = $0 { t } else { "" } }.joined())
            default: return .anything
            }
        case let .regex(pattern, flags):
            let patternRange = SourceRange(file: cell.range.file, start: cell.range.start + 1, end: cell.range.start + 1 + pattern.utf8.count)
            return .pattern("/\(pattern)/\(flags)", compileRegex(pattern, flags: flags, patternRange: patternRange))
        case let .interval(lower, upper):
            func number(_ bound: TableDeclaration.Cell.Bound?, _ infinity: Double) -> NumericInterval.End {
                guard let bound else { return .init(infinity, inclusive: false) }
                switch cellLiteral(bound.value)?.kind {
                case let .integer(value)?: return .init(Double(value), inclusive: bound.inclusive)
                case let .decimal(value)?: return .init(value, inclusive: bound.inclusive)
                case .string?:
                    report(.expected("a number as an interval's bound", found: bound.value.range.text), bound.value.range)
                    return .init(infinity, inclusive: false)
                default: return .init(infinity, inclusive: false)
                }
            }
            let interval = NumericInterval(lower: number(lower, -.infinity), upper: number(upper, .infinity))
            if interval.isEmpty { report(.emptyInterval(cell.range.text), cell.range) }
            return .numbers(interval)
        }
    }

    /// The input names for examples: the inputs as written.
    private func example(_ table: TableDeclaration, _ values: [String]) -> String {
        zip(table.inputs, values).filter { $0.1 != "any value" }.map { "\($0.0.range.text) = \($0.1)" }.joined(separator: ", ")
    }

    /// Under `unique`, two rows that one input can both match are an error, with an input they share.
    mutating func reportOverlaps(_ table: TableDeclaration, _ rows: [[CellSet]]) {
        var reported = 0
        for later in rows.indices {
            for earlier in 0..<later {
                var values: [String] = []
                for (a, b) in zip(rows[earlier], rows[later]) {
                    guard let common = a.commonExample(b), !common.isEmpty else { values = []; break }
                    values.append(common)
                }
                guard !values.isEmpty else { continue }
                let other = table.rows[earlier]
                var shown = example(table, values)
                if shown.isEmpty { shown = "any lead" }
                report(.overlappingRows(line: other.range.location.line, example: shown), table.rows[later].keyRange,
                       notes: [.init(text: "the other row", range: other.keyRange)])
                reported += 1
                // One table with every row overlapping would print n² lines: the first few say it.
                if reported >= 20 { return }
            }
        }
    }

    /// Under `first`, a row that earlier rows cover can never win; under `priority`, a row covered by rows
    /// of higher priority (or earlier rows of the same value).
    mutating func reportNeverWinning(_ table: TableDeclaration, _ rows: [[CellSet]], hit: HitPolicy, priorities: [String]) {
        let rank = table.rows.map { priorities.firstIndex(of: Self.valueKey($0.value)) ?? Int.max }
        for row in rows.indices {
            let dominating = rows.indices.filter { other in
                if other == row { return false }
                if hit == .first { return other < row }
                return rank[other] < rank[row] || (rank[other] == rank[row] && other < row)
            }
            guard let covering = covered(rows[row], by: dominating.map { ($0, rows[$0]) }) else { continue }
            let lines = covering.map { String(table.rows[$0].range.location.line) }.joined(separator: ", ")
            report(.rowNeverWins(lines: lines, policy: hit.keyword), table.rows[row].keyRange,
                   notes: covering.prefix(3).map { .init(text: "covered by this row", range: table.rows[$0].keyRange) })
        }
    }

    /// The rows among `others` that together cover `row`, or `nil` when they do not (as far as can be decided):
    /// one row containing it, or rows containing it in every column but one numeric column whose intervals
    /// together cover the row's.
    func covered(_ row: [CellSet], by others: [(Int, [CellSet])]) -> [Int]? {
        for (index, other) in others where zip(row, other).allSatisfy({ $0.isWithin($1) == true }) { return [index] }
        for column in row.indices {
            guard let wanted = row[column].interval else { continue }
            let helpers = others.filter { _, other in
                other[column].interval != nil
                    && row.indices.allSatisfy { $0 == column || row[$0].isWithin(other[$0]) == true }
            }
            guard !helpers.isEmpty else { continue }
            if wanted.uncovered(by: helpers.map { $0.1[column].interval! }).isEmpty { return helpers.map(\.0) }
        }
        return nil
    }

    /// Numbers between a numeric column's lowest and highest bounds that no row matches, for the rows that agree
    /// on the other columns (and the rows that take any value there): a warning with the uncovered interval.
    mutating func reportGaps(_ table: TableDeclaration, _ rows: [[CellSet]]) {
        guard let columns = rows.first?.indices else { return }
        var reported: Set<String> = []
        for column in columns {
            guard rows.contains(where: { if case .numbers = $0[column] { true } else { false } }) else { continue }
            for (index, row) in rows.enumerated() {
                // The rows matching at least what this one does in the other columns.
                let group = rows.filter { other in
                    other[column].interval != nil && row.indices.allSatisfy { $0 == column || row[$0].isWithin(other[$0]) == true }
                }
                let intervals = group.map { $0[column].interval! }
                let finite = intervals.flatMap { [$0.lower.value, $0.upper.value] }.filter(\.isFinite)
                guard let low = finite.min(), let high = finite.max(), low < high else { continue }
                let span = NumericInterval(lower: .init(low, inclusive: true), upper: .init(high, inclusive: false))
                for gap in span.uncovered(by: intervals) {
                    var others: [String] = []
                    for other in row.indices where other != column {
                        let input = table.inputs[other].range.text
                        switch row[other] {
                        case .anything:
                            // Rows that want particular values there do not count for the others.
                            if rows.contains(where: { if case .anything = $0[other] { false } else { true } }) {
                                others.append("\(input) is none of the rows' values")
                            }
                        case let .numbers(interval): others.append("\(input) in \(interval.description)")
                        case let .text(text): others.append("\(input) = \"\(text)\"")
                        case let .pattern(source, _): others.append("\(input) ~ \(source)")
                        }
                    }
                    let context = others.isEmpty ? "" : " when " + others.joined(separator: " and ")
                    let key = "\(column) \(gap.description)\(context)"
                    guard reported.insert(key).inserted else { continue }
                    report(.coverageGap(input: table.inputs[column].range.text, gap: gap.description, context: context),
                           table.rows[index].keyRange)
                }
            }
        }
    }
}

extension Diagnostic.Message {
    static func cellCount(_ cells: Int, inputs: Int) -> Self {
        Self("table-cells", .error, "this row has \(cells) cell\(cells == 1 ? "" : "s") but the table has \(inputs) input\(inputs == 1 ? "" : "s"): one cell per input ('-' for any)")
    }
    static func mixedColumn(_ column: Int) -> Self {
        Self("table-cells", .error, "column \(column) mixes numbers with text: a column compares its input either as a number or as text")
    }
    static func emptyInterval(_ text: String) -> Self { Self("table-cells", .error, "the interval \(text) holds no number") }
    static func valueNotInPriorities(_ value: String) -> Self {
        Self("table-cells", .error, "\(value) is not in the table's priority list: every row's value must be ranked there")
    }
    static func duplicatePriority(_ value: String) -> Self { Self("duplicate", .error, "\(value) is listed twice in the priority list") }
    static func collectNeedsNumbers(_ policy: String) -> Self {
        Self("type-mismatch", .error, "'\(policy)' combines numbers: this row's value must be a number literal")
    }
    static func overlappingRows(line: Int, example: String) -> Self {
        Self("overlapping-rows", .error, "this row and the row at line \(line) both match \(example): under 'unique' at most one row may match")
    }
    static func rowNeverWins(lines: String, policy: String) -> Self {
        Self("shadowed-row", .warning, "this row can never win under '\(policy)': every input it matches, the row(s) at line \(lines) match first")
    }
    static func coverageGap(input: String, gap: String, context: String) -> Self {
        Self("table-gap", .warning, "no row matches \(input) in \(gap)\(context): leads there get no value from this table")
    }
}
