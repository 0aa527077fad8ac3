import RulesLanguage

/// What the evaluator's hot loop reads of a ``Program``, as plain values: per writer its condition's roots, its
/// actions and the facts ``EvaluationCore/propose(_:_:mode:writer:index:origin:record:tracing:)`` compares, and
/// per regex test the facts that decide it without PCRE2.
///
/// Made once per evaluator from the program's classes (``CompiledWriter``, ``RegexNode``) and arrays of enums with
/// payloads: reading a writer or a regex node out of them retained it (and its arrays) for every writer and every
/// test of every lead. Nothing here holds a reference, so reading it costs no reference counting. The classes are
/// still read where the plain form stops: a table's matcher, a `move`'s statuses, a regex's pattern, tracing.
struct EvaluationPlan {
    /// Per writer, in evaluation order (the order of ``Program/writers``).
    let writers: [WriterPlan]
    /// The roots of every writer's condition parts, one writer after another (``WriterPlan/conditions``): an
    /// instruction's index (``truthRoot(_:in:)``), or `~m` (negative) for a part decided by ``masks`` `[m]`.
    let conditionRoots: [Int32]
    /// The condition parts that are `and`, `or`, `not` of regex tests of one lead-wide subject answered by one regex
    /// set (``MaskPlan``): once the set has read the subject for the lead, such a part is one look at its answer.
    let masks: [MaskPlan]
    /// Per condition part (same index as ``conditionRoots``): the first of its ``truthSteps`` when its root is an `and`,
    /// `or` or `not` (``TruthStep``), else -1 (its root is run as it is).
    let partSteps: [Int32]
    /// The steps of the condition parts compiled so, one part after another.
    let truthSteps: [TruthStep]
    /// Per condition part (same index as ``conditionRoots``): what can decide it before its writer's run
    /// (``precheck(_:in:)``); read by ``EvaluationCore/knownParts(_:_:)`` for the parts after a writer's first.
    let partPrechecks: [WriterPlan.Precheck]
    /// Every rule's actions, one writer after another (``WriterPlan/actions``).
    let actions: [ActionPlan]
    /// The status ids each `move` moves from (those whose code it names), one move after another
    /// (``ActionPlan/moveFrom``): the status is checked by id, not by its code's `String` in a `Set`.
    let moveFromIds: [Int]
    /// Per regex test (``ExpressionCode/regexes``, same index).
    let regexes: [RegexPlan]
    /// The literal ids of every regex test's prefilter, one test after another (``RegexPlan/literals``).
    let regexLiterals: [Int32]
    /// Per prefilter (``Program/prefilters``), how many literals it has: every id above is below its prefilter's.
    let literalCounts: [Int]
    /// Per table writer (``WriterPlan/table``), in writer order.
    let tables: [TablePlan]
    /// How many memos of table keys the tables share (``TablePlan/keyMemo``).
    let tableKeyMemos: Int
    /// Per writer (same index as ``writers``), what tells whether it may be left unrun (``OutrankedWriters``): kept
    /// out of ``WriterPlan``, which every writer's run copies (a larger one was copied by `memcpy`).
    let outranking: [OutrankedWriters.WriterFacts]
    /// The field slots of the writers that may be left unrun, one writer after another
    /// (``OutrankedWriters/WriterFacts/writes``).
    let writtenSlots: [Int]
    /// The regex sets those writers read, one writer after another (``OutrankedWriters/WriterFacts/setsRead``).
    let setsRead: [OutrankedWriters.SetSubject]
    /// Per lead-wide value slot: the instruction of the text that makes the value missing when it is no JSON document
    /// (``NoDocumentValues``), or -1.
    let noDocumentSubjects: [Int32]
    /// The regex sets and lead-wide subjects of ``setsRead``, each once: bit `i` of a writer's
    /// ``OutrankedWriters/WriterFacts/setsMask`` and of ``EvaluationCore/answeredSubjects`` is `answerSubjects[i]`; used
    /// when there are at most 64 (``subjectsMasked``).
    let answerSubjects: [OutrankedWriters.SetSubject]
    let subjectsMasked: Bool
    /// Runs of tables of one key, condition and field, looked up as one at patch-only detail (``TableFamilies``); their
    /// members, one family after another, each family's highest rank first (``TableFamily/ranked``).
    let tableFamilies: [TableFamily]
    let familyMembers: [TableFamily.Member]

    init(_ program: Program) {
        var regexes: [RegexPlan] = [], literals: [Int32] = []
        for node in program.code.regexes {
            let start = literals.count
            var prefilter = -1
            if let (index, ids) = node.prefilter {
                precondition(index >= 0 && index < program.prefilters.count, "a regex's prefilter is one of the program's")
                let count = program.prefilters[index].literalCount
                precondition(ids.allSatisfy { $0 >= 0 && $0 < count }, "a regex's literals are its prefilter's")
                prefilter = index
                literals += ids.map { Int32($0) }
            }
            regexes.append(RegexPlan(prefilter: prefilter, literals: start..<literals.count,
                                     subjectConstantSlot: node.subjectConstantSlot, negated: node.negated,
                                     decidedByLiterals: node.decidedByLiterals, hasCaptures: !node.captures.isEmpty,
                                     hasStarts: node.startsAt != nil,
                                     regexSet: node.regexSet.flatMap { program.regexSets[$0.index] != nil ? $0.index : nil } ?? -1,
                                     regexBit: node.regexSet?.bit ?? 0))
        }
        var masks: [MaskPlan] = []
        var writers: [WriterPlan] = [], roots: [Int32] = [], actions: [ActionPlan] = [], tables: [TablePlan] = []
        var tableWriters: [Int] = [], moveFromIds: [Int] = []
        var writtenSlots: [Int] = [], setsRead: [OutrankedWriters.SetSubject] = []
        var outranking: [OutrankedWriters.WriterFacts] = []
        var answerSubjects: [OutrankedWriters.SetSubject] = []
        let ranks = OutrankedWriters.ranks(program.writers.map { ($0.precedence, $0.loadIndex) })
        // Per field slot, the highest rank of the writers so far that write it (-1: none).
        var bestEarlierRank = [Int](repeating: -1, count: program.fieldKeys.count)
        for writer in program.writers {
            let conditionStart = roots.count
            // A part decided by one regex set's answer is named by its mask (``MaskPlan``), as `~index`.
            for part in writer.condition {
                let root = Self.truthRoot(part.expression, in: program.code)
                if let mask = Self.mask(root, in: program.code, regexes: regexes) {
                    roots.append(~Int32(masks.count))
                    masks.append(mask)
                } else {
                    roots.append(root)
                }
            }
            let actionStart = actions.count
            let kind: WriterPlan.Kind
            var table = -1
            // The instructions a run may evaluate besides the condition's, and whether the body can fail by itself.
            var bodyRoots: [Int32] = [], bodyCanFail = false
            switch writer.body {
            case let .actions(list):
                kind = .actions
                for action in list {
                    switch action {
                    case let .write(mode, slot, value, _):
                        actions.append(ActionPlan(kind: .write, mode: mode, slot: slot, expression: value, moveFrom: 0..<0, toId: 0))
                        bodyRoots.append(value)
                    case let .clear(slot, _):
                        actions.append(ActionPlan(kind: .clear, mode: .set, slot: slot, expression: -1, moveFrom: 0..<0, toId: 0))
                    case let .move(from, _, toId, _):
                        let fromStart = moveFromIds.count
                        moveFromIds += program.statusCodes.ids(withCodeIn: from)
                        actions.append(ActionPlan(kind: .move, mode: .set, slot: program.statusSlot, expression: -1,
                                                  moveFrom: fromStart..<moveFromIds.count, toId: toId))
                    }
                }
            case let .table(compiled):
                kind = .table
                table = tables.count
                tables.append(TablePlan(compiled, code: program.code))
                tableWriters.append(writers.count)
                bodyRoots.append(compiled.keyExpression)
                bodyCanFail = compiled.matcher.needsText
            case .decision:
                kind = .decision
                bodyCanFail = true
            }
            let writesStart = writtenSlots.count, setsStart = setsRead.count
            let conditionCode = roots[conditionStart...].map { $0 < 0 ? masks[Int(~$0)].root : $0 }
            let written = OutrankedWriters.slotsWritten(by: writer.body, statusSlot: program.statusSlot)
            let rank = ranks[writers.count]
            // Only a writer each field of which an earlier one may hold with a better proposal can be outranked.
            if written.allSatisfy({ bestEarlierRank[$0] > rank }), !bodyCanFail,
               let sets = OutrankedWriters.setsRead(from: conditionCode + bodyRoots, in: program.code, regexes: regexes) {
                writtenSlots += written
                setsRead += sets
            }
            for slot in written { bestEarlierRank[slot] = max(bestEarlierRank[slot], rank) }
            var setsMask: UInt64 = 0
            for read in setsRead[setsStart...] {
                let bit: Int
                if let known = answerSubjects.firstIndex(of: read) { bit = known } else {
                    bit = answerSubjects.count
                    answerSubjects.append(read)
                }
                if bit < 64 { setsMask |= 1 << UInt64(bit) }
            }
            outranking.append(OutrankedWriters.WriterFacts(rank: rank, writes: writesStart..<writtenSlots.count,
                                                           setsRead: setsStart..<setsRead.count, setsMask: setsMask))
            writers.append(WriterPlan(conditions: conditionStart..<roots.count, actions: actionStart..<actions.count, kind: kind, table: table,
                                      precedence: writer.precedence, loadIndex: writer.loadIndex,
                                      captureSlots: writer.captureSlots, overridesEdits: writer.overridesEdits,
                                      precheck: Self.precheck(roots[conditionStart...], in: program.code),
                                      prechecks: Self.prechecks(roots[conditionStart...], in: program.code)))
        }
        self.answerSubjects = answerSubjects
        subjectsMasked = answerSubjects.count <= 64
        noDocumentSubjects = NoDocumentValues.subjects(in: program.code, slots: program.leadConstantCount)
        self.moveFromIds = moveFromIds
        self.writtenSlots = writtenSlots
        self.setsRead = setsRead
        self.writers = writers
        self.conditionRoots = roots
        self.actions = actions
        self.regexes = regexes
        self.regexLiterals = literals
        var truthSteps: [TruthStep] = []
        self.partSteps = roots.map { root in
            root < 0 ? -1 : TruthStep.compile(root, in: program.code, regexes: regexes, masks: &masks, steps: &truthSteps)
        }
        self.truthSteps = truthSteps
        self.masks = masks
        self.partPrechecks = roots.indices.map { Self.precheck(roots[$0...], in: program.code) }
        self.literalCounts = program.prefilters.map(\.literalCount)
        let shares = TableKeySharing.shares(program, keys: tables.map(\.keyExpression), tableWriters: tableWriters)
        self.tables = zip(tables, shares).map { $0.sharing($1) }
        tableKeyMemos = (shares.map(\.memo).max() ?? -1) + 1
        (tableFamilies, familyMembers) = TableFamilies.families(program, writers: writers, partPrechecks: partPrechecks,
                                                                tables: self.tables, ranks: ranks, regexes: regexes)
        for (index, family) in tableFamilies.enumerated() { outranking[family.members.lowerBound].family = index }
        self.outranking = outranking
    }

    /// The instruction whose truth (``EvaluationCore/truth(_:)``) is that of the instruction at `index`: the left side of
    /// an `or` whose right side is never true (`x or correctUtcOffset`, a constant `false`), of an `and` whose right
    /// side is always true, as far as that goes; else `index`. The right sides dropped are literals, and compares and
    /// `and`s of them, which fail no evaluation and read nothing, so the truth and the failures are the same. (Only for
    /// running a condition: `explain` shows what the condition as written saw.)
    static func truthRoot(_ index: Int32, in code: ExpressionCode) -> Int32 {
        var index = index
        while true {
            switch code.instructions[Int(index)] {
            case let .or(lhs, rhs) where constantTruth(rhs, in: code) == false: index = lhs
            case let .and(lhs, rhs) where constantTruth(rhs, in: code) == true: index = lhs
            default: return index
            }
        }
    }

    /// The truth of the instruction at `index` when it is the same for every lead and its evaluation reads nothing and
    /// cannot fail: a literal, a comparison of two literals, and `and`, `or` and `not` of such; else `nil`.
    static func constantTruth(_ index: Int32, in code: ExpressionCode) -> Bool? {
        switch code.instructions[Int(index)] {
        case let .literal(literal):
            if case .bool(true) = code.literals[Int(literal)] { return true }
            return false
        case let .compare(op, lhs, rhs):
            guard case let .literal(a) = code.instructions[Int(lhs)], case let .literal(b) = code.instructions[Int(rhs)] else { return nil }
            return EvaluationCore.compare(op, code.literals[Int(a)], code.literals[Int(b)])
        case let .and(lhs, rhs):
            // `false and x` does not evaluate x.
            guard let left = constantTruth(lhs, in: code) else { return nil }
            return left ? constantTruth(rhs, in: code) : false
        case let .or(lhs, rhs):
            guard let left = constantTruth(lhs, in: code) else { return nil }
            return left ? true : constantTruth(rhs, in: code)
        case let .not(operand):
            return constantTruth(operand, in: code).map { !$0 }
        default:
            return nil
        }
    }

    /// The instruction a condition part runs from: the root itself, or the one its mask stands for.
    func instruction(ofRoot root: Int32) -> Int32 {
        root < 0 ? masks[Int(~root)].root : root
    }

    /// What can tell, before a writer's run, that the first part of its condition (`roots.first`) does not hold.
    static func precheck(_ roots: ArraySlice<Int32>, in code: ExpressionCode) -> WriterPlan.Precheck {
        guard let root = roots.first else { return .none }
        if root < 0 { return .mask(Int(~root)) }
        switch code.instructions[Int(root)] {
        case let .statusIs(id, _, _): return .status(Int(id))
        case let .test(subject, test, negated):
            if case let .field(slot) = code.instructions[Int(subject)] { return .field(slot: Int(slot), test: test, negated: negated) }
            // `phone_first(phone) is not empty`: false for a missing field, as `is present`.
            let falseWhenMissing = test == .empty ? negated : (test == .present) != negated
            guard falseWhenMissing, let slot = missingWith(subject, in: code) else { return .none }
            return .present(slot: slot)
        case let .compare(_, lhs, rhs):
            // `length(phone_first(telegramPhone)) >= 10`: a comparison with a missing value is false. The other side is
            // evaluated only when it cannot fail (a literal, a field, text functions of one): skipping it changes nothing.
            if let slot = missingWith(lhs, in: code), cannotFail(rhs, in: code) { return .present(slot: slot) }
            if let slot = missingWith(rhs, in: code), cannotFail(lhs, in: code) { return .present(slot: slot) }
            return .none
        default: return .none
        }
    }

    /// The field slot whose missing value makes the expression at `index` missing, its evaluation unable to fail then: the
    /// field itself, or the text functions of one argument that answer missing for a missing argument (`length`, the
    /// remembered text functions, `lower`, `upper`, `trim`), a lead-wide value of such; else `nil`.
    static func missingWith(_ index: Int32, in code: ExpressionCode) -> Int? {
        switch code.instructions[Int(index)] {
        case let .field(slot): return Int(slot)
        case let .leadConstant(_, expression): return missingWith(expression, in: code)
        case let .call(builtin, start, count) where count == 1:
            switch builtin {
            case .length, .e164, .phoneFirst, .phoneRest, .digits, .text, .lower, .upper, .trim:
                return missingWith(code.operands[Int(start)], in: code)
            default: return nil
            }
        default: return nil
        }
    }

    /// Whether evaluating the expression at `index` surely cannot fail and reads nothing a writer changes by reading it: a
    /// literal, or what ``missingWith(_:in:)`` follows.
    static func cannotFail(_ index: Int32, in code: ExpressionCode) -> Bool {
        if case .literal = code.instructions[Int(index)] { return true }
        return missingWith(index, in: code) != nil
    }

    /// How many of a writer's first condition parts (`roots`, as in ``conditionRoots``) can be decided before its run
    /// (``EvaluationCore/knownParts(_:_:)``): those ``precheck(_:in:)`` can look at. The count stops at the first other
    /// part: a part after it is not looked at before it (that part may fail, and its failure is the writer's error).
    static func prechecks(_ roots: ArraySlice<Int32>, in code: ExpressionCode) -> Int {
        var count = 0
        for index in roots.indices {
            if case .none = precheck(roots[index...], in: code) { break }
            count += 1
        }
        return count
    }

    /// The mask of the expression at `index` when it is a regex test of a lead-wide subject answered by a regex set
    /// (``RegexPlan/regexSet``, ``RegexPlan/subjectConstantSlot``), or `not`, `and`, `or` of such tests of the same
    /// subject and set whose truth is at most two terms (``MaskPlan``); else `nil`.
    static func mask(_ index: Int32, in code: ExpressionCode, regexes: [RegexPlan]) -> MaskPlan? {
        var set = -1, slot = -1, subject: Int32 = -1
        /// A term holds when every pattern of `must` matches and none of `mustNot` does.
        struct Term: Equatable {
            var must: UInt64
            var mustNot: UInt64
        }
        // The expression's truth as an `or` of terms (at most `limit` on the way, else `nil`).
        let limit = 8
        func and(_ lhs: [Term], _ rhs: [Term]) -> [Term]? {
            var terms: [Term] = []
            for l in lhs {
                for r in rhs {
                    let term = Term(must: l.must | r.must, mustNot: l.mustNot | r.mustNot)
                    // A term that needs a pattern to match and not to match never holds.
                    if term.must & term.mustNot == 0, !terms.contains(term) { terms.append(term) }
                }
            }
            return terms.count <= limit ? terms : nil
        }
        func terms(_ index: Int32) -> [Term]? {
            switch code.instructions[Int(index)] {
            case let .regex(node, nodeSubject):
                let facts = regexes[Int(node)]
                guard facts.regexSet >= 0, facts.subjectConstantSlot >= 0, !facts.hasCaptures, facts.regexBit < 64,
                      set < 0 || (set == facts.regexSet && slot == facts.subjectConstantSlot) else { return nil }
                set = facts.regexSet
                slot = facts.subjectConstantSlot
                if subject < 0 { subject = nodeSubject }
                let bit: UInt64 = 1 << UInt64(facts.regexBit)
                return [facts.negated ? Term(must: 0, mustNot: bit) : Term(must: bit, mustNot: 0)]
            case let .and(lhs, rhs):
                guard let l = terms(lhs), let r = terms(rhs) else { return nil }
                return and(l, r)
            case let .or(lhs, rhs):
                guard let l = terms(lhs), let r = terms(rhs), l.count + r.count <= limit else { return nil }
                return l + r.filter { !l.contains($0) }
            case let .not(operand):
                // Not an `or` of terms: the `and` of each term's negation (an `or` of its patterns, each negated).
                guard let inner = terms(operand) else { return nil }
                var result = [Term(must: 0, mustNot: 0)]
                for term in inner {
                    var negation: [Term] = []
                    for b in 0..<64 where (term.must >> UInt64(b)) & 1 != 0 { negation.append(Term(must: 0, mustNot: 1 << UInt64(b))) }
                    for b in 0..<64 where (term.mustNot >> UInt64(b)) & 1 != 0 { negation.append(Term(must: 1 << UInt64(b), mustNot: 0)) }
                    guard let next = and(result, negation) else { return nil }
                    result = next
                }
                return result
            default: return nil
            }
        }
        guard let found = terms(index), found.count <= 2 else { return nil }
        // No term: never true; a second term that never holds (a pattern that must match and must not).
        let never = Term(must: 1, mustNot: 1)
        let first = found.first ?? never, second = found.count > 1 ? found[1] : never
        return MaskPlan(root: index, subject: subject, set: set, subjectConstantSlot: slot, must: first.must, mustNot: first.mustNot,
                        secondMust: second.must, secondMustNot: second.mustNot)
    }
}

/// A condition part decided by one regex set's answer for a lead-wide subject (see ``EvaluationPlan/mask(_:in:regexes:)``):
/// true when the answer's bits (bit `b`: the set's pattern `b` matches) satisfy one of its two terms. The same truth as
/// the part's instructions (``EvaluationCore/truth(_:)``) whenever the set has answered for that subject in the lead:
/// each regex test there answers from the same bits (``EvaluationCore/match(_:subject:)``), reads nothing else,
/// records nothing untraced and fails no evaluation; so `and`/`or` short-circuits change nothing.
struct MaskPlan {
    /// The part's instruction (run when the answer is not known: the set could not answer, or matches are recorded).
    let root: Int32
    /// The instruction of the subject its regex tests read (the same lead-wide value for all).
    let subject: Int32
    /// The regex set (``Program/regexSets``) and the lead-wide value slot of the subject.
    let set: Int
    let subjectConstantSlot: Int
    /// The first term: the patterns that must match, and those that must not.
    let must: UInt64
    let mustNot: UInt64
    /// The second term (one that never holds when the truth is one term).
    let secondMust: UInt64
    let secondMustNot: UInt64

    /// The part's truth for the set's `answer`.
    @inline(__always)
    func holds(_ answer: UInt64) -> Bool {
        (answer & must == must && answer & mustNot == 0) || (answer & secondMust == secondMust && answer & secondMustNot == 0)
    }
}

/// A writer's plain facts (see ``EvaluationPlan``).
struct WriterPlan {
    /// What the writer's body is.
    enum Kind {
        case actions, table, decision
    }

    /// Its condition parts' roots: a range of ``EvaluationPlan/conditionRoots``, in the order of
    /// ``CompiledWriter/condition``.
    let conditions: Range<Int>
    /// Its actions, a range of ``EvaluationPlan/actions`` in the order of its ``CompiledWriter/Body/actions(_:)``
    /// (empty for a table).
    let actions: Range<Int>
    let kind: Kind
    /// For a table, its index in ``EvaluationPlan/tables`` (-1 for the others).
    let table: Int
    let precedence: Int
    let loadIndex: Int
    let captureSlots: Int
    let overridesEdits: Bool
    /// A cheap look at the first part of the writer's condition that can tell whether it holds, before the run: most
    /// writers of a pack are ruled out for most leads by `status == new`, by the answer the regex set gives for the
    /// lead's comment, or by a field's presence (`utcOffset is empty`), without their run (its frame, the part's
    /// evaluation); and a part found to hold is not evaluated again in the run.
    let precheck: Precheck
    /// How many of its first condition parts can be looked at so (``EvaluationPlan/prechecks(_:in:)``): the parts after
    /// the first are looked at when the ones before hold (``EvaluationCore/knownParts(_:_:)``).
    let prechecks: Int

    enum Precheck: Equatable {
        case none
        /// The part is ``Instruction/statusIs(id:status:literal:)`` of this id.
        case status(Int)
        /// The part is decided by ``EvaluationPlan/masks`` `[index]`.
        case mask(Int)
        /// The part is a presence test of a field (`utcOffset is empty`), looked at where the value is kept
        /// (``EvaluationCore/fieldPasses(_:_:)``).
        case field(slot: Int, test: PresenceTest, negated: Bool)
        /// The part is false when field `slot` reads as missing (``EvaluationPlan/missingWith(_:in:)``: a comparison of
        /// text functions of it, `length(phone_first(telegramPhone)) >= 10`), and cannot fail then; when the field has a
        /// value it cannot tell.
        case present(slot: Int)
    }
}

/// One action of a rule (see ``CompiledAction``), without its location and, for a `move`, without its statuses
/// (read from the writer when the move runs).
struct ActionPlan {
    enum Kind {
        case write, clear, move
    }

    let kind: Kind
    /// A write's mode (`.set` for the others).
    let mode: WriteMode
    /// The field slot written (for a move, ``Program/statusSlot``).
    let slot: Int
    /// A write's value: the root of its expression in ``Program/code`` (-1 for the others).
    let expression: Int32
    /// A move's statuses to move from: their ids in ``EvaluationPlan/moveFromIds`` (empty for the others).
    let moveFrom: Range<Int>
    /// The status id a move moves to (0 for the others).
    let toId: Int
}

/// A regex test's plain facts (see ``RegexNode``).
struct RegexPlan {
    /// ``RegexNode/prefilter``'s index, -1 when none.
    let prefilter: Int
    /// ``RegexNode/prefilter``'s literal ids: a range of ``EvaluationPlan/regexLiterals``.
    let literals: Range<Int>
    let subjectConstantSlot: Int
    let negated: Bool
    let decidedByLiterals: Bool
    /// Whether ``RegexNode/captures`` is not empty.
    let hasCaptures: Bool
    /// Whether ``RegexNode/startsAt`` is set.
    let hasStarts: Bool
    /// ``RegexNode/regexSet``'s index when the program has that set, else -1; and the pattern's bit there.
    let regexSet: Int
    let regexBit: Int
}

/// A table writer's facts (see ``CompiledTable``), and the table itself held without a reference count: reading a table
/// out of its writer retained the writer, the table and its matcher for every lead (the ``Program`` that the plan is
/// made of holds the table as long as the plan is used).
struct TablePlan {
    let mode: WriteMode
    /// The field slot the table writes.
    let slot: Int
    /// The root of the key's expression in ``Program/code``.
    let keyExpression: Int32
    /// The table and its matcher, unretained.
    let table: Unmanaged<CompiledTable>
    let matcher: Unmanaged<TableMatcher>
    /// The memo of the lead's key this table shares with the tables of the same key (``TableKeySharing``; -1 until the
    /// plan gives it one), and whether it may read a value another table remembered there for this lead (else it
    /// computes the key, and leaves it there).
    let keyMemo: Int
    let reusesKey: Bool
    /// Whether the key is a lead-wide value (``Instruction/leadConstant(slot:expression:)``).
    let keyIsLeadConstant: Bool

    init(_ table: CompiledTable, code: ExpressionCode) {
        mode = table.mode
        slot = table.slot
        keyExpression = table.keyExpression
        if case .leadConstant = code.instructions[Int(table.keyExpression)] { keyIsLeadConstant = true } else { keyIsLeadConstant = false }
        self.table = Unmanaged.passUnretained(table)
        matcher = Unmanaged.passUnretained(table.matcher)
        keyMemo = -1
        reusesKey = false
    }

    private init(_ plan: TablePlan, keyMemo: Int, reusesKey: Bool) {
        mode = plan.mode
        slot = plan.slot
        keyExpression = plan.keyExpression
        keyIsLeadConstant = plan.keyIsLeadConstant
        table = plan.table
        matcher = plan.matcher
        self.keyMemo = keyMemo
        self.reusesKey = reusesKey
    }

    /// This table with its memo of keys.
    func sharing(_ share: TableKeySharing.Share) -> TablePlan {
        TablePlan(self, keyMemo: share.memo, reusesKey: share.reuses)
    }
}
