import Foundation
import Testing
@testable import LeadEngine

/// Tables of the same key compute it once per lead (``TableKeySharing``), and a table whose key may have changed
/// since computes its own.
@Suite struct TableKeySharingTests {
    @Test func thePacksZoneTablesComputeTheirKeyOnce() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        let plan = EvaluationPlan(engine.program)
        #expect(plan.tables.count >= 4 && plan.tables.allSatisfy { $0.keyMemo >= 0 })
        // Per memo, the first table computes the key and the later ones read it: no writer in between writes `phone`.
        let groups = Dictionary(grouping: plan.tables.indices, by: { plan.tables[$0].keyMemo })
        #expect(groups.values.contains { $0.count >= 4 }, "\(groups)")
        for tables in groups.values {
            #expect(tables.map { plan.tables[$0].reusesKey } == [false] + Array(repeating: true, count: tables.count - 1))
        }
        #expect(plan.tableKeyMemos == groups.count)
    }

    @Test func aTableWritingAFieldItsKeyReadsLeavesTheNextTableItsOwnKey() throws {
        let rules = """
        table "First name" {
          set name from lower(name) by longest prefix
          "ив" => "Пётр"
        }
        table "Initials" {
          set customValues[5] from lower(name) by longest prefix
          "ив" => "И"
          "пё" => "П"
        }
        """
        let loaded = try engine(rules)
        let plan = EvaluationPlan(loaded.program)
        #expect(plan.tables.map(\.keyMemo) == [0, 0])
        #expect(plan.tables.map(\.reusesKey) == [false, false])
        // The second table reads the first one's name: "пётр", not the lead's "иван".
        #expect(try patch(rules, #"{"id": 1, "name": "Иван"}"#) == #"{"name":"Пётр","customValues":{"5":"П"}}"#)
    }

    @Test func tablesOfOtherKeysOrOfACaptureComputeTheirOwn() throws {
        let rules = """
        table "A" {
          set customValues[5] from phone_first(phone) by longest prefix
          "7" => "ru"
        }
        table "B" {
          set customValues[6] from digits(phone) by longest prefix
          "7" => "ru"
        }
        table "C" {
          set customValues[7] from phone_first(phone) by longest prefix
          "7" => "ru"
        }
        table "D" {
          when name ~ /(?<initial>\\w)/
          set customValues[8] from $initial by longest prefix
          "И" => "и"
        }
        """
        let plan = EvaluationPlan(try engine(rules).program)
        // D's key (a capture) has a memo of its own, which it never reads before computing it.
        #expect(plan.tables.map(\.keyMemo) == [0, 1, 0, 2])
        #expect(plan.tables.map(\.reusesKey) == [false, false, true, false])
        #expect(try patch(rules, #"{"id": 1, "name": "Иван", "phone": "+7 916 123-45-67"}"#)
                == #"{"customValues":{"5":"ru","6":"ru","7":"ru","8":"и"}}"#)
    }
}
