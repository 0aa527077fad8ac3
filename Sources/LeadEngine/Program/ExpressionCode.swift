import PCRE2
import RulesLanguage

/// Every expression of a program in flat form: one array of ``Instruction``s, in which an expression is named by
/// the index of its root, and the side tables its instructions index. Made by ``ExpressionCodeBuilder`` from the
/// ``CompiledExpression`` trees of the lowering; read by the evaluator, which walks it by index.
struct ExpressionCode: Sendable {
    /// The instructions; a node's children come before it.
    fileprivate(set) var instructions: [Instruction] = []
    /// Instruction indices: the arguments of ``Instruction/call(_:start:count:)`` and the elements of
    /// ``Instruction/list(start:count:)``, each a range.
    fileprivate(set) var operands: [Int32] = []
    /// The values of ``Instruction/literal(_:)``.
    fileprivate(set) var literals: [Value] = []
    /// The names of ``Instruction/raw(_:)``.
    fileprivate(set) var names: [String] = []
    /// The parts of every ``Instruction/template(start:count:)``, each a range.
    fileprivate(set) var templateParts: [CompiledExpression.TemplatePart] = []
    /// The regex tests of ``Instruction/regex(node:subject:)``.
    fileprivate(set) var regexes: [RegexNode] = []
    /// The regexes of ``Instruction/pattern(_:)``.
    fileprivate(set) var patterns: [Pattern] = []
}

extension ExpressionCode {
    /// The code for statuses of ids `ids` (by code): each `status == code` (``Instruction/statusIs(id:status:literal:)``,
    /// or the comparison it stands for) tests the id the code has now when no other code has it, else is the comparison.
    /// (``Engine/resolvingStatuses(_:)-([AccountFacts.Status])`` gives ids to the codes declared without one.)
    func withStatusIds(_ ids: [String: Int]) -> ExpressionCode {
        let codes = Program.codesById(ids)
        var copy = self
        for index in instructions.indices {
            let status: Int32, literal: Int32
            switch instructions[index] {
            case let .statusIs(_, s, l): (status, literal) = (s, l)
            case let .compare(.equal, s, l): (status, literal) = (s, l)
            default: continue
            }
            guard case .status = instructions[Int(status)], case let .literal(value) = instructions[Int(literal)] else { continue }
            if case let .string(code) = literals[Int(value)], let id = ids[code], codes[id] == code, let id = Int32(exactly: id) {
                copy.instructions[index] = .statusIs(id: id, status: status, literal: literal)
            } else {
                copy.instructions[index] = .compare(.equal, status, literal)
            }
        }
        return copy
    }
}

/// Flattens ``CompiledExpression`` trees into one ``ExpressionCode``.
///
/// A tree shares subtrees the flat form must not copy: a `let` name's definition appears at every use
/// (``CompiledExpression/local(slot:definition:cached:)``: a chain of lets that each use the one before twice would
/// be 2^n instructions), and a lead-wide value's expression at every use in every writer. Each is emitted once, the
/// first time it is met (per writer for a `let`, for the whole program for a lead-wide value), and its index reused.
struct ExpressionCodeBuilder {
    private(set) var code = ExpressionCode()
    /// The instruction of each `let` slot of the writer being flattened.
    private var locals: [Int: Int32] = [:]
    /// The instruction of each lead-wide value slot.
    private var leadConstants: [Int: Int32] = [:]
    /// Per status code, its id when it is the only code of that id (``Program/codesById(_:)`` keeps one code per
    /// id): `status == code` is then ``Instruction/statusIs(id:status:literal:)``.
    private let statusIdOfCode: [String: Int]

    /// A builder for a program whose statuses have the ids `statusIds` (by code).
    init(statusIds: [String: Int] = [:]) {
        let codes = Program.codesById(statusIds)
        statusIdOfCode = statusIds.filter { codes[$0.value] == $0.key }
    }

    /// Starts a writer: its `let` slots are its own.
    mutating func beginWriter() {
        locals = [:]
    }

    /// Emits `expression` (what it shares, only once) and returns the index of its root instruction.
    mutating func emit(_ expression: CompiledExpression) -> Int32 {
        switch expression {
        case let .literal(value):
            code.literals.append(value)
            return append(.literal(Int32(code.literals.count - 1)))
        case let .field(slot):
            return append(.field(Int32(slot)))
        case let .raw(name):
            code.names.append(name)
            return append(.raw(Int32(code.names.count - 1)))
        case .status:
            return append(.status)
        case let .capture(slot):
            return append(.capture(slot: Int32(slot)))
        case let .template(parts):
            let start = Int32(code.templateParts.count)
            code.templateParts += parts
            return append(.template(start: start, count: Int32(parts.count)))
        case let .call(builtin, arguments):
            let (start, count) = emitOperands(arguments)
            return append(.call(builtin, start: start, count: count))
        case let .list(elements):
            let (start, count) = emitOperands(elements)
            return append(.list(start: start, count: count))
        case let .regex(subject, node):
            let subject = emit(subject)
            code.regexes.append(node)
            return append(.regex(node: Int32(code.regexes.count - 1), subject: subject))
        case let .compare(.equal, .status, .literal(.string(code))) where statusIdOfCode[code].map({ Int32(exactly: $0) != nil }) ?? false:
            let status = append(.status)
            let literal = emit(.literal(.string(code)))
            return append(.statusIs(id: Int32(statusIdOfCode[code]!), status: status, literal: literal))
        case let .compare(op, lhs, rhs):
            let lhs = emit(lhs)
            return append(.compare(op, lhs, emit(rhs)))
        case let .membership(element, list, negated):
            let element = emit(element)
            return append(.membership(element, emit(list), negated: negated))
        case let .test(subject, test, negated):
            return append(.test(emit(subject), test, negated: negated))
        case let .not(operand):
            return append(.not(emit(operand)))
        case let .and(lhs, rhs):
            let lhs = emit(lhs)
            return append(.and(lhs, emit(rhs)))
        case let .or(lhs, rhs):
            let lhs = emit(lhs)
            return append(.or(lhs, emit(rhs)))
        case let .arithmetic(op, lhs, rhs):
            let lhs = emit(lhs)
            return append(.arithmetic(op, lhs, emit(rhs)))
        case let .negate(operand):
            return append(.negate(emit(operand)))
        case let .pattern(pattern):
            code.patterns.append(pattern)
            return append(.pattern(Int32(code.patterns.count - 1)))
        case let .local(slot, definition, cached):
            if let known = locals[slot] { return known }
            let index = append(.local(slot: Int32(slot), definition: emit(definition), cached: cached))
            locals[slot] = index
            return index
        case let .leadConstant(slot, expression):
            if let known = leadConstants[slot] { return known }
            let index = append(.leadConstant(slot: Int32(slot), expression: emit(expression)))
            leadConstants[slot] = index
            return index
        }
    }

    /// Emits each of `expressions`, then their indices as one range of ``ExpressionCode/operands``.
    private mutating func emitOperands(_ expressions: [CompiledExpression]) -> (start: Int32, count: Int32) {
        let indices = expressions.map { emit($0) }
        let start = Int32(code.operands.count)
        code.operands += indices
        return (start, Int32(indices.count))
    }

    private mutating func append(_ instruction: Instruction) -> Int32 {
        code.instructions.append(instruction)
        return Int32(code.instructions.count - 1)
    }
}
