import Foundation
import RulesLanguage

/// What a stretch of a rules file names, as the syntax tree says it (the pack decides what a bare name is).
enum Occurrence: Sendable, Equatable {
    /// A bare name in an expression: a field, `status`, a constant, a status code or a `let` name of `rule`.
    case name(String, rule: String?)
    /// A field written by `set`/`fill`/`clear`, a table's target, a field in `expect untouched`.
    case field(String)
    /// `customValues[...]` or `lead[...]`: the name before the bracket.
    case subscriptBase(String)
    case function(String)
    /// A status code where only a code can stand (`status` lines, transitions, `move`).
    case status(String)
    /// A rule or a table: its declaration, or its name in `expect fires`.
    case writer(String)
    case constant(String)
    /// `let NAME` in rule `rule`.
    case local(String, rule: String)
    /// `$name` or `${name}` in rule `rule`.
    case capture(String, rule: String?)
    case regex(pattern: String, flags: String)
    case test(String)
    /// The path of an `import "..."`, resolved from the importing file's directory.
    case importPath(String)
}

/// One occurrence: where, what, and whether it declares the thing.
struct IndexEntry: Sendable {
    var start: Int
    var end: Int
    var occurrence: Occurrence
    var isDeclaration: Bool
}

/// Every name, call and regex of one parsed file, from its syntax tree: what hover, definitions, references and
/// completion look things up in. Built by walking the tree (``Expression/children``), so a new kind of expression
/// needs no change here unless it introduces a new kind of name.
struct SymbolIndex: Sendable {
    private(set) var entries: [IndexEntry] = []

    /// The directory of the file (import paths are relative to it).
    private let directory: String

    init(_ file: RulesFile) {
        directory = (file.file.path as NSString).deletingLastPathComponent
        for item in file.items { add(item) }
    }

    /// The innermost entry covering byte `offset` (its end included, so that a cursor right after a name finds it).
    func entry(at offset: Int) -> IndexEntry? {
        var best: IndexEntry?
        for entry in entries where entry.start <= offset && offset <= entry.end {
            if let current = best, current.end - current.start <= entry.end - entry.start { continue }
            best = entry
        }
        return best
    }

    private mutating func record(_ range: SourceRange, _ occurrence: Occurrence, declaration: Bool = false) {
        entries.append(IndexEntry(start: range.start, end: range.end, occurrence: occurrence, isDeclaration: declaration))
    }

    private mutating func add(_ item: Item) {
        switch item {
        case let .statuses(declaration):
            for entry in declaration.entries { record(entry.code.range, .status(entry.code.text), declaration: true) }
        case let .transitions(declaration):
            for edge in declaration.edges {
                record(edge.from.range, .status(edge.from.text))
                record(edge.to.range, .status(edge.to.text))
            }
        case let .constant(declaration):
            record(declaration.name.range, .constant(declaration.name.text), declaration: true)
            add(declaration.value, rule: nil)
        case let .rule(rule):
            let name = rule.name.text
            record(rule.name.range, .writer(name), declaration: true)
            for binding in rule.bindings {
                record(binding.name.range, .local(binding.name.text, rule: name), declaration: true)
                add(binding.value, rule: name)
            }
            if let condition = rule.condition { add(condition, rule: name) }
            for action in rule.actions {
                switch action {
                case let .write(_, target, value, _):
                    add(target, rule: name)
                    add(value, rule: name)
                case let .clear(target, _):
                    add(target, rule: name)
                case let .move(from, to, _):
                    for code in from + [to] { record(code.range, .status(code.text)) }
                }
            }
        case let .table(table):
            let name = table.name.text
            record(table.name.range, .writer(name), declaration: true)
            if let condition = table.condition { add(condition, rule: name) }
            add(table.target, rule: name)
            for input in table.inputs { add(input, rule: name) }
            for priority in table.priorities { add(priority, rule: name) }
            for row in table.rows {
                switch row.key {
                case .prefix: break
                case let .regex(pattern, flags): record(row.keyRange, .regex(pattern: pattern, flags: flags))
                case let .cells(cells):
                    for cell in cells {
                        switch cell.kind {
                        case .any: break
                        case let .equal(value): add(value, rule: name)
                        case let .regex(pattern, flags): record(cell.range, .regex(pattern: pattern, flags: flags))
                        case let .interval(lower, upper):
                            for bound in [lower, upper].compactMap({ $0 }) { add(bound.value, rule: name) }
                        }
                    }
                }
                add(row.value, rule: name)
            }
        case let .imports(declaration):
            let written = declaration.path.text
            let path = written.hasPrefix("/") ? written : ((directory.isEmpty ? "." : directory) as NSString).appendingPathComponent(written)
            record(declaration.path.range, .importPath((path as NSString).standardizingPath))
            for constant in declaration.overrides {
                record(constant.name.range, .constant(constant.name.text))
                add(constant.value, rule: nil)
            }
        case let .test(test):
            record(test.name.range, .test(test.name.text), declaration: true)
            for (expectation, _) in test.rows.flatMap(\.expectations) {
                switch expectation {
                case let .untouched(names): for field in names { record(field.range, .field(field.text)) }
                case let .fires(rule, _): record(rule.range, .writer(rule.text))
                case .patch, .fields, .error: break
                }
            }
        }
    }

    private mutating func add(_ target: FieldTarget, rule: String) {
        if let key = target.key {
            record(target.name.range, .subscriptBase(target.name.text))
            add(key, rule: rule)
        } else {
            record(target.name.range, .field(target.name.text))
        }
    }

    private mutating func add(_ expression: RulesLanguage.Expression, rule: String?) {
        expression.forEach { node in
            switch node.kind {
            case let .identifier(name): record(node.range, .name(name, rule: rule))
            case let .subscripted(base, _): record(base.range, .subscriptBase(base.text))
            case let .call(function, _): record(function.range, .function(function.text))
            case let .capture(name): record(node.range, .capture(name, rule: rule))
            case let .regexMatch(_, pattern, flags, patternRange, _), let .regexLiteral(pattern, flags, patternRange):
                let start = patternRange.start - 1, end = patternRange.end + 1 + flags.utf8.count
                entries.append(IndexEntry(start: start, end: end, occurrence: .regex(pattern: pattern, flags: flags), isDeclaration: false))
            case let .string(parts):
                for case let .capture(name, offset) in parts {
                    entries.append(IndexEntry(start: offset, end: offset + name.utf8.count, occurrence: .capture(name, rule: rule),
                                              isDeclaration: false))
                }
            default: break
            }
        }
    }
}
