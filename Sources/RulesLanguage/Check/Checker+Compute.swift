import Foundation

/// Arithmetic, the arguments of built-ins, and a rule's `let` names.
extension Checker {
    /// `a + b`: numbers (or values known at run time). The result is an integer when both operands are and
    /// the operator is not `/`, a decimal when one is a decimal or it divides, and known only at run time otherwise.
    mutating func checkArithmetic(_ op: ArithmeticOperator, _ lhs: Expression, _ rhs: Expression, scope: inout Scope) -> ValueType {
        let types = [lhs, rhs].map { operand -> ValueType in
            let type = checkExpression(operand, scope: &scope)
            if !Self.mayBeNumber(type) {
                report(.notANumber(op.rawValue, type.description), operand.range)
            } else if let text = Self.textLiteral(operand), Double(text.trimmingCharacters(in: .whitespaces)) == nil {
                report(.notANumber(op.rawValue, "the text \(operand.range.text)"), operand.range)
            }
            return type
        }
        if op == .divide, case let .integer(value) = rhs.kind, value == 0 { report(.divisionByZero, rhs.range) }
        if op == .divide, case let .decimal(value) = rhs.kind, value == 0 { report(.divisionByZero, rhs.range) }
        if op != .divide, let x = Self.integerConstant(lhs), let y = Self.integerConstant(rhs), Self.fold(op, x, y) == nil {
            report(.integerOverflow, lhs.range.union(rhs.range))
        }
        return Self.numericResult(types, dividing: op == .divide)
    }

    /// The value of an integer written with literals only (`9_000 * 2`, `-(3 + 4)`), `nil` for anything else or a
    /// result beyond 64 bits (said where it is computed).
    static func integerConstant(_ expression: Expression) -> Int? {
        switch expression.kind {
        case let .integer(value): return value
        case let .negate(operand):
            guard let value = integerConstant(operand) else { return nil }
            let (negated, overflow) = (0).subtractingReportingOverflow(value)
            return overflow ? nil : negated
        case let .arithmetic(op, lhs, rhs):
            guard let x = integerConstant(lhs), let y = integerConstant(rhs) else { return nil }
            return fold(op, x, y)
        default: return nil
        }
    }

    /// `x op y` for `+`, `-` and `*` within 64 bits; `nil` beyond them, and for `/` (whose result may be a decimal).
    static func fold(_ op: ArithmeticOperator, _ x: Int, _ y: Int) -> Int? {
        let (result, overflow): (Int, Bool)
        switch op {
        case .add: (result, overflow) = x.addingReportingOverflow(y)
        case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
        case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
        case .divide: return nil
        }
        return overflow ? nil : result
    }

    mutating func checkNegation(_ operand: Expression, scope: inout Scope) -> ValueType {
        let type = checkExpression(operand, scope: &scope)
        if !Self.mayBeNumber(type) { report(.notANumber("-", type.description), operand.range) }
        return Self.numericResult([type], dividing: false)
    }

    /// The text of a string literal without captures, or `nil`.
    static func textLiteral(_ expression: Expression) -> String? {
        guard case let .string(parts) = expression.kind else { return nil }
        var text = ""
        for part in parts {
            guard case let .text(piece) = part else { return nil }
            text += piece
        }
        return text
    }

    /// Whether a value of `type` can be a number when the rule runs (text may hold one: `"15"`, a capture).
    static func mayBeNumber(_ type: ValueType) -> Bool {
        switch type {
        case .int, .decimal, .string, .any: return true
        default: return false
        }
    }

    /// The type of a computation over operands of `types`.
    static func numericResult(_ types: [ValueType], dividing: Bool) -> ValueType {
        if types.allSatisfy({ $0 == .int }) { return dividing ? .decimal : .int }
        if types.contains(.decimal) || dividing { return .decimal }
        return .any
    }

    /// Checks a built-in's arguments against its declaration (``BuiltinDeclaration/argumentKinds``) and gives
    /// the type of its result (for `min`, `max` and rounding, from the arguments).
    mutating func checkArguments(_ declaration: BuiltinDeclaration, _ arguments: [Expression], scope: inout Scope) -> ValueType {
        var types: [ValueType] = []
        for (index, argument) in arguments.enumerated() {
            switch declaration.argumentKind(index) {
            case .regex:
                guard case let .regexLiteral(pattern, flags, patternRange) = argument.kind else {
                    report(.expected("a /regex/ as argument \(index + 1) of \(declaration.name)()", found: argument.range.text), argument.range)
                    types.append(.any)
                    continue
                }
                if let compiled = compileRegex(pattern, flags: flags, patternRange: patternRange),
                   declaration.function == .replace, arguments.count == 3 {
                    checkReplacement(arguments[2], groups: compiled.captureCount, names: Set(compiled.groupNumbers.keys))
                }
                types.append(.any)
            case .integerLiteral:
                guard case let .integer(digits) = argument.kind, (-9...9).contains(digits) else {
                    report(.expected("a number of digits from -9 to 9 (an integer literal)", found: argument.range.text), argument.range)
                    types.append(.any)
                    continue
                }
                types.append(.int)
            case .number:
                let type = checkExpression(argument, scope: &scope)
                if !Self.mayBeNumber(type) { report(.notANumber("\(declaration.name)()", type.description), argument.range) }
                types.append(type)
            case .value:
                if case .regexLiteral = argument.kind {
                    report(.regexArgumentNotAllowed(declaration.name), argument.range)
                    types.append(.any)
                    continue
                }
                types.append(checkExpression(argument, scope: &scope))
            }
        }
        switch declaration.function {
        case .min, .max:
            return Self.numericResult(types, dividing: false)
        case .round, .floor, .ceil:
            if arguments.count == 2, case let .integer(digits) = arguments[1].kind, digits > 0 { return .decimal }
            return .int
        default:
            return declaration.result
        }
    }

    /// A literal replacement of `replace(x, /re/, "...")`: every `$n`, `${n}`, `$name` names a group of the regex.
    mutating func checkReplacement(_ replacement: Expression, groups: Int, names: Set<String>) {
        guard case let .string(parts) = replacement.kind, parts.count <= 1 else { return }
        let text: String
        if case let .text(value)? = parts.first { text = value } else { text = "" }
        for reference in ReplacementTemplate.references(in: text) {
            switch reference {
            case let .number(number) where number > groups:
                report(.unknownReplacementGroup("$\(number)", groups: groups, names: names.sorted()), replacement.range)
            case let .name(name) where !names.contains(name):
                report(.unknownReplacementGroup("$\(name)", groups: groups, names: names.sorted()), replacement.range)
            case .malformed:
                report(.malformedReplacement, replacement.range)
            default:
                break
            }
        }
    }

    /// Checks a rule's `let` lines of one side of its `when` and adds their names to `scope`.
    mutating func checkBindings(_ bindings: [Binding], scope: inout Scope) {
        let defines = scope.definesCaptures
        scope.definesCaptures = false
        defer { scope.definesCaptures = defines }
        for binding in bindings {
            let name = binding.name.text
            let type = checkExpression(binding.value, scope: &scope)
            if scope.laterLocals[name] == binding.name.range { scope.laterLocals[name] = nil }
            if let earlier = scope.locals[name] {
                report(.duplicateLocal(name), binding.name.range, notes: [.init(text: "first declared here", range: earlier.range)])
                continue
            }
            if LeadSchema.fields[name] != nil || name == LeadSchema.statusPseudoField || name == LeadSchema.rawLead {
                report(.localShadows(name, what: "a lead field"), binding.name.range)
                continue
            }
            if let (constant, _) = constants[name] {
                report(.localShadows(name, what: "a constant"), binding.name.range,
                       notes: [.init(text: "the constant is declared here", range: constant.name.range)])
                continue
            }
            if statusCodes.contains(name) {
                report(.localShadows(name, what: "a status code"), binding.name.range,
                       notes: statusDeclarations[name].map { [.init(text: "the status is declared here", range: $0)] } ?? [])
                continue
            }
            scope.locals[name] = LocalName(type: type, range: binding.name.range, value: binding.value)
        }
    }

    /// Reports the `let` names a rule never reads.
    mutating func reportUnusedLocals(_ bindings: [Binding], scope: Scope) {
        for binding in bindings where !scope.usedLocals.contains(binding.name.text) {
            // A duplicate or a shadowing name was reported already, and never entered the scope.
            guard let local = scope.locals[binding.name.text], local.range == binding.name.range else { continue }
            report(.unusedLocal(binding.name.text), binding.name.range)
        }
    }
}

/// A rule's `let` name while the rule is checked.
struct LocalName {
    var type: ValueType
    var range: SourceRange
    var value: Expression
}

/// The group references in a replacement text, as PCRE2 reads them: `$1`, `${1}`, `$name`, `${name}`, `$$`.
public enum ReplacementTemplate {
    public enum Reference: Equatable {
        case number(Int)
        case name(String)
        /// `$` followed by nothing a reference can be (`$`, `${`, `$-`).
        case malformed
    }

    /// Every reference in `text`, in order (`$$` is a dollar, not a reference).
    public static func references(in text: String) -> [Reference] {
        var result: [Reference] = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isWord(_ c: Unicode.Scalar) -> Bool { c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) }
        while index < scalars.count {
            guard scalars[index] == "$" else {
                index += 1
                continue
            }
            index += 1
            guard index < scalars.count else {
                result.append(.malformed)
                break
            }
            if scalars[index] == "$" {
                index += 1
                continue
            }
            var braced = false
            if scalars[index] == "{" {
                braced = true
                index += 1
            }
            var word = ""
            while index < scalars.count, isWord(scalars[index]) {
                word.unicodeScalars.append(scalars[index])
                index += 1
            }
            if braced {
                if index < scalars.count, scalars[index] == "}" { index += 1 } else { word = "" }
            }
            if word.isEmpty {
                result.append(.malformed)
            } else if let number = Int(word) {
                result.append(.number(number))
            } else if word.first.map({ ("0"..."9").contains($0) }) == true {
                result.append(.malformed)
            } else {
                result.append(.name(word))
            }
        }
        return result
    }
}
