/// A table's policy after `by`, and the rows of decision tables.
extension Parser {
    /// `longest prefix`, `first match`, or a decision table's hit policy: `unique`, `first`,
    /// `priority [v1, v2, ...]`, `collect max|min|sum|count`. Returns the priority list too (empty but for `priority`).
    mutating func parsePolicy() throws -> (TablePolicy, [Expression]) {
        if accept(.longest) {
            try expect(.prefix)
            return (.longestPrefix, [])
        }
        if accept(.first) {
            return (accept(.match) ? .firstMatch : .decision(.first), [])
        }
        switch current.kind {
        case .identifier("unique"):
            advance()
            return (.decision(.unique), [])
        case .identifier("priority"):
            advance()
            guard isSymbol(.leftBracket) else { throw fail("the values in decreasing priority after 'priority': [\"hot\", \"warm\"]") }
            guard case let .list(values) = try parsePrimary().kind else { throw Failure() }
            return (.decision(.priority), values)
        case .identifier("collect"):
            advance()
            if case let .identifier(word) = current.kind, let operation = CollectOperation(rawValue: word) {
                advance()
                return (.decision(.collect(operation)), [])
            }
            throw fail("'max', 'min', 'sum' or 'count' after 'collect'")
        default:
            throw fail("'longest prefix', 'first match', 'unique', 'first', 'priority [...]' or 'collect max|min|sum|count'")
        }
    }

    /// `CELL, CELL, ... => VALUE` (under `collect count`, without `=> VALUE`).
    mutating func parseDecisionRow(_ policy: HitPolicy) throws -> TableDeclaration.Row {
        let start = current.start
        var cells: [TableDeclaration.Cell] = []
        repeat { cells.append(try parseCell()) } while accept(.comma)
        let keyRange = range(from: start)
        let value: Expression
        if policy == .collect(.count) {
            if isSymbol(.fatArrow) {
                throw fail("the end of the row ('collect count' counts the matching rows: its rows have no value)")
            }
            value = Expression(.integer(1), keyRange)
        } else {
            try expect(.fatArrow)
            // A literal or zone(...): a primary, so that a next row starting with `>=` or `<` is not read as a comparison.
            value = try parsePrimary()
        }
        if !current.atLineStart, !isSymbol(.rightBrace), !atEnd {
            throw fail("the end of the row (a decision table's rows are one to a line)")
        }
        return TableDeclaration.Row(key: .cells(cells), keyRange: keyRange, value: value, range: range(from: start))
    }

    /// One cell: `-`, a number, a string, a `/regex/`, `[a, b)` (any mix of `[`/`(` and `]`/`)`), or `>= a`, `> a`, `<= b`, `< b`.
    mutating func parseCell() throws -> TableDeclaration.Cell {
        let token = current
        typealias Cell = TableDeclaration.Cell
        switch token.kind {
        case .symbol(.minus) where [.symbol(.comma), .symbol(.fatArrow), .symbol(.rightBrace), .endOfFile].contains(peekKind())
            || tokens[min(index + 1, tokens.count - 1)].atLineStart:
            advance()
            return Cell(.any, range: range(token))
        case .integer, .decimal, .symbol(.minus), .identifier:
            return Cell(.equal(try parseBound()), range: range(from: token.start))
        case let .string(parts):
            guard parts.allSatisfy({ if case .text = $0 { true } else { false } }) else {
                throw fail("a cell without captures (a table's cells are fixed text)")
            }
            advance()
            return Cell(.equal(Expression(.string(parts), range(token))), range: range(token))
        case let .regex(pattern, flags):
            advance()
            return Cell(.regex(pattern: pattern, flags: flags), range: range(token))
        case .symbol(.leftBracket), .symbol(.leftParen):
            advance()
            let lower = try parseBound()
            try expect(.comma)
            let upper = try parseBound()
            let inclusiveUpper: Bool
            if accept(.rightBracket) { inclusiveUpper = true } else if accept(.rightParen) { inclusiveUpper = false } else {
                throw fail("']' or ')' closing the interval")
            }
            return Cell(.interval(lower: .init(value: lower, inclusive: token.kind == .symbol(.leftBracket)),
                                  upper: .init(value: upper, inclusive: inclusiveUpper)), range: range(from: token.start))
        case .symbol(.greater), .symbol(.greaterEqual), .symbol(.less), .symbol(.lessEqual):
            advance()
            let bound = try parseBound()
            let cell: Cell.Kind = switch token.kind {
            case .symbol(.greater): .interval(lower: .init(value: bound, inclusive: false), upper: nil)
            case .symbol(.greaterEqual): .interval(lower: .init(value: bound, inclusive: true), upper: nil)
            case .symbol(.less): .interval(lower: nil, upper: .init(value: bound, inclusive: false))
            default: .interval(lower: nil, upper: .init(value: bound, inclusive: true))
            }
            return Cell(cell, range: range(from: token.start))
        default:
            throw fail("a cell: '-' (any), a number, a \"string\", a constant, a /regex/, an interval such as [1, 5) or '>= 10'")
        }
    }

    /// A number in a cell: `5`, `-2.5`, `1_000_000`, `10M`, or the name of a constant (`>= bigBudget`).
    mutating func parseBound() throws -> Expression {
        let token = current
        switch token.kind {
        case let .identifier(name):
            advance()
            return Expression(.identifier(name), range(token))
        case let .integer(value):
            advance()
            return Expression(.integer(value), range(token))
        case let .decimal(value):
            advance()
            return Expression(.decimal(value), range(token))
        case .symbol(.minus):
            let number = try parseNegation()
            if case .negate = number.kind { throw fail("a number") }
            return number
        default:
            throw fail("a number or a constant")
        }
    }
}

extension TablePolicy {
    /// Whether it is a decision table's hit policy.
    var isDecision: Bool {
        if case .decision = self { return true }
        return false
    }
}
