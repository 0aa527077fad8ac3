import BenchSupport
import Foundation
import PCRE2
import Testing
@testable import LeadEngine

@Suite("Regex prefilter: required literals never rule out a real match")
struct PrefilterTests {
    @Test("Required literals are found where every match needs one, and refused where in doubt",
          arguments: [
            (#"\bсрочн\w*"#, true, ["срочн"]),
            (#"(казино|ставки|не оставлял\w*\s+заявк)"#, true, ["казино", "ставки", "не оставлял"]),
            (#"бюджет[:\s]*(?<rub>\d[\d\s]*)"#, true, ["бюджет"]),
            (#"ГОТОВ\w*\s+купить"#, true, ["готов", "купить"].filter { $0 == "купить" || $0 == "готов" }.prefix(1).map { $0 }),
            (#"a?bc"#, false, ["bc"]),
            (#"(foo)?bar"#, false, ["bar"]),
            (#"Call me"#, false, ["Call me"]),
            (#"^7(\d)\1{9}$"#, false, nil),
            (#"(?i)срочно"#, false, nil),
            (#"x|"#, false, nil),
            (#"(?=abc)abc"#, false, nil),
            (#"\Qa.b\E"#, false, nil),
            (#"ab+c"#, false, ["ab"]),
          ] as [(String, Bool, [String]?)])
    func extraction(pattern: String, caseless: Bool, expected: [String]?) {
        let found = RequiredLiterals.extract(from: pattern, caseless: caseless, extended: false)
        if pattern == #"ГОТОВ\w*\s+купить"# {
            // Either literal is a valid requirement; the reader keeps the longer one.
            #expect(found == ["купить"])
        } else {
            #expect(found == expected.map { $0.sorted() })
        }
    }

    @Test("Over many subjects, a regex never matches where the prefilter says its literals are absent")
    func neverRulesOutAMatch() throws {
        let patterns = [#"\bсрочн\w*"#, #"(казино|ставки|не оставлял\w*\s+заявк)"#, #"готов\w*\s+купить"#,
                        #"just looking"#, #"(?<n>сегодня|завтра)"#, #"call me back"#, #"\bks\b"#]
        let pieces = ["СРОЧНО", "сРоЧнО", "срочность", "несрочно", "Казино", "СТАВКИ", "не оставлял заявку", "ГОТОВА КУПИТЬ",
                      "Just Looking", "СЕГОДНЯ", "Call Me Back", "\u{212A}s", "ſ", "ᲀ", "🔥", "—", " ", "Ёж", "ks", "KS"]
        var state: UInt64 = 7
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        var buffer: [UInt8] = []
        for source in patterns {
            let pattern = try Pattern(source, options: .init(caseInsensitive: true))
            let literals = try #require(RequiredLiterals.extract(from: source, caseless: true, extended: false))
            let prefilter = LiteralPrefilter(literals: literals, caseless: true)
            var hits = [Bool](repeating: false, count: literals.count)
            var positions: [LiteralPrefilter.Hit] = []
            for _ in 0..<400 {
                let subject = (0..<(next() % 6)).map { _ in pieces[next() % pieces.count] }.joined(separator: " ")
                prefilter.scan(subject, hits: &hits, positions: &positions, buffer: &buffer)
                if try pattern.matches(subject) {
                    #expect(hits.contains(true), "\(source) matches «\(subject)» but the prefilter ruled it out")
                }
            }
        }
    }

    @Test("Evaluation gives the same patches with the prefilter (patch detail) and without it (trace)")
    func sameResults() throws {
        let engine = try engine("""
        rule "Urgent" precedence 3 {
          when sourceComment ~ /\\bсрочн\\w*/i
          set priority = 9
        }
        rule "Spam" precedence 2 {
          when sourceComment ~ /(казино|ставки)/i
          set priority = 0
        }
        rule "Looking" {
          when sourceComment !~ /купить/i
          set customValues[3] = "browsing"
        }
        """)
        let comments = ["СРОЧНО", "казино", "хочу купить", "\u{212A}азино", "несрочно", "ставки срочно", ""]
        for (i, comment) in comments.enumerated() {
            let lead = try lead(#"{"id": \#(i + 1), "sourceComment": "\#(comment)"}"#)
            let fast = engine.makeEvaluator().evaluate(lead, now: winter, detail: .patch)
            let slow = engine.makeEvaluator().evaluate(lead, now: winter, detail: .trace)
            #expect(fast.patch == slow.patch, "\(comment)")
        }
    }

    /// `{` followed by a sign is no quantifier to PCRE2 (a literal `{`): `ab{+2}c` is `a`, `b`, one or more `{`, then
    /// `2}c`. Read as `b{2}`, it made the prefilter require `abbc` and miss `ab{2}c`.
    @Test("A brace with a sign is a literal, not a quantifier", arguments: [#"ab{+2}c"#, #"x{2,+3}y"#, #"q{-1}"#])
    func braceWithASign(pattern: String) throws {
        let engine = try engine("""
        rule "Braces" {
          when sourceComment ~ /\(pattern)/
          set priority = 9
        }
        """)
        for (i, comment) in ["ab{2}c", "ab{{2}c", "abbc", "x{2,,,3}y", "xxy", "q{-1}", "q", "ab{+2}c"].enumerated() {
            let lead = try lead(#"{"id": \#(i + 1), "sourceComment": "\#(comment)"}"#)
            let fast = engine.makeEvaluator().evaluate(lead, now: winter, detail: .patch)
            let expected = try Pattern(pattern).matches(comment)
            #expect((fast.patch["priority"] != nil) == expected, "/\(pattern)/ on «\(comment)»")
        }
    }

    /// The scan reports exactly the occurrences a plain search of the folded subject finds: every literal, every
    /// place (as UTF-8 offsets of the subject), for ASCII, basic Cyrillic (both cases, ё/Ё), other scripts and
    /// emoji around them, and literals that overlap or contain one another.
    @Test("The scan lists exactly the occurrences a plain search of the folded subject finds (random subjects)")
    func scanEqualsPlainSearch() {
        let literalSets: [[String]] = [
            ["сроч", "перез", "как", "асап", "asap", "urgent", "ч"],
            ["не", "нет", "не оставлял", "ставк", "ёж", "еж", "a", "ab", "b"],
            ["бюджет", "budget", "₽", "млн", "тыс"],
        ]
        let pieces = ["СРОЧНО", "сРоЧнО", "несрочно", "перезвоните", "как можно скорее", "АСАП", "ASAP", "Urgent!",
                      "НЕ оставлял", "нет", "ставки", "Ёж", "ЁЖ", "еж", "ab", "AB", "ba", "бюджет 5 млн ₽", "BUDGET",
                      "🔥", "—", " ", "\n", "中文", "ѣ", "Ђ", "ђ", "ѐ", "x", "150 тыс"]
        var random = SplitMix64(seed: 11)
        var buffer: [UInt8] = []
        var compared = 0
        for literals in literalSets {
            let prefilter = LiteralPrefilter(literals: literals, caseless: true)
            var hits = [Bool](repeating: false, count: literals.count)
            var positions: [LiteralPrefilter.Hit] = []
            for _ in 0..<600 {
                let subject = (0..<random.below(7)).map { _ in random.pick(pieces) }.joined(separator: random.chance(50) ? " " : "")
                let complete = prefilter.scan(subject, hits: &hits, positions: &positions, buffer: &buffer)
                var folded: [UInt8] = []
                guard complete, LiteralPrefilter.fold(subject, into: &folded) else { continue }
                compared += 1
                var expected: [String] = []
                for (id, literal) in literals.enumerated() {
                    let needle = Array(literal.utf8)
                    var start = 0
                    while start + needle.count <= folded.count {
                        if Array(folded[start..<(start + needle.count)]) == needle { expected.append("\(id)@\(start)") }
                        start += 1
                    }
                }
                let found = positions.map { "\($0.literal)@\($0.start)" }
                #expect(found.sorted() == expected.sorted(), "«\(subject)» with \(literals)")
                for id in literals.indices {
                    #expect(hits[id] == expected.contains { $0.hasPrefix("\(id)@") }, "«\(subject)» literal \(literals[id])")
                }
            }
        }
        #expect(compared > 1_000)
    }

    /// The table of cased scalars the scan reads says what the scalar's properties say, for every scalar.
    @Test func casedScalarsTableAgreesWithTheProperties() {
        var checked = 0
        for value in UInt32(0)...0x10FFFF where value < 0x3100 || (0x1EF00..<0x1FC00).contains(value) || value % 97 == 0 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            #expect(CasedScalars.isCased(scalar) == scalar.properties.isCased, "U+\(String(value, radix: 16))")
            checked += 1
        }
        #expect(checked > 20_000)
    }
}
