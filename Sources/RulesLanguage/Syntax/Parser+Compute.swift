/// Arithmetic, negation, regex arguments and `let` lines.
extension Parser {
    /// `a + b - c`: sums of products, left-associative; the operands of a comparison.
    mutating func parseAdditive() throws -> Expression {
        var lhs = try parseMultiplicative()
        var operands = 1
        while isSymbol(.plus) || isSymbol(.minus) {
            let op: ArithmeticOperator = isSymbol(.plus) ? .add : .subtract
            advance()
            operands += 1
            try checkOperandCount(operands)
            let rhs = try parseMultiplicative()
            lhs = Expression(.arithmetic(op, lhs, rhs), lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// `a * b / c`, left-associative.
    mutating func parseMultiplicative() throws -> Expression {
        var lhs = try parsePrimary()
        var operands = 1
        while isSymbol(.star) || isSymbol(.slash) {
            let op: ArithmeticOperator = isSymbol(.star) ? .multiply : .divide
            advance()
            operands += 1
            try checkOperandCount(operands)
            let rhs = try parsePrimary()
            lhs = Expression(.arithmetic(op, lhs, rhs), lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// Like `and`/`or` chains, a sum or product builds a tree as deep as it is long: bounded.
    mutating func checkOperandCount(_ operands: Int) throws {
        guard operands > Parser.maximumChain else { return }
        diagnostics.append(Diagnostic(.arithmeticTooLong(Parser.maximumChain), at: range(previous)))
        throw Failure()
    }

    /// `-x`, `-(a + b)`. A minus before a number, apart from it (`- 3`) or around it (`-(3)`), makes the negative number itself.
    mutating func parseNegation() throws -> Expression {
        let start = advance().start
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth {
            diagnostics.append(Diagnostic(.nestedTooDeeply(Parser.maximumDepth), at: range(current)))
            throw Failure()
        }
        switch current.kind {
        case let .integer(value) where value != Int.min:
            advance()
            return Expression(.integer(-value), range(from: start))
        case let .decimal(value):
            advance()
            return Expression(.decimal(-value), range(from: start))
        default:
            // `-(3)` is the number -3 as well: one tree for one value, so that formatting keeps the tree.
            let operand = try parsePrimary()
            switch operand.kind {
            case let .integer(value) where value != Int.min: return Expression(.integer(-value), range(from: start))
            case let .decimal(value): return Expression(.decimal(-value), range(from: start))
            default: return Expression(.negate(operand), range(from: start))
            }
        }
    }

    /// A function's argument: an expression, or a `/regex/flags` standing alone (`replace(x, /@/, "")`;
    /// the checker says which functions take one).
    mutating func parseArgument() throws -> Expression {
        if case let .regex(pattern, flags) = current.kind, peekKind() == .symbol(.comma) || peekKind() == .symbol(.rightParen) {
            let token = advance()
            let patternRange = SourceRange(file: file, start: token.start + 1, end: token.start + 1 + pattern.utf8.count)
            return Expression(.regexLiteral(pattern: pattern, flags: flags, patternRange: patternRange), range(token))
        }
        return try parseExpression()
    }

    /// `let NAME = EXPRESSION` in a rule, before its actions.
    mutating func parseBinding(beforeCondition: Bool, afterActions: Bool) throws -> Binding {
        let letToken = advance()
        let name = try expectName("a name after 'let'")
        try expect(.assign)
        let value = try parseExpression()
        if afterActions {
            diagnostics.append(Diagnostic(.expected("'let' before the actions", found: "'let' after them"), at: range(letToken)))
        }
        return Binding(name: name, value: value, beforeCondition: beforeCondition, range: range(from: letToken.start))
    }
}
