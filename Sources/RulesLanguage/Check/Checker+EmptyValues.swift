import JSON
import PCRE2

/// Whether a value written by `set` or `fill` can be empty. An empty value (missing, `""`, only
/// white space or invisible characters, an empty list or JSON value) never writes: only `clear`
/// empties a field. So a literal `""` is an error (the author meant `clear`), a value that is always
/// empty a warning, and a value that can be empty for some leads a warning saying so.
enum Emptiness: Equatable {
    /// Never empty: a number, a literal with visible text, `zone(...)`, `concat` with such a part.
    case never
    /// Empty for some leads; the reason in words.
    case can(String)
    /// Always empty.
    case always
}

/// What the emptiness of a rule's values depends on: its condition's captures and guards.
struct EmptinessContext {
    /// For each capture that can be empty when the condition holds: why.
    var captures: [String: String] = [:]
    /// Captures that hold a digit whenever the condition holds (`digits($n)` is never empty).
    var digitCaptures: Set<String> = []
    /// Expressions the condition requires to be non-empty (`X is not empty` among its `and` parts),
    /// as source text without spaces.
    var guarded: Set<String> = []
    /// The rule's `let` names and their values.
    var bindings: [String: Expression] = [:]
}

extension Checker {
    /// Reports a rule's `set`/`fill` value for `key` that can be or always is empty.
    mutating func checkEmptiness(_ value: Expression, for key: String, context: EmptinessContext) {
        if isBlankLiteral(value) { return } // reported by checkValue
        switch emptiness(of: value, context) {
        case .never: return
        case .always: report(.alwaysEmptyValue(field: key), value.range)
        case let .can(reason): report(.valueCanBeEmpty(field: key, value: value.range.text, reason: reason), value.range)
        }
    }

    /// Reports a literal value that is empty: `""` (an error: the author meant `clear`) or text that
    /// shows nothing (a warning). Returns whether it reported.
    mutating func checkEmptyLiteral(_ value: Expression, for key: String) -> Bool {
        guard isBlankLiteral(value), case let .string(parts) = value.kind else { return false }
        if parts.allSatisfy({ $0 == .text("") }) {
            report(.emptyStringValue(field: key), value.range)
        } else {
            report(.alwaysEmptyValue(field: key), value.range)
        }
        return true
    }

    /// A string literal without captures whose text shows nothing.
    func isBlankLiteral(_ value: Expression) -> Bool {
        guard case let .string(parts) = value.kind else { return false }
        return parts.allSatisfy { part in
            if case let .text(text) = part { return Self.isBlank(text) }
            return false
        }
    }

    /// Whether text shows nothing: the engine's definition, ``JSONValue/isBlank(_:)``.
    static func isBlank(_ text: String) -> Bool {
        JSONValue.isBlank(text)
    }

    /// The captures and guards of a rule's condition.
    func emptinessContext(_ condition: Expression?) -> EmptinessContext {
        var context = EmptinessContext()
        guard let condition else { return context }
        collectCaptures(condition, required: true, into: &context)
        collectGuards(condition, into: &context.guarded)
        return context
    }

    /// Why each capture of the condition can be empty when the condition holds. A regex among the
    /// top-level `and` parts has matched when the rule runs: its captures are empty only when the
    /// group can be (``RegexCaptures``). Any other regex (beside an `or`, in a comparison) need
    /// not have matched, and then its captures read as empty.
    private func collectCaptures(_ expression: Expression, required: Bool, into context: inout EmptinessContext) {
        switch expression.kind {
        case let .and(lhs, rhs):
            collectCaptures(lhs, required: required, into: &context)
            collectCaptures(rhs, required: required, into: &context)
        case let .or(lhs, rhs), let .compare(_, lhs, rhs), let .membership(lhs, list: rhs, _):
            collectCaptures(lhs, required: false, into: &context)
            collectCaptures(rhs, required: false, into: &context)
        case let .test(subject, _, _):
            collectCaptures(subject, required: false, into: &context)
        case let .regexMatch(_, pattern, flags, patternRange, negated):
            // Under `not` or negated, a regex defines no capture (the checker reports their use).
            guard !negated, let compiled = patterns[Ruleset.PatternSite(path: patternRange.file.path, offset: patternRange.start)] else {
                return
            }
            let analysis = RegexCaptures.analyse(pattern, extended: Pattern.Options.parse(flags: flags).0?.extended ?? false)
            // A name PCRE2 knows and the reading did not find counts as able to be empty.
            for name in compiled.groupNumbers.keys.sorted() {
                if !required {
                    context.captures[name] = context.captures[name]
                        ?? "capture $\(name) comes from a regex that need not match for the condition to hold"
                } else if let reason = analysis.reason(for: name) {
                    context.captures[name] = context.captures[name] ?? reason.text(name)
                }
                // Several regexes may set one name; the last to match gives the text.
                if required, analysis.holdDigits.contains(name) { context.digitCaptures.insert(name) } else { context.digitCaptures.remove(name) }
            }
        case .not, .integer, .decimal, .string, .boolean, .null, .list, .identifier, .subscripted, .capture, .call,
             .arithmetic, .negate, .regexLiteral:
            return
        }
    }

    /// The subjects of `X is not empty` (or `not X is empty`) among the top-level `and` parts.
    private func collectGuards(_ expression: Expression, into guarded: inout Set<String>) {
        switch expression.kind {
        case let .and(lhs, rhs):
            collectGuards(lhs, into: &guarded)
            collectGuards(rhs, into: &guarded)
        case let .test(subject, .empty, negated: true):
            guarded.insert(Self.compact(subject.range.text))
        case let .not(inner):
            if case let .test(subject, .empty, negated: false) = inner.kind { guarded.insert(Self.compact(subject.range.text)) }
        default:
            return
        }
    }

    static func compact(_ text: String) -> String {
        String(text.unicodeScalars.filter { !$0.properties.isWhitespace }.map(Character.init))
    }

    /// Whether `expression`, as a value, can be empty.
    func emptiness(of expression: Expression, _ context: EmptinessContext) -> Emptiness {
        if !context.guarded.isEmpty, context.guarded.contains(Self.compact(expression.range.text)) { return .never }
        switch expression.kind {
        case .integer, .decimal, .boolean:
            return .never
        case .null:
            return .never // reported as a type error, with the advice to write `clear`
        case let .string(parts):
            var reason: String?
            for part in parts {
                switch part {
                case let .text(text):
                    if !Self.isBlank(text) { return .never }
                case let .capture(name, _):
                    guard let why = context.captures[name] else { return .never }
                    if reason == nil { reason = why }
                }
            }
            return reason.map(Emptiness.can) ?? .always
        case let .list(elements):
            return combineAll(elements.map { emptiness(of: $0, context) }, otherwise: "the list can be empty")
        case let .identifier(name):
            if let bound = context.bindings[name] { return emptiness(of: bound, context) }
            if name == LeadSchema.statusPseudoField { return .can("a lead's status can be unknown") }
            if LeadSchema.fields[name] != nil { return .can("the lead's \(name) can be empty") }
            if let (declaration, _) = constants[name] { return emptiness(of: declaration.value, context) }
            return .never
        case let .subscripted(base, key):
            let owner = base.text == LeadSchema.rawLead ? "" : "the lead's "
            return .can("\(owner)\(base.text)[\(key.range.text)] can be empty")
        case let .capture(name):
            return context.captures[name].map(Emptiness.can) ?? .never
        case let .call(function, arguments):
            guard let declaration = BuiltinRegistry.declaration(named: function.text) else { return .never } // reported already
            switch declaration.emptyResult {
            case .never:
                return .never
            case .whenArgumentIs:
                return arguments.first.map { emptiness(of: $0, context) } ?? .never
            case .whenEveryArgumentIs:
                return combineAll(arguments.map { emptiness(of: $0, context) }, otherwise: "\(function.text)() of empty values is empty")
            case let .can(reason):
                if [.min, .max, .round, .floor, .ceil].contains(declaration.function), isSurelyNumber(expression, context) {
                    return .never
                }
                if declaration.function == .digits, let argument = arguments.first {
                    if let text = literalText(argument) {
                        return text.unicodeScalars.contains { $0 >= "0" && $0 <= "9" } ? .never : .always
                    }
                    if case let .capture(name) = argument.kind, context.digitCaptures.contains(name), context.captures[name] == nil {
                        return .never
                    }
                }
                if declaration.function == .int, let argument = arguments.first, case .integer = argument.kind {
                    return .never
                }
                // length() is missing only for a missing value; "" has length 0.
                if declaration.function == .length, let argument = arguments.first,
                   literalText(argument) != nil || emptiness(of: argument, context) == .never {
                    return .never
                }
                return .can(reason)
            }
        case .regexMatch, .compare, .membership, .test, .not, .and, .or, .regexLiteral:
            return .never // true or false: a type error for every field but a custom value, never empty
        case .negate, .arithmetic:
            if isSurelyNumber(expression, context) { return .never }
            if case let .arithmetic(.divide, _, divisor) = expression.kind, !isSurelyNumber(divisor, context) || isZero(divisor) {
                return .can("\(expression.range.text) is missing when the divisor is 0 or not a number")
            }
            return .can("\(expression.range.text) is missing when an operand is not a number")
        }
    }

    /// Empty only when every part is: never when one part never is, always when every part always is.
    private func combineAll(_ parts: [Emptiness], otherwise: String) -> Emptiness {
        if parts.isEmpty { return .always }
        if parts.contains(.never) { return .never }
        if parts.allSatisfy({ $0 == .always }) { return .always }
        for case let .can(reason) in parts { return .can(reason) }
        return .can(otherwise)
    }

    /// Whether `expression` is a number whenever the rule writes: a number literal; a numeric built-in (`int`,
    /// `amount`, `length`...) the condition guards with `is not empty`; a `let` name of such a value; arithmetic,
    /// `min`, `max` and rounding over such numbers (a division only by a literal other than 0).
    func isSurelyNumber(_ expression: Expression, _ context: EmptinessContext) -> Bool {
        switch expression.kind {
        case .integer, .decimal:
            return true
        case let .negate(operand):
            return isSurelyNumber(operand, context)
        case let .arithmetic(op, lhs, rhs):
            if op == .divide, isZero(rhs) || !(rhs.kind.isNumberLiteral) { return false }
            return isSurelyNumber(lhs, context) && isSurelyNumber(rhs, context)
        case let .identifier(name):
            guard let bound = context.bindings[name] else {
                // An integer field (`priority`) the condition says is not empty.
                return LeadSchema.fields[name]?.type == .int && context.guarded.contains(Self.compact(expression.range.text))
            }
            if isSurelyNumber(bound, context) { return true }
            return context.guarded.contains(Self.compact(expression.range.text)) && returnsNumber(bound)
        case let .call(function, arguments):
            guard let builtin = BuiltinFunction(rawValue: function.text) else { return false }
            switch builtin {
            case .min, .max, .round, .floor, .ceil:
                return !arguments.isEmpty && arguments.allSatisfy { isSurelyNumber($0, context) }
            default:
                return returnsNumber(expression) && context.guarded.contains(Self.compact(expression.range.text))
            }
        default:
            return false
        }
    }

    /// Whether `expression`'s value, when there is one, is a number.
    private func returnsNumber(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .integer, .decimal, .arithmetic, .negate: return true
        case let .call(function, _):
            return [.int, .amount, .length, .min, .max, .round, .floor, .ceil].contains(BuiltinFunction(rawValue: function.text))
        default: return false
        }
    }

    private func isZero(_ expression: Expression) -> Bool {
        expression.kind == .integer(0) || expression.kind == .decimal(0)
    }

    /// The text of a literal (a string without captures, or a number), or `nil`.
    private func literalText(_ expression: Expression) -> String? {
        switch expression.kind {
        case let .integer(value): return String(value)
        case let .string(parts):
            var text = ""
            for part in parts {
                guard case let .text(piece) = part else { return nil }
                text += piece
            }
            return text
        default: return nil
        }
    }
}
