extension Checker {
    mutating func checkTable(_ table: TableDeclaration) {
        registerWriterName(table.name)
        var scope = Scope()
        if let condition = table.condition { checkCondition(condition, scope: &scope) }
        scope.definesCaptures = false
        var inputTypes: [ValueType] = []
        for input in table.inputs {
            let keyType = checkExpression(input, scope: &scope)
            if keyType == .bool || keyType == .list || keyType == .zone || keyType == .status {
                report(.cannotCompare(keyType.description, "a table key"), input.range)
            }
            inputTypes.append(keyType)
        }
        let key = checkTarget(table.target)
        if table.isDecisionTable {
            checkDecisionTable(table, inputTypes: inputTypes, writing: key)
        } else {
            checkRows(table, writing: key)
        }
        writers.append(Writer(
            declaration: .table(table), name: table.name.text, precedence: table.precedence ?? 0, loadIndex: writers.count,
            writes: key.map { [$0] } ?? [], reads: scope.reads, range: table.name.range, moveSources: []))
    }

    mutating func checkRows(_ table: TableDeclaration, writing key: String?) {
        // The prefix rows' trie: a row that an earlier row already covers, or repeats, is found on its path.
        var trie = ByteTrie()
        var regexRows: [String: Int] = [:]
        var checkedValues: Set<SourceText> = []
        for (index, row) in table.rows.enumerated() {
            switch row.key {
            case let .regex(pattern, flags):
                if table.policy == .longestPrefix {
                    report(.regexKeyNeedsFirstMatch, row.keyRange)
                }
                let patternRange = SourceRange(file: row.keyRange.file, start: row.keyRange.start + 1,
                                               end: row.keyRange.start + 1 + pattern.utf8.count)
                _ = compileRegex(pattern, flags: flags, patternRange: patternRange)
                let identity = "/\(pattern)/\(flags)"
                if let earlier = regexRows[identity] {
                    report(.duplicateRowKey(identity, line: table.rows[earlier].range.location.line), row.keyRange)
                } else {
                    regexRows[identity] = index
                }
            case .cells:
                continue // the parser makes cells only for decision tables
            case let .prefix(prefix):
                var node = 0
                var covering: Int?
                for byte in prefix.utf8 {
                    if table.policy == .firstMatch, covering == nil, trie.row[node] >= 0 { covering = trie.row[node] }
                    node = trie.child(of: node, byte: byte)
                }
                if trie.row[node] >= 0 {
                    let earlier = trie.row[node]
                    report(.duplicateRowKey("\"\(prefix)\"", line: table.rows[earlier].range.location.line), row.keyRange)
                } else if let covering {
                    let earlierRow = table.rows[covering]
                    report(.shadowedRow(by: earlierRow.keyRange.text, line: earlierRow.range.location.line), row.keyRange)
                    trie.row[node] = index
                } else {
                    trie.row[node] = index
                }
            }
            checkRowValue(row, of: table, writing: key, checked: &checkedValues)
        }
    }

    /// Checks a row's value: a literal or a zone that fits the field. Values repeat a lot (thousands of rows, a
    /// few dozen zones): each distinct value is checked once (`checked` holds the texts that passed, as slices of
    /// their files' bytes: nothing is copied).
    mutating func checkRowValue(_ row: TableDeclaration.Row, of table: TableDeclaration, writing key: String?,
                                checked: inout Set<SourceText>) {
        if literalType(row.value) == nil, !isZoneCall(row.value) {
            report(.tableValueNotLiteral, row.value.range)
            return
        }
        let valueText = SourceText(row.value.range)
        if checked.contains(valueText) { return }
        var scope = Scope()
        let type = checkExpression(row.value, scope: &scope)
        if let key {
            let before = diagnostics.count
            checkValue(row.value, type: type, for: key, target: table.target)
            if account != nil { checkCustomValueType(row.value, type: type, for: key) }
            if diagnostics.count != before { return }
        }
        checked.insert(valueText)
    }

    func isZoneCall(_ expression: Expression) -> Bool {
        if case let .call(function, _) = expression.kind, function.text == BuiltinFunction.zone.rawValue { return true }
        return false
    }
}
