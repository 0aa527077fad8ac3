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

    /// A node of the prefix trie used to find rows that an earlier row already covers. A node's children (a few at
    /// most: digits) form a list through `nextSibling`, starting at its `firstChild`: no array per node.
    private struct TrieNode {
        var byte: UInt8
        var firstChild = -1
        var nextSibling = -1
        var row: Int?
    }

    /// The child of `node` reached by `byte`, added when missing.
    private static func child(of node: Int, byte: UInt8, in nodes: inout [TrieNode]) -> Int {
        var child = nodes[node].firstChild
        while child >= 0 {
            if nodes[child].byte == byte { return child }
            child = nodes[child].nextSibling
        }
        nodes.append(TrieNode(byte: byte, nextSibling: nodes[node].firstChild))
        nodes[node].firstChild = nodes.count - 1
        return nodes.count - 1
    }

    mutating func checkRows(_ table: TableDeclaration, writing key: String?) {
        var nodes = [TrieNode(byte: 0)]
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
                    if table.policy == .firstMatch, covering == nil, let earlier = nodes[node].row { covering = earlier }
                    node = Self.child(of: node, byte: byte, in: &nodes)
                }
                if let earlier = nodes[node].row {
                    report(.duplicateRowKey("\"\(prefix)\"", line: table.rows[earlier].range.location.line), row.keyRange)
                } else if let covering {
                    let earlierRow = table.rows[covering]
                    report(.shadowedRow(by: earlierRow.keyRange.text, line: earlierRow.range.location.line), row.keyRange)
                    nodes[node].row = index
                } else {
                    nodes[node].row = index
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
