import RulesLanguage

/// Which writers an evaluation at ``EvaluationDetail/patchOnly`` may leave unrun: those whose run could change neither
/// the patch nor the errors.
///
/// A writer changes the patch only through its proposals, and a proposal changes nothing when the field already holds
/// one that beats it (a higher precedence, or the same one loaded earlier: ``EvaluationCore/propose(_:_:mode:writer:index:origin:record:tracing:)``).
/// Proposals are never taken back, so once every field a writer writes holds a better proposal, its run can only
/// report that it fired (``Evaluation/fired``) or fail. Left unrun then are the writers whose run cannot fail:
/// - no decision table (its rows' regexes and `unique` hit policy can fail), no table with regex rows;
/// - no call of a built-in that can fail (``RulesLanguage/BuiltinDeclaration/canFail``: `int()`, `replace()`);
/// - every regex test one that its regex set answers for a lead-wide subject without captures (the facts
///   ``EvaluationPlan/mask(_:in:regexes:)`` also needs), and PCRE2 is run only when the set has not answered: so the
///   writer is left unrun only when each set it reads has answered for that subject in this lead (``SetSubject``).
///
/// A later writer reads what an unrun one would have read and proposed: the same candidates (an outranked proposal
/// leaves them as they are), the same lead; what a run remembers (lead-wide values, a table key, a set's answer) is
/// computed by whoever reads it next.
enum OutrankedWriters {
    /// A regex set and the lead-wide value slot of the subject a writer's regex tests read with it.
    struct SetSubject: Equatable {
        let set: Int
        let constantSlot: Int
    }

    /// What tells whether a writer may be left unrun.
    struct WriterFacts {
        /// Its rank among the writers: a proposal of a writer of higher rank beats its own (higher precedence, then
        /// loaded earlier: ``EvaluationCore/propose(_:_:mode:writer:index:origin:record:tracing:)``).
        let rank: Int
        /// The field slots it writes (a range of ``EvaluationPlan/writtenSlots``); empty when it is always run: its run
        /// can fail otherwise than in a regex test its set answers, or some field it writes has no earlier writer
        /// whose proposal would beat its own (the writer that holds it when it runs is then worse).
        let writes: Range<Int>
        /// The regex sets whose answers must be known (a range of ``EvaluationPlan/setsRead``).
        let setsRead: Range<Int>
        /// The same as bits of ``EvaluationPlan/answerSubjects`` (read when ``EvaluationPlan/subjectsMasked``).
        let setsMask: UInt64
        /// For the first writer of a family of tables (``TableFamilies``), the family's index in
        /// ``EvaluationPlan/tableFamilies``; -1 for every other writer.
        var family: Int = -1
    }

    /// Per writer (of precedence and load index `writers`), its rank (``WriterFacts/rank``): 0 for the writer every
    /// other beats.
    static func ranks(_ writers: [(precedence: Int, loadIndex: Int)]) -> [Int] {
        let order = writers.indices.sorted {
            (writers[$0].precedence, -writers[$0].loadIndex) < (writers[$1].precedence, -writers[$1].loadIndex)
        }
        var ranks = [Int](repeating: 0, count: writers.count)
        for (rank, writer) in order.enumerated() { ranks[writer] = rank }
        return ranks
    }

    /// The sets and subjects whose answers a writer's code reads, when its run can fail only in a regex test not
    /// answered by its set (see ``OutrankedWriters``); `nil` when the run can fail otherwise. `roots`: the instructions
    /// the run may evaluate (the condition parts, each mask's own instruction; the actions' values; a table's key).
    static func setsRead(from roots: [Int32], in code: ExpressionCode, regexes: [RegexPlan]) -> [SetSubject]? {
        var sets: [SetSubject] = []
        var seen = Set<Int32>()
        var pending = roots
        while let index = pending.popLast() {
            guard index >= 0, seen.insert(index).inserted else { continue }
            switch code.instructions[Int(index)] {
            case .literal, .field, .raw, .status, .capture, .template, .pattern:
                continue
            case let .call(builtin, start, count):
                if BuiltinRegistry.declaration(of: builtin).canFail { return nil }
                pending += code.operands[Int(start)..<Int(start + count)]
            case let .list(start, count):
                pending += code.operands[Int(start)..<Int(start + count)]
            case let .regex(node, subject):
                let facts = regexes[Int(node)]
                guard facts.regexSet >= 0, facts.subjectConstantSlot >= 0, !facts.hasCaptures else { return nil }
                let read = SetSubject(set: facts.regexSet, constantSlot: facts.subjectConstantSlot)
                if !sets.contains(read) { sets.append(read) }
                pending.append(subject)
            case let .compare(_, lhs, rhs), let .membership(lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs),
                 let .arithmetic(_, lhs, rhs):
                pending += [lhs, rhs]
            case let .statusIs(_, status, literal):
                pending += [status, literal]
            case let .test(operand, _, _), let .not(operand), let .negate(operand):
                pending.append(operand)
            case let .local(_, definition, _):
                pending.append(definition)
            case let .leadConstant(_, expression):
                pending.append(expression)
            }
        }
        return sets
    }

    /// The field slots a writer's proposals go to, each once: its actions' (a `move`'s is the status's), its table's
    /// or decision table's. Read from its body, not from its write mask (``Program/writeMasks``), which leaves out a
    /// custom value of id 0 (`customValues[0]`, "no such field") that an action may still name.
    static func slotsWritten(by body: CompiledWriter.Body, statusSlot: Int) -> [Int] {
        var slots: [Int] = []
        switch body {
        case let .actions(actions):
            for action in actions {
                let slot: Int
                switch action {
                case let .write(_, written, _, _), let .clear(written, _): slot = written
                case .move: slot = statusSlot
                }
                if !slots.contains(slot) { slots.append(slot) }
            }
        case let .table(table): slots.append(table.slot)
        case let .decision(table): slots.append(table.slot)
        }
        return slots
    }
}

extension EvaluationCore {
    /// Whether the writer of `facts` (``EvaluationPlan/outranking``, its writes not empty) may be left unrun
    /// (``OutrankedWriters``): its run cannot fail now, and every field it writes (`written`: the plan's
    /// ``EvaluationPlan/writtenSlots``) holds a proposal that beats any of its own (``holderRanks``).
    @inline(__always)
    mutating func isOutranked(_ facts: UnsafePointer<OutrankedWriters.WriterFacts>, written: UnsafeBufferPointer<Int>) -> Bool {
        let slots = written.baseAddress.unsafelyUnwrapped
        let rank = facts.pointee.rank
        for i in facts.pointee.writes where holderRanks[slots[i]] < rank { return false }
        // One test of the bits of the sets' subjects answered in this lead (``answeredSubjects``), rather than a frame
        // that read each set's stamp, subject and answer (~50 instructions a writer, ~3.7 writers a lead).
        if plan.subjectsMasked { return facts.pointee.setsMask & ~answeredSubjects == 0 }
        return facts.pointee.setsRead.isEmpty || setsAnswered(facts.pointee)
    }

    /// Whether every regex set the writer of `facts` reads has answered for its subject in this lead: its tests are
    /// then answered without PCRE2, and cannot fail.
    ///
    /// Out of line, and mutating (a non-mutating method of the core out of line is given a copy of it): inlined, the
    /// loads of what it reads were made for every writer looked at, before its fields were (~10 a writer).
    @inline(never)
    mutating func setsAnswered(_ facts: OutrankedWriters.WriterFacts) -> Bool {
        // (Read when the plan has more than 64 set subjects; else ``answeredSubjects`` says the same in one word.)
        for i in facts.setsRead {
            let read = plan.setsRead[i]
            guard regexSetStamps[read.set] == generation, regexSetConstantSlots[read.set] == read.constantSlot,
                  regexSetKnown[read.set] else { return false }
        }
        return true
    }
}

extension EvaluationCore {
    /// Records in ``answeredSubjects`` that regex set `set` has just read a subject of lead-wide slot `constantSlot`
    /// (-1: none) and answered or not (`known`): the bit of that set and slot is set when it answered, the bits of the
    /// set's other subjects cleared (the set holds one subject's answer at a time). Bit `i` is then set exactly when
    /// ``setsAnswered(_:)`` would find ``EvaluationPlan/answerSubjects`` `[i]` answered.
    @inline(__always)
    mutating func noteAnswered(_ set: Int, _ constantSlot: Int, known: Bool) {
        var answered = answeredSubjects
        for i in 0..<plan.answerSubjects.count where plan.answerSubjects[i].set == set {
            let bit: UInt64 = 1 << UInt64(i)
            if known, plan.answerSubjects[i].constantSlot == constantSlot { answered |= bit } else { answered &= ~bit }
        }
        answeredSubjects = answered
    }
}
