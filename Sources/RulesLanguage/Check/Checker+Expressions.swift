import Foundation
import PCRE2

/// What an expression may see while it is checked, and what it was seen to read.
struct Scope {
    /// Named captures the condition defines (available to actions).
    var captures: Set<String> = []
    /// Field keys read.
    var reads: Set<String> = []
    /// Whether regexes here define captures (true in a condition, outside `not`).
    var definesCaptures = true
    /// The rule's `let` names declared so far, with their types.
    var locals: [String: LocalName] = [:]
    /// The `let` names read.
    var usedLocals: Set<String> = []
    /// The rule's `let` names not declared yet at this point of the check (declared further down), with where:
    /// reading one is an error that says so, not an unknown field.
    var laterLocals: [String: SourceRange] = [:]
}

extension Checker {
    mutating func checkCondition(_ expression: Expression, scope: inout Scope) {
        let type = checkExpression(expression, scope: &scope)
        if type != .bool, type != .any {
            report(.conditionNotBoolean(type.description), expression.range)
        }
    }

    @discardableResult
    mutating func checkExpression(_ expression: Expression, scope: inout Scope) -> ValueType {
        switch expression.kind {
        case .integer: return .int
        case .decimal: return .decimal
        case .boolean: return .bool
        case .null: return .null
        case let .string(parts):
            checkStringParts(parts, expression.range, scope: scope)
            return .string
        case let .list(elements):
            for element in elements { checkExpression(element, scope: &scope) }
            return .list
        case let .identifier(name):
            return resolveIdentifier(name, expression.range, scope: &scope)
        case let .subscripted(base, key):
            return checkSubscript(base, key, scope: &scope)
        case let .capture(name):
            if !scope.captures.contains(name) {
                report(.undefinedCapture(name, available: scope.captures.sorted()), expression.range)
            }
            return .string
        case let .call(function, arguments):
            return checkCall(function, arguments, expression.range, scope: &scope)
        case let .regexMatch(subject, pattern, flags, patternRange, negated):
            let subjectType = checkExpression(subject, scope: &scope)
            if subjectType == .bool || subjectType == .list || subjectType == .zone {
                report(.cannotCompare(subjectType.description, "a regex"), subject.range)
            }
            if let compiled = compileRegex(pattern, flags: flags, patternRange: patternRange), !negated, scope.definesCaptures {
                scope.captures.formUnion(compiled.groupNumbers.keys)
            }
            return .bool
        case let .compare(op, lhs, rhs):
            checkComparison(op, lhs, rhs, scope: &scope)
            return .bool
        case let .membership(element, list, _):
            let elementType = checkExpression(element, scope: &scope)
            if elementType == .status, case let .list(codes) = list.kind {
                for code in codes { checkStatusCode(code) }
            } else {
                let listType = checkExpression(list, scope: &scope)
                if listType != .list, listType != .any { report(.cannotCompare(elementType.description, listType.description), list.range) }
            }
            return .bool
        case let .test(subject, _, _):
            checkExpression(subject, scope: &scope)
            return .bool
        case let .not(operand):
            var inner = scope
            inner.definesCaptures = false
            checkCondition(operand, scope: &inner)
            scope.reads.formUnion(inner.reads)
            scope.usedLocals.formUnion(inner.usedLocals)
            return .bool
        case let .and(lhs, rhs), let .or(lhs, rhs):
            checkCondition(lhs, scope: &scope)
            checkCondition(rhs, scope: &scope)
            return .bool
        case let .arithmetic(op, lhs, rhs):
            return checkArithmetic(op, lhs, rhs, scope: &scope)
        case let .negate(operand):
            return checkNegation(operand, scope: &scope)
        case .regexLiteral:
            report(.regexNotAllowedHere, expression.range)
            return .any
        }
    }

    mutating func checkStringParts(_ parts: [StringPart], _ range: SourceRange, scope: Scope) {
        for part in parts {
            switch part {
            case let .text(text):
                if text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control && $0 != "\n" && $0 != "\t" }) {
                    report(.controlCharacterInString(text), range)
                }
            case let .capture(name, offset):
                if !scope.captures.contains(name) {
                    report(.undefinedCapture(name, available: scope.captures.sorted()),
                           SourceRange(file: range.file, start: offset, end: offset + name.utf8.count))
                }
            }
        }
    }

    mutating func resolveIdentifier(_ name: String, _ range: SourceRange, scope: inout Scope) -> ValueType {
        if let local = scope.locals[name] {
            scope.usedLocals.insert(name)
            return local.type
        }
        if name == LeadSchema.statusPseudoField {
            scope.reads.insert("statusId")
            return .status
        }
        if let field = LeadSchema.fields[name] {
            scope.reads.insert(name)
            return field.type
        }
        if let (_, type) = constants[name] {
            usedConstants.insert(name)
            return type
        }
        if statusCodes.contains(name) {
            report(.statusCodeOutsideStatus(name), range)
            usedStatuses.insert(name)
            return .statusCode
        }
        if let declared = scope.laterLocals[name] {
            report(.localUsedBeforeDeclaration(name), range, notes: [.init(text: "'let \(name)' is declared here", range: declared)])
            scope.usedLocals.insert(name)
            return .any
        }
        let candidates = Array(LeadSchema.fields.keys) + Array(constants.keys) + [LeadSchema.statusPseudoField] + Array(scope.locals.keys)
        report(.unknownField(name, suggestion: Suggestions.closest(to: name, in: candidates)), range)
        return .any
    }

    mutating func checkSubscript(_ base: Name, _ key: Expression, scope: inout Scope) -> ValueType {
        switch base.text {
        case LeadSchema.customValues:
            if let id = customValueKey(key) {
                scope.reads.insert("customValues[\(id)]")
                checkCustomFieldExists(id, SourceRange(file: base.range.file, start: base.range.start, end: key.range.end + 1))
            }
            return .any
        case LeadSchema.rawLead:
            guard case let .string(parts) = key.kind, parts.count == 1, case let .text(name) = parts[0] else {
                report(.expected("a field name in quotes", found: "an expression"), key.range)
                return .any
            }
            scope.reads.insert("lead[\(name)]")
            return LeadSchema.fields[name]?.type ?? .any
        default:
            report(.subscriptNotAllowed(base.text), base.range)
            return .any
        }
    }

    /// The custom field id of `customValues[KEY]`, reporting a key that is not a positive integer id.
    mutating func customValueKey(_ key: Expression) -> Int? {
        switch key.kind {
        case let .integer(value) where value > 0:
            return value
        case let .string(parts):
            if parts.count == 1, case let .text(text) = parts[0], let value = Int(text), value > 0,
               text.allSatisfy(\.isASCII) {
                return value
            }
            report(.customValueKeyNotId(key.range.text), key.range)
        case let .identifier(name):
            // An integer constant names the field (`const phoneRestField = 31`); 0 means "no field":
            // nothing to check, the rules that write it guard on the constant.
            if let (declaration, _) = constants[name] {
                // Used, whatever its value: a constant that is no id is this error, not also "never used".
                usedConstants.insert(name)
                if case let .integer(value) = declaration.value.kind, value >= 0 { return value > 0 ? value : nil }
            }
            report(.customValueKeyNotId(key.range.text), key.range)
        default:
            report(.customValueKeyNotId(key.range.text), key.range)
        }
        return nil
    }

    mutating func checkCall(_ function: Name, _ arguments: [Expression], _ range: SourceRange, scope: inout Scope) -> ValueType {
        guard let declaration = BuiltinRegistry.declaration(named: function.text) else {
            report(.unknownFunction(function.text, suggestion: Suggestions.closest(to: function.text, in: BuiltinRegistry.names)),
                   function.range)
            for argument in arguments { checkExpression(argument, scope: &scope) }
            return .any
        }
        if !declaration.arity.contains(arguments.count) {
            report(.wrongArgumentCount(function.text, expected: declaration.parameters, got: arguments.count), range)
        }
        if declaration.function == .zone {
            if let argument = arguments.first {
                guard case let .string(parts) = argument.kind, parts.count == 1, case let .text(zone) = parts[0] else {
                    report(.expected("an IANA zone name in quotes", found: "an expression"), argument.range)
                    return .zone
                }
                var acknowledged = false
                if arguments.count == 2 {
                    if case let .string(parts) = arguments[1].kind, parts == [.text("floor")] {
                        acknowledged = true
                    } else {
                        report(.expected("\"floor\" (fractional zones round down to whole hours)", found: arguments[1].range.text),
                               arguments[1].range)
                    }
                }
                checkZone(zone, argument.range, roundingAcknowledged: acknowledged)
            }
            return .zone
        }
        if declaration.function == .json, arguments.count == 2 {
            checkExpression(arguments[0], scope: &scope)
            if case .string = arguments[1].kind {} else {
                report(.expected("a path in quotes such as \"answers.budget\"", found: "an expression"), arguments[1].range)
            }
            return .any
        }
        return checkArguments(declaration, arguments, scope: &scope)
    }

    mutating func checkZone(_ name: String, _ range: SourceRange, roundingAcknowledged: Bool) {
        if let valid = zoneCache[name] {
            if !valid { report(.unknownZone(name, suggestion: Suggestions.closest(to: name, in: TimeZone.knownTimeZoneIdentifiers)), range) }
            return
        }
        // Only region names (and UTC): TimeZone also accepts "GMT+5", which is no zone at all.
        // (ICU's list of known identifiers lags the tz database: it has Asia/Calcutta but not Asia/Kolkata.)
        guard let zone = TimeZone(identifier: name), name.contains("/") || name == "UTC" else {
            zoneCache[name] = false
            report(.unknownZone(name, suggestion: Suggestions.closest(to: name, in: TimeZone.knownTimeZoneIdentifiers)), range)
            return
        }
        zoneCache[name] = true
        let seconds = zone.secondsFromGMT(for: now)
        if seconds % 3600 != 0, !roundingAcknowledged {
            let sign = seconds < 0 ? "-" : "+"
            let minutes = abs(seconds) / 60
            report(.fractionalZone(name, "\(sign)\(minutes / 60):\(String(format: "%02d", minutes % 60))"), range)
        }
    }

    mutating func checkStatusCode(_ expression: Expression) {
        guard case let .identifier(code) = expression.kind else {
            report(.expected("a status code", found: expression.range.text), expression.range)
            return
        }
        if !statusCodes.contains(code) {
            report(.unknownStatus(code, suggestion: Suggestions.closest(to: code, in: statusCodes)), expression.range)
        } else {
            usedStatuses.insert(code)
        }
    }

    mutating func checkComparison(_ op: ComparisonOperator, _ lhs: Expression, _ rhs: Expression, scope: inout Scope) {
        let lhsType = checkExpression(lhs, scope: &scope)
        if lhsType == .status {
            if op != .equal, op != .notEqual {
                report(.cannotCompare("a status", "'\(op.rawValue)' (statuses have no order)"), rhs.range)
            }
            checkStatusCode(rhs)
            return
        }
        let rhsType = checkExpression(rhs, scope: &scope)
        let compatible: Bool
        switch (lhsType, rhsType) {
        case (.any, _), (_, .any), (.null, _), (_, .null): compatible = true
        case (.int, .int), (.int, .decimal), (.decimal, .int), (.decimal, .decimal): compatible = true
        case (_, .statusCode): compatible = true // reported already: a status code outside a status comparison
        case (.string, .string), (.bool, .bool): compatible = op == .equal || op == .notEqual || lhsType == .string
        default: compatible = false
        }
        if !compatible { report(.cannotCompare(lhsType.description, rhsType.description), rhs.range) }
    }

    /// Compiles a regex literal, reporting a bad flag or PCRE2's error at its position.
    mutating func compileRegex(_ pattern: String, flags: String, patternRange: SourceRange) -> Pattern? {
        let site = Ruleset.PatternSite(path: patternRange.file.path, offset: patternRange.start)
        if let compiled = patterns[site] { return compiled }
        let (options, unknown) = Pattern.Options.parse(flags: flags)
        guard let options else {
            let flagOffset = patternRange.end + 1 + (flags.firstIndex(of: unknown!).map { flags.utf8.distance(from: flags.startIndex, to: $0) } ?? 0)
            report(.unknownRegexFlag(unknown!), SourceRange(file: patternRange.file, start: flagOffset, end: flagOffset + String(unknown!).utf8.count))
            return nil
        }
        do {
            let compiled = try Pattern(pattern, options: options)
            patterns[site] = compiled
            if let detail = RegexShape.nestedQuantifier(in: pattern) { report(.catastrophicRegex(detail), patternRange) }
            return compiled
        } catch {
            if case let .compile(message, _, utf8Offset) = error {
                let at = min(patternRange.start + utf8Offset, patternRange.end)
                var end = at + 1
                while end < patternRange.file.bytes.count, patternRange.file.bytes[end] & 0xC0 == 0x80 { end += 1 }
                report(.invalidRegex(message), SourceRange(file: patternRange.file, start: at, end: min(end, patternRange.end + 1)))
            }
            return nil
        }
    }
}
