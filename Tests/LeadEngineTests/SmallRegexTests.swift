import BenchSupport
import Foundation
import PCRE2
import Testing
@testable import LeadEngine

/// ``SmallRegex`` (the evaluator's own automaton for "does a match start here", used instead of PCRE2 where it knows
/// the answer) against PCRE2 compiled anchored, at every place of many texts.
@Suite struct SmallRegexTests {
    /// The default pack's comment tests, and patterns that reach the corners of what the automaton understands.
    static let patterns = [
        #"(не\s+(звонить|звоните|звонит|беспокоить)|только\s+(в\s+)?(мессенджер|ватсап|whats\s?app|телеграм|смс)|don'?t\s+call|do\s+not\s+call)"#,
        #"(\bсроч\w*|\bперез[вф][оа]н\w*\s+(сегодня|сейчас|скорее)|\bкак\s+можно\s+(скорее|быстрее|раньше)|\bасап\b|\basap\b|\burgent\w*|\bcall\s+(me\s+)?(back\s+)?today\b)"#,
        #"(\bгото(в|ва|вы)\s+(купить|оплатить|заказать|брать|покупать)|\bхоч(у|ем)\s+(купить|заказать|оформить)|\bready\s+to\s+(buy|order|pay)\b|\bwant\s+to\s+buy\b)"#,
        #"\b(бюджет\w*|budget)\b[^\d\n]{0,25}\d"#,
        #"(\bна\s+этой\s+неделе|\bв\s+(этом|течение)\s+(месяц\w*|недел\w*)|\bв\s+ближайш\w+\s+(время|дни|недел\w*)|\bthis\s+(week|month)\b|\bsoon\b)"#,
        #"(\bпросто\s+(смотр\w*|узна\w*|интерес\w*)|\bсравниваю|\bпока\s+(думаю|присматрива\w*)|\bjust\s+(looking|browsing)\b)"#,
        #"(казино|\bставк[иа]\b|букмекер|viagra|заработ\w*\s+без\s+вложений|\bбля\w*|\bсук[аи]\b|\b(на|по)?ху[йяе]\w*|\bпизд\w*|не\s+оставлял\w*\s+(никаких\s+)?заяв|не\s+заказывал\w*|ошиблись\s+номером)"#,
        #"\bгото(в|ва|вы)\s+(купить|оплатить|заказать)"#,
        #"(недел|месяц|сразу|срочно)"#,
        #"ready\s+to\s+buy\b"#, #"\Bку\B"#, #"k\w+s"#, #"[a-z]{2,3}\d+"#, #"[^а-я ]+x"#, #"(?:ab|a)(?<tail>bc)?c"#, #"ё[ЁЕ]\S"#,
        #"x*y?z{2}"#, #"(a|b|)c"#, #"\W\D\s"#, #"[\w.-]+\.ru"#, #"Ѐ[Ѐ-Џ]ѐ"#, #"(\s|_)+end"#, #"\.\*\+\?\(\)"#, #"\n\t\r"#,
    ]

    /// Texts of the pack's phrases and of characters the automaton must refuse to judge (emoji, a no-break space,
    /// the Kelvin sign and long s that PCRE2 matches caselessly with `k` and `s`, Cyrillic beyond U+045F, `ᲀ`, a
    /// combining accent).
    static let pieces = [
        "Перезвоните срочно", "ПЕРЕЗВОНИТЕ СЕГОДНЯ!!!", "перезфанить сейчас", "хочу узнать цену", "готов купить на этой неделе",
        "ГОТОВЫ оплатить", "просто смотрю", "бюджет 150 000 руб", "Бюджетный: 3", "budget: 12", "не звонить до понедельника",
        "НЕ  беспокоить", "только в ватсап", "only whatsapp", "don't call", "DO NOT CALL", "в течение месяца", "в этом месяце",
        "на этой неделе", "в ближайшие дни", "this week", "soon", "soonish", "just looking", "сравниваю предложения",
        "пока думаю", "нахуже", "похуй", "ху", "казино", "ставки", "не оставлял никаких заявок", "ошиблись номером",
        "call me back today", "asap", "АСАП", "urgently", "ready to buy", "already to buy", "want to buy", "ку", "скука",
        "\u{212A}s", "ſ", "ᲀ", "Ѣ", "ӂ", "é", "\u{301}", "\u{A0}", "\u{2003}", "\u{85}", "🙂", "—", "ё", "ЁЕЖ", "Ѐѐѐ", "Џ",
        " ", "  ", "\n", "\t", "\r\n", ".", "x", "_", "5", "-", "abc", "ABC12", "xyz", "zz", "yzz", "ab", "abcc", "a.ru",
        "k_s", "K9S", ".*+?()", "\u{0B}", "\u{0C}", "end", "_ end",
    ]

    /// The answer of PCRE2, compiled anchored, at every character boundary of `subject` (and its end), against the
    /// automaton's; returns how many places the automaton decided. A place where PCRE2 gives up (its match limit:
    /// a pattern that backtracks catastrophically, which the automaton does not) is not compared.
    static func compare(_ small: SmallRegex, _ anchored: Pattern, _ subject: String, _ scratch: MatchScratch,
                        _ source: String) throws -> Int {
        let bytes = Array(subject.utf8)
        var places = [0]
        for scalar in subject.unicodeScalars { places.append(places.last! + UTF8.width(scalar)) }
        var decided = 0
        for offset in places {
            guard let answer = bytes.withUnsafeBufferPointer({ small.matches($0, at: offset) }) else { continue }
            let result = Result { () throws(PCRE2Error) -> Bool in try anchored.matches(subject, from: offset, scratch: scratch) }
            if case .failure(.matchLimitExceeded) = result { continue }
            let expected = try result.get()
            decided += 1
            #expect(answer == expected, "/\(source)/ at \(offset) of «\(subject)»: automaton \(answer), PCRE2 \(expected)")
        }
        return decided
    }

    @Test("At every place of random texts, the automaton answers as PCRE2 does, or leaves the answer to it",
          arguments: [false, true])
    func againstPCRE2(caseless: Bool) throws {
        var random = SplitMix64(seed: caseless ? 15 : 16)
        let scratch = MatchScratch()
        var decided = 0, places = 0
        for source in Self.patterns {
            let small = try #require(SmallRegex(source, caseless: caseless), "/\(source)/")
            var options = Pattern.Options(caseInsensitive: caseless)
            options.anchored = true
            let anchored = try Pattern(source, options: options)
            for _ in 0..<300 {
                let subject = (0..<random.below(6)).map { _ in
                    let piece = random.pick(Self.pieces)
                    return random.chance(30) ? piece.uppercased() : piece
                }.joined(separator: random.chance(30) ? "" : " ")
                decided += try Self.compare(small, anchored, subject, scratch, source)
                places += subject.unicodeScalars.count + 1
            }
        }
        // It decides most places (those whose characters it knows), so the shortcut is taken.
        #expect(decided * 10 > places * 7, "decided \(decided) of \(places)")
    }

    @Test("Random patterns of the understood syntax: the automaton answers as PCRE2 does")
    func randomPatterns() throws {
        var random = SplitMix64(seed: 1515)
        let atoms = ["a", "b", "ab", "я", "Ё", "ё", "ж", "\\w", "\\W", "\\s", "\\S", "\\d", "\\D", "[ab]", "[^a\\d]", "[а-яё]",
                     "\\b", "\\B", " ", "\\.", "-", "_", "1"]
        func piece(_ depth: Int) -> String { RandomPatterns.piece(depth, atoms: atoms, &random) }
        let texts = ["ab", "a b", "ABBA", "яЁж ё", "жжж", "1a_b", "ё-ё", "a.b", "ааяё 12", "bb ab", "Ёё", "\u{212A}", "ѣ", " a1 ", ""]
        let scratch = MatchScratch()
        var compiled = 0, decided = 0
        for _ in 0..<1_500 {
            let source = (0..<(1 + random.below(4))).map { _ in piece(2) }.joined()
            let caseless = random.chance(50)
            var options = Pattern.Options(caseInsensitive: caseless)
            options.anchored = true
            // Repeating what can match nothing is left to PCRE2; PCRE2 may refuse a pattern too.
            guard let small = SmallRegex(source, caseless: caseless), let anchored = try? Pattern(source, options: options) else { continue }
            compiled += 1
            for _ in 0..<8 {
                let subject = (0..<random.below(4)).map { _ in random.pick(texts) }.joined(separator: random.pick(["", " "]))
                decided += try Self.compare(small, anchored, subject, scratch, source)
            }
        }
        // About half of the random patterns (a repeated group of several characters, or of alternatives sharing a
        // character, and two repetitions in a row sharing one are refused: see `refusals`).
        #expect(compiled > 700)
        #expect(decided > 10_000)
    }

    @Test("What it does not understand is left to PCRE2",
          arguments: ["^abc", "abc$", "a.b", "(?=a)a", "(?!a)b", "(?<=a)b", "(a)\\1", "(?i)a", "a++", "a?+", "\\p{L}", "[[:alpha:]]",
                      "(a*)*", "(a?)+", "ѣ", "é", "\\x41", "\\Qa\\E", "(?>ab)", "a{,3}", "a{3,1}", "[]a]", "[\\w-z]", "[a-я]", "\\b+",
                      "a{2", "(?<1a>x)", "(?|a|b)", "\\K", "\\z", "\\G", "(?#c)", "\u{1F642}", "[\\b]",
                      // Shapes PCRE2 may stop on at its match limit (the lead's error must not depend on the detail):
                      "(a|aa)+b", "(x+x+)+y", "(ab)+", "(a|A)+", "(\\w|_)*x", "a*a*b", "\\w+\\d+", "[ab]*b{2,}", "(a|b)*a+"])
    func refusals(source: String) {
        #expect(SmallRegex(source, caseless: true) == nil, "/\(source)/")
    }

    @Test("A repeated group that reads one character of alternatives sharing none is a class, and understood",
          arguments: ["(\\s|_)+end", "(a|b)*c", "x(?:[аб]|в){2,5}", "(a)+b", "\\w*\\s+x", "a*b*c"])
    func repeatedClasses(source: String) {
        #expect(SmallRegex(source, caseless: true) != nil, "/\(source)/")
    }

    @Test("The default pack's comment tests are understood (the shortcut is taken there)")
    func packPatternsCompile() {
        for source in Self.patterns.prefix(9) {
            #expect(SmallRegex(source, caseless: true) != nil, "/\(source)/")
        }
    }

    @Test("A character before the place that it does not know leaves a pattern with \\b to PCRE2; one without needs none")
    func characterBefore() throws {
        let bounded = try #require(SmallRegex(#"\bсроч"#, caseless: true)), plain = try #require(SmallRegex("сроч", caseless: true))
        for (text, offset, expected) in [("ѣсрочно", 2, nil), ("ёсрочно", 2, false), (" срочно", 1, true), ("срочно", 0, true),
                                         ("\u{212A}срочно", 3, nil)] as [(String, Int, Bool?)] {
            let bytes = Array(text.utf8)
            #expect(bytes.withUnsafeBufferPointer { bounded.matches($0, at: offset) } == expected, "«\(text)»")
            #expect(bytes.withUnsafeBufferPointer { plain.matches($0, at: offset) } == true, "«\(text)»")
        }
        // A match that ends before such a character, whatever it is, needs no PCRE2; one that depends on it does.
        let ending = try #require(SmallRegex("ab", caseless: true)), bounded2 = try #require(SmallRegex(#"ab\b"#, caseless: true)),
            longer = try #require(SmallRegex(#"ab\w*"#, caseless: true))
        let bytes = Array("AB🙂".utf8)
        #expect(bytes.withUnsafeBufferPointer { ending.matches($0, at: 0) } == true)
        #expect(bytes.withUnsafeBufferPointer { bounded2.matches($0, at: 0) } == nil)
        #expect(bytes.withUnsafeBufferPointer { longer.matches($0, at: 0) } == true)
        #expect(Array("a🙂".utf8).withUnsafeBufferPointer { ending.matches($0, at: 0) } == nil)
    }
}
