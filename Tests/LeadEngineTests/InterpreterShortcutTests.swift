import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// The interpreter's shortcuts against the general path: `status == code` as ``Instruction/statusIs(id:status:literal:)``,
/// condition parts run from their truth root (``EvaluationPlan/truthRoot(_:in:)``), and writers ruled out before
/// they run (``WriterPlan/Precheck``; the parts decided by a regex set's answer: ``RegexMaskTests``). The engine is compared with the reference interpreter on varied leads, at every
/// level of detail (a traced evaluation skips no writer, so the three details also compare the precheck with the run).
@Suite("Interpreter shortcuts")
struct InterpreterShortcutTests {
    /// Statuses, a constant `false` after `or`, a compare of two literals, `status == code` first and later, moves that
    /// change the status for later writers, and several regexes of `text(sourceComment)` (one regex set).
    static let rules = """
    status new = 1, callback = 2, qualified = 5, junk = 9

    transitions {
      new -> junk
      new -> qualified
      callback -> qualified
    }

    const off = false
    const level = 0

    rule "Urgent" precedence 50 {
      when text(sourceComment) ~ /(срочно|urgent)/i
      set priority = 9
    }

    rule "Ready" precedence 40 {
      when text(sourceComment) ~ /готовы?\\s+купить/i
      set priority = 8
    }

    rule "Not urgent" precedence 30 {
      when text(sourceComment) !~ /(срочно|urgent)/i or off
      set name = "calm"
    }

    rule "Junk" precedence 10 {
      when status == new and (phone is empty or off) and text(sourceComment) ~ /тест/i
      move new -> junk
    }

    rule "Qualified" {
      when status == callback or level > 0 and status == new
      move callback -> qualified
    }

    rule "After the moves" {
      when status == junk and utcOffset is empty or off or level > 1
      set utcOffset = 3
    }

    rule "Not junk" {
      when not (status == junk)
      set utcOffset = 4
    }
    """

    @Test("status == code, truth roots and prechecks agree with the reference on varied leads")
    func agreesWithTheReference() throws {
        let engine = try Engine(source: Self.rules, path: "shortcuts.rules")
        // The shortcuts are there: `status == code` compiled to its id, constant `or` sides dropped, writers prechecked.
        let program = engine.program
        #expect(program.code.instructions.contains { if case .statusIs(1, _, _) = $0 { true } else { false } })
        let plan = EvaluationPlan(program)
        #expect(plan.writers.contains { if case .status = $0.precheck { true } else { false } })
        #expect(plan.writers.contains { if case .mask = $0.precheck { true } else { false } })
        #expect(plan.conditionRoots != program.writers.flatMap { $0.condition.map(\.expression) })
        let comparison = DifferentialComparison(engine)
        var random = SplitMix64(seed: 0x5_7A7)
        let statuses = ["1", "2", "5", "9", "3", "null"]
        let comments = ["срочно", "тест", "готов купить", "готовы  купить", "Urgent тест", "просто так", "", "{\"a\": \"срочно\"}"]
        var mismatches = 0
        for id in 1...600 {
            var members = ["\"id\": \(id)"]
            if !random.chance(15) { members.append("\"statusId\": \(random.pick(statuses))") }
            if !random.chance(30) { members.append("\"sourceComment\": \"\(random.pick(comments).replacingOccurrences(of: "\"", with: "\\\""))\"") }
            if random.chance(50) { members.append("\"phone\": \"\(random.pick(["", "+7 916 123-45-67", " "]))\"") }
            if random.chance(40) { members.append("\"utcOffset\": \(random.pick(["3", "null", "-5"]))") }
            let json = "{" + members.joined(separator: ", ") + "}"
            let lead = try Lead(json: try JSONParser.parse(json))
            if let mismatch = comparison.mismatch(lead, now: winter) {
                mismatches += 1
                if mismatches <= 3 { Issue.record("lead \(json)\n\(mismatch)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("a status compiled to its id follows the ids the account resolves")
    func followsResolvedIds() throws {
        let rules = """
        status new, junk
        status qualified = 5

        transitions {
          new -> junk
        }

        rule "Junk" {
          when status == new
          move new -> junk
        }

        rule "Qualified" {
          when status == qualified
          set priority = 1
        }
        """
        let engine = try Engine(source: rules, path: "resolve.rules").resolvingStatuses(["new": 11, "junk": 19, "qualified": 5])
        // `qualified` had its id when lowered; `new` gets one only now: both are compiled to their ids after resolution.
        let ids = engine.program.code.instructions.compactMap { instruction -> Int32? in
            if case let .statusIs(id, _, _) = instruction { return id }
            return nil
        }
        #expect(Set(ids) == [5, 11])
        let comparison = DifferentialComparison(engine)
        for (id, status) in ["11", "19", "5", "1", "null"].enumerated() {
            let lead = try Lead(json: try JSONParser.parse("{\"id\": \(id + 1), \"statusId\": \(status)}"))
            #expect(comparison.mismatch(lead, now: winter) == nil, "statusId \(status)")
        }
    }
}
