import BenchSupport
import Foundation
@testable import LeadEngine
import Testing

/// `text()` of a field read while the field is copied from the lead's line (`LeadTextBuffer.append(literal:readingTextIn:)`:
/// a quiz log read from its escaped literal in one pass, a plain text's invisible characters looked for while it is
/// copied) gives what `text()` gives of the same comment in a lead decoded whole (the `String` reading, which the
/// new paths do not touch): the same patch for comments written every way in the line, quiz logs, hostile ones,
/// plain texts with invisible characters and escapes, huge ones, one evaluator for many leads.
@Suite("text() of a field read while it is copied")
struct TextReadWhileCopiedTests {
    static let rules = """
    rule "Text" {
      set customValues[9] = text(sourceComment)
      set customValues[8] = json(sourceComment, "answers.budget")
    }

    rule "Ready" {
      when text(sourceComment) ~ /готов\\s+купить|ready/ and text(sourceComment) !~ /не\\s+готов/
      set customValues[7] = length(text(sourceComment))
    }

    """

    /// The comment written as the content of a JSON string: as writers write it, with every character beyond ASCII
    /// as a `\u` escape, or with random characters as `\u` escapes.
    static func literal(_ comment: String, style: Int, _ random: inout SplitMix64) -> String {
        JSONEscapes.stringContent(comment, asciiOnly: style == 1, atRandom: { style == 2 && random.next() % 5 == 0 })
    }

    static let pieces = ["готов купить", "не готов", "ready", "гот\u{AD}ов \u{200B}купить", "a — b", "60 м²", "«x»", "\u{FEFF}",
                         "\u{2060}", "\u{202E}", "\u{061C}", "🙂", "\\", "\"", "\n", "\t", "{", "}", "[", "]", ":", ",", " ", "358000",
                         "\\u0433", "\\\"", "\u{1}", "/", "\\/", "ж", "é", "\u{E2}", "\u{C2}"]

    /// A comment: a quiz log (its values and names from the pieces, a nested quiz log among them), a plain text of
    /// pieces, white space before a document, a broken document.
    static func comment(_ random: inout SplitMix64) -> String {
        func text() -> String { (0..<Int(random.next() % 5)).map { _ in random.pick(pieces) }.joined() }
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\t", with: "\\t")
                .replacingOccurrences(of: "\u{1}", with: "\\u0001") + "\""
        }
        func quizLog(depth: Int) -> String {
            var members = [#""quiz": \#(quoted(text()))"#, #""answers": {"budget": \#(random.pick([quoted("358000"), "358000", "-0", "1.5", "null", quoted(text())]))}"#]
            let steps = (0..<Int(random.next() % 4)).map { _ in #"{"q": \#(quoted(text())), "a": \#(quoted(text()))}"# }
            members.append(#""steps": [\#(steps.joined(separator: random.pick([", ", ",", ",\n "])))]"#)
            if depth > 0, random.next() % 3 == 0 { members.append(#""inner": \#(quoted(quizLog(depth: depth - 1)))"#) }
            if random.next() % 4 == 0 { members.append(#""n": [1, -2, 0, true, false, null, 12345678901234567890]"#) }
            return "{" + members.shuffled(using: &random).joined(separator: random.pick([", ", ",", " , "])) + "}"
        }
        switch random.next() % 8 {
        case 0, 1, 2: return quizLog(depth: 2)
        case 3:
            var log = Array(quizLog(depth: 1).unicodeScalars)
            let cut = Int(random.next() % UInt64(log.count))
            if random.next() % 2 == 0 { log.removeSubrange(cut...) } else { log.insert(random.pick(["\"", "\\", ",", "}", "x"]).unicodeScalars.first!, at: cut) }
            var text = ""
            text.unicodeScalars.append(contentsOf: log)
            return text
        case 4: return random.pick([" ", "\n", "\t", "\r", "\r\n", " \r\n"]) + quizLog(depth: 0)
        case 5: return "[" + (0..<Int(random.next() % 4)).map { _ in quoted(text()) }.joined(separator: ", ") + "]"
        default: return (0..<Int(random.next() % 12)).map { _ in random.pick(pieces) }.joined(separator: random.pick(["", " ", ". "]))
        }
    }

    /// The patch of `comment` written `style` way in the line, read lazily and decoded whole, by one evaluator each.
    static func expectSamePatch(_ comment: String, style: Int, lazyEvaluator: Evaluator, eagerEvaluator: Evaluator,
                                _ random: inout SplitMix64, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> Bool {
        let line = #"{"id":1,"phone":"+7 900 000-00-00","sourceComment":""# + literal(comment, style: style, &random) + #"","statusId":1}"#
        guard let lazy = Lead(checkedText: Array(line.utf8)) else {
            Issue.record("not read lazily: \(line)", sourceLocation: sourceLocation)
            return false
        }
        let eager = try Lead(json: try JSONParser.parse(line))
        #expect(eager["sourceComment"] == .string(comment), sourceLocation: sourceLocation)
        for detail in [EvaluationDetail.patchOnly, .patch] {
            let a = lazyEvaluator.evaluate(lazy, now: winter, detail: detail)
            let b = eagerEvaluator.evaluate(eager, now: winter, detail: detail)
            #expect(a.patch.jsonBody() == b.patch.jsonBody(), "\(comment.debugDescription) as \(line)", sourceLocation: sourceLocation)
            #expect(a.errors == b.errors, sourceLocation: sourceLocation)
        }
        return true
    }

    @Test func commentsWrittenEveryWay() throws {
        let engine = try engine(Self.rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x7E47_0001)
        var compared = 0, quizLogs = 0
        for _ in 0..<3000 {
            let comment = Self.comment(&random)
            for style in 0..<3 where try Self.expectSamePatch(comment, style: style, lazyEvaluator: lazyEvaluator,
                                                              eagerEvaluator: eagerEvaluator, &random) {
                compared += 1
                if comment.hasPrefix("{") { quizLogs += 1 }
            }
        }
        #expect(compared > 8000 && quizLogs > 2000)
    }

    @Test("Invisible characters at every place of plain texts and quiz log values, among look-alike first bytes")
    func invisibleCharactersAtEveryPlace() throws {
        let engine = try engine(Self.rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x7E47_0002)
        let invisible = ["\u{AD}", "\u{200B}", "\u{200F}", "\u{202A}", "\u{2060}", "\u{2066}", "\u{206F}", "\u{FEFF}", "\u{061C}",
                         "—", "²", "\u{2010}", "\u{2070}", "\u{FEFE}", "\u{0600}", "ready"]
        for length in [0, 1, 2, 3, 7, 14, 15, 16, 17, 31, 32, 33, 47, 63, 64, 65, 70] {
            for place in stride(from: 0, through: length, by: max(1, length / 7)) {
                for character in invisible {
                    let text = String(repeating: "a", count: place) + character + String(repeating: "ж", count: (length - place) / 2)
                    for comment in [text, "ready " + text, #"{"a": "\#(text)", "b": ["\#(text)"]}"#, #"["\#(text)"]"#] {
                        for style in 0..<2 {
                            _ = try Self.expectSamePatch(comment, style: style, lazyEvaluator: lazyEvaluator,
                                                         eagerEvaluator: eagerEvaluator, &random)
                        }
                    }
                }
            }
        }
    }

    /// A plain comment without escapes and invisible characters is its own `text()`, found while it is copied; one
    /// after spaces that holds a document, and ones with an escape or an invisible character anywhere, are read as
    /// before: each against the lead decoded whole, with `json()` of the same comment, lengths around the scan's steps.
    @Test("Plain comments read while copied, next to documents after spaces, escapes and invisible characters")
    func plainCommentsReadWhileCopied() throws {
        let engine = try engine(Self.rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x7E47_0004)
        let fronts = ["", " ", "  ", " {\"answers\": {\"budget\": \"5\"}}", "  [\"ready\"]", " {", " [", "{", "[", " x {"]
        let inserts = ["", "\\", "\"", "\n", "\u{AD}", "\u{200B}", "\u{FEFF}", "—", "²", "/", "\u{1}"]
        for front in fronts {
            for length in [0, 1, 15, 16, 17, 40, 63, 64, 65, 100, 130] {
                let filler = String((0..<length).map { $0 % 3 == 0 ? "ж" : "r" })
                for insert in inserts {
                    for place in [0, length / 2, length] {
                        let body = String(filler.prefix(place)) + insert + String(filler.dropFirst(place))
                        for comment in [front + body, front + "ready " + body, body + front] {
                            _ = try Self.expectSamePatch(comment, style: Int(random.next() % 2), lazyEvaluator: lazyEvaluator,
                                                         eagerEvaluator: eagerEvaluator, &random)
                        }
                    }
                }
            }
        }
    }

    @Test("Huge comments: past the bound of the memory kept for a document's values, and near it")
    func hugeComments() throws {
        let engine = try engine(Self.rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x7E47_0003)
        for count in [7_000, 7_270, 7_271, 7_272, 7_300, 20_000] {
            let value = String(repeating: "готов купить ", count: count / 24)
            let log = #"{"answers": {"budget": "1"}, "a": ""# + value + #""}"#
            let padded = log + String(repeating: " ", count: max(0, count - log.utf8.count))
            for comment in [padded, "[\"" + String(repeating: "\\\"", count: count / 2) + "\"]", String(repeating: "ready\u{AD} ", count: count / 8)] {
                for style in 0..<3 {
                    _ = try Self.expectSamePatch(comment, style: style, lazyEvaluator: lazyEvaluator,
                                                 eagerEvaluator: eagerEvaluator, &random)
                }
            }
        }
    }

    /// The text read while copying is only for the slice copied: a field read by `text()` and another text of the same
    /// bytes, and leads after leads (the reading of a lead before is never taken).
    @Test func readingBelongsToItsLead() throws {
        let rules = """
        rule "Text" {
          set customValues[9] = text(sourceComment)
          set customValues[8] = text(name)
          set customValues[7] = text(lead["other"])
        }

        """
        let engine = try engine(rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        let comments = [#"{\"a\": \"x\"}"#, #"plain"#, #"{\"a\": \"y\u00ad\"}"#, #""#, #"[\"z\"]"#, #"\u2060w"#]
        for first in comments {
            for second in comments {
                let line = #"{"id":1,"name":""# + second + #"","sourceComment":""# + first + #"","other":""# + first + #""}"#
                let lazy = try #require(Lead(checkedText: Array(line.utf8)))
                let eager = try Lead(json: try JSONParser.parse(line))
                for _ in 0..<2 {
                    #expect(lazyEvaluator.evaluate(lazy, now: winter).patch.jsonBody()
                            == eagerEvaluator.evaluate(eager, now: winter).patch.jsonBody(), "\(line)")
                }
            }
        }
    }
}
