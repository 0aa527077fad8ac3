import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import RulesLanguage

/// The evaluator's shortcuts of the seventh round against what they replace: the plain plan (``EvaluationPlan``)
/// against the program it is made from, a field's presence test read in place (``EvaluationCore/fieldPasses(_:_:)``)
/// against the test of the value ``EvaluationCore/read(_:)`` gives, and `concat`'s join against `+`.
@Suite struct EvaluationPlanTests {
    @Test func thePlanIsTheProgramOnRandomRulesets() throws {
        var rulesets = RandomRulesets(seed: 0x15_0907)
        var writers = 0, actions = 0, regexes = 0
        for (text, engine) in rulesets.engines(200) {
            let counts = Self.expectPlanMirrors(engine.program, text)
            writers += counts.writers
            actions += counts.actions
            regexes += counts.regexes
        }
        #expect(writers > 500 && actions > 500 && regexes > 200, "\(writers) writers, \(actions) actions, \(regexes) regexes")
    }

    @Test func thePlanIsTheProgramForThePack() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        let counts = Self.expectPlanMirrors(engine.program, "the pack")
        #expect(counts.regexes > 5 && counts.writers > 10)
    }

    /// Checks every fact of `program`'s plan against the writer, action or regex node it stands for.
    static func expectPlanMirrors(_ program: Program, _ source: String) -> (writers: Int, actions: Int, regexes: Int) {
        let plan = EvaluationPlan(program)
        #expect(plan.writers.count == program.writers.count, "\(source)")
        var actionCount = 0, tableCount = 0
        for (index, (writer, facts)) in zip(program.writers, plan.writers).enumerated() {
            // Each part runs from its truth root (the part itself unless a constant side of it is dropped), or from its mask,
            // which stands for that root.
            #expect(plan.conditionRoots[facts.conditions].map(plan.instruction(ofRoot:))
                        == writer.condition.map { EvaluationPlan.truthRoot($0.expression, in: program.code) }, "\(source)")
            #expect(plan.conditionRoots[facts.conditions].allSatisfy { $0 >= 0 || Int(~$0) < plan.masks.count }, "\(source)")
            #expect(facts.precedence == writer.precedence && facts.loadIndex == writer.loadIndex, "\(source)")
            #expect(facts.captureSlots == writer.captureSlots && facts.overridesEdits == writer.overridesEdits, "\(source)")
            switch writer.body {
            case let .actions(list):
                #expect(facts.kind == .actions && facts.actions.count == list.count, "\(source)")
                for (action, planned) in zip(list, plan.actions[facts.actions]) {
                    actionCount += 1
                    switch action {
                    case let .write(mode, slot, value, _):
                        #expect(planned.kind == .write && planned.mode == mode && planned.slot == slot && planned.expression == value)
                    case let .clear(slot, _):
                        #expect(planned.kind == .clear && planned.slot == slot)
                    case .move:
                        #expect(planned.kind == .move && planned.slot == program.statusSlot)
                    }
                }
            case let .table(table):
                #expect(facts.kind == .table && facts.actions.isEmpty, "\(source)")
                // The table's facts, and the table itself (unretained, the same instance).
                let planned = plan.tables[facts.table]
                #expect(planned.slot == table.slot && planned.mode == table.mode && planned.keyExpression == table.keyExpression)
                #expect(planned.table.takeUnretainedValue() === table, "\(source)")
                #expect(planned.matcher.takeUnretainedValue() === table.matcher, "\(source)")
                #expect(planned.keyMemo >= 0 && planned.keyMemo < plan.tableKeyMemos, "\(source)")
                tableCount += 1
            case .decision:
                #expect(facts.kind == .decision && facts.actions.isEmpty, "\(source)")
            }
            if case .table = writer.body {} else { #expect(facts.table == -1, "\(source)") }
            // The slots every proposal of the writer goes to, which its outranking facts list when it may be left unrun.
            var proposed = plan.actions[facts.actions].map(\.slot)
            if facts.table >= 0 { proposed.append(plan.tables[facts.table].slot) }
            if case let .decision(table) = writer.body { proposed.append(table.slot) }
            let written = OutrankedWriters.slotsWritten(by: writer.body, statusSlot: program.statusSlot)
            #expect(Set(written) == Set(proposed) && written.count == Set(written).count, "\(source): \(writer.name)")
            let outranking = plan.outranking[index]
            #expect(outranking.writes.isEmpty || Array(plan.writtenSlots[outranking.writes]) == written, "\(source)")
        }
        #expect(plan.tables.count == tableCount, "\(source)")
        #expect(plan.regexes.count == program.code.regexes.count, "\(source)")
        for (node, facts) in zip(program.code.regexes, plan.regexes) {
            #expect(facts.negated == node.negated && facts.subjectConstantSlot == node.subjectConstantSlot, "\(source)")
            #expect(facts.decidedByLiterals == node.decidedByLiterals && facts.hasCaptures == !node.captures.isEmpty)
            #expect(facts.hasStarts == (node.startsAt != nil), "\(source)")
            if let (index, literals) = node.prefilter {
                #expect(facts.prefilter == index && plan.regexLiterals[facts.literals].map(Int.init) == literals, "\(source)")
                #expect(plan.literalCounts[index] == program.prefilters[index].literalCount)
            } else {
                #expect(facts.prefilter == -1 && facts.literals.isEmpty, "\(source)")
            }
        }
        return (plan.writers.count, actionCount, plan.regexes.count)
    }

    /// Every kind of candidate (none, `clear`, a zone, empty and blank texts, lists, numbers) and of lead value
    /// (absent, `null`, empty, blank, text, number), for a writer that writes the
    /// field (it reads the lead's own value) and one that does not, before and after the lead's value is decoded.
    @Test func aFieldsPresenceTestInPlaceIsTheTestOfItsValue() throws {
        let engine = try engine("""
        rule "Writes the name" {
          when phone is present
          set name = "x"
        }
        rule "Reads the name" {
          when name is empty and sourceComment is missing and priority is present
          set utcOffset = 1
        }
        """)
        let program = engine.program
        let fields = ["name", "sourceComment", "priority", "utcOffset", "phone"]
        let slots = fields.map { field in program.fieldKeys.firstIndex(of: field) }
        #expect(!slots.contains(nil), "\(program.fieldKeys)")
        let candidates: [Value?] = [nil, .clear, .zone(TimeZone(identifier: "Europe/Moscow")!), .string(""), .string(" "),
                                    .string("x"), .list([]), .list([.string("")]), .int(0), .bool(false), .missing]
        let leads = [#"{"id": 1}"#, #"{"id": 1, "name": null, "sourceComment": "", "priority": 0, "utcOffset": null, "phone": ""}"#,
                     #"{"id": 1, "name": "n", "sourceComment": " ", "priority": 1, "utcOffset": 3, "phone": "+7"}"#]
        var compared = 0
        for text in leads {
            for candidate in candidates {
                for writer in program.writers.indices {
                    let evaluated = try lead(text)
                    // The core reads the lead where its caller holds it, during an evaluation: here, inside the closure.
                    withUnsafePointer(to: evaluated) { address in
                        var core = EvaluationCore(program: program)
                        core.leadAddress = address
                        core.now = winter
                        core.generation = 1
                        core.currentWrites = writer * program.fieldKeys.count
                        for slot in slots.compactMap({ $0 }) {
                            core.candidates[slot] = candidate.map {
                                .init(value: $0, writer: 0, precedence: 0, loadIndex: 0, origin: .action(0))
                            }
                        }
                        for slot in slots.compactMap({ $0 }) {
                            for test in [PresenceTest.empty, .missing, .present] {
                                // The first look decodes the lead's value; the later ones read it where it is kept.
                                let before = core.fieldPasses(test, slot)
                                let expected = EvaluationCore.test(test, core.read(slot))
                                let after = core.fieldPasses(test, slot)
                                #expect(before == expected && after == expected,
                                        "\(test) of \(program.fieldKeys[slot]) with \(String(describing: candidate)) in \(text)")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(compared == leads.count * candidates.count * 2 * fields.count * 3)
    }

    /// `concat`'s join (``EvaluationCore/joined(_:_:)``) against `+`, byte for byte: ASCII, Cyrillic, emoji,
    /// combining marks (a join may merge two characters into one), empty texts, long texts.
    @Test func joiningTwoTextsIsConcatenation() {
        var random = SplitMix64(seed: 0x15_0917)
        let pieces = ["", "+", "7", "79161234567", "доб. 123", "é", "\u{301}", "🙂", "👍🏽", "\r", "\n", "a\u{0}b",
                      String(repeating: "long text ", count: 20)]
        for _ in 0..<2_000 {
            var first = "", second = ""
            for _ in 0..<random.below(4) { first += random.pick(pieces) }
            for _ in 0..<random.below(4) { second += random.pick(pieces) }
            let joined = EvaluationCore.joined(first, second)
            #expect(Array(joined.utf8) == Array(first.utf8) + Array(second.utf8))
            #expect(joined == first + second)
        }
    }
}
