/// What the static analysis of conditions (``ConditionSpace``) tells about writers: two writers of a
/// field that can never both fire (no precedence warning for them), a writer that can never fire,
/// and a writer that never wins a field because a writer ahead of it always fires with it.
/// Only what is proved is reported: a condition the analysis cannot model says nothing.
struct ReachabilityAnalysis {
    /// Per writer (by index in ``Checker/writers``) and field it writes: where it proposes a write
    /// there (its condition; for `statusId`, also a status among its moves' sources). `nil` when the
    /// condition is too large to analyse.
    var spaces: [[String: ConditionSpace?]]

    init(writers: [Writer], constants: [String: Expression], statusCodes: Set<String>) {
        spaces = writers.map { writer in
            var analyzer = ConditionAnalyzer(constants: constants, statusCodes: statusCodes, writes: Set(writer.writes), writer: writer.name)
            let condition: Expression?
            switch writer.declaration {
            case let .rule(rule):
                condition = rule.condition
                // A later binding of a name wins, as in the rule (duplicates are errors anyway).
                analyzer.lets = Dictionary(Binding.readableInOrder(rule.bindings).map { ($0.name.text, $0.value) },
                                           uniquingKeysWith: { $1 })
            case let .table(table): condition = table.condition
            }
            let base = analyzer.space(condition)
            var byField: [String: ConditionSpace?] = [:]
            for field in Set(writer.writes) {
                byField[field] = field == "statusId" && !writer.moveSources.isEmpty
                    ? analyzer.space(condition, statusIn: writer.moveSources) : base
            }
            return byField
        }
    }

    /// Whether writers `a` and `b` can never both write `field` for one lead.
    func exclusive(_ a: Int, _ b: Int, field: String) -> Bool {
        guard let first = spaces[a][field] ?? nil, let second = spaces[b][field] ?? nil else { return false }
        return first.isDisjoint(from: second)
    }
}

extension Checker {
    /// The analysis of the checked writers' conditions.
    func reachability() -> ReachabilityAnalysis {
        ReachabilityAnalysis(writers: writers, constants: constants.mapValues { $0.0.value }, statusCodes: statusCodes)
    }

    /// Reports writers that can never fire, and writes that always lose to a writer ahead of them.
    ///
    /// What each writer would write whenever it fires is worked out once per field, and who beats whom is
    /// read from two integers: each pair of writers of a field costs a comparison, and the implication test
    /// only where a winner always writes (a pack with 1,000 writers of `priority` took 9 s when each pair
    /// copied both writers and looked at the winner's actions again).
    mutating func checkReachability(_ analysis: ReachabilityAnalysis) {
        let writersOf = writerIndicesByField()
        // Per field, in load order: whether each writer always writes the field when it fires, against a
        // loser that fills only or not; and who beats whom, from two integers instead of a copy of each writer.
        struct Contender { var index: Int; var againstFill: Bool; var againstSet: Bool; var overridesEdits: Bool }
        var contenders: [String: [Contender]] = [:]
        for (field, indices) in writersOf {
            contenders[field] = indices.map { index in
                Contender(index: index, againstFill: alwaysProposes(writers[index], field, loserFills: true),
                          againstSet: alwaysProposes(writers[index], field, loserFills: false),
                          overridesEdits: writers[index].overridesEdits)
            }
        }
        let ranks = writers.map { (precedence: $0.precedence, loadIndex: $0.loadIndex) }
        func beats(_ a: Int, _ b: Int) -> Bool { Writer.beats(ranks[a], ranks[b]) }
        for (index, writer) in writers.enumerated() {
            let spaces = analysis.spaces[index]
            let known = spaces.values.compactMap { $0 }
            if !spaces.isEmpty, known.count == spaces.count, known.allSatisfy(\.isEmpty) {
                let reason = known.compactMap(\.contradiction).first ?? "its condition never holds"
                report(.neverFires(kind: writer.kind, name: writer.name, reason: reason), writer.range)
                continue
            }
            for field in Set(writer.writes).sorted() {
                guard let mine = spaces[field] ?? nil, !mine.isEmpty, let candidates = contenders[field] else { continue }
                let fills = writer.fillsOnly(field)
                let overrides = writer.overridesEdits
                // In load order: the first that always beats this one is the one named.
                for contender in candidates where contender.index != index && beats(contender.index, index) {
                    // A winner that does not override people's edits does not beat a loser that does.
                    guard !overrides || contender.overridesEdits, fills ? contender.againstFill : contender.againstSet,
                          let theirs = analysis.spaces[contender.index][field] ?? nil, mine.implies(theirs) else { continue }
                    let winner = writers[contender.index]
                    report(.alwaysLoses(kind: writer.kind, name: writer.name, field: field, winner: winner.name, precedence: winner.precedence),
                           writer.range, notes: [.init(text: "\"\(winner.name)\" is declared here", range: winner.range)])
                    break
                }
            }
        }
    }

    /// Whether `winner` writes `field` whenever its condition holds (the space of the analysis), so
    /// that a loser, when it fires, is beaten: a `clear`, a `move`, a `set` of a value that is never
    /// empty and cannot fail (a literal, a constant, a zone), or a `fill` against a loser that only fills
    /// (`loserFills`: both write only where the field is empty). (A winner that does not override people's
    /// edits does not beat a loser that does: the caller's test.)
    func alwaysProposes(_ winner: Writer, _ field: String, loserFills: Bool) -> Bool {
        guard case let .rule(rule) = winner.declaration else { return false }
        for action in rule.actions {
            switch action {
            case .move where field == "statusId":
                return true
            case let .clear(target, _) where fieldKey(target) == field:
                return true
            case let .write(mode, target, value, _) where fieldKey(target) == field:
                if mode == .fill, !loserFills { continue }
                if isSafeValue(value) { return true }
            default:
                continue
            }
        }
        return false
    }

    /// The key a target names, without reporting anything (the target was checked already).
    func fieldKey(_ target: FieldTarget) -> String? {
        guard let key = target.key else { return target.name.text }
        switch key.kind {
        case let .integer(id): return "customValues[\(id)]"
        case let .string(parts):
            if parts.count == 1, case let .text(text) = parts[0], let id = Int(text) { return "customValues[\(id)]" }
            return nil
        case let .identifier(name):
            if let (declaration, _) = constants[name], case let .integer(id) = declaration.value.kind { return "customValues[\(id)]" }
            return nil
        default: return nil
        }
    }

    /// A value that is never empty and cannot fail for a lead: a number, a boolean, a text literal
    /// that shows something, a constant holding one, `zone("…")` of a known zone.
    func isSafeValue(_ value: Expression) -> Bool {
        switch value.kind {
        case .integer, .decimal, .boolean: return true
        case .string: return literalType(value) == .string && !isBlankLiteral(value)
        case let .identifier(name):
            guard let (declaration, _) = constants[name] else { return false }
            if case .list = declaration.value.kind { return false }
            return isSafeValue(declaration.value)
        case let .call(function, arguments):
            guard function.text == "zone", case let .string(parts)? = arguments.first?.kind, parts.count == 1,
                  case let .text(name) = parts[0] else { return false }
            return zoneCache[name] == true
        default: return false
        }
    }
}

extension Writer {
    /// `rule` or `table`, for messages.
    var kind: String {
        if case .table = declaration { return "table" }
        return "rule"
    }

    /// Whether a writer of rank `a` wins a field over one of rank `b` when both write it: a higher precedence, or
    /// the same and earlier in load order. (On the two integers: the analysis compares every pair of a field's
    /// writers, and a copy of each writer per pair made 1,000 writers of a field slow.)
    static func beats(_ a: (precedence: Int, loadIndex: Int), _ b: (precedence: Int, loadIndex: Int)) -> Bool {
        a.precedence > b.precedence || (a.precedence == b.precedence && a.loadIndex < b.loadIndex)
    }

    /// Whether every write of `field` is a `fill`.
    func fillsOnly(_ field: String) -> Bool {
        switch declaration {
        case let .table(table): return table.mode == .fill
        case let .rule(rule):
            return rule.actions.allSatisfy { action in
                if case let .write(mode, target, _, _) = action, target.description == field || target.name.text == field {
                    return mode == .fill
                }
                if case let .clear(target, _) = action, target.description == field { return false }
                return true
            }
        }
    }
}
