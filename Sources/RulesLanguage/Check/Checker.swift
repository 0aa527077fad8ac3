import Foundation
import JSON
import PCRE2

/// Checks parsed rules files together: names, types, regexes, statuses, transitions,
/// precedence and dependency order. Produces a ``Ruleset`` when there is no error.
public struct Checker {
    var diagnostics: [Diagnostic] = []
    /// Declared ids: code -> id, for the codes declared with one.
    var statusIds: [String: Int] = [:]
    /// Every declared code, with an id or without.
    var statusCodes: Set<String> = []
    var statusDeclarations: [String: SourceRange] = [:]
    /// Code -> declared category, for the codes declared with one.
    var statusCategories: [String: String] = [:]
    var transitions: [Transition: SourceRange] = [:]
    var constants: [String: (ConstantDeclaration, ValueType)] = [:]
    var patterns: [Ruleset.PatternSite: Pattern] = [:]
    var usedStatuses: Set<String> = []
    var usedConstants: Set<String> = []
    var usedTransitions: Set<Transition> = []
    var zoneCache: [String: Bool] = [:]
    var writerNames: [String: SourceRange] = [:]
    var writers: [Writer] = []
    /// What the account's facts added (also in ``diagnostics``).
    var accountDiagnostics: [Diagnostic] = []
    /// Warnings silenced by `# enrich:ignore` comments (not in ``diagnostics``).
    var silenced: [SilencedWarning] = []
    /// Reference time for zone checks (fractional offsets).
    let now: Date
    /// The account the rules are checked against, if any (statuses, custom fields and their types).
    let account: AccountFacts?

    init(now: Date, account: AccountFacts? = nil) {
        self.now = now
        self.account = account
    }

    /// Checks `files` (in load order) and returns the ruleset, or `nil` when there is an error.
    /// With `account`, also checks them against the account's facts: every declared status code
    /// resolves (see ``StatusResolution``), every `customValues[ID]` exists, and what rules and table
    /// rows write there fits the field's type.
    public static func check(_ files: [RulesFile], now: Date = Date(), account: AccountFacts? = nil) -> (Ruleset?, [Diagnostic]) {
        var checker = Checker(now: now, account: account)
        return checker.run(files)
    }

    /// ``check(_:now:account:)`` with diagnostics found elsewhere (the loader's import lock) added
    /// before `# enrich:ignore` silences apply, so that they can be silenced too.
    static func check(_ files: [RulesFile], now: Date, account: AccountFacts?, adding external: [Diagnostic]) -> (Ruleset?, [Diagnostic]) {
        var checker = Checker(now: now, account: account)
        checker.diagnostics = external
        return checker.run(files)
    }

    /// Checks already checked rules against an account's facts, and returns only what the account
    /// adds: status codes that do not resolve, unknown `customValues[ID]`, values that do not fit a
    /// custom field (see ``check(_:now:account:)``), in source order. For a run that loaded its rules
    /// before it could read the account.
    public static func accountDiagnostics(_ ruleset: Ruleset, account: AccountFacts, now: Date = Date()) -> [Diagnostic] {
        var checker = Checker(now: now, account: account)
        _ = checker.run(ruleset.files)
        return checker.accountDiagnostics.sortedByLocation()
    }

    mutating func report(_ message: Diagnostic.Message, _ range: SourceRange, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(message, at: range, notes: notes))
    }

    /// Reports a problem found against the account (kept apart too, for ``accountDiagnostics(_:account:now:)``).
    mutating func reportAgainstAccount(_ message: Diagnostic.Message, _ range: SourceRange) {
        let diagnostic = Diagnostic(message, at: range)
        diagnostics.append(diagnostic)
        accountDiagnostics.append(diagnostic)
    }

    mutating func run(_ files: [RulesFile]) -> (Ruleset?, [Diagnostic]) {
        let silences = collectSilences(files)
        // Declarations first, so rules may use statuses and constants declared in any file.
        for file in files {
            for item in file.items {
                switch item {
                case let .statuses(declaration): declareStatuses(declaration)
                case let .constant(declaration): declareConstant(declaration)
                default: break
                }
            }
        }
        for file in files {
            for item in file.items {
                if case let .transitions(declaration) = item { declareTransitions(declaration) }
            }
        }
        if let account { checkStatusesAgainstAccount(account) }
        var tests: [TestDeclaration] = []
        for file in files {
            for item in file.items {
                switch item {
                case let .rule(rule): checkRule(rule)
                case let .table(table): checkTable(table)
                case let .test(test): tests.append(test)
                default: break
                }
            }
        }
        var testNames: [String: SourceRange] = [:]
        for test in tests {
            // A test's name is printed by `enrich test` and written into JUnit XML (where most control characters
            // cannot be written at all): the same rule as for rules' names.
            if test.name.text.isEmpty || test.name.text.unicodeScalars.contains(where: LogSafeText.needsEscape) {
                report(.invisibleInTestName(test.name.text), test.name.range)
            }
            // A name given twice: `enrich test --filter` and the report could not tell the two apart.
            if let first = testNames[test.name.text] {
                report(.duplicateTest(test.name.text), test.name.range, notes: [.init(text: "first declared here", range: first)])
            } else {
                testNames[test.name.text] = test.name.range
            }
            checkTest(test)
        }
        // The analysis of conditions needs rules that checked: after an error it would only add noise.
        let analysis = diagnostics.hasErrors ? nil : reachability()
        checkPrecedence(analysis)
        if let analysis { checkReachability(analysis) }
        let ordered = dependencyOrder()
        reportUnused()
        noteOverrides()
        applySilences(silences)
        diagnostics = diagnostics.sortedByLocation()
        guard !diagnostics.hasErrors, let ordered else { return (nil, diagnostics) }
        let ruleset = Ruleset(
            files: files, statusIds: statusIds, statusCodes: statusCodes, statusCategories: statusCategories,
            statusDeclarations: statusDeclarations,
            transitions: Set(transitions.keys),
            constants: constants.mapValues { $0.0.value }, writers: ordered, tests: tests, patterns: patterns,
            silenced: silenced)
        return (ruleset, diagnostics)
    }

    // MARK: Declarations

    mutating func declareStatuses(_ declaration: StatusDeclaration) {
        for entry in declaration.entries {
            let code = entry.code.text
            if statusCodes.contains(code) {
                report(.duplicateStatus(code), entry.code.range,
                       notes: statusDeclarations[code].map { [.init(text: "first declared here", range: $0)] } ?? [])
                continue
            }
            if let id = entry.id {
                if id <= 0 { report(.statusIdNotPositive(id), entry.range) }
                // Sorted, so that the code named does not depend on dictionary order.
                if let other = statusIds.filter({ $0.value == id }).keys.sorted().first {
                    report(.duplicateStatusId(id, other), entry.range,
                           notes: statusDeclarations[other].map { [.init(text: "'\(other)' is declared here", range: $0)] } ?? [])
                }
                statusIds[code] = id
            }
            if let category = entry.category {
                if AccountFacts.statusCategories.contains(category.text) {
                    statusCategories[code] = category.text
                } else {
                    report(.unknownStatusCategory(category.text, suggestion: Suggestions.closest(to: category.text, in: AccountFacts.statusCategories)),
                           category.range)
                }
            }
            if LeadSchema.fields[code] != nil { report(.constantShadowsField(code), entry.code.range) }
            statusCodes.insert(code)
            statusDeclarations[code] = entry.code.range
        }
    }

    mutating func declareTransitions(_ declaration: TransitionsDeclaration) {
        for edge in declaration.edges {
            var known = true
            for name in [edge.from, edge.to] where !statusCodes.contains(name.text) {
                report(.unknownStatus(name.text, suggestion: Suggestions.closest(to: name.text, in: statusCodes)), name.range)
                known = false
            }
            if edge.from.text == edge.to.text { report(.selfTransition(edge.from.text), edge.range) }
            guard known else { continue }
            usedStatuses.insert(edge.from.text)
            usedStatuses.insert(edge.to.text)
            let transition = Transition(from: edge.from.text, to: edge.to.text)
            if transitions[transition] == nil { transitions[transition] = edge.range }
        }
    }

    mutating func declareConstant(_ declaration: ConstantDeclaration) {
        let name = declaration.name.text
        if constants[name] != nil {
            report(.duplicateConstant(name), declaration.name.range)
            return
        }
        if LeadSchema.fields[name] != nil || name == LeadSchema.statusPseudoField || name == LeadSchema.rawLead {
            report(.constantShadowsField(name), declaration.name.range)
            return
        }
        guard let type = literalType(declaration.value) else {
            report(.constantNotLiteral(name), declaration.value.range)
            return
        }
        constants[name] = (declaration, type)
    }

    /// The type of a literal (or a list of literals), or `nil` for anything else.
    func literalType(_ expression: Expression) -> ValueType? {
        switch expression.kind {
        case .integer: return .int
        case .decimal: return .decimal
        case let .string(parts): return parts.allSatisfy({ if case .text = $0 { true } else { false } }) ? .string : nil
        case .boolean: return .bool
        case .null: return .null
        case let .list(elements): return elements.allSatisfy({ literalType($0) != nil }) ? .list : nil
        default: return nil
        }
    }

    /// An error inside an imported pack at a constant that the importer overrides: a note at the override, where the
    /// value that fails comes from (the error's place is the pack's use of it, which the importer cannot change).
    mutating func noteOverrides() {
        var overrides: [String: SourceRange] = [:]
        for (name, (declaration, _)) in constants where declaration.value.range.file != declaration.name.range.file {
            overrides[name] = declaration.value.range
        }
        guard !overrides.isEmpty else { return }
        for index in diagnostics.indices where diagnostics[index].severity == .error {
            let range = diagnostics[index].range
            let bytes = range.file.bytes
            let end = min(range.end, bytes.count)
            guard range.start < end else { continue }
            var position = range.start
            var named: [String] = []
            while position < end {
                let byte = bytes[position]
                guard byte.isIdentifierStart else { position += 1; continue }
                let start = position
                while position < end, bytes[position].isIdentifierByte { position += 1 }
                let word = String(decoding: bytes[start..<position], as: UTF8.self)
                if let value = overrides[word], value.file != range.file, !named.contains(word) {
                    named.append(word)
                    diagnostics[index].notes.append(.init(text: "'\(word)' has the value of this override", range: value))
                }
            }
        }
    }

    mutating func reportUnused() {
        for (code, range) in statusDeclarations where !usedStatuses.contains(code) {
            report(.unusedStatus(code), range)
        }
        for (name, (declaration, _)) in constants where !usedConstants.contains(name) {
            report(.unusedConstant(name), declaration.name.range)
        }
        for (transition, range) in transitions where !usedTransitions.contains(transition) {
            report(.unusedTransition(transition.from, transition.to), range)
        }
    }
}
