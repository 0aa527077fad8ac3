import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// A rule's `concat("+", phone_first(x))` that noted its number is known to be a written number when it becomes the
/// field's proposal (``EvaluationCore/noteWrittenProposal(_:before:writer:)``): the later phone readers of the field
/// answer from the slot, without the first reading's check of the proposal's text. The cases where that must not happen
/// (a writer's second proposal of a field, which does not replace its first; a `concat` whose own join noted nothing
/// while its parts did; a proposal that loses, or is not made) are written here, and the evaluator compared with the
/// reference interpreter on leads read as text and decoded, at every detail. With them, writes of a remembered text
/// function's answer as it is (`set customValues[46] = phone_rest(phone)`), which an empty answer leaves unproposed
/// without making its `String` (``EvaluationCore/runActions(_:_:record:tracing:)``).
@Suite struct WrittenProposalTests {
    static let rules = """
    rule "Two phones by one rule" {
      when phone_first(telegramPhone) is present or phone_first(phone) is present
      set phone = concat("+", phone_first(telegramPhone))
      set phone = concat("+", phone_first(phone))
    }

    rule "A plus from a field" precedence -2 {
      when phone_first(name) is present
      set phone = concat(customValues[3], phone_first(name))
    }

    rule "Joined parts that noted" {
      when phone_first(phone) is present
      set customValues[30] = concat(replace(concat("+", phone_first(phone)), /1/, "2"), phone_first(customValues[31]))
      set customValues[32] = concat(concat("+", phone_first(phone)), phone_first(customValues[31]))
      set customValues[33] = concat(customValues[34], concat("+", phone_first(phone)))
    }

    rule "Filled" {
      when phone_first(telegramPhone) is present
      fill telegramPhone = concat("+", phone_first(name))
      fill customValues[35] = concat("+", phone_first(telegramPhone))
    }

    rule "A better phone" precedence 5 {
      when length(name) == 3
      set phone = concat("+", phone_first(customValues[7]))
    }

    rule "Read again" precedence -5 {
      set customValues[40] = concat(phone_first(phone), "|", e164(phone), "|", phone_rest(phone))
      set customValues[41] = concat(phone_first(customValues[30]), "|", e164(customValues[30]), "|", phone_rest(customValues[30]))
      set customValues[42] = concat(phone_first(customValues[32]), "|", e164(customValues[32]), "|", phone_rest(customValues[32]))
      set customValues[43] = concat(phone_first(customValues[33]), "|", e164(customValues[33]), "|", phone_rest(customValues[33]))
      set customValues[44] = concat(phone_first(telegramPhone), "|", e164(telegramPhone), "|", phone_rest(telegramPhone))
      set customValues[45] = concat(phone_first(customValues[35]), "|", e164(customValues[35]), "|", phone_rest(customValues[35]))
    }

    rule "Remembered answers written as they are" {
      set customValues[46] = phone_rest(phone)
      set customValues[47] = digits(name)
      set customValues[48] = phone_first(customValues[31])
      fill customValues[49] = phone_rest(telegramPhone)
      set customValues[50] = text(customValues[34])
    }

    \(WrittenNumberTests.zoneTable)
    """

    @Test("written numbers known at their proposal agree with the reference, leads read as text and decoded")
    func agreesWithTheReference() throws {
        let engine = try Engine(source: Self.rules, path: "written-proposals.rules")
        let comparison = DifferentialComparison(engine)
        var random = SplitMix64(seed: 0x17_F1E3)
        var tally = DifferentialComparison.Tally()
        func text(_ random: inout SplitMix64) -> String { JSONWriter.write(.string(WrittenNumberTests.text(&random))) }
        func phone(_ random: inout SplitMix64) -> String {
            JSONWriter.write(.string(PhoneSliceReadingTests.phone(&random)))
        }
        for id in 1...1_500 {
            var members = ["\"id\": \(id)"]
            if random.chance(60) { members.append("\"phone\": " + (random.chance(70) ? phone(&random) : text(&random))) }
            if random.chance(50) { members.append("\"telegramPhone\": " + (random.chance(60) ? phone(&random) : text(&random))) }
            if random.chance(30) { members.append("\"name\": " + phone(&random)) } else if random.chance(30) { members.append("\"name\": \"abc\"") }
            if random.chance(20) { members.append("\"utcOffset\": 2") }
            var custom: [String] = []
            if random.chance(60) { custom.append("\"3\": \(random.pick(["\"+\"", "\"+\"", "\"++\"", "\"\"", "null", "\"8\""]))") }
            if random.chance(50) { custom.append("\"7\": " + phone(&random)) }
            if random.chance(30) { custom.append("\"31\": " + (random.chance(50) ? phone(&random) : "\"\"")) }
            if random.chance(40) { custom.append("\"34\": \(random.pick(["\"\"", "\"+\"", "\"x\""]))") }
            if random.chance(30) { custom.append("\"35\": " + phone(&random)) }
            if !custom.isEmpty { members.append("\"customValues\": {\(custom.joined(separator: ", "))}") }
            let json = "{" + members.joined(separator: ", ") + "}"
            try comparison.tallyBothReadings(json, now: winter, into: &tally)
        }
        #expect(tally.mismatches == 0)
        #expect(tally.rewritten > 500, "\(tally.rewritten)")
    }
}
