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
    /// The roots of every writer's condition parts, one writer after another (``WriterPlan/conditions``).
    let conditionRoots: [Int32]
    /// Every rule's actions, one writer after another (``WriterPlan/actions``).
    let actions: [ActionPlan]
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

    init(_ program: Program) {
        var writers: [WriterPlan] = [], roots: [Int32] = [], actions: [ActionPlan] = [], tables: [TablePlan] = []
        var tableWriters: [Int] = []
        for writer in program.writers {
            let conditionStart = roots.count
            roots += writer.condition.map { Self.truthRoot($0.expression, in: program.code) }
            let actionStart = actions.count
            let kind: WriterPlan.Kind
            var table = -1
            switch writer.body {
            case let .actions(list):
                kind = .actions
                for action in list {
                    switch action {
                    case let .write(mode, slot, value, _):
                        actions.append(ActionPlan(kind: .write, mode: mode, slot: slot, expression: value))
                    case let .clear(slot, _):
                        actions.append(ActionPlan(kind: .clear, mode: .set, slot: slot, expression: -1))
                    case .move:
                        actions.append(ActionPlan(kind: .move, mode: .set, slot: program.statusSlot, expression: -1))
                    }
                }
            case let .table(compiled):
                kind = .table
                table = tables.count
                tables.append(TablePlan(compiled))
                tableWriters.append(writers.count)
            case .decision: kind = .decision
            }
            writers.append(WriterPlan(conditions: conditionStart..<roots.count, actions: actionStart..<actions.count, kind: kind, table: table,
                                      precedence: writer.precedence, loadIndex: writer.loadIndex,
                                      captureSlots: writer.captureSlots, overridesEdits: writer.overridesEdits,
                                      precheck: roots.count > conditionStart ? Self.precheck(roots[conditionStart], in: program) : .none))
        }
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
        self.writers = writers
        self.conditionRoots = roots
        self.actions = actions
        self.regexes = regexes
        self.regexLiterals = literals
        self.literalCounts = program.prefilters.map(\.literalCount)
        let shares = TableKeySharing.shares(program, keys: tables.map(\.keyExpression), tableWriters: tableWriters)
        self.tables = zip(tables, shares).map { $0.sharing($1) }
        tableKeyMemos = (shares.map(\.memo).max() ?? -1) + 1
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

    /// What can tell, before writer's run, that the first part of its condition (the truth root `root`) does not hold.
    static func precheck(_ root: Int32, in program: Program) -> WriterPlan.Precheck {
        switch program.code.instructions[Int(root)] {
        case let .statusIs(id, _, _): return .status(Int(id))
        case let .regex(node, _):
            let regex = program.code.regexes[Int(node)]
            guard let set = regex.regexSet, program.regexSets[set.index] != nil, regex.subjectConstantSlot >= 0 else { return .none }
            return .regex(Int(node))
        default: return .none
        }
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
    /// What can rule the writer out before it runs (``EvaluationCore/ruledOut(_:)``).
    let precheck: Precheck

    /// A cheap look at the first part of a writer's condition that can tell it does not hold, without the run (its
    /// frame, the part's evaluation): most writers of a pack are ruled out for most leads by `status == new` or by the
    /// answer the regex set already gave for the lead's comment.
    enum Precheck {
        case none
        /// The part is ``Instruction/statusIs(id:status:literal:)`` of this id.
        case status(Int)
        /// The part is the regex test ``ExpressionCode/regexes`` `[index]` of a lead-wide subject that a regex set answers.
        case regex(Int)
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

    init(_ table: CompiledTable) {
        mode = table.mode
        slot = table.slot
        keyExpression = table.keyExpression
        self.table = Unmanaged.passUnretained(table)
        matcher = Unmanaged.passUnretained(table.matcher)
        keyMemo = -1
        reusesKey = false
    }

    private init(_ plan: TablePlan, keyMemo: Int, reusesKey: Bool) {
        mode = plan.mode
        slot = plan.slot
        keyExpression = plan.keyExpression
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
