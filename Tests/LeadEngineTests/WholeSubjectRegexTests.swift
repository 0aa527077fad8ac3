import BenchSupport
import Foundation
import JSON
import PCRE2
import Testing
@testable import LeadEngine

/// ``SmallRegex/init(wholeSubject:caseless:)``: a pattern that starts with `^` answered for the whole subject without
/// PCRE2 (a final `$`, one group of a few characters referred back to), against PCRE2 searching the subject as the
/// evaluator does.
@Suite("Whole-subject regexes")
struct WholeSubjectRegexTests {
    /// The automaton's answer for `subject`, as the evaluator takes it (`nil`: PCRE2 decides), against PCRE2's search;
    /// `true` when the automaton decided.
    static func compare(_ whole: SmallRegex, _ pattern: Pattern, _ subject: String, _ scratch: MatchScratch) throws -> Bool {
        let bytes = Array(subject.utf8)
        if whole.endsAtEnd, bytes.last == 0x0A { return false }
        guard let answer = bytes.withUnsafeBufferPointer({ whole.matches($0, at: 0) }) else { return false }
        let expected = try pattern.matches(subject, scratch: scratch)
        #expect(answer == expected, "/\(pattern.source)/ on «\(subject.debugDescription)»: automaton \(answer), PCRE2 \(expected)")
        return true
    }

    static let patterns = [
        #"^[17]?(\d)\1{9}$"#, #"^\d+$"#, #"^8"#, #"^\+?7\d{10}$"#, #"^(a|b)\1"#, #"^тест"#, #"^\w{3}$"#, #"^(\d)\1+"#,
#"^[а-я]+\s*$"#, #"^\b\w+\b$"#, #"^$"#, #"^a*$"#, #"^(x)(y)\2$"#, #"^(?<d>\d)\1$"#,
    ]

    static let subjects = [
        "", "7", "79999999999", "+79999999999", "19999999999", "9999999999", "79999999998", "7999999999", "799999999999",
        "0000000000", "70000000000\n", "80000000000", "8", "8 916", "ab", "aa", "bb", "ba", "тест", "Тест", "тестовая",
        "abc", "ab\n", "аб \n", "ж", "жжж ", "11", "1111", "12", "🙂", "1\u{0661}\u{0661}", "\u{0661}\u{0661}", "é",
        "xyy", "xyx", "x", "abcc", "ac", "acc", "aaa", "aab", "\n", "a\nb",
    ]

    @Test("Each pattern on each subject: the automaton answers as PCRE2 does, or leaves it to PCRE2",
          arguments: [false, true])
    func againstPCRE2(caseless: Bool) throws {
        let scratch = MatchScratch()
        var decided = 0
        for source in Self.patterns {
            let options = Pattern.Options(caseInsensitive: caseless)
            let pattern = try Pattern(source, options: options)
            guard let whole = SmallRegex(wholeSubject: source, caseless: caseless) else {
                // Caseless, a back-reference to a group of letters is refused.
                #expect(caseless && ["^(a|b)\\1", "^(x)(y)\\2$"].contains(source), "/\(source)/")
                continue
            }
            for subject in Self.subjects {
                if try Self.compare(whole, pattern, subject, scratch) { decided += 1 }
                if try Self.compare(whole, pattern, subject.uppercased(), scratch) { decided += 1 }
            }
        }
        #expect(decided > 300)
    }

    @Test("Random patterns after ^, with and without $ and a back-reference: the automaton answers as PCRE2 does")
    func randomPatterns() throws {
        var random = SplitMix64(seed: 2222)
        let atoms = ["a", "b", "я", "Ё", "\\w", "\\W", "\\s", "\\d", "[ab]", "[^a\\d]", "\\b", " ", "1", "7"]
        let texts = ["ab", "a b", "ABBA", "яЁ", "11", "1a", "77", "a", "b", " ", "\u{212A}", "7a7", ""]
        let scratch = MatchScratch()
        var compiled = 0, decided = 0
        for _ in 0..<1_500 {
            var source = "^" + (0..<(1 + random.below(3))).map { _ in RandomPatterns.piece(1, atoms: atoms, &random) }.joined()
            if random.chance(50) { source += random.pick(["(\\d)\\1", "([ab])\\1+", "(\\s)x\\1?", "(7)\\1{2}"]) }
            if random.chance(50) { source += "$" }
            let caseless = random.chance(50)
            guard let whole = SmallRegex(wholeSubject: source, caseless: caseless),
                  let pattern = try? Pattern(source, options: Pattern.Options(caseInsensitive: caseless)) else { continue }
            compiled += 1
            for _ in 0..<8 {
                let subject = (0..<random.below(4)).map { _ in random.pick(texts) }.joined(separator: random.pick(["", " ", "\n"]))
                if try Self.compare(whole, pattern, subject, scratch) { decided += 1 }
            }
        }
        #expect(compiled > 500)
        #expect(decided > 3_000)
    }

    @Test("What it does not understand is left to PCRE2", arguments: [
        "a$", "^a|b$", "^(a$)", "^a$b", "^a$$", "^a$*", "^(a)(b)\\1\\2", "^\\1(a)", "^(a\\1)", "^(ab)\\1", "^(a)+\\1",
        "^x(a|b)?\\1", "^(?:(a))\\1", "^(\\w)\\1", "^.", "^a(?=b)", "^(?m)a",
    ])
    func refusals(source: String) {
        #expect(SmallRegex(wholeSubject: source, caseless: false) == nil)
    }

    @Test("The pack's test-number pattern is understood, and answered without PCRE2 in an evaluation")
    func packPattern() throws {
        #expect(SmallRegex(wholeSubject: #"^[17]?(\d)\1{9}$"#, caseless: false) != nil)
        let rules = """
            status new = 1, junk = 9 category disqualified
            transitions {
              new -> junk
            }
            rule "Test number" {
              when status == new and phone ~ /^[17]?(\\d)\\1{9}$/
              move new -> junk
            }
            """
        let evaluator = try engine(rules).makeEvaluator()
        for (phone, junk) in [("79999999999", true), ("71234567890", false), ("+79999999999", false), ("9999999999", true),
                              ("79999999999\n", true), ("7999999999", false), ("७९९९९९९९९९९", false)] {
            let lead = try lead(#"{"id": 1, "statusId": 1, "phone": \#(JSONValue.string(phone).description)}"#)
            for detail in [EvaluationDetail.patchOnly, .trace] {
                let evaluation = evaluator.evaluate(lead, now: winter, detail: detail)
                #expect(evaluation.errors.isEmpty)
                #expect((evaluation.patch.jsonBody() == #"{"statusId":9}"#) == junk, "\(phone.debugDescription) at \(detail)")
            }
        }
    }
}
