import JSON
import RulesLanguage

/// `textDocument/documentSymbol`: the file's declarations as an outline.
enum DocumentSymbols {
    /// LSP `SymbolKind`s used here.
    enum Kind: Int {
        case module = 2, function = 12, constant = 14, enumeration = 10, enumMember = 22, structure = 23, event = 24, event2 = 25
    }

    static func symbols(_ file: ParsedFile) -> JSONValue {
        let lines = file.lines
        func symbol(_ name: String, _ detail: String?, _ kind: Kind, _ range: SourceRange, _ selection: SourceRange,
                    children: [JSONValue] = []) -> JSONValue {
            var members: [(String, JSONValue)] = [
                ("name", .string(name)), ("kind", .int(kind.rawValue)),
                ("range", lines.range(range.start, range.end).json), ("selectionRange", lines.range(selection.start, selection.end).json),
            ]
            if let detail { members.append(("detail", .string(detail))) }
            if !children.isEmpty { members.append(("children", .array(children))) }
            return .object(members)
        }
        var out: [JSONValue] = []
        for item in file.tree.items {
            switch item {
            case let .statuses(declaration):
                let codes = declaration.entries.map { entry in
                    symbol(entry.code.text, entry.id.map { "id \($0)" }, .enumMember, entry.range, entry.code.range)
                }
                out.append(symbol("status", declaration.entries.map(\.code.text).joined(separator: ", "), .enumeration, declaration.range,
                                  declaration.entries.first?.code.range ?? declaration.range, children: codes))
            case let .transitions(declaration):
                out.append(symbol("transitions", "\(declaration.edges.count) edges", .event2, declaration.range, declaration.range))
            case let .constant(declaration):
                out.append(symbol(declaration.name.text, declaration.value.range.text, .constant, declaration.range, declaration.name.range))
            case let .rule(rule):
                out.append(symbol(rule.name.text, "rule", .function, rule.range, rule.name.range))
            case let .table(table):
                out.append(symbol(table.name.text, "table, \(table.rows.count) rows, by \(HoverText.policy(table))", .structure, table.range,
                                  table.name.range))
            case let .imports(declaration):
                out.append(symbol("import " + declaration.packName, declaration.path.text, .module, declaration.range, declaration.path.range))
            case let .test(test):
                out.append(symbol(test.name.text, "test", .event, test.range, test.name.range))
            }
        }
        return .array(out)
    }
}
