import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine
import RulesLanguage

/// The shortcuts of the phone rules' path against the general one: a condition part that is false for a missing field
/// ruling its writer out before its run (``WriterPlan/Precheck/present(slot:)``), the remembered text functions of a
/// field's own value found by its slot (``EvaluationCore/fieldCall(_:slot:)``), `length(x)` compared with an integer in
/// `truth` (``EvaluationCore/textLength(_:)``), a phone validated in place. The engine is compared with the reference
/// interpreter at every level of detail (a traced evaluation runs every writer: no precheck), on leads read as text (the
/// slices) and decoded (the `String` paths), many phones as people write them: absent, `null`, empty, blank, with an
/// extension, two numbers, non-ASCII.
@Suite struct PhoneRuleShortcutTests {
    /// The default pack's phone rules, and rules around them that read the same fields in other ways: a field another
    /// writer proposed (read as that proposal) or cleared (missing), the other side of a comparison, `is not empty`,
    /// `lower`, `digits`, `e164`, `text`, `length` of numbers and non-ASCII texts, a phone written that fails validation.
    static func rules(restField: Int) -> String {
        """
        const phoneRestField = \(restField)

        rule "Phone as E.164" {
          when length(phone_first(phone)) >= 10
            and (phone_rest(phone) is empty or phoneRestField > 0 and (customValues[phoneRestField] is empty or customValues[phoneRestField] == phone_rest(phone)))
          set phone = concat("+", phone_first(phone))
          set customValues[phoneRestField] = phone_rest(phone)
        }

        rule "Telegram phone as E.164" {
          when length(phone_first(telegramPhone)) >= 10 and phone_rest(telegramPhone) is empty
          set telegramPhone = concat("+", phone_first(telegramPhone))
        }

        rule "Long names are cleared" precedence 20 {
          when length(name) > 12
          clear name
        }

        rule "The proposal read" {
          when length(phone_first(phone)) > 10 and 12 <= length(e164(phone))
          set customValues[11] = concat(phone_first(phone), "|", phone_rest(phone), "|", e164(phone))
        }

        rule "A name read after it was cleared" {
          when length(lower(name)) >= 3
          set customValues[12] = lower(name)
        }

        rule "Rest of the telegram phone" {
          when phone_rest(telegramPhone) is not empty
          set customValues[13] = phone_rest(telegramPhone)
        }

        rule "Digits present" {
          when digits(telegramPhone) is present and length(digits(phone)) != 11
          set customValues[14] = digits(telegramPhone)
        }

        rule "Two lengths" {
          when length(phone_rest(phone)) == length(phone_first(telegramPhone))
          set customValues[15] = "same"
        }

        rule "Text of the comment" {
          when length(text(sourceComment)) > 4 and length(priority) == 1
          set customValues[16] = text(sourceComment)
        }

        rule "A phone that fails validation" precedence -10 {
          when length(phone_rest(phone)) > 0
          set telegramPhone = phone_rest(phone)
        }

        rule "Digits as a telegram phone" precedence -20 {
          when length(digits(phone)) >= 10
          set telegramPhone = digits(phone)
        }
        """
    }

    /// A phone field's JSON: absent (`nil`), `null`, or a text as people write it (``PhoneSliceReadingTests``'s,
    /// and extensions, second numbers, non-ASCII, empty and blank texts).
    static func phoneJSON(_ random: inout SplitMix64) -> String? {
        switch random.below(12) {
        case 0: return nil
        case 1: return "null"
        case 2: return JSONWriter.write(.string(random.pick(["", " ", "\u{00A0}", "доб. 123", "+", "нет номера", "☎️ +7 916 123-45-67",
                                                             "+7 916 123-45-67 доб. 5", "+7 916 123-45-67, 8 (495) 123-45-67",
                                                             "+79161234567", "+7916123456789012", "８９１６１２３４５６７"])))
        default: return JSONWriter.write(.string(PhoneSliceReadingTests.phone(&random)))
        }
    }

    @Test("the phone rules' shortcuts agree with the reference, leads read as text and decoded", arguments: [0, 5])
    func agreesWithTheReference(restField: Int) throws {
        let engine = try Engine(source: Self.rules(restField: restField), path: "phones.rules")
        // The prechecks are there: the telegram rule and those whose first part reads a field that may be missing.
        let plan = EvaluationPlan(engine.program)
        let present = plan.writers.filter { if case .present = $0.precheck { true } else { false } }
        #expect(present.count >= 6, "\(plan.writers.map(\.precheck))")
        let comparison = DifferentialComparison(engine)
        var random = SplitMix64(seed: 0x9_40AE + UInt64(restField))
        var tally = DifferentialComparison.Tally()
        for id in 1...1_500 {
            var members = ["\"id\": \(id)"]
            if let phone = Self.phoneJSON(&random) { members.append("\"phone\": \(phone)") }
            if random.chance(40), let telegram = Self.phoneJSON(&random) { members.append("\"telegramPhone\": \(telegram)") }
            if random.chance(50) {
                members.append("\"name\": " + JSONWriter.write(.string(random.pick(["Иван", "Jo", "Екатерина Петровна", "A very long name", "", "Zoë"]))))
            }
            if random.chance(50) { members.append("\"priority\": \(random.pick(["3", "12", "null"]))") }
            if random.chance(50) {
                members.append("\"sourceComment\": " + JSONWriter.write(.string(random.pick(["перезвоните", "ok", "{\"a\": \"срочно\"}", ""]))))
            }
            if restField > 0, random.chance(30) {
                members.append("\"customValues\": {\"\(restField)\": \(random.pick(["\"доб. 123\"", "\"\"", "null", "\"x\""]))}")
            }
            let json = "{" + members.joined(separator: ", ") + "}"
            try comparison.tallyBothReadings(json, now: winter, into: &tally)
        }
        #expect(tally.mismatches == 0)
        #expect(tally.rewritten > 500, "\(tally.rewritten)")
    }

    @Test("a precheck for a missing field is made only where the part is false for a missing value and cannot fail")
    func presentPrechecks() throws {
        let rules = """
        rule "A" {
          when length(phone_first(telegramPhone)) >= 10
          set priority = 1
        }
        rule "B" {
          when phone_first(telegramPhone) is not empty
          set priority = 2
        }
        rule "C" {
          when phone_first(telegramPhone) is empty
          set priority = 3
        }
        rule "D" {
          when concat(telegramPhone, "x") == "x"
          set priority = 4
        }
        rule "E" {
          when length(phone_first(telegramPhone)) > int(name)
          set priority = 5
        }
        rule "F" {
          when 10 <= length(digits(telegramPhone))
          set priority = 6
        }
        rule "G" {
          when phone_first(telegramPhone) is missing
          set priority = 7
        }
        rule "H" {
          when lower(telegramPhone) is present
          set priority = 8
        }
        """
        let engine = try Engine(source: rules, path: "prechecks.rules")
        let plan = EvaluationPlan(engine.program)
        let kinds = plan.writers.map { writer -> String in
            switch writer.precheck {
            case .present: "present"
            case .none: "none"
            default: "other"
            }
        }
        // C and G hold for a missing field; D is true for one; E's other side can fail (int()).
        #expect(kinds == ["present", "present", "none", "none", "none", "present", "none", "present"])
        let comparison = DifferentialComparison(engine)
        for telegram in [nil, "null", "\"\"", "\"+7 916 123-45-67\"", "\"доб. 5\""] {
            for name in [nil, "\"2\"", "\"x\""] {
                var members = ["\"id\": 1"]
                if let telegram { members.append("\"telegramPhone\": \(telegram)") }
                if let name { members.append("\"name\": \(name)") }
                let json = "{" + members.joined(separator: ", ") + "}"
                let lazy = try #require(Lead(checkedText: Array(json.utf8)))
                for lead in [lazy, try Lead(json: try JSONParser.parse(json))] {
                    #expect(comparison.mismatch(lead, now: winter) == nil, "\(json)")
                }
            }
        }
    }
}
