import BenchSupport
import Foundation
import PCRE2
import Testing
@testable import LeadEngine
import RulesLanguage

/// The flat form of a program's expressions (``ExpressionCode``) against the trees it is made from: the same
/// expressions, well formed, with what the trees share emitted once; and evaluations where the flattening could go
/// wrong (deep nesting, chains of `let`s, argument and element ranges, templates).
@Suite struct ExpressionCodeTests {
    @Test func instructionsAreCopiedWithoutReferenceCounting() {
        #expect(_isPOD(Instruction.self))
    }

    @Test func theFlatFormIsTheTreeOnRandomRulesets() throws {
        var rulesets = RandomRulesets(seed: 0x15_0505)
        var compared = 0
        for (text, engine) in rulesets.engines(300) {
            var lowering = Lowering(ruleset: engine.ruleset)
            let (program, trees) = lowering.lowerKeepingTrees()
            #expect(Self.problems(program).isEmpty, "\(Self.problems(program))\n\(text)")
            #expect(Set(trees.keys) == Set(Self.roots(program)), "\(text)")
            for (root, tree) in trees {
                compared += 1
                #expect(Self.render(tree) == Self.render(program.code, root), "\(text)")
            }
        }
        #expect(compared > 1_000)
    }

    @Test func thePackFlattensWellFormedWithLeadWideValuesOnce() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        var lowering = Lowering(ruleset: engine.ruleset)
        let (program, trees) = lowering.lowerKeepingTrees()
        #expect(Self.problems(program).isEmpty, "\(Self.problems(program))")
        for (root, tree) in trees { #expect(Self.render(tree) == Self.render(program.code, root)) }
        var slots: [Int32] = []
        for case let .leadConstant(slot, _) in program.code.instructions { slots.append(slot) }
        // Slots of values only tables' rows or unused names hold are never emitted.
        #expect(slots.count == Set(slots).count && slots.count <= program.leadConstantCount)
        #expect(program.leadConstantCount > 0)
    }

    /// Each `let` uses the one before twice: the tree shares the definitions, and so must the flat form (else it
    /// has 2^24 instructions); each is still evaluated once per writer run.
    @Test func aChainOfLetsIsEmittedOnce() throws {
        var text = "rule \"Chain\" {\n  let a0 = priority\n"
        for i in 1...24 { text += "  let a\(i) = a\(i - 1) + a\(i - 1)\n" }
        text += "  when a24 > 0\n  set customValues[1] = a24\n  set customValues[2] = concat(a3, \"/\", a1)\n}\n"
        let engine = try engine(text)
        #expect(engine.program.code.instructions.count < 200)
        let evaluation = engine.makeEvaluator().evaluate(try lead(#"{"id": 1, "priority": 3}"#), now: winter, detail: .trace)
        #expect(written(evaluation, "customValues[1]") == .int(3 << 24))
        #expect(written(evaluation, "customValues[2]") == .string("24/6"))
        #expect(evaluation.fired == ["Chain"])
    }

    /// Deep trees (as deep as the parser allows): 41 `not`s, a sum of 250 ones and a chain of 200 `or`s (each
    /// nested on the left), 30 calls one inside the other, a list of 201.
    @Test func deepNestingEvaluates() throws {
        let nots = String(repeating: "not ", count: 41)
        let sum = Array(repeating: "1", count: 250).joined(separator: " + ")
        let ors = (0..<200).map { "priority == \($0 + 1000)" }.joined(separator: " or ")
        let calls = String(repeating: "trim(", count: 30) + "name" + String(repeating: ")", count: 30)
        let list = ((0..<200).map(String.init) + ["1150"]).joined(separator: ", ")
        let engine = try engine("""
        rule "Deep" {
          when \(nots)(priority == 1) and priority in [\(list)] and \(calls) == "Ann" and not (\(ors))
          set customValues[1] = \(sum)
          set customValues[2] = \(calls)
        }
        """)
        let fires = engine.makeEvaluator().evaluate(try lead(#"{"id": 1, "priority": 2, "name": "  Ann "}"#), now: winter, detail: .patch)
        #expect(written(fires, "customValues[1]") == .int(250))
        #expect(written(fires, "customValues[2]") == .string("Ann"))
        let fails = engine.makeEvaluator().evaluate(try lead(#"{"id": 2, "priority": 1, "name": "Ann"}"#), now: winter, detail: .trace)
        #expect(fails.fired.isEmpty)
        let outside = engine.makeEvaluator().evaluate(try lead(#"{"id": 3, "priority": 200, "name": "Ann"}"#), now: winter, detail: .patch)
        #expect(outside.fired.isEmpty)
        // In the list, but one of the `or`s holds.
        let chained = engine.makeEvaluator().evaluate(try lead(#"{"id": 4, "priority": 1150, "name": "Ann"}"#), now: winter, detail: .patch)
        #expect(chained.fired.isEmpty)
    }

    /// Argument and element ranges side by side (calls inside calls, lists inside membership), templates of text and
    /// captures, a regex given to `replace`, `json`'s last argument, a raw field.
    @Test func rangesTemplatesAndPatternsEvaluate() throws {
        let engine = try engine("""
        rule "Parts" {
          when name ~ /(?<first>\\w+)\\s+(?<last>\\w+)/ and priority in [1, 2] and lead["utm"] in ["a", "b"]
          set customValues[1] = "${last}, ${first}!"
          set customValues[2] = concat($first, "-", lower(concat($last, "X")), "-", length([1, 2, 3]))
          set customValues[3] = replace(name, /\\s+/, "_")
          set customValues[4] = json(sourceComment, "a.b")
          set customValues[5] = concat(lead["utm"], max(1, 7, 3))
        }
        """)
        let json = #"{"id": 1, "name": "Ann  Lee", "priority": 2, "utm": "b", "sourceComment": "{\"a\": {\"b\": \"deep\"}}"}"#
        let evaluation = engine.makeEvaluator().evaluate(try lead(json), now: winter, detail: .provenance)
        #expect(written(evaluation, "customValues[1]") == .string("Lee, Ann!"))
        #expect(written(evaluation, "customValues[2]") == .string("Ann-leex-3"))
        #expect(written(evaluation, "customValues[3]") == .string("Ann_Lee"))
        #expect(written(evaluation, "customValues[4]") == .string("deep"))
        #expect(written(evaluation, "customValues[5]") == .string("b7"))
    }

    /// The value the evaluation writes to `field`.
    func written(_ evaluation: Evaluation, _ field: String) -> JSONValue? {
        evaluation.changes.first { $0.field == field }?.new
    }

    // MARK: Checking the flat form

    /// Every root the writers name: condition parts, written values, table keys, decision table inputs.
    static func roots(_ program: Program) -> [Int32] {
        var roots: [Int32] = []
        for writer in program.writers {
            roots += writer.condition.map(\.expression)
            switch writer.body {
            case let .actions(actions):
                for case let .write(_, _, value, _) in actions { roots.append(value) }
            case let .table(table): roots.append(table.keyExpression)
            case let .decision(table): roots += table.inputs
            }
        }
        return roots
    }

    /// What is wrong with the program's code: a child that does not come before its parent, an index out of its
    /// table, a root out of the code.
    static func problems(_ program: Program) -> [String] {
        let code = program.code
        var problems: [String] = []
        for root in roots(program) where !code.instructions.indices.contains(Int(root)) { problems.append("root \(root)") }
        for (index, instruction) in code.instructions.enumerated() {
            func child(_ child: Int32) {
                if child < 0 || Int(child) >= index { problems.append("\(index) \(instruction): child \(child)") }
            }
            func range(_ start: Int32, _ count: Int32, in size: Int) -> Range<Int> {
                guard start >= 0, count >= 0, Int(start + count) <= size else {
                    problems.append("\(index) \(instruction): range out of \(size)")
                    return 0..<0
                }
                return Int(start)..<Int(start + count)
            }
            func entry(_ entry: Int32, in size: Int) {
                if entry < 0 || Int(entry) >= size { problems.append("\(index) \(instruction): entry out of \(size)") }
            }
            switch instruction {
            case let .literal(i): entry(i, in: code.literals.count)
            case let .raw(i): entry(i, in: code.names.count)
            case let .pattern(i): entry(i, in: code.patterns.count)
            case .field, .status, .capture: break
            case let .template(start, count): _ = range(start, count, in: code.templateParts.count)
            case let .call(_, start, count), let .list(start, count):
                for i in range(start, count, in: code.operands.count) { child(code.operands[i]) }
            case let .regex(node, subject):
                entry(node, in: code.regexes.count)
                child(subject)
            case let .compare(_, lhs, rhs), let .membership(lhs, rhs, _), let .and(lhs, rhs), let .or(lhs, rhs),
                 let .arithmetic(_, lhs, rhs), let .statusIs(_, lhs, rhs):
                child(lhs)
                child(rhs)
            case let .test(operand, _, _), let .not(operand), let .negate(operand), let .local(_, operand, _),
                 let .leadConstant(_, operand):
                child(operand)
            }
        }
        return problems
    }

    /// A tree as text (a `let` or lead-wide value with its definition; regexes and patterns by identity).
    static func render(_ expression: CompiledExpression) -> String {
        switch expression {
        case let .literal(value): return "literal(\(value))"
        case let .field(slot): return "field(\(slot))"
        case let .raw(name): return "raw(\(name))"
        case .status: return "status"
        case let .capture(slot): return "capture(\(slot))"
        case let .template(parts): return "template(\(parts.map(render).joined(separator: ", ")))"
        case let .call(builtin, arguments): return "\(builtin)(\(arguments.map(render).joined(separator: ", ")))"
        case let .list(elements): return "[\(elements.map(render).joined(separator: ", "))]"
        case let .regex(subject, node): return "regex(\(ObjectIdentifier(node)), \(render(subject)))"
        case let .compare(op, lhs, rhs): return "(\(render(lhs)) \(op.rawValue) \(render(rhs)))"
        case let .membership(lhs, rhs, negated): return "(\(render(lhs)) in\(negated ? "!" : "") \(render(rhs)))"
        case let .test(operand, test, negated): return "(\(render(operand)) is\(negated ? "!" : "") \(test))"
        case let .not(operand): return "not(\(render(operand)))"
        case let .and(lhs, rhs): return "and(\(render(lhs)), \(render(rhs)))"
        case let .or(lhs, rhs): return "or(\(render(lhs)), \(render(rhs)))"
        case let .arithmetic(op, lhs, rhs): return "(\(render(lhs)) \(op.rawValue) \(render(rhs)))"
        case let .negate(operand): return "-(\(render(operand)))"
        case let .pattern(pattern): return "pattern(\(ObjectIdentifier(pattern)))"
        case let .local(slot, definition, cached): return "local(\(slot), \(cached), \(render(definition)))"
        case let .leadConstant(slot, expression): return "lead(\(slot), \(render(expression)))"
        }
    }

    static func render(_ part: CompiledExpression.TemplatePart) -> String {
        switch part {
        case let .text(text): return "text(\(text))"
        case let .capture(slot): return "capture(\(slot))"
        }
    }

    /// The expression at `index` of `code` as text, as ``render(_:)-(CompiledExpression)`` renders its tree.
    static func render(_ code: ExpressionCode, _ index: Int32) -> String {
        func operands(_ start: Int32, _ count: Int32) -> String {
            (Int(start)..<Int(start + count)).map { render(code, code.operands[$0]) }.joined(separator: ", ")
        }
        switch code.instructions[Int(index)] {
        case let .literal(i): return "literal(\(code.literals[Int(i)]))"
        case let .field(slot): return "field(\(slot))"
        case let .raw(i): return "raw(\(code.names[Int(i)]))"
        case .status: return "status"
        case let .capture(slot): return "capture(\(slot))"
        case let .template(start, count):
            return "template(\(code.templateParts[Int(start)..<Int(start + count)].map(render).joined(separator: ", ")))"
        case let .call(builtin, start, count): return "\(builtin)(\(operands(start, count)))"
        case let .list(start, count): return "[\(operands(start, count))]"
        case let .regex(node, subject): return "regex(\(ObjectIdentifier(code.regexes[Int(node)])), \(render(code, subject)))"
        case let .compare(op, lhs, rhs): return "(\(render(code, lhs)) \(op.rawValue) \(render(code, rhs)))"
        case let .statusIs(_, status, literal): return "(\(render(code, status)) == \(render(code, literal)))"
        case let .membership(lhs, rhs, negated): return "(\(render(code, lhs)) in\(negated ? "!" : "") \(render(code, rhs)))"
        case let .test(operand, test, negated): return "(\(render(code, operand)) is\(negated ? "!" : "") \(test))"
        case let .not(operand): return "not(\(render(code, operand)))"
        case let .and(lhs, rhs): return "and(\(render(code, lhs)), \(render(code, rhs)))"
        case let .or(lhs, rhs): return "or(\(render(code, lhs)), \(render(code, rhs)))"
        case let .arithmetic(op, lhs, rhs): return "(\(render(code, lhs)) \(op.rawValue) \(render(code, rhs)))"
        case let .negate(operand): return "-(\(render(code, operand)))"
        case let .pattern(i): return "pattern(\(ObjectIdentifier(code.patterns[Int(i)])))"
        case let .local(slot, definition, cached): return "local(\(slot), \(cached), \(render(code, definition)))"
        case let .leadConstant(slot, expression): return "lead(\(slot), \(render(code, expression)))"
        }
    }
}
