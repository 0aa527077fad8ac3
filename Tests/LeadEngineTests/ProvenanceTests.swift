import Foundation
import Testing
import LeadEngine

@Suite("Provenance and concurrency")
struct ProvenanceTests {
    @Test("Every patched field names its rule, location, matched text, captures and old -> new")
    func provenance() throws {
        let rules = """
        rule "Budget from quiz" {
          when sourceComment ~ /бюджет[:\\s]*(?<rub>\\d[\\d\\s]*\\d)/i
          set customValues[12] = digits($rub)
          set priority = 6
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 3, "priority": 2, "sourceComment": "Бюджет: 150 000 руб"}"#), now: winter)
        #expect(result.patch.jsonBody() == #"{"priority":6,"customValues":{"12":"150000"}}"#)
        #expect(result.changes.map(\.field) == ["priority", "customValues[12]"])
        let priority = result.changes[0]
        #expect(priority.rule == "Budget from quiz")
        #expect(priority.location.description == "test.rules:4:3")
        #expect(priority.old == .int(2))
        #expect(priority.new == .int(6))
        let custom = result.changes[1]
        #expect(custom.old == nil)
        #expect(custom.location.description == "test.rules:3:3")
        #expect(custom.matches.first?.text == "Бюджет: 150 000")
        #expect(custom.matches.first?.captures == [NamedCapture(name: "rub", text: "150 000")])
        #expect(custom.matches.first?.location.description == "test.rules:2:25")
    }

    @Test("A table's provenance names the row that won")
    func tableProvenance() throws {
        let rules = """
        table "Zones" {
          fill utcOffset from e164(phone) by longest prefix
          "7" => 3
          "7343" => 5
        }
        """
        let result = try engine(rules).evaluate(try lead(#"{"id": 3, "phone": "8 343 123 45 67"}"#), now: winter)
        let change = try #require(result.changes.first)
        #expect(change.rule == "Zones")
        #expect(change.tableRow == TableRowRecord(lookedUp: "73431234567", rowKey: "\"7343\"", line: 4))
        #expect(change.location.description == "test.rules:4:3")
    }

    @Test("One engine evaluated from 32 concurrent tasks gives the same answers as sequentially")
    func concurrent() async throws {
        let engine = try engine("""
        rule "Urgent" {
          when sourceComment ~ /(?<w>срочн\\w*)/i
          set priority = 9
          set customValues[1] = "${w}"
        }
        table "Zones" {
          fill utcOffset from e164(phone) by longest prefix
          "7495" => 3
          "7383" => 7
        }
        """)
        let leads = try (1...400).map { i in
            try lead(#"{"id": \#(i), "phone": "8\#(i % 2 == 0 ? "495" : "383")1234567", "sourceComment": "\#(i % 3 == 0 ? "СРОЧНО" : "срочность \(i)")"}"#)
        }
        let expected = leads.map { engine.evaluate($0, now: winter).patch.jsonBody() }
        let results = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let evaluator = engine.makeEvaluator()
                    return leads.map { evaluator.evaluate($0, now: winter).patch.jsonBody() }
                }
            }
            var all: [[String]] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 32)
        for result in results { #expect(result == expected) }
        #expect(expected[2] == #"{"priority":9,"utcOffset":7,"customValues":{"1":"СРОЧНО"}}"#)
    }
}
