import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// The phone readers' answers kept as slices of the lead's text memory (``EvaluationCore/phoneReading(_:)``), and the
/// readers of them that take a slice as it is (`length()`, `concat()` of two parts, `is empty`, a table's key): a lead
/// read as text (the slices) evaluates as the same lead decoded (the `String` paths), random phones written as people
/// write them, one evaluator lead after lead.
@Suite struct PhoneSliceReadingTests {
    static let rules = """
    rule "Phone as E.164" {
      when length(phone_first(phone)) >= 10 and phone_rest(phone) is empty
      set phone = concat("+", phone_first(phone))
    }
    rule "Lengths" {
      when phone_first(phone) is present or phone_rest(phone) is present
      set customValues[1] = concat(length(phone_first(phone)), "/", length(phone_rest(phone)))
      set customValues[2] = concat(phone_rest(phone), e164(phone))
      set customValues[3] = concat(phone_first(phone), "")
    }
    rule "Test number" {
      when e164(phone) ~ /^[17]?(\\d)\\1{9}$/ or phone_first(phone) is empty and length(digits(phone)) > 0
      set customValues[4] = concat("test ", e164(phone))
    }
    table "Zone" {
      when utcOffset is empty
      set utcOffset from phone_first(phone) by longest prefix
      "7495" => zone("Europe/Moscow")
      "7916" => zone("Europe/Moscow")
      "79" => zone("Europe/Samara")
      "1212" => zone("America/New_York")
      "4930" => zone("Europe/Berlin")
      "998" => zone("Asia/Tashkent")
    }
    """

    /// A phone as people write it: numbers of several countries in several forms, labels, extensions, a second number,
    /// Unicode spaces, placeholders, empty and odd texts.
    static func phone(_ random: inout SplitMix64) -> String {
        let numbers = ["+7 916 123-45-67", "8 (495) 765-43-21", "79161234567", "+79161234567", "+1 212 6673449",
                       "+998 90 4061147", "+49 30 9015070", "8 (991) 011-68-79", "+7 999 999 99 99", "+7 (916) 000-00-00",
                       "9161234567", "+44 (0) 20 7946 0000", "12-34-56", "+380 65 123 4567", "0049 30 1234567",
                       "+7\u{00A0}916\u{2011}123\u{2011}45\u{2011}67", "+4930123456", "+46 8 123456", "89145556677 8 (495) 123-45-67"]
        var text = random.pick(["", "", "", "", "тел.: ", "tel:", "моб. ", "'"]) + random.pick(numbers)
        text += random.pick(["", "", "", "", " доб. 123", ", +7 495 123-45-67", " (WhatsApp)", ".0", " ", "❌"])
        if random.below(20) == 0 { text = random.pick(["", " ", "нет", "-", "+", "+7", "доб. 123"]) }
        return text
    }

    @Test func aLeadReadAsTextEvaluatesAsDecoded() throws {
        let engine = try Engine(source: Self.rules, path: "phones.rules")
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        var random = SplitMix64(seed: 0x5_11CE)
        var rewritten = 0, zoned = 0
        for id in 0..<3_000 {
            var fields: [String: JSONValue] = ["id": .int(id + 1), "phone": .string(Self.phone(&random))]
            if random.below(4) == 0 { fields["utcOffset"] = .int(2) }
            let text = JSONWriter.write(.object(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
            let lazy = try #require(Lead(checkedText: Array(text.utf8)), "\(text)")
            let decoded = try Lead(json: try JSONParser.parse(text))
            for detail in [EvaluationDetail.patch, .patchOnly] {
                let expected = evaluator.evaluate(decoded, now: winter, detail: detail)
                let fromText = evaluator.evaluate(lazy, now: winter, detail: detail)
                #expect(fromText.patch.jsonBody() == expected.patch.jsonBody(), "\(text)")
                #expect(fromText.changes == expected.changes, "\(text)")
                #expect(fromText.errors == expected.errors && fromText.fired == expected.fired, "\(text)")
                evaluator.evaluate(lazy, now: winter, detail: detail, into: &buffer)
                #expect(buffer.patch.jsonBody() == expected.patch.jsonBody(), "\(text)")
            }
            let body = evaluator.evaluate(lazy, now: winter, detail: .patch).patch.jsonBody()
            if body.contains("\"phone\"") { rewritten += 1 }
            if body.contains("utcOffset") { zoned += 1 }
        }
        #expect(rewritten > 500 && zoned > 500, "rewritten \(rewritten), zoned \(zoned)")
    }
}
