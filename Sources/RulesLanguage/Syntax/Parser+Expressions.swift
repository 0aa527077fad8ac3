extension Parser {
    /// `or` binds loosest, then `and`, then `not`, then comparisons.
    mutating func parseExpression() throws -> Expression {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maximumDepth {
            diagnostics.append(Diagnostic(.nestedTooDeeply(Parser.maximumDepth), at: range(current)))
            throw Failure()
        }
        var lhs = try parseAnd()
        var operands = 1
        while accept(.or) {
            operands += 1
            try checkChainLength(operands, "or")
            let rhs = try parseAnd()
            lhs = Expression(.or(lhs, rhs), lhs.range.union(rhs.range))
        }
        return lhs
    }

    mutating func parseAnd() throws -> Expression {
        var lhs = try parseNot()
        var operands = 1
        while accept(.and) {
            operands += 1
            try checkChainLength(operands, "and")
            let rhs = try parseNot()
            lhs = Expression(.and(lhs, rhs), lhs.range.union(rhs.range))
        }
        return lhs
    }

    /// `a or b or ...` builds a tree as deep as the chain is long, which every later pass walks
    /// recursively: past a bound, it is an error rather than a stack overflow.
    mutating func checkChainLength(_ operands: Int, _ word: String) throws {
        guard operands > Parser.maximumChain else { return }
        diagnostics.append(Diagnostic(.chainTooLong(word, Parser.maximumChain), at: range(previous)))
        throw Failure()
    }

    mutating func parseNot() throws -> Expression {
        if isKeyword(.not) {
            let start = advance().start
            depth += 1
            defer { depth -= 1 }
            if depth > Parser.maximumDepth {
                diagnostics.append(Diagnostic(.nestedTooDeeply(Parser.maximumDepth), at: range(current)))
                throw Failure()
            }
            let operand = try parseNot()
            return Expression(.not(operand), range(from: start))
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws -> Expression {
        let lhs = try parseAdditive()
        let start = lhs.range.start
        if case let .symbol(symbol) = current.kind {
            switch symbol {
            case .tilde, .notTilde:
                advance()
                guard case let .regex(pattern, flags) = current.kind else { throw fail("a /regex/ after '\(symbol.rawValue)'") }
                let token = advance()
                // The pattern's own range: inside the slashes, so PCRE2's offset can point into it.
                let patternRange = SourceRange(file: file, start: token.start + 1, end: token.start + 1 + pattern.utf8.count)
                return Expression(.regexMatch(subject: lhs, pattern: pattern, flags: flags, patternRange: patternRange,
                                              negated: symbol == .notTilde), range(from: start))
            case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual:
                advance()
                let rhs = try parseAdditive()
                let op = ComparisonOperator(rawValue: symbol.rawValue)!
                return Expression(.compare(op, lhs, rhs), range(from: start))
            case .assign:
                // In a target's subscript the '=' is the action's: the key ends before it (the caller wants ']').
                guard subscriptDepth > 0 else { throw fail("'==' to compare ('=' only assigns in set/fill)") }
            default:
                break
            }
        }
        if isKeyword(.in) || (isKeyword(.not) && peekKind() == .keyword(.in)) {
            let negated = accept(.not)
            advance()
            let list = try parsePrimary()
            return Expression(.membership(lhs, list: list, negated: negated), range(from: start))
        }
        if accept(.is) {
            let negated = accept(.not)
            let test: PresenceTest
            if accept(.empty) { test = .empty } else if accept(.missing) { test = .missing } else if accept(.present) {
                test = .present
            } else {
                throw fail("'empty', 'missing' or 'present' after 'is'")
            }
            return Expression(.test(lhs, test, negated: negated), range(from: start))
        }
        return lhs
    }

    mutating func parsePrimary() throws -> Expression {
        let token = current
        switch token.kind {
        case let .integer(value):
            advance()
            return Expression(.integer(value), range(token))
        case let .decimal(value):
            advance()
            return Expression(.decimal(value), range(token))
        case let .string(parts):
            advance()
            return Expression(.string(parts), range(token))
        case .keyword(.true), .keyword(.false):
            advance()
            return Expression(.boolean(token.kind == .keyword(.true)), range(token))
        case .keyword(.null):
            advance()
            return Expression(.null, range(token))
        case let .capture(name):
            advance()
            return Expression(.capture(name), range(token))
        case .symbol(.leftParen):
            advance()
            let inner = try parseExpression()
            try expect(.rightParen)
            return Expression(inner.kind, range(from: token.start))
        case .symbol(.leftBracket):
            advance()
            var elements: [Expression] = []
            if !isSymbol(.rightBracket) {
                repeat {
                    if isSymbol(.rightBracket) { break }
                    elements.append(try parseExpression())
                } while accept(.comma)
            }
            try expect(.rightBracket)
            return Expression(.list(elements), range(from: token.start))
        case .regex:
            diagnostics.append(Diagnostic(.regexNotAllowedHere, at: range(token)))
            advance()
            throw Failure()
        case .identifier, .keyword(.status):
            advance()
            let name: String
            if case let .identifier(text) = token.kind { name = text } else { name = "status" }
            let nameRef = Name(text: name, range: range(token))
            if accept(.leftParen) {
                var arguments: [Expression] = []
                if !isSymbol(.rightParen) {
                    repeat { arguments.append(try parseArgument()) } while accept(.comma)
                }
                try expect(.rightParen)
                return Expression(.call(function: nameRef, arguments: arguments), range(from: token.start))
            }
            if accept(.leftBracket) {
                let key = try parseExpression()
                try expect(.rightBracket)
                return Expression(.subscripted(base: nameRef, key: key), range(from: token.start))
            }
            return Expression(.identifier(name), range(token))
        case .symbol(.minus):
            return try parseNegation()
        default:
            throw fail("a value (a field, a literal, a function call or '(')")
        }
    }
}
