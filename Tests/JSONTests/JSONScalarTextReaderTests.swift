import BenchSupport
import Testing
@testable import JSON

/// `JSONScalarTextReader` (behind `scalarText(of:separator:scratch:)` and `scalarTextIfDocument`) against the
/// grammar's reading it replaced (`scalarTextByParser`): the same texts accepted, the same values written, on random
/// documents, broken ones, every one-byte change of quiz logs, and the nesting limit. The comparison is direct:
/// through `scalarText` a text the reader refused wrongly would not show (the grammar reads it again).
@Suite("JSON: the scalar-text reader against the grammar")
struct JSONScalarTextReaderTests {
    /// The grammar's answer, `nil` for a refused text.
    static func byParser(_ text: String, separator: String) -> String? {
        var scratch: [UInt8] = []
        return Result { () throws(JSONParser.Error) in
            try JSONParser.scalarTextByParser(of: text, separator: separator, scratch: &scratch)
        }.success
    }

    static func expectAgreement(_ text: String, separator: String = "\n", scratch: inout [UInt8],
                                sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = byParser(text, separator: separator)
        let read = JSONParser.scalarTextIfDocument(of: text, separator: separator, scratch: &scratch)
        #expect(read == expected, "\(text.debugDescription) with \(separator.debugDescription)", sourceLocation: sourceLocation)
    }

    /// A quiz log as leads carry them, with `\u` escapes and emoji now and then.
    static func quizLog(_ random: inout RandomJSON) -> String {
        let answers = ["сравниваю предложения", "просто смотрю", "ready to buy", "ремонт квартиры 60 м²", "у меня вопрос 🙂",
                       "\\u0441\\u0440\\u043e\\u0447\\u043d\\u043e", "\\\"кавычки\\\"", "a\\nb", "\\ud83d\\ude00", ""]
        var steps: [String] = []
        for index in 0..<random.below(7) {
            steps.append(#"{"q": "Вопрос \#(index + 1)", "a": "\#(random.pick(answers))"}"#)
        }
        let budget = random.pick([#""358000""#, "358000", "-0", "1.5e3", "null", "true", "[]", "{}"])
        return #"{"quiz": "Квиз", "answers": {"budget": \#(budget)}, "steps": [\#(steps.joined(separator: ", "))]}"#
    }

    @Test func randomDocumentsAndBrokenOnes() {
        var random = RandomJSON(seed: 0x5CA1_A7E8)
        var scratch: [UInt8] = []
        var accepted = 0, refused = 0
        for round in 0..<4000 {
            let separator = random.pick(["\n", "", " | ", String(repeating: "-", count: 20)])
            let document = random.document(depth: round % 50 == 0 ? 300 : 6)
            for text in [document, random.broken(document), random.broken(random.broken(document))] {
                Self.expectAgreement(text, separator: separator, scratch: &scratch)
                if Self.byParser(text, separator: separator) == nil { refused += 1 } else { accepted += 1 }
            }
        }
        #expect(accepted > 4000 && refused > 3000)
    }

    /// Every byte of quiz logs replaced by each byte that matters to the grammar, removed, or the text cut there:
    /// escapes and quotes at every place of an eight-byte word.
    @Test func everyOneByteChangeOfQuizLogs() {
        var random = RandomJSON(seed: 0x9_1715)
        var scratch: [UInt8] = []
        let replacements: [UInt8] = Array("{}[],:\"\\u0 \n-.eEtfnа".utf8) + [0x01, 0x1F, 0x7F]
        for _ in 0..<12 {
            let log = Array(Self.quizLog(&random).utf8)
            Self.expectAgreement(String(decoding: log, as: UTF8.self), scratch: &scratch)
            for index in log.indices {
                var variants: [[UInt8]] = [Array(log[..<index]), Array(log[..<index] + log[(index + 1)...])]
                for byte in replacements {
                    var changed = log
                    changed[index] = byte
                    variants.append(changed)
                }
                // Only valid UTF-8 (a String's bytes): a change inside a Cyrillic letter is skipped.
                for variant in variants {
                    guard let text = String(validating: variant, as: UTF8.self) else { continue }
                    Self.expectAgreement(text, scratch: &scratch)
                }
            }
        }
    }

    @Test func quizLogsWithEverySeparator() {
        var random = RandomJSON(seed: 0x0_A11)
        var scratch: [UInt8] = []
        for _ in 0..<500 {
            let log = Self.quizLog(&random)
            for separator in ["\n", "", "; ", "ж"] { Self.expectAgreement(log, separator: separator, scratch: &scratch) }
        }
        #expect(JSONParser.scalarTextIfDocument(of: #"{"a": "\u0441\"x\"", "n": [-0, 12, 1.5e3, true, null], "b": "\ud83d\ude00"}"#,
                                                separator: "\n", scratch: &scratch) == "с\"x\"\n0\n12\n1500\n😀")
    }

    /// Strings of every length up to 40 with a quote, backslash escape or control character at every place: the
    /// eight-byte steps end where the byte-wise check would.
    @Test func specialBytesAtEveryPlace() {
        var scratch: [UInt8] = []
        let specials = ["\\\"", "\\\\", "\\n", "\\u0416", "\\ud83d\\ude00", "\u{01}", "\\x", "\\u12", "\""]
        for length in 0...40 {
            for place in 0...length {
                for special in specials {
                    let plain = String(repeating: "a", count: place) + special + String(repeating: "ж", count: length - place)
                    Self.expectAgreement("[\"" + plain + "\"]", scratch: &scratch)
                    Self.expectAgreement("{\"" + plain + "\": 1}", scratch: &scratch)
                    Self.expectAgreement("[\"" + plain, scratch: &scratch)
                }
            }
        }
    }

    /// The nesting limit (256 open containers refuse a value in them, not an empty container) with arrays and
    /// objects mixed.
    @Test func nestingLimit() {
        var scratch: [UInt8] = []
        var random = RandomJSON(seed: 0xDEE9)
        for depth in [1, 2, 63, 64, 65, 127, 128, 129, 254, 255, 256, 257, 300] {
            for _ in 0..<6 {
                let objects = (0..<depth).map { _ in random.below(2) == 0 }
                let open = objects.map { $0 ? "{\"k\":" : "[" }.joined()
                let close = objects.reversed().map { $0 ? "}" : "]" }.joined()
                for inner in ["\"deep\"", "[]", "{}", "1", "[1]", ""] {
                    Self.expectAgreement(open + inner + close, scratch: &scratch)
                    Self.expectAgreement(open + inner + close + ",", scratch: &scratch)
                    Self.expectAgreement(open + inner + String(close.dropLast()), scratch: &scratch)
                }
            }
        }
        #expect(JSONParser.scalarTextIfDocument(of: String(repeating: "[", count: 256) + String(repeating: "]", count: 256),
                                                separator: "\n", scratch: &scratch) == "")
        #expect(JSONParser.scalarTextIfDocument(of: String(repeating: "[", count: 256) + "1" + String(repeating: "]", count: 256),
                                                separator: "\n", scratch: &scratch) == nil)
    }

    @Test(arguments: ["", " ", "[]", "{}", " [ ] ", "\"x\"", "5", "-", "-0", "01", "1.", "1e", "1e+", "tru", "nul", "falsey", "[1 2]",
                      "{\"a\" 1}", "{\"a\":}", "{,}", "[,1]", "{\"a\":1 \"b\":2}", "[\"a\"]]", "[[]", "{\"a\":[}", "\t\r\n[\r\n]\t",
                      "[1e999]", "[\"\\ude00\"]", "[\"\\ud83d\"]", "[\"\\ud83dx\"]", "[\"\\ud83d\\u0041\"]", "[\"\\uD83D\\uDE00\"]"])
    func edgeTexts(_ text: String) {
        var scratch: [UInt8] = []
        Self.expectAgreement(text, scratch: &scratch)
        Self.expectAgreement(text, separator: "--", scratch: &scratch)
    }
}
