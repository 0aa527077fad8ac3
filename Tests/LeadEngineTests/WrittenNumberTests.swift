import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// A phone written back (`concat("+", phone_first(x))`) is noted, and `phone_first`, `e164` and `phone_rest` of a
/// proposal of its text answer without reading it (``EvaluationCore/writtenNumber(_:)``): `phone_first` and `e164` the
/// number, `phone_rest` missing. That relies on every answer of `phone_first` being read back so by the general
/// reading; checked here on many texts (odd ones too), and the evaluator against the reference interpreter.
@Suite struct WrittenNumberTests {
    /// Texts as people write a phone field, and odd ones: empty, blanks, letters only, a lone `+`, many `+`, very long
    /// runs of digits, several numbers, extensions and notes, labels, `00` and `8 10` prefixes, full-width digits,
    /// spreadsheet artefacts.
    static func text(_ random: inout SplitMix64) -> String {
        let pieces = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "9", "0", "7", "8", "+", "+", " ", " ", "-", "(", ")",
                      "(0)", "(8)", ".", ".0", "x", "т", "00", "8 10 ", " доб. 12", ", ", " или ", "tel:", "тел.: ", "'", "=\"",
                      "\"", "\u{00A0}", "\u{2011}", "８", "＋", "❌", "\n", "/", "#", "ext. 5"]
        switch random.below(8) {
        case 0:
            // A phone of the usual kinds, with or without a tail.
            return PhoneSliceReadingTests.phone(&random)
        case 1:
            // `+` or nothing, then digits only, from none to very many.
            var text = random.chance(50) ? "+" : ""
            let first = random.pick(["", "7", "79", "1", "44", "49", "0", "8", "998", "39", "225", "380"])
            text += first
            for _ in 0..<random.below(random.chance(20) ? 40 : 16) { text += String(random.below(10)) }
            return text
        case 2:
            // Two or three numbers.
            return (0..<(2 + random.below(2))).map { _ in PhoneSliceReadingTests.phone(&random) }
                .joined(separator: random.pick([" ", ", ", "; ", " или ", "\n", "  "]))
        case 3:
            return random.pick(["", " ", "+", "++", "+++79161234567", "+-7", "нет", "-", "доб. 123", "8", "+7", "+0 123 456 78 90",
                                String(repeating: "9", count: 200), "+" + String(repeating: "1", count: 60),
                                String(repeating: "+7 916 123-45-67 ", count: 12)])
        default:
            var text = random.chance(50) ? random.pick(["+7", "8", "+49", "7", "+1 ", "9", "00", "+998 ", "+44 (0) "]) : ""
            for _ in 0..<random.below(random.chance(10) ? 60 : 24) { text += random.pick(pieces) }
            return text
        }
    }

    @Test("phone_first, e164 and phone_rest of `+` and an answer of phone_first: the answer, the answer and missing")
    func writtenBackNumbersReadAsThemselves() {
        var random = SplitMix64(seed: 0x3_1C0DE)
        var numbers = 0, plain = 0, general = 0, canonical = 0
        for _ in 0..<60_000 {
            let text = Self.text(&random)
            var bytes = Array(text.utf8)
            // The reading as the evaluator makes it of a slice: the short path for `+` and digits, the byte loop for a
            // plain number, else the general reading.
            let first: String? = bytes.withUnsafeBufferPointer { input in
                if let number = PhoneFieldReader.canonicalNumber(utf8: input) {
                    canonical += 1
                    return number ? String(decoding: input[1...], as: UTF8.self) : nil
                }
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: PhoneNormalizer.longestNumber + 1) { out in
                    switch PhoneFieldReader.readPlainNumber(utf8: input, into: out.baseAddress!) {
                    case let .some(count?):
                        plain += 1
                        return String(decoding: UnsafeBufferPointer(rebasing: out[..<count]), as: UTF8.self)
                    case .some(nil): return nil
                    case nil:
                        general += 1
                        return PhoneFieldReader.readGeneral(text)?.e164
                    }
                }
            }
            bytes.removeAll()
            // The `String` paths read the same.
            #expect(PhoneFieldReader.read(text)?.e164 == first, "\(text)")
            guard let first else { continue }
            numbers += 1
            // 8 to 15 ASCII digits, a number by the short path.
            #expect((8...15).contains(first.utf8.count) && first.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, "\(text): \(first)")
            let written = "+" + first
            #expect(PhoneFieldReader.readGeneral(written) == PhoneFieldReader.Reading(e164: first, rest: ""), "\(text)")
            #expect(PhoneFieldReader.read(written) == PhoneFieldReader.Reading(e164: first, rest: ""), "\(text)")
            #expect(PhoneNormalizer.e164(written) == first, "\(text)")
            var writtenBytes = Array(written.utf8)
            writtenBytes.withUnsafeBufferPointer { input in
                #expect(PhoneFieldReader.canonicalNumber(utf8: input) == true, "\(text)")
                #expect(PhoneNormalizer.canonicalE164(input) == .some(first), "\(text)")
            }
            writtenBytes.removeAll()
        }
        #expect(numbers > 10_000 && plain > 1_000 && general > 10_000 && canonical > 1_000,
                "numbers \(numbers), plain \(plain), general \(general), canonical \(canonical)")
    }

    /// Phones written back and read again (one field at most fails validation: the engine lists the errors of two in
    /// the patch's order, the reference in the writers'): by a later rule of the same field, by a table, through another field, a `+`
    /// that is a field's value (a slice) or a custom value (`"+"`, `"++"`, `""`, missing), a `+` before `e164` (not
    /// noted), a part before the number that is not `+`, more numbers written than a lead keeps (the oldest read the
    /// general way), and a phone read, then replaced by better writers (another number written back, a copy of another
    /// field), then read again.
    static let rules = """
    rule "Phone as E.164" {
      when length(phone_first(phone)) >= 10 and phone_rest(phone) is empty
      set phone = concat("+", phone_first(phone))
    }

    rule "Telegram as E.164 by a prefix field" {
      when phone_first(telegramPhone) is present
      set customValues[19] = concat(customValues[3], phone_first(telegramPhone))
    }

    rule "Plus before e164" {
      when e164(phone) is present
      set customValues[4] = concat("+", e164(phone))
    }

    rule "Not a plus" {
      when phone_first(phone) is present
      set customValues[5] = concat(customValues[6], phone_first(phone))
    }

    rule "A comment as the plus" {
      when phone_first(phone) is present
      set customValues[9] = concat(sourceComment, phone_first(phone))
    }

    rule "Written many times" {
      when phone_first(phone) is present or phone_first(telegramPhone) is present
      set customValues[21] = concat("+", phone_first(telegramPhone))
      set customValues[22] = concat("+", phone_first(phone))
      set customValues[23] = concat("+", phone_first(customValues[7]))
      set customValues[24] = concat("+", phone_first(customValues[8]))
      set customValues[25] = concat("+", phone_first(name))
    }

    rule "The phone read again" precedence -1 {
      when phone_first(phone) is present or e164(phone) is present or phone_rest(phone) is present
      set customValues[11] = concat(phone_first(phone), "|", phone_rest(phone), "|", e164(phone))
    }

    rule "The telegram phone read again" precedence -1 {
      when length(e164(customValues[19])) > 0 or phone_rest(customValues[19]) is not empty
      set customValues[12] = concat(phone_first(customValues[19]), "|", phone_rest(customValues[19]), "|", e164(customValues[19]))
    }

    rule "The other writes read again" precedence -1 {
      set customValues[13] = concat(phone_first(customValues[4]), "|", e164(customValues[4]), "|", phone_rest(customValues[4]))
      set customValues[14] = concat(phone_first(customValues[5]), "|", e164(customValues[5]), "|", phone_rest(customValues[5]))
      set customValues[15] = concat(e164(customValues[21]), "|", phone_first(customValues[22]), "|", phone_rest(customValues[23]))
      set customValues[16] = concat(e164(customValues[24]), "|", phone_first(customValues[25]), "|", phone_rest(customValues[25]))
      set customValues[17] = concat(phone_first(customValues[9]), "|", e164(customValues[9]), "|", phone_rest(customValues[9]))
    }

    rule "A better phone" precedence 10 {
      when phone_first(telegramPhone) is present and customValues[3] == "+"
      set phone = concat("+", phone_first(telegramPhone))
    }

    rule "The best phone" precedence 20 {
      when length(name) == 3
      set phone = customValues[19]
    }

    rule "The phone read after it was replaced" precedence -1 {
      set customValues[18] = concat(phone_first(phone), "|", e164(phone), "|", phone_rest(phone))
    }

    \(zoneTable)
    """

    /// A zone table read by the phone a rule may have written back (its first phone reading), shared with
    /// ``WrittenProposalTests``.
    static let zoneTable = """
    table "Zone" precedence 5 {
      when utcOffset is empty
      set utcOffset from phone_first(phone) by longest prefix
      "7" => 3
      "79" => 4
      "49" => 1
      "1" => -5
    }
    """

    @Test("phones written back and read again agree with the reference, leads read as text and decoded")
    func agreesWithTheReference() throws {
        let engine = try Engine(source: Self.rules, path: "written.rules")
        let comparison = DifferentialComparison(engine)
        var random = SplitMix64(seed: 0x3_2C0DE)
        var tally = DifferentialComparison.Tally()
        for id in 1...1_200 {
            var members = ["\"id\": \(id)"]
            func text(_ random: inout SplitMix64) -> String { JSONWriter.write(.string(Self.text(&random))) }
            if random.chance(45) {
                members.append("\"phone\": " + JSONWriter.write(.string(PhoneSliceReadingTests.phone(&random))))
            } else if random.chance(80) {
                members.append("\"phone\": \(text(&random))")
            }
            if random.chance(50) { members.append("\"telegramPhone\": \(text(&random))") }
            if random.chance(30) { members.append("\"name\": \(text(&random))") } else if random.chance(30) { members.append("\"name\": \"abc\"") }
            if random.chance(20) { members.append("\"utcOffset\": 2") }
            if random.chance(60) { members.append("\"sourceComment\": \(random.pick(["\"+\"", "\"+\"", "\"++\"", "\"\"", "null", "\"x\""]))") }
            var custom: [String] = []
            if random.chance(70) { custom.append("\"3\": \(random.pick(["\"+\"", "\"+\"", "\"++\"", "\"\"", "null", "\"8\"", "\" +\""]))") }
            if random.chance(50) { custom.append("\"6\": \(random.pick(["\"+\"", "\"7\"", "\"\"", "\"+ \""]))") }
            if random.chance(50) { custom.append("\"7\": \(text(&random))") }
            if random.chance(50) { custom.append("\"8\": \(text(&random))") }
            if !custom.isEmpty { members.append("\"customValues\": {\(custom.joined(separator: ", "))}") }
            let json = "{" + members.joined(separator: ", ") + "}"
            try comparison.tallyBothReadings(json, now: winter, into: &tally)
        }
        #expect(tally.mismatches == 0)
        #expect(tally.rewritten > 400, "\(tally.rewritten)")
    }
}
