import JSON
/// Expressions, field targets and literals in canonical form.
extension RulesFormatter {
    /// How tightly an expression binds, loosest first; an operand printed where a tighter level is
    /// required gets parentheses.
    enum Level: Int, Comparable {
        case or = 1, and, not, comparison, additive, multiplicative, unary, primary

        static func < (l: Level, r: Level) -> Bool { l.rawValue < r.rawValue }

        init(_ kind: Expression.Kind) {
            switch kind {
            case .or: self = .or
            case .and: self = .and
            case .not: self = .not
            case .compare, .membership, .test, .regexMatch: self = .comparison
            case let .arithmetic(op, _, _): self = op.isMultiplicative ? .multiplicative : .additive
            case .negate: self = .unary
            case .integer, .decimal, .string, .boolean, .null, .list, .identifier, .subscripted, .capture, .call, .regexLiteral:
                self = .primary
            }
        }
    }

    /// `expression` in canonical form, parenthesized when it binds looser than `minimumLevel`.
    func expression(_ expression: Expression, minimumLevel: Level = .or) -> String {
        let text = RulesFormatter.numberAsWritten(expression) ?? bareExpression(expression.kind)
        return Level(expression.kind) < minimumLevel ? "(\(text))" : text
    }

    private func bareExpression(_ kind: Expression.Kind) -> String {
        switch kind {
        case let .integer(value):
            return String(value)
        case let .decimal(value):
            return RulesFormatter.decimal(value)
        case let .string(parts):
            return RulesFormatter.stringLiteral(parts)
        case let .boolean(value):
            return value ? "true" : "false"
        case .null:
            return "null"
        case let .list(elements):
            return "[\(elements.map { expression($0) }.joined(separator: ", "))]"
        case let .identifier(name):
            return name
        case let .subscripted(base, key):
            return "\(base.text)[\(expression(key))]"
        case let .capture(name):
            return "$\(name)"
        case let .call(function, arguments):
            return "\(function.text)(\(arguments.map { expression($0) }.joined(separator: ", ")))"
        case let .regexMatch(subject, pattern, flags, _, negated):
            return "\(expression(subject, minimumLevel: .additive)) \(negated ? "!~" : "~") /\(pattern)/\(flags)"
        case let .compare(op, lhs, rhs):
            let left = expression(lhs, minimumLevel: .additive), right = expression(rhs, minimumLevel: .additive)
            return "\(left) \(op.rawValue) \(right)"
        case let .membership(subject, list, negated):
            return "\(expression(subject, minimumLevel: .additive)) \(negated ? "not in" : "in") "
                + expression(list, minimumLevel: .primary)
        case let .test(subject, test, negated):
            return "\(expression(subject, minimumLevel: .additive)) is \(negated ? "not " : "")\(test.rawValue)"
        case let .arithmetic(op, lhs, rhs):
            let tighter: Level = op.isMultiplicative ? .unary : .multiplicative
            return "\(expression(lhs, minimumLevel: op.isMultiplicative ? .multiplicative : .additive)) \(op.rawValue) "
                + expression(rhs, minimumLevel: tighter)
        case let .negate(operand):
            // `-(-3)`, not `--3`: a minus before a negative number stays a negation.
            let inner = expression(operand, minimumLevel: .primary)
            return inner.hasPrefix("-") ? "-(\(inner))" : "-\(inner)"
        case let .regexLiteral(pattern, flags, _):
            return "/\(pattern)/\(flags)"
        case let .not(operand):
            return "not \(expression(operand, minimumLevel: .not))"
        case let .and(lhs, rhs):
            return "\(expression(lhs, minimumLevel: .and)) and \(expression(rhs, minimumLevel: .not))"
        case let .or(lhs, rhs):
            return "\(expression(lhs, minimumLevel: .or)) or \(expression(rhs, minimumLevel: .and))"
        }
    }

    /// The operands of the top-level `and` (or `or`) chain of `expression`, leftmost first, with
    /// the levels they must be printed at (the parser's chains are left-associative).
    func operatorChain(_ expression: Expression)
        -> (keyword: String, operands: [Expression], firstLevel: Level, restLevel: Level) {
        switch expression.kind {
        case .and:
            var operands: [Expression] = []
            var current = expression
            while case let .and(lhs, rhs) = current.kind {
                operands.append(rhs)
                current = lhs
            }
            operands.append(current)
            return ("and", operands.reversed(), .and, .not)
        case .or:
            var operands: [Expression] = []
            var current = expression
            while case let .or(lhs, rhs) = current.kind {
                operands.append(rhs)
                current = lhs
            }
            operands.append(current)
            return ("or", operands.reversed(), .or, .and)
        default:
            return ("", [expression], .or, .or)
        }
    }

    /// A field a rule writes: `name` or `name[key]`.
    func target(_ target: FieldTarget) -> String {
        guard let key = target.key else { return target.name.text }
        return "\(target.name.text)[\(expression(key))]"
    }

    /// A quoted name or text with no captures (rule and test names, `now`, `error`, row prefixes):
    /// a `${` in it is text, so its `$` is escaped.
    func quoted(_ text: String) -> String {
        "\"\(RulesFormatter.escape(text))\""
    }

    /// A string literal with its `${name}` captures.
    static func stringLiteral(_ parts: [StringPart]) -> String {
        var out = "\""
        var text = ""
        for part in parts {
            switch part {
            case let .text(piece):
                text += piece
            case let .capture(name, _):
                out += escape(text) + "${\(name)}"
                text = ""
            }
        }
        return out + escape(text) + "\""
    }

    /// Text escaped for a string literal: `\"`, `\\`, `\n`, `\t`, `\$` before `{`, and every other character
    /// that cannot be seen (controls, format characters such as U+200B or a right-to-left override, line and
    /// paragraph separators: ``LogSafeText/needsEscape(_:)``) as `\u{HEX}`, so a reviewer sees them.
    static func escape(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "$" where index + 1 < scalars.count && scalars[index + 1] == "{": out += "\\$"
            default:
                if LogSafeText.needsEscape(scalar) {
                    out += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// A decimal in plain positional notation (the lexer reads no exponent), always with a
    /// fractional part, using the shortest digits that read back as the same value.
    static func decimal(_ value: Double) -> String {
        if value.isNaN { return "0.0" }  // The lexer cannot produce one.
        if value.isInfinite {
            // Only a literal too large for a Double reads as infinity.
            return (value < 0 ? "-" : "") + "1" + String(repeating: "0", count: 309) + ".0"
        }
        var text = Substring(value.description)  // Shortest round-trip digits, maybe with an exponent.
        var sign = ""
        if text.hasPrefix("-") {
            sign = "-"
            text = text.dropFirst()
        }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        let integerDigits = pieces[0]
        var digits = Array(integerDigits + (pieces.count > 1 ? pieces[1] : ""))
        // The decimal point stands after `point` digits (negative: zeros come first).
        var point = integerDigits.count + exponent
        while digits.count > 1, digits.first == "0" {
            digits.removeFirst()
            point -= 1
        }
        var integerPart: String
        var fractionPart: String
        if point <= 0 {
            integerPart = "0"
            fractionPart = String(repeating: "0", count: -point) + String(digits)
        } else if point >= digits.count {
            integerPart = String(digits) + String(repeating: "0", count: point - digits.count)
            fractionPart = ""
        } else {
            integerPart = String(digits[..<point])
            fractionPart = String(digits[point...])
        }
        while fractionPart.hasSuffix("0") { fractionPart.removeLast() }
        if fractionPart.isEmpty { fractionPart = "0" }
        while integerPart.count > 1, integerPart.hasPrefix("0") { integerPart.removeFirst() }
        return sign + integerPart + "." + fractionPart
    }
}
