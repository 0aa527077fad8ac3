import Foundation
import PCRE2
import Testing
@testable import LeadEngine

@Suite("Leading literals: a regex tried only where its matches can start finds the same match")
struct LeadingLiteralsTests {
    @Test("Literals every match starts with are found, and refused where in doubt",
          arguments: [
            (#"\bсроч\w*"#, true, ["сроч"]),
            (#"(\bсроч\w*|\bперез[вф][оа]н\w*\s+(сегодня|сейчас)|\basap\b)"#, true, ["asap", "перез", "сроч"]),
            (#"\b(бюджет\w*|budget)\b[^\d\n]{0,25}\d"#, true, ["budget", "бюджет"]),
            (#"\b(на|по)?ху[йяе]\w*"#, true, ["наху", "поху", "ху"]),
            (#"(на|по)ху"#, true, ["наху", "поху"]),
            (#"(на|по)?х?у"#, true, ["нах", "нау", "пох", "поу", "у", "х"]),
            (#"((на|по)\s)?ху"#, true, ["на", "по", "ху"]),
            (#"((на|по))?ху"#, true, ["наху", "поху", "ху"]),
            (#"(на|по\w)?ху"#, true, ["на", "по", "ху"]),
            (#"(на|по)*ху"#, true, ["на", "по", "ху"]),
            (#"(на|по)?\sху"#, true, nil),
            (#"не\s+звонить"#, false, ["не"]),
            (#"Call me"#, false, ["Call me"]),
            (#"ab+c"#, false, ["ab"]),
            (#"a?bc"#, false, nil),  // "a" is one byte: it would be tried everywhere
            (#"^7(\d)\1{9}$"#, false, nil),
            (#"\w+@mail"#, false, nil),
            (#"(?i)срочно"#, false, nil),
            (#"x|"#, false, nil),
            (#"(?=abc)abc"#, false, nil),
            (#"\Qab\E"#, false, nil),
            (#"(ab|c\d)"#, false, nil),
            (#"ab{x}"#, false, nil),
          ] as [(String, Bool, [String]?)])
    func extraction(pattern: String, caseless: Bool, expected: [String]?) {
        #expect(LeadingLiterals.extract(from: pattern, caseless: caseless, extended: false) == expected.map { $0.sorted() })
    }

    @Test("Literals after \\b are marked: a word character before them rules a place out",
          arguments: [
            (#"\bсроч\w*"#, [("сроч", true)]),
            (#"(\bсроч\w*|перез[вф]|\basap\b)"#, [("asap", true), ("перез", false), ("сроч", true)]),
            (#"\b(на|по)?ху[йяе]\w*"#, [("наху", true), ("поху", true), ("ху", true)]),
            (#"(\bна|по)?ху"#, [("наху", true), ("поху", false), ("ху", false)]),
            (#"(\bсроч|сроч)но"#, [("срочно", false)]),
            (#"\b\.net"#, [(".net", false)]),
            (#"\Bсроч"#, [("сроч", false)]),
            (#"\b?сроч"#, [("сроч", false)]),
            (#"не\s+звонить"#, [("не", false)]),
          ] as [(String, [(String, Bool)])])
    func boundaries(pattern: String, expected: [(String, Bool)]) throws {
        let starts = try #require(LeadingLiterals.extractStarts(from: pattern, caseless: true, extended: false))
        #expect(starts.map(\.literal) == expected.map(\.0))
        #expect(starts.map(\.afterWordBoundary) == expected.map(\.1), "\(pattern)")
    }

    @Test("Literals followed by \\s are marked: a character after them that is not white space rules a place out",
          arguments: [
            (#"не\s+звонить"#, [("не", true)]),
            (#"(\bв\s+(этом|течение)|\bна\s*этой|\bsoon\b)"#, [("soon", false), ("в", true), ("на", false)]),
            (#"(don'?t\s+call|do\s+not)"#, [("do", true), ("don", false)]),
            (#"до+\s"#, [("до", false)]),
            (#"(в|во)\s+"#, [("в", false), ("во", false)]),
            (#"(в\s|в)"#, [("в", false)]),
            (#"в\S"#, [("в", false)]),
          ] as [(String, [(String, Bool)])])
    func whiteSpaceAfter(pattern: String, expected: [(String, Bool)]) throws {
        let starts = try #require(LeadingLiterals.extractStarts(from: pattern, caseless: true, extended: false))
        #expect(starts.map(\.literal) == expected.map(\.0))
        #expect(starts.map(\.beforeWhiteSpace) == expected.map(\.1), "\(pattern)")
    }

    @Test("Over many subjects, anchored tries at the literals' places give the unanchored search's match and groups")
    func sameMatchAsTheSearch() throws {
        let patterns = [#"\bсроч\w*"#, #"(\bсроч\w*|\bперез[вф][оа]н\w*\s+(сегодня|сейчас|скорее)|\basap\b)"#,
                        #"(\bв\s+(этом|течение)\s+недел|\bпо\s+делу|don'?t\s+call|do\s+not)"#,
                        #"\b(бюджет\w*|budget)\b[^\d\n]{0,25}(?<sum>\d[\d ]*)"#, #"не\s+(звонить|беспокоить)"#,
                        #"\b(на|по)?хуже\w*"#, #"(не|\bпо)?(хуже|лучше)\s+всех"#, #"((на|по)\s)?хуже"#, #"(готов|хочу)\s+(?<what>купить|заказать)"#, #"ready\s+to\s+buy\b"#]
        let pieces = ["СРОЧНО", "сРоЧнО", "несрочно", "срочность", "перезвоните сегодня", "ПЕРЕЗВОНИТЕ СЕЙЧАС",
                      "перезвон", "asap", "ASAPs", "бюджет 150 000", "Бюджетный: 3", "budget: 12", "не звонить",
                      "НЕ беспокоить", "нехуже", "похуже", "хужее", "готов купить", "ХОЧУ заказать", "ready to buy",
                      "already to buy", "\u{212A}s", "ᲀ", "🔥", "—", " ", "\n", "Ёж", "1", ".", "x", "_", "5", "ё", "Ѣ", "ӂ",
                      "é", "\u{301}", "-", "я", "в этом неделе", "В\u{A0}течение недели", "вечером", "в\tэтом недел", "по делу",
                      "поделу", "по\u{2003}делу", "don't call", "DON'T  CALL", "do not", "donot", "do\u{85}not", "в", "по",
                      "не хуже всех", "нелучше  всех", "по хуже", "ПОЛУЧШЕ ВСЕХ", "на хуже", "нахуже", "лучше\tвсех"]
        var state: UInt64 = 11
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33)
        }
        let scratch = MatchScratch(), anchoredScratch = MatchScratch()
        var buffer: [UInt8] = []
        var triedAnchored = 0
        for source in patterns {
            var options = Pattern.Options(caseInsensitive: true)
            let pattern = try Pattern(source, options: options)
            options.anchored = true
            let anchored = try Pattern(source, options: options)
            let starts = try #require(LeadingLiterals.extractStarts(from: source, caseless: true, extended: false), "\(source)")
            let literals = starts.map(\.literal)
            let prefilter = LiteralPrefilter(literals: literals, caseless: true)
            var hits = [Bool](repeating: false, count: literals.count)
            var positions: [LiteralPrefilter.Hit] = []
            for _ in 0..<500 {
                let subject = (0..<(next() % 7)).map { _ in pieces[next() % pieces.count] }.joined(separator: next() % 3 == 0 ? "" : " ")
                let searched = try pattern.matches(subject, scratch: scratch)
                guard prefilter.scan(subject, hits: &hits, positions: &positions, buffer: &buffer) else { continue }
                triedAnchored += 1
                var found = false
                // The places the evaluator tries: a literal after `\b` is skipped where a word character precedes it.
                let bytes = Array(subject.utf8)
                let places = bytes.withUnsafeBufferPointer { buffer in
                    positions.filter { hit in
                        let start = starts[Int(hit.literal)]
                        if start.afterWordBoundary, EvaluationCore.wordCharacter(before: Int(hit.start), in: buffer) { return false }
                        let after = Int(hit.start) + start.literal.utf8.count
                        return !(start.beforeWhiteSpace && EvaluationCore.surelyNotWhiteSpace(at: after, in: buffer))
                    }.map(\.start)
                }
                for start in Set(places).sorted() {
                    if try anchored.matches(subject, from: Int(start), scratch: anchoredScratch) {
                        found = true
                        break
                    }
                }
                #expect(found == searched, "\(source) on «\(subject)»: search \(searched), anchored tries \(found)")
                if found, searched {
                    for group in 0...pattern.captureCount {
                        #expect(anchoredScratch.byteRange(group) == scratch.byteRange(group), "\(source) on «\(subject)», group \(group)")
                    }
                }
            }
        }
        #expect(triedAnchored > 2_000)
    }

    @Test("Evaluation finds the same captures with anchored tries (patch detail) as with the search (trace)")
    func sameCaptures() throws {
        let engine = try engine("""
        rule "Budget" {
          when text(sourceComment) ~ /\\b(бюджет\\w*|budget)\\b[^\\d\\n]{0,25}(?<sum>\\d[\\d ]*\\d)/i
          set customValues[7] = "${sum}"
        }
        rule "Urgent" precedence 3 {
          when text(sourceComment) ~ /(\\bсроч\\w*|\\bперез[вф][оа]н\\w*\\s+(сегодня|сейчас))/i
          set priority = 9
        }
        """)
        let comments = ["бюджетный вариант, бюджет: 150 000 руб", "BUDGET 12 000", "несрочно", "Перезвоните СЕЙЧАС",
                        #"{\"answers\": {\"q\": \"Бюджет 3 000 000\"}}"#, "перезвон сегодня", "\u{212A}азино бюджет 10 000"]
        for (i, comment) in comments.enumerated() {
            let lead = try lead(#"{"id": \#(i + 1), "sourceComment": "\#(comment)"}"#)
            let fast = engine.makeEvaluator().evaluate(lead, now: winter, detail: .patch)
            let slow = engine.makeEvaluator().evaluate(lead, now: winter, detail: .trace)
            #expect(fast.patch == slow.patch, "\(comment)")
        }
    }
}
