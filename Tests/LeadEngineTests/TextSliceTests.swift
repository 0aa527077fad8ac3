import BenchSupport
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// Text values kept as slices of the evaluator's per-lead text memory (``TextSlice``, ``LeadTextBuffer``): a lead read
/// from its line (its string fields become slices) against the same lead decoded up front (its fields are `String`s),
/// evaluated by one evaluator lead after lead (a slice of one lead must never reach the next) and by fresh ones.
@Suite struct TextSliceTests {
    /// Rules that read the comment and the phones through every reader of text: the regex tests (with captures and
    /// without), `text()`, `json()`, the remembered phone functions, comparisons, the string functions, a lead-wide
    /// value, and writes of the text itself (the patch and the trace take it as a `String`).
    static let rules = """
    rule "Ready" {
      when text(sourceComment) ~ /(готов|ready)\\s+(купить|to\\s+buy)/i
      set priority = 3
    }
    rule "Budget" {
      when int(json(sourceComment, "answers.budget")) >= 100000 or json(sourceComment, "answers.term") ~ /(недел|месяц)/i
      set customValues[8] = int(json(sourceComment, "answers.budget"))
    }
    rule "Comment as the name" {
      when text(sourceComment) ~ /^(?<w>\\w+)/ and length(sourceComment) > 3
      set name = concat(lower(text(sourceComment)), "|", $w)
    }
    rule "Same text" {
      when sourceComment == name or text(sourceComment) == sourceComment and sourceComment != "x"
      set utcOffset = length(text(sourceComment))
    }
    rule "Phone" {
      when length(phone_first(phone)) >= 10 and digits(phone) != "" and phone_rest(phone) is empty
      set phone = concat("+", phone_first(phone))
    }
    rule "Junk phone" {
      when e164(phone) ~ /^7?(\\d)\\1{9}$/ or sourceComment is empty
      set customValues[9] = 9
    }
    rule "Telegram" {
      when length(phone_first(telegramPhone)) >= 10 and phone_first(telegramPhone) != phone_first(phone) and text(name) != text(sourceComment)
      set telegramPhone = concat("+", phone_first(telegramPhone), digits(telegramPhone))
    }
    rule "Upper" {
      when upper(name) ~ /[А-Я]/ and trim(sourceComment) != ""
      set customValues[7] = upper(trim(sourceComment))
    }
    """

    static let details: [EvaluationDetail] = [.patch, .provenance, .trace]

    /// A comment: plain text (Cyrillic, emoji, escapes), a quiz log (a JSON document, with `\\u` escapes), blank, or text
    /// that starts like a document and is none.
    static func comment(_ random: inout SplitMix64) -> String {
        let words = ["готов купить", "ready to buy", "Иван", "просто смотрю", "🙂", "тел. 8 916", "a\\\"b", "c\\\\d",
                     "\\u0442\\u0435\\u0441\\u0442", "\\n", "  ", "x", "ÄÖ K"]
        switch random.below(6) {
        case 0:
            let budget = random.pick(["\"358000\"", "99000", "\"сто\"", "250000"])
            let term = random.pick(["\"на этой неделе\"", "\"через месяц\"", "\"\\u0441\\u0440\\u0430\\u0437\\u0443\"", "null"])
            return #"{\"quiz\": \"Квиз\", \"answers\": {\"budget\": \#(budget.replacingOccurrences(of: "\"", with: "\\\""))"#
                + #", \"term\": \#(term.replacingOccurrences(of: "\"", with: "\\\""))}, \"steps\": [{\"q\": \"Вопрос\", \"a\": \"готов купить\"}]}"#
        case 1: return random.pick(["", " ", "x", "[1, 2", " {\\\"a\\\": 1}"])
        default:
            return (0..<(1 + random.below(12))).map { _ in random.pick(words) }.joined(separator: random.pick([" ", ". ", "\\n"]))
        }
    }

    static func leadJSON(id: Int, _ random: inout SplitMix64) -> String {
        var members = ["\"id\": \(id)"]
        if random.chance(90) { members.append("\"sourceComment\": \"\(comment(&random))\"") }
        if random.chance(80) {
            members.append("\"phone\": \"\(random.pick(["+7 999 999-99-99", "8 (916) 123-45-67", "+1 212 6673449", "79161234567", "доб. 12", "+7 916 123-45-67, +7 495 123-45-67", ""]))\"")
        }
        if random.chance(60) {
            // Often a number of the phone's length: a remembered answer for one must not serve the other.
            members.append("\"telegramPhone\": \"\(random.pick(["+7 999 999-99-98", "8 (916) 123-45-68", "+1 212 6673448", "79161234568", "+7 916 123-45-67"]))\"")
        }
        if random.chance(60) { members.append("\"name\": \"\(random.pick(["Иван", "готов купить", "x", "Ekaterina Ivanovna Petrova"]))\"") }
        if random.chance(50) { members.append("\"statusId\": 1") }
        return "{" + members.joined(separator: ", ") + "}"
    }

    @Test func leadsReadAsTextEvaluateAsDecodedLeadsLeadAfterLead() throws {
        let engine = try Engine(source: Self.rules, path: "slices.rules")
        var random = SplitMix64(seed: 0x511C_E5)
        // One evaluator and one buffer for every lead read as text: what a lead leaves in them must not reach the next.
        let reused = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        var compared = 0, fired: [String: Int] = [:]
        for id in 1...800 {
            let json = Self.leadJSON(id: id, &random)
            let decoded = try Lead(json: try JSONParser.parse(json))
            let text = try #require(Lead(checkedText: Array(json.utf8)), "read as text: \(json)")
            let detail = random.pick(Self.details)
            let expected = try EvaluationBufferTests.snapshot(engine.makeEvaluator().evaluate(decoded, now: winter, detail: detail))
            #expect(try EvaluationBufferTests.snapshot(reused.evaluate(text, now: winter, detail: detail)) == expected, "\(json)")
            reused.evaluate(text, now: winter, detail: detail, into: &buffer)
            #expect(try EvaluationBufferTests.snapshot(buffer.evaluation) == expected, "\(json)")
            for name in buffer.evaluation.fired { fired[name, default: 0] += 1 }
            compared += 1
        }
        print("text slices: \(compared) leads compared, fired \(fired.sorted { $0.key < $1.key })")
        // Every rule fires on some leads (else its readers were not compared).
        for rule in ["Ready", "Budget", "Comment as the name", "Same text", "Phone", "Junk phone", "Telegram", "Upper"] {
            #expect(fired[rule, default: 0] > 10, "\(rule) fired \(fired[rule, default: 0]) times")
        }
    }

    /// A lead whose comment is written into fields, then leads without a comment or with another one, in the same
    /// evaluator and buffer: nothing of the first comment is in their patches or traces.
    @Test func nothingOfOneLeadReachesTheNext() throws {
        let engine = try Engine(source: Self.rules, path: "slices.rules")
        let evaluator = engine.makeEvaluator()
        var buffer = EvaluationBuffer()
        let first = #"{"id": 1, "name": "Иван", "sourceComment": "ЗАПОМНИ готов купить {\"a\": 1}", "phone": "8 (916) 123-45-67"}"#
        let others = [#"{"id": 2, "name": "Олег"}"#, #"{"id": 3, "sourceComment": "ready to buy", "name": "Олег"}"#,
                      #"{"id": 4, "sourceComment": "{\"answers\": {\"budget\": 500000}}"}"#]
        for other in others {
            for detail in Self.details {
                evaluator.evaluate(try #require(Lead(checkedText: Array(first.utf8))), now: winter, detail: detail, into: &buffer)
                #expect(try EvaluationBufferTests.snapshot(buffer.evaluation).contains("ЗАПОМНИ"))
                evaluator.evaluate(try #require(Lead(checkedText: Array(other.utf8))), now: winter, detail: detail, into: &buffer)
                let snapshot = try EvaluationBufferTests.snapshot(buffer.evaluation)
                #expect(!snapshot.contains("ЗАПОМНИ") && !snapshot.contains("запомни"), "\(snapshot)")
                let fresh = engine.makeEvaluator().evaluate(try lead(other), now: winter, detail: detail)
                #expect(try EvaluationBufferTests.snapshot(fresh) == snapshot)
            }
        }
    }

    /// `mayBeJSONDocument(utf8:)` (the slices' test) answers as the `String` one, for texts made of the characters it
    /// looks at (white space, CR LF, brackets) and others.
    @Test func mayBeJSONDocumentOfBytesIsThatOfTheString() {
        var random = SplitMix64(seed: 0xD0C)
        let pieces = [" ", "\n", "\t", "\r", "\r\n", "{", "[", "a", "\"", "\u{00A0}", "я", "🙂", "}"]
        for _ in 0..<5_000 {
            var text = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined()
            let expected = EvaluationCore.mayBeJSONDocument(text)
            #expect(text.withUTF8 { EvaluationCore.mayBeJSONDocument(utf8: $0) } == expected, "\(Array(text.utf8))")
        }
    }

    /// The buffer keeps each text's bytes where its slice says when it grows, compares texts by their bytes, and
    /// decodes a literal's escapes as `JSONParser.checkedString` does.
    @Test func textBufferKeepsTextsAcrossGrowth() {
        let storage = LeadTextStorage(capacity: 16)
        var texts = LeadTextBuffer(storage)
        texts.reset(generation: 7)
        var random = SplitMix64(seed: 0x7E47)
        var kept: [(TextSlice, String)] = []
        // Texts of the same length that differ (a comparison by length alone would take them for the same).
        let literals = [#"plain"#, #"plait"#, #"nialp"#, #"a\"b\\c\n"#, #"a\"b\\c\t"#, #"a\"b\\c\n"#, #"\u0442\u0435\u0441\u0442 \ud83d\ude42"#, "", String(repeating: "длинный ", count: 40)]
        for _ in 0..<200 {
            let literal = random.pick(literals)
            let slice = Array(literal.utf8).withUnsafeBufferPointer { texts.append(literal: $0, in: storage) }
            let expected = Array(literal.utf8).withUnsafeBufferPointer { JSONParser.checkedString($0) }
            kept.append((slice, expected))
        }
        #expect(storage.capacity > 16)
        for (slice, text) in kept {
            #expect(texts.string(slice) == text)
            #expect(texts.same(.text(slice), .value(.string(text))))
            #expect(texts.same(.value(.string(text)), .text(slice)))
        }
        for _ in 0..<500 {
            let (a, x) = random.pick(kept), (b, y) = random.pick(kept)
            #expect(texts.same(.text(a), .text(b)) == (x == y))
            #expect(texts.same(.text(a), .value(.string(y))) == (x == y))
        }
    }
}

/// The phone readers and `digits()` of a text's bytes (what a slice is read with) against the same of its `String`.
@Suite struct PhoneBytesReadingTests {
    static let pieces = ["+", "7", "8", "9", "0", "1", " ", "-", "(", ")", ".", "/", "\u{00A0}", "\u{2009}", "\u{202F}", "\u{2011}",
                         "\u{2008}", "доб.", "тел.:", "tel:", "ext", ",", "'", "=\"", "\"", "a", "🙂", "\n", "０", "٣", "Ж"]

    static func phone(_ random: inout SplitMix64) -> String {
        switch random.below(3) {
        case 0:
            let digits = (0..<(7 + random.below(8))).map { _ in String(random.below(10)) }.joined()
            return random.pick(["+7 ", "8 (", "+1 ", "", "+44 (0) ", "'"]) + digits + random.pick(["", ".0", " доб. 12", ", +7 495 1234567"])
        default:
            return (0..<random.below(16)).map { _ in random.pick(pieces) }.joined()
        }
    }

    @Test func phoneReadersOfBytesAnswerAsOfTheString() {
        var random = SplitMix64(seed: 0xB17E5)
        var readings = 0
        for _ in 0..<20_000 {
            let text = Self.phone(&random)
            var copy = text
            let e164 = PhoneNormalizer.e164(text)
            let reading = PhoneFieldReader.read(text)
            let digits = String(text.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 }.map(Character.init))
            copy.withUTF8 { bytes in
                #expect(PhoneNormalizer.e164(utf8: bytes) == e164, "\(text)")
                let fromBytes = PhoneFieldReader.read(utf8: bytes)
                #expect(fromBytes?.e164 == reading?.e164 && fromBytes?.rest == reading?.rest, "\(text)")
                #expect(EvaluationCore.digits(bytes) == .string(digits), "\(text)")
            }
            if reading != nil { readings += 1 }
        }
        #expect(readings > 1_200, "\(readings) of 20,000 fields read as a number")
    }
}
