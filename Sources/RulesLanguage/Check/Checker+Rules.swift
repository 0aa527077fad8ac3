import JSON
import LeadFields

extension Checker {
    mutating func registerWriterName(_ name: Name) {
        // A name is printed in summaries, journals, provenance and `enrich history`: an invisible character in it
        // (an escape sequence, a line break) would forge log lines or terminal colours there.
        if name.text.isEmpty || name.text.unicodeScalars.contains(where: LogSafeText.needsEscape) {
            report(.invisibleInName(name.text), name.range)
        }
        if let first = writerNames[name.text] {
            report(.duplicateRule(name.text), name.range, notes: [.init(text: "first declared here", range: first)])
        } else {
            writerNames[name.text] = name.range
        }
    }

    mutating func checkRule(_ rule: RuleDeclaration) {
        registerWriterName(rule.name)
        var scope = Scope()
        for binding in rule.bindings where scope.laterLocals[binding.name.text] == nil {
            scope.laterLocals[binding.name.text] = binding.name.range
        }
        checkBindings(rule.bindings.filter(\.beforeCondition), scope: &scope)
        if let condition = rule.condition { checkCondition(condition, scope: &scope) }
        scope.definesCaptures = false
        checkBindings(rule.bindings.filter { !$0.beforeCondition }, scope: &scope)
        var writes: [String] = []
        var moveSources: Set<String> = []
        var emptiness: EmptinessContext?
        for action in rule.actions {
            switch action {
            case let .write(_, target, value, _):
                let before = diagnostics.count
                let valueType = checkExpression(value, scope: &scope)
                if let key = checkTarget(target) {
                    checkValue(value, type: valueType, for: key, target: target)
                    if account != nil { checkCustomValueType(value, type: valueType, for: key) }
                    // A value with an error (an undefined capture, a wrong type) is not also judged for emptiness.
                    if !diagnostics[before...].contains(where: { $0.severity == .error }) {
                        if emptiness == nil {
                            emptiness = emptinessContext(rule.condition)
                            let readable = Set(Binding.readableInOrder(rule.bindings).map(\.name.range))
                            emptiness!.bindings = scope.locals.filter { readable.contains($0.value.range) }.mapValues(\.value)
                        }
                        checkEmptiness(value, for: key, context: emptiness!)
                    }
                    writes.append(key)
                }
            case let .clear(target, _):
                if let key = checkTarget(target) { writes.append(key) }
            case let .move(from, to, range):
                for name in from + [to] where !statusCodes.contains(name.text) {
                    report(.unknownStatus(name.text, suggestion: Suggestions.closest(to: name.text, in: statusCodes)), name.range)
                }
                for source in from where statusCodes.contains(source.text) && statusCodes.contains(to.text) {
                    usedStatuses.insert(source.text)
                    usedStatuses.insert(to.text)
                    let transition = Transition(from: source.text, to: to.text)
                    if transitions[transition] == nil {
                        report(.transitionNotDeclared(source.text, to.text), range)
                    } else {
                        usedTransitions.insert(transition)
                    }
                }
                scope.reads.insert("statusId")
                writes.append("statusId")
                moveSources.formUnion(from.map(\.text))
            }
        }
        reportUnusedLocals(rule.bindings, scope: scope)
        writers.append(Writer(
            declaration: .rule(rule), name: rule.name.text, precedence: rule.precedence ?? 0, loadIndex: writers.count,
            writes: writes, reads: scope.reads, range: rule.name.range, moveSources: moveSources))
    }

    /// The field key a target names (`utcOffset`, `customValues[12]`), or `nil` after reporting why it cannot be written.
    mutating func checkTarget(_ target: FieldTarget) -> String? {
        let name = target.name.text
        if name == "statusId" || name == LeadSchema.statusPseudoField {
            report(.statusIdThroughMove, target.range)
            return nil
        }
        guard let field = LeadSchema.fields[name] else {
            report(.unknownWriteTarget(name, suggestion: Suggestions.closest(to: name, in: LeadSchema.writableNames)), target.name.range)
            return nil
        }
        guard field.writable else {
            report(.readOnlyField(name), target.name.range)
            return nil
        }
        if name == LeadSchema.customValues {
            guard let key = target.key else {
                report(.customValuesNeedsKey, target.range)
                return nil
            }
            guard let id = customValueKey(key) else { return nil }
            checkCustomFieldExists(id, target.range)
            return "customValues[\(id)]"
        }
        if target.key != nil {
            report(.subscriptNotAllowed(name), target.range)
            return nil
        }
        return name
    }

    /// Checks that a value of `type` suits the field `key`; literals are checked in full.
    mutating func checkValue(_ value: Expression, type: ValueType, for key: String, target: FieldTarget) {
        if checkEmptyLiteral(value, for: key) { return }
        var value = value
        if case let .identifier(name) = value.kind, let (declaration, _) = constants[name] {
            // A constant written to a field is checked as its literal would be, at the place it is written (before,
            // `const offset = 15` then `fill utcOffset = offset` passed the check and failed on every lead).
            value = Expression(declaration.value.kind, value.range)
        }
        if key.hasPrefix(LeadSchema.customValues) {
            if type == .list || type == .zone || type == .null {
                report(.typeMismatch(field: key, expected: LeadFields.customValueExpectation, got: type.description), value.range)
            }
            return
        }
        guard let field = LeadSchema.fields[key] else { return }
        if type == .null {
            report(.typeMismatch(field: key, expected: field.type.description + " (to clear it, write 'clear \(key)')", got: "null"), value.range)
            return
        }
        switch field.validation {
        case .utcOffset:
            switch type {
            case .int, .any, .zone:
                if case let .integer(v) = value.kind, !LeadFields.utcOffsetRange.contains(v) { report(.utcOffsetOutOfRange(v), value.range) }
            default:
                report(.typeMismatch(field: key, expected: "whole hours (an integer) or zone(\"Area/City\")", got: type.description), value.range)
            }
            return
        case .positiveIntegerString:
            switch value.kind {
            case let .integer(v) where v <= 0: report(.vkIdNotPositive(String(v)), value.range)
            case let .string(parts):
                if parts.count == 1, case let .text(text) = parts[0], !(text.allSatisfy(\.isASCII) && (Int(text) ?? 0) > 0) {
                    report(.vkIdNotPositive("\"\(text)\""), value.range)
                }
            default:
                if type != .string, type != .int, type != .any {
                    report(.typeMismatch(field: key, expected: "a positive integer", got: type.description), value.range)
                }
            }
            return
        case .phone:
            if case let .string(parts) = value.kind, parts.count == 1, case let .text(text) = parts[0] {
                if !LeadFields.isE164Phone(text) {
                    report(.invalidPhoneLiteral(text), value.range)
                }
            } else if type != .string, type != .any {
                report(.typeMismatch(field: key, expected: "a string of E.164 digits", got: type.description), value.range)
            }
            return
        case .none, .positiveInteger:
            break
        }
        let fits: Bool
        switch (field.type, type) {
        case (_, .any): fits = true
        case (.int, .int): fits = true
        case (.string, .string): fits = true
        case (.bool, .bool): fits = true
        default: fits = false
        }
        if !fits { report(.typeMismatch(field: key, expected: field.type.description, got: type.description), value.range) }
    }
}
