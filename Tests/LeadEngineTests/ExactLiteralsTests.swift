import BenchSupport
import Foundation
import PCRE2
import Testing
@testable import LeadEngine

@Suite("A regex that is only a choice of words is decided by the prefilter's scan")
struct ExactLiteralsTests {
    @Test("Choices of words are recognised; anything with more syntax is not",
          arguments: [
            ("(недел|месяц|сразу|срочно)", true, ["недел", "месяц", "сразу", "срочно"]),
            ("(?:ASAP|Urgent)", true, ["asap", "urgent"]),
            ("viagra|казино", false, ["viagra", "казино"]),
            (#"call\-back|a\.b"#, false, ["a.b", "call-back"]),
            ("не звонить", true, ["не звонить"]),
            (#"\bсрочно"#, true, nil),
            ("срочн.", true, nil),
            ("срочно?", true, nil),
            ("(срочно|(скоро))", true, nil),
            ("x|", true, nil),
            ("|срочно", true, nil),
            ("a|срочно", true, nil),
            ("[сС]рочно", true, nil),
            (#"\Qсрочно\E"#, true, nil),
            ("(?i)срочно", true, nil),
            ("(a)|(b)", true, nil),
            ("ѣять", true, nil),
          ] as [(String, Bool, [String]?)])
    func recognition(pattern: String, caseless: Bool, expected: [String]?) {
        #expect(ExactLiterals.extract(from: pattern, caseless: caseless, extended: false) == expected?.sorted())
    }

    @Test("Extended mode is never read")
    func extendedMode() {
        #expect(ExactLiterals.extract(from: "срочно", caseless: true, extended: true) == nil)
    }

    /// Random comments of words in every case, near misses, letters whose caseless equivalents the fold does not
    /// know (Kelvin sign, long s, rounded ve), emoji and other scripts: the engine's decision (patch detail, by the
    /// scan) is PCRE2's match, negated too, and equals what the trace (which always runs PCRE2) says.
    @Test("The scan's decision is PCRE2's match (random comments)")
    func decisionIsTheMatch() throws {
        let engine = try engine("""
        rule "Soon" precedence 2 {
          when sourceComment ~ /(недел|месяц|сразу|срочно|ks|asap)/i
          set priority = 9
        }
        rule "Not soon" {
          when sourceComment !~ /(недел|месяц|сразу|срочно|ks|asap)/i
          set priority = 1
        }
        rule "Case-sensitive" {
          when name ~ /(Иван|ООО)/
          set customValues[3] = "named"
        }
        """)
        // Every regex of the pack is decided by the scan (else this test would compare PCRE2 with itself).
        for writer in engine.program.writers {
            guard let root = writer.condition.first?.expression,
                  case let .regex(node, _) = engine.program.code.instructions[Int(root)] else { Issue.record("no regex"); continue }
            #expect(engine.program.code.regexes[Int(node)].decidedByLiterals, "\(writer.name)")
        }
        let pattern = try Pattern("(недел|месяц|сразу|срочно|ks|asap)", options: .init(caseInsensitive: true))
        let named = try Pattern("(Иван|ООО)")
        let pieces = ["НЕДЕЛЯ", "неделе", "Месяц", "СРАЗУ", "срочно", "СрОчНо", "несрочно", "ASAP", "asap", "KS", "\u{212A}s",
                      "ſ", "ᲀ", "🔥", "—", " ", "ё", "Ё", "中文", "иван", "Иван", "ООО", "ооо", "x", "неде", "мес яц"]
        var random = SplitMix64(seed: 23)
        var matched = 0
        for i in 0..<1_500 {
            let comment = (0..<random.below(5)).map { _ in random.pick(pieces) }.joined(separator: random.chance(50) ? " " : "")
            let name = (0..<random.below(3)).map { _ in random.pick(pieces) }.joined()
            let object: JSONValue = .object([("id", .int(i + 1)), ("sourceComment", .string(comment)), ("name", .string(name))])
            let lead = try Lead(json: object)
            let fast = engine.makeEvaluator().evaluate(lead, now: winter, detail: .patch)
            let slow = engine.makeEvaluator().evaluate(lead, now: winter, detail: .trace)
            let matches = try pattern.matches(comment)
            if matches { matched += 1 }
            #expect(fast.patch["priority"] == .int(matches ? 9 : 1), "«\(comment)»")
            #expect(fast.fired.contains("Case-sensitive") == (try named.matches(name)), "«\(name)»")
            #expect(fast.patch == slow.patch && fast.fired == slow.fired, "«\(comment)» «\(name)»")
        }
        #expect(matched > 300 && matched < 1_400)
    }
}
