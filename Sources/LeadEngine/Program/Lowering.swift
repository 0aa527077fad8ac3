import Foundation
import PCRE2
import RulesLanguage

/// Turns a checked `Ruleset` into a ``Program``: names resolved, regexes taken from the
/// ruleset's compiled set, zones looked up, capture names given slots.
struct Lowering {
    let ruleset: Ruleset
    /// Capture name -> slot, for the writer being lowered.
    private var slots: [String: Int] = [:]
    /// The rule's `let` names, lowered: a name reads as its expression, wherever it is used.
    private var locals: [String: CompiledExpression] = [:]
    /// Field key -> field slot, for the whole program.
    private var fieldSlots: [String: Int] = ["statusId": 0]
    private var fieldKeys: [String] = ["statusId"]
    /// Prefilter literals per (subject, caseless): their index and literal ids.
    private var prefilterIndex: [PrefilterKey: Int] = [:]
    private var prefilterLiterals: [[String]] = []
    private var prefilterCaseless: [Bool] = []
    /// The patterns of each regex set (``RegexSet``) per (subject, caseless), and its index.
    private var regexSetIndex: [PrefilterKey: Int] = [:]
    private var regexSetPatterns: [[String]] = []
    private var regexSetCaseless: [Bool] = []
    /// The field keys some writer writes (``Writer/writes``, as the write masks are made from them): a read of any
    /// other field gives the lead's own value to every writer.
    private let writtenKeys: Set<String>
    /// Lead-wide value slots of ``CompiledExpression/leadConstant(slot:expression:)``, by ``subjectKey(_:)``.
    private var leadConstantSlots: [String: Int] = [:]
    /// The flat form of every expression the writers evaluate (``Program/code``).
    private var code = ExpressionCodeBuilder()
    /// When not `nil`: each emitted root's tree, by root index (``lowerKeepingTrees()``).
    private var keptTrees: [Int32: CompiledExpression]?

    private struct PrefilterKey: Hashable {
        /// What the regexes are matched against (``subjectKey(_:)``): regexes on the same subject share one scan.
        let subject: String
        let caseless: Bool
    }

    init(ruleset: Ruleset) {
        self.init(ruleset: ruleset, writtenKeys: Set(ruleset.writers.flatMap(\.writes)))
    }

    private init(ruleset: Ruleset, writtenKeys: Set<String>) {
        self.ruleset = ruleset
        self.writtenKeys = writtenKeys
        code = ExpressionCodeBuilder(statusIds: ruleset.statusIds)
    }

    mutating func lower() -> Program {
        var writers: [CompiledWriter] = []
        var tables = 0
        for writer in ruleset.writers {
            slots = [:]
            locals = [:]
            code.beginWriter()
            switch writer.declaration {
            case let .rule(rule):
                for binding in rule.bindings {
                    // A name, not a copy of its definition: a chain of lets that each use the one before twice
                    // would otherwise be evaluated 2^n times per lead.
                    let definition = lowerExpression(binding.value)
                    locals[binding.name.text] = .local(slot: locals.count, definition: definition, cached: !definition.touchesCaptures)
                }
                let condition = lowerCondition(rule.condition)
                let actions = rule.actions.map { lowerAction($0) }
                writers.append(makeWriter(writer, condition: condition, body: .actions(actions)))
            case let .table(table):
                tables += 1
                let condition = lowerCondition(table.condition)
                let body: CompiledWriter.Body = table.isDecisionTable ? .decision(lowerDecisionTable(table)) : .table(lowerTable(table))
                writers.append(makeWriter(writer, condition: condition, body: body))
            }
        }
        // Slots are known only now: give every writer its full-width write mask.
        writers = writers.map { writer in
            var mask = [Bool](repeating: false, count: fieldKeys.count)
            for (slot, written) in writer.writes.enumerated() where written { mask[slot] = true }
            return CompiledWriter(name: writer.name, precedence: writer.precedence, loadIndex: writer.loadIndex,
                                  location: writer.location, condition: writer.condition, body: writer.body, writes: mask,
                                  captureSlots: writer.captureSlots, captureNames: writer.captureNames,
                                  overridesEdits: writer.overridesEdits)
        }
        return Program(
            writers: writers,
            statusCodes: Program.codesById(ruleset.statusIds),
            statusIds: ruleset.statusIds, tableCount: tables, fieldKeys: fieldKeys, statusSlot: 0,
            prefilters: zip(prefilterLiterals, prefilterCaseless).map { LiteralPrefilter(literals: $0, caseless: $1) },
            leadConstantCount: leadConstantSlots.count, code: code.code, regexSets: makeRegexSets())
    }

    private mutating func fieldSlot(_ key: String) -> Int {
        if let slot = fieldSlots[key] { return slot }
        fieldSlots[key] = fieldKeys.count
        fieldKeys.append(key)
        return fieldKeys.count - 1
    }

    private mutating func makeWriter(_ writer: Writer, condition: [ConditionPart], body: CompiledWriter.Body) -> CompiledWriter {
        var mask: [Bool] = []
        for key in writer.writes {
            let slot = fieldSlot(key)
            if mask.count <= slot { mask += [Bool](repeating: false, count: slot + 1 - mask.count) }
            mask[slot] = true
        }
        var names = [String](repeating: "", count: slots.count)
        for (name, slot) in slots { names[slot] = name }
        return CompiledWriter(
            name: writer.name, precedence: writer.precedence, loadIndex: writer.loadIndex,
            location: writer.range.location, condition: condition, body: body,
            writes: mask, captureSlots: slots.count, captureNames: names, overridesEdits: writer.overridesEdits)
    }

    /// Splits a condition into its top-level `and` parts, in order.
    mutating func lowerCondition(_ condition: RulesLanguage.Expression?) -> [ConditionPart] {
        guard let condition else { return [] }
        var parts: [RulesLanguage.Expression] = []
        func flatten(_ expression: RulesLanguage.Expression) {
            if case let .and(lhs, rhs) = expression.kind {
                flatten(lhs)
                flatten(rhs)
            } else {
                parts.append(expression)
            }
        }
        flatten(condition)
        return parts.map { ConditionPart(expression: lowerAndEmit($0), text: $0.range.text, location: $0.range.location) }
    }

    private mutating func slot(for name: String) -> Int {
        if let slot = slots[name] { return slot }
        slots[name] = slots.count
        return slots.count - 1
    }

    mutating func targetSlot(_ target: FieldTarget) -> Int {
        guard let key = target.key else { return fieldSlot(target.name.text) }
        return fieldSlot("customValues[\(customValueId(key) ?? 0)]")
    }

    private func customValueId(_ key: RulesLanguage.Expression) -> Int? {
        switch key.kind {
        case let .integer(value): return value
        case let .string(parts):
            if case let .text(text)? = parts.first { return Int(text) }
            return nil
        case let .identifier(name):
            if let constant = ruleset.constants[name], case let .integer(value) = constant.kind { return value }
            return nil
        default: return nil
        }
    }

    mutating func lowerAction(_ action: Action) -> CompiledAction {
        let location = action.range.location
        switch action {
        case let .write(mode, target, value, _):
            return .write(mode: mode, slot: targetSlot(target), value: lowerAndEmit(value), location: location)
        case let .clear(target, _):
            return .clear(slot: targetSlot(target), location: location)
        case let .move(from, to, _):
            // A code declared without an id gets 0 until the engine resolves it; the patch never
            // sends 0 (statusId must be positive), and `Engine.unresolvedStatusCodes` names the code.
            return .move(from: Set(from.map(\.text)), to: to.text, toId: ruleset.statusIds[to.text] ?? 0, location: location)
        }
    }

    mutating func lowerTable(_ table: TableDeclaration) -> CompiledTable {
        var prefixes: [(row: Int, key: String)] = []
        var regexes: [(row: Int, pattern: Pattern)] = []
        var values: [Value] = []
        var lines: [Int] = []
        var columns: [Int] = []
        var keys: [String] = []
        var zoneCache: [SourceText: Value] = [:]
        for (index, row) in table.rows.enumerated() {
            switch row.key {
            case let .prefix(prefix):
                prefixes.append((index, prefix))
                keys.append(Self.quoted(prefix))
            case let .regex(pattern, flags):
                let range = SourceRange(file: row.keyRange.file, start: row.keyRange.start + 1, end: row.keyRange.start + 1 + pattern.utf8.count)
                if let compiled = ruleset.pattern(at: range) { regexes.append((index, compiled)) }
                keys.append("/\(pattern)/\(flags)")
            case .cells:
                keys.append(row.keyRange.text) // only in decision tables, lowered by lowerDecisionTable
            }
            // Thousands of rows share a few zones: look each zone up once.
            let text = SourceText(row.value.range)
            if let cached = zoneCache[text] {
                values.append(cached)
            } else {
                let value = constantValue(lowerExpression(row.value))
                zoneCache[text] = value
                values.append(value)
            }
            let (line, column) = row.range.file.lineAndColumn(of: row.range.start, from: lines.last ?? 1)
            lines.append(line)
            columns.append(column)
        }
        return CompiledTable(
            mode: table.mode, slot: targetSlot(table.target), keyExpression: lowerAndEmit(table.keyExpression),
            matcher: TableMatcher(policy: table.policy, prefixes: prefixes, regexes: regexes),
            values: values, rowLines: lines, rowColumns: columns, rowKeys: keys)
    }

    /// `"text"`: a prefix row's key as provenance names it, made in one piece (thousands of rows).
    static func quoted(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count + 2) { buffer in
                buffer[0] = UInt8(ascii: "\"")
                _ = UnsafeMutableBufferPointer(rebasing: buffer[1...]).initialize(from: bytes)
                buffer[bytes.count + 1] = UInt8(ascii: "\"")
                return bytes.count + 2
            }
        }
    }

    /// Lowers `expression` and emits it into ``Program/code``: the index of its root instruction.
    mutating func lowerAndEmit(_ expression: RulesLanguage.Expression) -> Int32 {
        let tree = lowerExpression(expression)
        let root = code.emit(tree)
        keptTrees?[root] = tree
        return root
    }

    /// ``lower()``, also answering the tree each root of ``Program/code`` was made from (for the tests that compare
    /// the flat form with the trees).
    mutating func lowerKeepingTrees() -> (Program, [Int32: CompiledExpression]) {
        keptTrees = [:]
        defer { keptTrees = nil }
        let program = lower()
        return (program, keptTrees ?? [:])
    }

    func constantValue(_ expression: CompiledExpression) -> Value {
        switch expression {
        case let .literal(value): return value
        case let .leadConstant(_, expression): return constantValue(expression)
        case let .call(.zone, arguments):
            if case let .literal(.string(name))? = arguments.first, let zone = TimeZone(identifier: name) { return .zone(zone) }
            return .missing
        case let .list(elements): return .list(elements.map(constantValue))
        default: return .missing
        }
    }

    mutating func lowerExpression(_ expression: RulesLanguage.Expression) -> CompiledExpression {
        switch expression.kind {
        case let .integer(v): return .literal(.int(v))
        case let .decimal(v): return .literal(.double(v))
        case let .boolean(v): return .literal(.bool(v))
        case .null: return .literal(.missing)
        case let .string(parts):
            if parts.allSatisfy({ if case .text = $0 { true } else { false } }) {
                return .literal(.string(parts.map { if case let .text(t) = $0 { t } else { "" } }.joined()))
            }
            return .template(parts.map { part in
                switch part {
                case let .text(text): return .text(text)
                case let .capture(name, _): return .capture(slot: slot(for: name))
                }
            })
        case let .list(elements):
            let lowered = elements.map { lowerExpression($0) }
            return .list(lowered)
        case let .identifier(name):
            if let local = locals[name] { return local }
            if name == LeadSchema.statusPseudoField { return .status }
            if let constant = ruleset.constants[name] { return .literal(constantValue(lowerConstant(constant))) }
            if LeadSchema.fields[name] != nil { return .field(fieldSlot(name)) }
            return .literal(.string(name)) // a status code, compared with `status`
        case let .subscripted(base, key):
            if base.text == LeadSchema.rawLead, case let .string(parts) = key.kind, case let .text(name)? = parts.first {
                return .raw(name)
            }
            return .field(fieldSlot("customValues[\(customValueId(key) ?? 0)]"))
        case let .capture(name):
            return .capture(slot: slot(for: name))
        case let .call(function, arguments):
            // The checker accepted the program, so every call names a registered built-in.
            guard let builtin = BuiltinFunction(rawValue: function.text) else {
                preconditionFailure("a checked program calls \(function.text)(), which BuiltinRegistry does not declare")
            }
            return leadConstant(.call(builtin, arguments.map { lowerExpression($0) }))
        case let .regexMatch(subject, _, _, patternRange, negated):
            let pattern = ruleset.pattern(at: patternRange)!
            var captures: [(group: Int, slot: Int)] = []
            var named: [(name: String, group: Int)] = []
            for (name, group) in pattern.groupNumbers.sorted(by: { $0.value < $1.value }) {
                named.append((name, group))
                if !negated { captures.append((group, slot(for: name))) }
            }
            let loweredSubject = lowerExpression(subject)
            let set = captures.isEmpty ? regexSet(for: pattern, subject: loweredSubject) : nil
            let (filter, startsAt, exact) = prefilter(for: pattern, subject: loweredSubject, inSet: set != nil)
            let node = RegexNode(subjectConstantSlot: RegexNode.subjectConstantSlot(of: loweredSubject), pattern: pattern,
                                 negated: negated, captures: captures, namedGroups: named, location: patternRange.location,
                                 prefilter: filter, startsAt: startsAt, decidedByLiterals: exact, regexSet: set,
                                 wholeSubject: Self.wholeSubjectMatcher(pattern))
            return .regex(subject: loweredSubject, node)
        case let .compare(op, lhs, rhs):
            return .compare(op, lowerExpression(lhs), lowerExpression(rhs))
        case let .membership(element, list, negated):
            return .membership(lowerExpression(element), lowerExpression(list), negated: negated)
        case let .test(subject, test, negated):
            return .test(lowerExpression(subject), test, negated: negated)
        case let .not(operand):
            return .not(lowerExpression(operand))
        case let .and(lhs, rhs):
            return .and(lowerExpression(lhs), lowerExpression(rhs))
        case let .or(lhs, rhs):
            return .or(lowerExpression(lhs), lowerExpression(rhs))
        case let .arithmetic(op, lhs, rhs):
            return .arithmetic(op, lowerExpression(lhs), lowerExpression(rhs))
        case let .negate(operand):
            return .negate(lowerExpression(operand))
        case let .regexLiteral(_, _, patternRange):
            // The checker compiled every regex argument it accepted.
            guard let pattern = ruleset.pattern(at: patternRange) else { return .literal(.missing) }
            return .pattern(pattern)
        }
    }

    /// Registers the regex's required literals with the prefilter of its subject: a field, or what a function
    /// makes of one (`text(sourceComment)`), or any other expression. The evaluator scans a subject again
    /// whenever its text differs from the last one scanned, so sharing a scan is only a saving, never a risk.
    ///
    /// The third answer says whether the regex is only a choice of words (``ExactLiterals``): then its literals are
    /// those words, and finding one of them is a match.
    ///
    /// A regex `inSet` (a ``RegexSet`` answers it) gets no ``SmallRegex`` for its anchored tries: they are made only
    /// for the rare subject the set cannot judge, where PCRE2 tries the places (building the 8 automata of the
    /// default pack took ~20M instructions of the pack load).
    private mutating func prefilter(for pattern: Pattern, subject: CompiledExpression, inSet: Bool)
        -> ((index: Int, literals: [Int])?, RegexNode.Starts?, Bool) {
        let options = pattern.options
        let starts = LeadingLiterals.extractStarts(from: pattern.source, caseless: options.caseInsensitive,
                                                   extended: options.extended)
        let leading = starts?.map(\.literal)
        let exact = ExactLiterals.extract(from: pattern.source, caseless: options.caseInsensitive, extended: options.extended)
        // Literals every match starts with are also literals every match contains.
        guard let required = exact ?? RequiredLiterals.extract(from: pattern.source, caseless: options.caseInsensitive,
                                                               extended: options.extended) ?? leading else {
            return (nil, nil, false)
        }
        let key = PrefilterKey(subject: Self.subjectKey(subject) ?? "regex \(prefilterLiterals.count)",
                               caseless: options.caseInsensitive)
        let index: Int
        if let existing = prefilterIndex[key] {
            index = existing
        } else {
            index = prefilterLiterals.count
            prefilterIndex[key] = index
            prefilterLiterals.append([])
            prefilterCaseless.append(options.caseInsensitive)
        }
        func ids(_ literals: [String]) -> [Int] {
            literals.map { literal in
                if let id = prefilterLiterals[index].firstIndex(of: literal) { return id }
                prefilterLiterals[index].append(literal)
                return prefilterLiterals[index].count - 1
            }
        }
        let requiredIds = ids(required)
        var startsAt: RegexNode.Starts?
        if let starts, let leading {
            var anchoredOptions = options
            anchoredOptions.anchored = true
            // The same source compiled before without error: this can fail only for lack of memory, and then
            // the regex is simply searched as usual.
            if let anchored = try? Pattern(pattern.source, options: anchoredOptions) {
                let leadingIds = ids(leading)
                var isLeading = [Bool](repeating: false, count: (leadingIds.max() ?? -1) + 1)
                var afterWordBoundary = isLeading
                var whiteSpaceAt = [Int32](repeating: 0, count: isLeading.count)
                for (id, start) in zip(leadingIds, starts) {
                    isLeading[id] = true
                    afterWordBoundary[id] = start.afterWordBoundary
                    if start.beforeWhiteSpace { whiteSpaceAt[id] = Int32(start.literal.utf8.count) }
                }
                // The matcher knows PCRE2's answers with Unicode properties, without extended mode.
                let small = options.unicodeProperties && !options.extended && !inSet
                    ? SmallRegex(pattern.source, caseless: options.caseInsensitive) : nil
                startsAt = RegexNode.Starts(isLeading: isLeading, afterWordBoundary: afterWordBoundary, whiteSpaceAt: whiteSpaceAt,
                                            anchored: anchored, small: small)
            }
        }
        return ((index, requiredIds), startsAt, exact != nil)
    }

    /// `pattern` as a matcher of whole subjects when it starts with `^` and ``SmallRegex`` understands it: with Unicode
    /// properties (what the matcher knows of PCRE2's answers), not extended, not multiline (`^` and `$` are then the
    /// subject's start and end).
    static func wholeSubjectMatcher(_ pattern: Pattern) -> SmallRegex? {
        let options = pattern.options
        guard pattern.source.hasPrefix("^"), options.unicodeProperties, !options.extended, !options.multiline else { return nil }
        return SmallRegex(wholeSubject: pattern.source, caseless: options.caseInsensitive)
    }

    /// Adds the regex to the ``RegexSet`` of its subject (by the key of its prefilter) when a ``SmallRegex`` understands
    /// it with its options (Unicode properties, not extended); its set and number there, or `nil`.
    private mutating func regexSet(for pattern: Pattern, subject: CompiledExpression) -> (index: Int, bit: Int)? {
        let options = pattern.options
        guard options.unicodeProperties, !options.extended else { return nil }
        var sets: [SmallRegex.CharacterSet] = []
        guard SmallRegex.parse(pattern.source, caseless: options.caseInsensitive, sets: &sets) != nil else { return nil }
        let key = PrefilterKey(subject: Self.subjectKey(subject) ?? "regex set \(regexSetPatterns.count)",
                               caseless: options.caseInsensitive)
        let index: Int
        if let existing = regexSetIndex[key], regexSetPatterns[existing].count < 64 {
            index = existing
        } else {
            index = regexSetPatterns.count
            regexSetIndex[key] = index
            regexSetPatterns.append([])
            regexSetCaseless.append(options.caseInsensitive)
        }
        if let bit = regexSetPatterns[index].firstIndex(of: pattern.source) { return (index, bit) }
        regexSetPatterns[index].append(pattern.source)
        return (index, regexSetPatterns[index].count - 1)
    }

    /// The program's ``RegexSet``s (none when PCRE2 cannot be asked what its classes hold).
    private func makeRegexSets() -> [RegexSet?] {
        guard !regexSetPatterns.isEmpty else { return [] }
        let kinds = ScalarKinds()
        return zip(regexSetPatterns, regexSetCaseless).map { patterns, caseless in
            kinds.flatMap { RegexSet(patterns: patterns, caseless: caseless, kinds: $0) }
        }
    }

    /// A text naming what `expression` computes, equal for equal expressions (fields, raw fields, literals and
    /// calls of them); `nil` for anything else (such a regex gets a prefilter of its own).
    static func subjectKey(_ expression: CompiledExpression) -> String? {
        switch expression {
        case let .leadConstant(_, expression): return subjectKey(expression)
        case let .field(slot): return "field \(slot)"
        case let .raw(name): return "raw \(name.debugDescription)"
        case .status: return "status"
        case let .literal(.string(text)): return text.debugDescription
        case let .literal(.int(number)): return String(number)
        case let .call(builtin, arguments):
            var parts: [String] = []
            for argument in arguments {
                guard let part = subjectKey(argument) else { return nil }
                parts.append(part)
            }
            return "\(builtin.rawValue)(\(parts.joined(separator: ", ")))"
        default: return nil
        }
    }

    /// `call` as a ``CompiledExpression/leadConstant(slot:expression:)`` when its value is the same for the whole
    /// lead (``isLeadConstant(_:)``) and it has a ``subjectKey(_:)``; otherwise `call` itself.
    private mutating func leadConstant(_ call: CompiledExpression) -> CompiledExpression {
        guard isLeadConstant(call), let key = Self.subjectKey(call) else { return call }
        if let slot = leadConstantSlots[key] { return .leadConstant(slot: slot, expression: call) }
        leadConstantSlots[key] = leadConstantSlots.count
        return .leadConstant(slot: leadConstantSlots.count - 1, expression: call)
    }

    /// Whether every writer sees the same value of `expression` for a lead: it reads no field some writer writes,
    /// no capture, no `let` name, and runs no regex (a regex fills captures and records matches).
    private func isLeadConstant(_ expression: CompiledExpression) -> Bool {
        switch expression {
        case .literal, .raw, .pattern, .leadConstant: return true
        case let .field(slot): return !writtenKeys.contains(fieldKeys[slot])
        case .status: return !writtenKeys.contains(fieldKeys[0])
        case let .call(_, arguments), let .list(arguments): return arguments.allSatisfy(isLeadConstant)
        case let .compare(_, lhs, rhs), let .membership(lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs),
             let .arithmetic(_, lhs, rhs):
            return isLeadConstant(lhs) && isLeadConstant(rhs)
        case let .test(operand, _, _), let .not(operand), let .negate(operand): return isLeadConstant(operand)
        case .capture, .template, .regex, .local: return false
        }
    }

    private func lowerConstant(_ expression: RulesLanguage.Expression) -> CompiledExpression {
        var copy = Lowering(ruleset: ruleset, writtenKeys: writtenKeys)
        return copy.lowerExpression(expression)
    }
}
