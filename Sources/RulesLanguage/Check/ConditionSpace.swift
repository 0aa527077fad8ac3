/// A condition as the static analysis sees it: a disjunction of ``Conjunct``s (each one way for the
/// condition to hold), built by ``ConditionAnalyzer``. Used to tell that two writers can never both
/// fire, that a rule can never fire, and that one condition implies another.
///
/// Soundness: every part of a condition the analysis does not model (a regex, a comparison of two
/// fields, a boolean switch) is kept as an *opaque* part that may be true or false independently of
/// everything but itself; so a conjunct found empty is empty for every lead, and an implication
/// found is one for every lead.
struct ConditionSpace: Sendable {
    var conjuncts: [Conjunct]
    /// Why the condition cannot hold, when it cannot: the first contradiction met.
    var contradiction: String?

    static let always = ConditionSpace(conjuncts: [Conjunct()])

    var isEmpty: Bool { conjuncts.isEmpty }

    /// Whether no lead satisfies both.
    func isDisjoint(from other: ConditionSpace) -> Bool {
        for a in conjuncts {
            for b in other.conjuncts where a.conjoined(with: b) != nil { return false }
        }
        return true
    }

    /// Whether every lead that satisfies `self` satisfies `other` (proved conjunct by conjunct).
    func implies(_ other: ConditionSpace) -> Bool {
        conjuncts.allSatisfy { mine in other.conjuncts.contains { mine.implies($0) } }
    }
}

/// One way for a condition to hold: the values each modelled expression must have, and the opaque
/// parts that must be true or false.
struct Conjunct: Sendable {
    /// Expression key -> the values it may have.
    var terms: [String: ValueSet] = [:]
    /// Expression key -> the parts, as written, that constrain it (for messages).
    var parts: [String: [String]] = [:]
    /// Opaque part key -> whether it must hold.
    var opaque: [String: Bool] = [:]
    /// Opaque part key -> the part as written.
    var opaqueText: [String: String] = [:]

    /// The conjunct with one more constraint, or the contradiction that makes it empty.
    func adding(term key: String, _ set: ValueSet, part: String) -> Result<Conjunct, Contradiction> {
        var copy = self
        let narrowed = (terms[key] ?? .all).intersection(set)
        copy.parts[key, default: []].append(part)
        if narrowed.isEmpty { return .failure(Contradiction(parts: copy.parts[key]!)) }
        copy.terms[key] = narrowed
        return .success(copy)
    }

    func adding(opaque key: String, holds: Bool, part: String) -> Result<Conjunct, Contradiction> {
        if let known = opaque[key] {
            if known == holds { return .success(self) }
            let positive = opaqueText[key] ?? part
            return .failure(Contradiction(parts: [positive, "not (\(positive))"]))
        }
        var copy = self
        copy.opaque[key] = holds
        copy.opaqueText[key] = holds ? part : part
        return .success(copy)
    }

    /// Both at once, or `nil` when they contradict each other.
    func conjoined(with other: Conjunct) -> Conjunct? {
        (try? conjoinedOrWhy(with: other).get())
    }

    func conjoinedOrWhy(with other: Conjunct) -> Result<Conjunct, Contradiction> {
        var result = self
        for (key, set) in other.terms {
            let narrowed = (result.terms[key] ?? .all).intersection(set)
            if narrowed.isEmpty { return .failure(Contradiction(parts: (result.parts[key] ?? []) + (other.parts[key] ?? []))) }
            result.terms[key] = narrowed
            result.parts[key, default: []] += other.parts[key] ?? []
        }
        for (key, holds) in other.opaque {
            if let known = result.opaque[key], known != holds {
                let text = result.opaqueText[key] ?? other.opaqueText[key] ?? key
                return .failure(Contradiction(parts: [text, "not (\(text))"]))
            }
            result.opaque[key] = holds
            result.opaqueText[key] = result.opaqueText[key] ?? other.opaqueText[key]
        }
        return .success(result)
    }

    /// Whether every lead in this conjunct is in `other`.
    func implies(_ other: Conjunct) -> Bool {
        for (key, set) in other.terms {
            let mine = terms[key] ?? .all
            if !mine.intersection(set.complement).isEmpty { return false }
        }
        for (key, holds) in other.opaque where opaque[key] != holds { return false }
        return true
    }
}

/// Parts of a condition that cannot all hold, as written.
struct Contradiction: Error, Sendable {
    var parts: [String]

    var description: String {
        var seen: Set<String> = []
        let unique = parts.filter { seen.insert($0).inserted }
        return unique.map { "`\($0)`" }.joined(separator: " and ") + " cannot all hold"
    }
}

/// Builds the ``ConditionSpace`` of one writer's condition.
struct ConditionAnalyzer {
    /// Constants by name (their literal values).
    let constants: [String: Expression]
    let statusCodes: Set<String>
    /// The fields the writer writes: it reads its own value of those, the others read the inferred
    /// one, so an expression reading them is a different expression for it.
    let writes: Set<String>
    /// The writer's name: expressions that only mean something inside it (captures) are keyed by it.
    let writer: String
    /// The rule's `let` names and their definitions: a name reads as what it names (`let b = int(customValues[15])`
    /// then `b >= 5M` is a condition on `int(customValues[15])`).
    var lets: [String: Expression] = [:]
    /// The most conjuncts one condition may expand to; beyond, the condition is not analysed.
    static let maximumConjuncts = 128

    private let formatter = RulesFormatter()

    /// The space where `expression` holds (or, with `holds: false`, where it does not); `nil` when
    /// it is too large to analyse.
    func space(_ expression: Expression?, holds: Bool = true) -> ConditionSpace? {
        guard let expression else { return holds ? .always : ConditionSpace(conjuncts: []) }
        var contradiction: String?
        guard let conjuncts = space(expression, holds: holds, contradiction: &contradiction) else { return nil }
        return ConditionSpace(conjuncts: conjuncts, contradiction: conjuncts.isEmpty ? contradiction : nil)
    }

    /// The space of `condition` restricted to leads whose status is one of `statuses` (a move's sources).
    func space(_ condition: Expression?, statusIn statuses: Set<String>) -> ConditionSpace? {
        guard var base = space(condition) else { return nil }
        let key = termKey(text: LeadSchema.statusPseudoField, reads: ["statusId"])
        let set = ValueSet.union(of: statuses.map { ValueSet.equal(text: $0, negated: false) })
        let part = "status in [\(statuses.sorted().joined(separator: ", "))]"
        var contradiction = base.contradiction
        base.conjuncts = base.conjuncts.compactMap {
            switch $0.adding(term: key, set, part: part) {
            case let .success(narrowed): return narrowed
            case let .failure(why):
                contradiction = contradiction ?? why.description
                return nil
            }
        }
        base.contradiction = base.conjuncts.isEmpty ? contradiction : nil
        return base
    }

    private func space(_ expression: Expression, holds: Bool, contradiction: inout String?) -> [Conjunct]? {
        switch expression.kind {
        case let .and(lhs, rhs), let .or(lhs, rhs):
            let isAnd: Bool
            if case .and = expression.kind { isAnd = true } else { isAnd = false }
            guard let left = space(lhs, holds: holds, contradiction: &contradiction),
                  let right = space(rhs, holds: holds, contradiction: &contradiction) else { return nil }
            // `a and b` holds where both do; `not (a and b)` where either does not (and dually for `or`).
            if isAnd == holds {
                var product: [Conjunct] = []
                for a in left {
                    for b in right {
                        switch a.conjoinedOrWhy(with: b) {
                        case let .success(both): product.append(both)
                        case let .failure(why): contradiction = contradiction ?? why.description
                        }
                        if product.count > Self.maximumConjuncts { return nil }
                    }
                }
                return product
            }
            let union = left + right
            return union.count > Self.maximumConjuncts ? nil : union
        case let .not(operand):
            return space(operand, holds: !holds, contradiction: &contradiction)
        case let .boolean(value):
            return value == holds ? [Conjunct()] : []
        default:
            let part = formatter.expression(expression)
            if let (key, set) = modelled(expression) {
                switch Conjunct().adding(term: key, holds ? set : set.complement, part: holds ? part : "not (\(part))") {
                case let .success(conjunct): return [conjunct]
                case let .failure(why):
                    contradiction = contradiction ?? why.description
                    return []
                }
            }
            let key = opaqueKey(expression, text: part)
            return [(try? Conjunct().adding(opaque: key, holds: holds, part: part).get()) ?? Conjunct()]
        }
    }

    // MARK: Atoms

    /// The expression a comparison, membership or presence test constrains, and the values for
    /// which it holds; `nil` for a part the analysis keeps opaque.
    func modelled(_ expression: Expression) -> (String, ValueSet)? {
        switch expression.kind {
        case let .compare(op, lhs, rhs):
            if let term = term(lhs), let set = comparison(op, literal: rhs, literalOnLeft: false, statusTerm: isStatus(lhs)) {
                return (term, set)
            }
            if let term = term(rhs), let set = comparison(op, literal: lhs, literalOnLeft: true, statusTerm: isStatus(rhs)) {
                return (term, set)
            }
            return nil
        case let .membership(element, list, negated):
            guard let term = term(element), let items = listItems(list) else { return nil }
            var equals: [ValueSet] = []
            equals.reserveCapacity(items.count)
            for item in items {
                guard let equal = comparison(.equal, literal: item, literalOnLeft: false, statusTerm: isStatus(element)) else { return nil }
                equals.append(equal)
            }
            let found = ValueSet.union(of: equals)
            // `x not in [...]`: x is there, and equals none of the items.
            return (term, negated ? ValueSet.present.intersection(found.complement) : found)
        case let .test(subject, test, negated):
            guard let term = term(subject) else { return nil }
            let set: ValueSet
            switch test {
            case .empty: set = .empty
            case .missing: set = ValueSet.none.with { $0.missing = true }
            case .present: set = .present
            }
            return (term, negated ? set.complement : set)
        default:
            return nil
        }
    }

    private func isStatus(_ expression: Expression) -> Bool {
        if case .identifier(LeadSchema.statusPseudoField) = expression.kind { return true }
        return false
    }

    /// The values `x` for which `x OP literal` holds (`literal OP x` with `literalOnLeft`).
    private func comparison(_ op: ComparisonOperator, literal: Expression, literalOnLeft: Bool, statusTerm: Bool) -> ValueSet? {
        switch literalValue(literal, statusCode: statusTerm) {
        case let .number(value)?:
            if !literalOnLeft { return ValueSet.comparing(op, number: value) }
            // `c OP x`: the same as `x OP' c` for numbers, but NaN (which compares greater than any number
            // on the left) compares less than any number on the right.
            let flipped: ComparisonOperator
            switch op {
            case .less: flipped = .greater
            case .lessEqual: flipped = .greaterEqual
            case .greater: flipped = .less
            case .greaterEqual: flipped = .lessEqual
            case .equal, .notEqual: flipped = op
            }
            var set = ValueSet.comparing(flipped, number: value)
            let nanHolds = op == .greater || op == .greaterEqual || op == .notEqual
            set.numbers.nan = nanHolds
            set.numericTexts.nan = nanHolds
            return set
        case let .text(text)?:
            switch op {
            case .equal: return .equal(text: text, negated: false)
            case .notEqual: return .equal(text: text, negated: true)
            default: return nil
            }
        case nil:
            return nil
        }
    }

    private enum Literal {
        case number(Double)
        case text(String)
    }

    /// A number, or a text that does not read as a number; constants resolved, status codes as text.
    private func literalValue(_ expression: Expression, statusCode: Bool) -> Literal? {
        switch expression.kind {
        case let .integer(value): return .number(Double(value))
        case let .decimal(value): return .number(value)
        case let .string(parts):
            guard parts.allSatisfy({ if case .text = $0 { true } else { false } }) else { return nil }
            let text = parts.map { if case let .text(t) = $0 { t } else { "" } }.joined()
            return ValueSet.readsAsNumber(text) ? nil : .text(text)
        case let .identifier(name):
            if let value = constants[name] { return literalValue(value, statusCode: false) }
            if statusCode, statusCodes.contains(name), !ValueSet.readsAsNumber(name) { return .text(name) }
            return nil
        default:
            return nil
        }
    }

    private func listItems(_ list: Expression) -> [Expression]? {
        switch list.kind {
        case let .list(items): return items
        case let .identifier(name): return constants[name].flatMap(listItems)
        default: return nil
        }
    }

    // MARK: Keys

    /// The key of an expression whose value depends only on the lead (a field, a custom value, the
    /// status, a built-in of those): the same key in two writers means the same value.
    func term(_ expression: Expression) -> String? {
        guard let (text, reads) = leadValue(expression) else { return nil }
        return termKey(text: text, reads: reads)
    }

    private func termKey(text: String, reads: Set<String>) -> String {
        let own = reads.intersection(writes)
        // Every writer of a field reads the lead's own value of it: the same for all of them.
        return own.isEmpty ? text : text + " @own(" + own.sorted().joined(separator: ",") + ")"
    }

    /// Canonical text and the fields read, for a field, custom value, raw field, status, or a
    /// built-in call over those and literals.
    private func leadValue(_ expression: Expression) -> (String, Set<String>)? {
        switch expression.kind {
        case let .identifier(name):
            // A let name first: it hides fields and constants of the same name in its rule.
            if let definition = lets[name] { return leadValue(definition) }
            if name == LeadSchema.statusPseudoField { return (name, ["statusId"]) }
            if LeadSchema.fields[name] != nil { return (name, [name]) }
            return nil
        case let .subscripted(base, key):
            if base.text == LeadSchema.rawLead { return (formatter.expression(expression), []) }
            guard base.text == LeadSchema.customValues, let id = customValueId(key) else { return nil }
            return ("customValues[\(id)]", ["customValues[\(id)]"])
        case let .call(function, arguments):
            guard BuiltinRegistry.declaration(named: function.text) != nil else { return nil }
            var texts: [String] = [], reads: Set<String> = []
            for argument in arguments {
                if let (text, argumentReads) = leadValue(argument) {
                    texts.append(text)
                    reads.formUnion(argumentReads)
                } else if isPlainLiteral(argument) {
                    texts.append(formatter.expression(argument))
                } else {
                    return nil
                }
            }
            return ("\(function.text)(\(texts.joined(separator: ", ")))", reads)
        default:
            return nil
        }
    }

    private func isPlainLiteral(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .integer, .decimal, .boolean, .null: return true
        case let .string(parts): return parts.allSatisfy { if case .text = $0 { true } else { false } }
        default: return false
        }
    }

    private func customValueId(_ key: Expression) -> Int? {
        switch key.kind {
        case let .integer(value): return value
        case let .string(parts):
            if parts.count == 1, case let .text(text) = parts[0] { return Int(text) }
            return nil
        case let .identifier(name):
            if let value = constants[name], case let .integer(id) = value.kind { return id }
            return nil
        default: return nil
        }
    }

    /// The key of a part kept opaque: shared between writers when it reads only lead values and
    /// literals (a regex over a field), otherwise the writer's own.
    private func opaqueKey(_ expression: Expression, text: String) -> String {
        var reads: Set<String> = []
        if sharedReads(expression, into: &reads) { return termKey(text: "?" + text, reads: reads) }
        return "?" + text + "@" + writer
    }

    /// Collects the fields `expression` reads; false when it depends on anything but the lead
    /// (a capture, a name the analysis does not know).
    private func sharedReads(_ expression: Expression, into reads: inout Set<String>) -> Bool {
        if let (_, fields) = leadValue(expression) {
            reads.formUnion(fields)
            return true
        }
        switch expression.kind {
        case .integer, .decimal, .boolean, .null: return true
        case let .string(parts): return parts.allSatisfy { if case .text = $0 { true } else { false } }
        case let .list(items): return items.allSatisfy { sharedReads($0, into: &reads) }
        case let .identifier(name): return constants[name] != nil || statusCodes.contains(name)
        case let .regexMatch(subject, _, _, _, _): return sharedReads(subject, into: &reads)
        case let .compare(_, lhs, rhs): return sharedReads(lhs, into: &reads) && sharedReads(rhs, into: &reads)
        case let .membership(element, list, _): return sharedReads(element, into: &reads) && sharedReads(list, into: &reads)
        case let .test(subject, _, _): return sharedReads(subject, into: &reads)
        case let .not(operand): return sharedReads(operand, into: &reads)
        case let .and(lhs, rhs), let .or(lhs, rhs): return sharedReads(lhs, into: &reads) && sharedReads(rhs, into: &reads)
        default: return false
        }
    }
}
