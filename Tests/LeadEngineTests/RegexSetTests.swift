import BenchSupport
import Foundation
import PCRE2
import Testing
@testable import LeadEngine

/// ``RegexSet`` and its lazily built automaton (``RegexSetCache``), which answers several regex tests of one subject
/// in one reading, against PCRE2 searching each pattern unanchored with the pack's options (UTF, Unicode properties,
/// caseless or not).
@Suite struct RegexSetTests {
    /// Characters the automaton reads by its own tables, by what PCRE2 says of them, and those it must refuse to
    /// judge: ASCII, Cyrillic of both cases, an em dash, a no-break space, U+2028, emoji and U+FE0F, combining marks,
    /// the Kelvin sign and long s (caselessly `k` and `s`), U+1C80 (caselessly `в`), Arabic-Indic digits, `²`, CJK
    /// (asked of PCRE2 when met), Cyrillic beyond U+045F, a line feed.
    static let pieces = [
        "a", "b", "ab", "k", "s", "x", "1", "7", "_", " ", "  ", ".", "-", "'", "\n", "\t", "я", "Я", "ё", "Ё", "ж", "Ж", "в",
        "перезвоните", "СЕГОДНЯ", "бюджет", "budget", "asap", "АСАП", "ready to buy", "не звонить", "на этой неделе",
        "—", "\u{A0}", "\u{2028}", "🙂", "❤\u{FE0F}", "\u{301}", "e\u{301}", "\u{212A}", "\u{17F}", "\u{1C80}", "٣", "٤٥",
        "²", "中文", "ѣ", "Ѣ", "ӂ", "é", "«", "»", "№", "₽", "\u{2003}", "\u{85}", "\u{200D}", "\u{1F44D}\u{1F3FB}",
    ]

    /// Runs `cache` over `subject` and compares every pattern's bit with PCRE2's unanchored search; returns whether the
    /// automaton knew the answer. A pattern on which PCRE2 gives up (its match limit) is not compared.
    static func compare(_ cache: inout RegexSetCache, _ set: RegexSet, _ patterns: [Pattern], _ subject: String,
                        _ scratch: MatchScratch) throws -> Bool {
        var copy = subject
        guard let answer = copy.withUTF8({ cache.run($0, set, scratch: scratch) }) else { return false }
        for (bit, pattern) in patterns.enumerated() {
            let result = Result { () throws(PCRE2Error) -> Bool in try pattern.matches(subject, scratch: scratch) }
            if case .failure(.matchLimitExceeded) = result { continue }
            let expected = try result.get()
            #expect(((answer >> UInt64(bit)) & 1 != 0) == expected,
                    "/\(pattern.source)/\(set.caseless ? "i" : "") in «\(subject.debugDescription)»: automaton \(!expected), PCRE2 \(expected)")
        }
        return true
    }

    @Test("Random sets of random patterns over random texts: each pattern's bit is PCRE2's answer, or none is given")
    func randomSets() throws {
        var random = SplitMix64(seed: 1516)
        let atoms = ["a", "b", "ab", "k", "s", "я", "Ё", "ё", "ж", "в", "\\w", "\\W", "\\s", "\\S", "\\d", "\\D", "[ab]", "[^a\\d]",
                     "[а-яё]", "[^\\d\\n]", "[^а-я ]", "[\\w.-]", "\\b", "\\B", " ", "\\.", "-", "_", "1", "\\n", "'"]
        func piece(_ depth: Int) -> String { RandomPatterns.piece(depth, atoms: atoms, &random) }
        let kinds = try #require(ScalarKinds())
        let scratch = MatchScratch()
        var sets = 0, known = 0, runs = 0
        for _ in 0..<300 {
            let caseless = random.chance(70)
            var sources: [String] = [], patterns: [Pattern] = []
            for _ in 0..<(1 + random.below(8)) {
                let source = (0..<(1 + random.below(4))).map { _ in piece(2) }.joined()
                // Repeating what can match nothing is left to PCRE2; PCRE2 may refuse a pattern too.
                var parsed: [SmallRegex.CharacterSet] = []
                guard SmallRegex.parse(source, caseless: caseless, sets: &parsed) != nil,
                      let pattern = try? Pattern(source, options: Pattern.Options(caseInsensitive: caseless)) else { continue }
                sources.append(source)
                patterns.append(pattern)
            }
            guard let set = RegexSet(patterns: sources, caseless: caseless, kinds: kinds) else { continue }
            sets += 1
            var cache = RegexSetCache()
            for _ in 0..<40 {
                let subject = (0..<random.below(7)).map { _ in
                    let piece = random.pick(Self.pieces)
                    return random.chance(20) ? piece.uppercased() : piece
                }.joined(separator: random.pick(["", " ", ", "]))
                runs += 1
                if try Self.compare(&cache, set, patterns, subject, scratch) { known += 1 }
            }
        }
        #expect(sets > 250)
        // Most texts hold no character that folds into the two ranges: the automaton answers.
        #expect(known * 10 > runs * 6, "known \(known) of \(runs)")
    }

    /// The default pack's comment tests.
    static let packPatterns = Array(SmallRegexTests.patterns.prefix(8))

    @Test("The pack's comment tests over the benchmark's comments (and the same with the characters of `pieces` among them)")
    func packOverBenchmarkComments() throws {
        let kinds = try #require(ScalarKinds())
        let set = try #require(RegexSet(patterns: Self.packPatterns, caseless: true, kinds: kinds))
        let patterns = try Self.packPatterns.map { try Pattern($0, options: Pattern.Options(caseInsensitive: true)) }
        var random = SplitMix64(seed: LeadGenerator.benchmarkSeed)
        var mixer = SplitMix64(seed: 7)
        let scratch = MatchScratch()
        var cache = RegexSetCache()
        var known = 0, matched = 0
        for id in 1...1_000 {
            let line = LeadGenerator.lead(id: id, &random)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let comment = try #require(object["sourceComment"] as? String)
            if try Self.compare(&cache, set, patterns, comment, scratch) { known += 1 }
            var answer: UInt64 = 0
            var copy = comment
            answer = copy.withUTF8 { cache.run($0, set, scratch: scratch) } ?? 0
            if answer != 0 { matched += 1 }
            // The comment with other characters put between its words.
            let words = comment.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
            let mixed = words.map { mixer.chance(15) ? $0 + mixer.pick(Self.pieces) : $0 }.joined(separator: mixer.pick([" ", "\u{A0}", " — "]))
            _ = try Self.compare(&cache, set, patterns, mixed, scratch)
        }
        // Every benchmark comment is judged (none holds a character folding into the two ranges), many match.
        #expect(known == 1_000)
        #expect(matched > 500)
    }

    @Test("What PCRE2 says of characters outside the two ranges, as the automaton reads it")
    func scalarKinds() throws {
        let kinds = try #require(ScalarKinds())
        let scratch = MatchScratch()
        let word = SmallRegex.wordKind, space = SmallRegex.spaceKind, digit = SmallRegex.digitKind, folds = ScalarKinds.foldsIntoRanges
        for (scalar, expected) in [("\u{A0}", space), ("\u{2028}", space), ("\u{2003}", space), ("—", 0), ("🙂", 0), ("\u{FE0F}", 0),
                                   ("٣", word | digit), ("²", word), ("é", word), ("ѣ", word), ("中", word), ("\u{212A}", word | folds),
                                   ("\u{17F}", word | folds), ("\u{1C80}", word | folds), ("«", 0)] as [(Unicode.Scalar, UInt8)] {
            #expect(kinds.kind(of: scalar, scratch: scratch).map { $0 & ~word } == expected & ~word, "U+\(String(scalar.value, radix: 16))")
        }
        // Every tabled scalar: the table says what PCRE2 says of it alone.
        let patterns = try [#"^\w$"#, #"^\s$"#, #"^\d$"#].map { try Pattern($0) }
        for block in ScalarKinds.blocks {
            for value in stride(from: block.lower, to: block.upper, by: 7) {
                let scalar = Unicode.Scalar(value)!
                let tabled = try #require(kinds.tabled(value))
                let text = String(Character(scalar))
                for (pattern, bit) in zip(patterns, [word, space, digit]) {
                    #expect(try pattern.matches(text, scratch: scratch) == (tabled & bit != 0), "U+\(String(value, radix: 16)) \(pattern.source)")
                }
            }
        }
    }

    @Test("A character that folds into the two ranges leaves a caseless set's answer unknown; a set that is not caseless answers")
    func foldingCharacters() throws {
        let kinds = try #require(ScalarKinds())
        let caseless = try #require(RegexSet(patterns: ["ok", "\\d"], caseless: true, kinds: kinds))
        let exact = try #require(RegexSet(patterns: ["ok", "\\d"], caseless: false, kinds: kinds))
        let scratch = MatchScratch()
        var cache = RegexSetCache(), exactCache = RegexSetCache()
        for text in ["o\u{212A}", "\u{1C80}", "\u{17F}", "1 \u{212A}"] {
            var copy = text
            #expect(copy.withUTF8 { cache.run($0, caseless, scratch: scratch) } == nil, "«\(text)»")
            #expect(copy.withUTF8 { exactCache.run($0, exact, scratch: scratch) } != nil, "«\(text)»")
        }
        var plain = "OK 🙂 ٣"
        #expect(plain.withUTF8 { cache.run($0, caseless, scratch: scratch) } == 0b11)
        #expect(plain.withUTF8 { exactCache.run($0, exact, scratch: scratch) } == 0b10)
    }

    @Test("Every two-byte scalar (every lead byte C2...DF) alone, at the end, before and after others, twice: PCRE2's answers")
    func everyTwoByteScalar() throws {
        let kinds = try #require(ScalarKinds())
        let scratch = MatchScratch()
        let sources = ["\\w\\W", "[а-яё]\\b", "\\s\\S", "\\d", "жё", "\\Bж", "[^а-я ]{2}", "ё\\S"]
        for caseless in [true, false] {
            let set = try #require(RegexSet(patterns: sources, caseless: caseless, kinds: kinds))
            let patterns = try sources.map { try Pattern($0, options: Pattern.Options(caseInsensitive: caseless)) }
            var cache = RegexSetCache()
            var known = 0, runs = 0
            for value in UInt32(0x80)..<0x800 {
                let c = String(Character(Unicode.Scalar(value)!))
                // Twice: the first reading builds the transitions, the second reads them. The longer ones are read
                // two characters of two bytes at a step (four bytes before the end), the scalar first or second of a
                // pair, a match ending at either, a transition not built at either.
                let long = [c + "жж" + c + "ёё" + c + "     ", "ж" + c + c + "Ж" + c + "я я", "  " + c + c + c + c + "x  ж"]
                for subject in [c, "x" + c, c + "x", "я" + c + " ", c + c + "ж"] + long + [c, "x" + c, c + "x", "я" + c + " ", c + c + "ж"] + long {
                    runs += 1
                    if try Self.compare(&cache, set, patterns, subject, scratch) { known += 1 }
                }
            }
            // Only the characters folding into the two ranges (long s...) are not judged, and only caselessly.
            #expect(caseless ? known * 100 > runs * 99 : known == runs, "known \(known) of \(runs)")
        }
    }

    @Test("Two characters a step: every order of ASCII characters and ones of two, three and four bytes, each first and second of a step, twice: PCRE2's answers")
    func mixedLengthsAtEveryPlace() throws {
        let kinds = try #require(ScalarKinds())
        let scratch = MatchScratch()
        // Patterns that look at both characters of a step, and ones whose match ends at either (`\w*` goes on).
        let sources = ["\\w\\W", "\\W\\w", "\\s\\S", "\\d\\D", "[a-zё]я", "я[a-z ]", "\\bж\\w*", "x\\b", "[^\\w\\s]\\s", "[^\\w\\s]\\w",
                       "[^\\w\\s]{2}", "a\\B", "\\w[^a-zа-я\\s]", "\\.\\S"]
        let pool = ["a", "x", "Z", "1", " ", ".", "\n", "_", "\u{7F}", "\u{1}", "я", "Ж", "ё", "é", "\u{A0}", "ѣ", "\u{7FF}",
                    "—", "\u{2028}", "€", "中", "🙂", "\u{FE0F}", "\u{1F44D}"]
        // The characters before shift where a step starts; those after leave four bytes or fewer to the end.
        let prefixes = ["", "a", "я", "aя", "яa", "яя", "—"], suffixes = ["", "ж", "  xж  ", "ж ж ж"]
        for caseless in [true, false] {
            let set = try #require(RegexSet(patterns: sources, caseless: caseless, kinds: kinds))
            let patterns = try sources.map { try Pattern($0, options: Pattern.Options(caseInsensitive: caseless)) }
            var cache = RegexSetCache()
            var known = 0, runs = 0
            for x in pool {
                for y in pool {
                    for prefix in prefixes {
                        let subject = prefix + x + y + x + suffixes[(runs / 2) % suffixes.count]
                        // Twice: the first reading builds the transitions, the second reads them.
                        for _ in 0..<2 {
                            runs += 1
                            if try Self.compare(&cache, set, patterns, subject, scratch) { known += 1 }
                        }
                    }
                }
            }
            #expect(known == runs, "known \(known) of \(runs)")
        }
    }

    @Test("A pattern whose match has ended goes no further in the states, and later matches of every pattern are still found: PCRE2's answers")
    func matchedPatternsLeftOut() throws {
        let kinds = try #require(ScalarKinds())
        let scratch = MatchScratch()
        // Patterns whose threads overlap their own matches and each other's: a match ending where another of the
        // same pattern or of another one is under way.
        let sources = ["а\\w*", "\\w*б", "а\\w*б", "аб\\b", "аб+в", "б\\s+а", "\\bв", "x\\w*y", "[аб]{3}"]
        var random = SplitMix64(seed: 22)
        for caseless in [true, false] {
            let set = try #require(RegexSet(patterns: sources, caseless: caseless, kinds: kinds))
            let patterns = try sources.map { try Pattern($0, options: Pattern.Options(caseInsensitive: caseless)) }
            var cache = RegexSetCache()
            for _ in 0..<2_000 {
                let subject = String((0..<random.below(24)).map { _ in random.pick(Array("абвАБ xy")) })
                #expect(try Self.compare(&cache, set, patterns, subject, scratch))
            }
        }
    }

    @Test("A truncated sequence at the end of the bytes is not judged (no reading past the end)")
    func truncatedSequences() throws {
        let kinds = try #require(ScalarKinds())
        let set = try #require(RegexSet(patterns: ["a", "\\w"], caseless: true, kinds: kinds))
        let scratch = MatchScratch()
        var cache = RegexSetCache()
        for bytes: [UInt8] in [[0xD0], [0x61, 0xD1], [0x20, 0x20, 0x20, 0xD0], [0xC3], [0xE2, 0x80], [0xF0, 0x9F, 0x99]] {
            // Each twice: the second time the states are built.
            for _ in 0..<2 {
                #expect(bytes.withUnsafeBufferPointer { cache.run($0, set, scratch: scratch) } == nil, "\(bytes)")
            }
        }
        // A whole Cyrillic а (not the Latin a) is a word character only.
        let whole: [UInt8] = [0x20, 0xD0, 0xB0]
        #expect(whole.withUnsafeBufferPointer { cache.run($0, set, scratch: scratch) } == 0b10)
    }

    @Test("Too many states in the middle of a Cyrillic text empty the cache; later subjects are PCRE2's answers")
    func stateLimitCyrillic() throws {
        let kinds = try #require(ScalarKinds())
        let sources = ["а[аб]{12}х", "б\\b"]
        let set = try #require(RegexSet(patterns: sources, caseless: true, kinds: kinds))
        let patterns = try sources.map { try Pattern($0, options: Pattern.Options(caseInsensitive: true)) }
        let scratch = MatchScratch()
        var cache = RegexSetCache()
        var random = SplitMix64(seed: 5)
        for text in ["абабх", "ббб б", "Аббббббббббббх"] { _ = try Self.compare(&cache, set, patterns, text, scratch) }
        var long = String((0..<20_000).map { _ in random.chance(50) ? Character("а") : Character("Б") })
        #expect(long.withUTF8 { cache.run($0, set, scratch: scratch) } == nil)
        #expect(cache.flushes == 1)
        for _ in 0..<200 {
            let text = String((0..<random.below(30)).map { _ in random.pick(Array("аБбхХ x")) })
            #expect(try Self.compare(&cache, set, patterns, text, scratch))
        }
    }

    @Test("Too many states empty the cache and leave that subject's answer unknown; the next subject is answered")
    func stateLimit() throws {
        let kinds = try #require(ScalarKinds())
        // An `a` thirteen places before an `x`: a state per combination of the last thirteen letters.
        let set = try #require(RegexSet(patterns: ["a[ab]{12}x"], caseless: false, kinds: kinds))
        let scratch = MatchScratch()
        var cache = RegexSetCache()
        var random = SplitMix64(seed: 3)
        var long = String((0..<20_000).map { _ in random.chance(50) ? Character("a") : Character("b") })
        #expect(long.withUTF8 { cache.run($0, set, scratch: scratch) } == nil)
        #expect(cache.flushes == 1)
        var short = "abbbbbbbbbbbbx"
        #expect(short.withUTF8 { cache.run($0, set, scratch: scratch) } == 1)
    }
}

/// The regex sets in the evaluator: a lead's patch (which takes the sets) equals its traced evaluation (which keeps
/// PCRE2), over subjects that are lead-wide values (`text(x)`) and plain fields, negated tests, and characters that
/// leave the answer to the usual path.
@Suite struct RegexSetEvaluationTests {
    static let rules = #"""
    rule "a" {
      when text(sourceComment) ~ /\bсроч\w*/i
      set priority = 1
    }
    rule "b" {
      when text(sourceComment) ~ /\b(бюджет\w*|budget)\b[^\d\n]{0,25}\d/i
      set name = "b"
    }
    rule "c" {
      when text(sourceComment) !~ /ok\b/i
      set customValues[1] = "c"
    }
    rule "d" {
      when sourceComment ~ /не\s+звонить/i and sourceComment ~ /\d{3}/
      set customValues[2] = "d"
    }
    rule "e" {
      when sourceComment ~ /(?<w>сроч\w*)/i
      set customValues[3] = "${w}"
    }
    """#

    @Test("Patches with the sets equal the traced evaluations'")
    func patchesEqualTraced() throws {
        let engine = try engine(Self.rules)
        let program = engine.program
        // Rules a, b, c share one caseless set; d's two tests a set each (one caseless, one not); e reads a capture.
        #expect(program.regexSets.count == 3)
        #expect(program.regexSets.allSatisfy { $0 != nil })
        let evaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 99)
        let pieces = RegexSetTests.pieces + ["срочно", "Бюджет: 12", "budget 7", "ok", "OK!", "не  звонить", "123", "о\u{212A}"]
        for _ in 0..<600 {
            let comment = (0..<random.below(6)).map { _ in random.pick(pieces) }.joined(separator: random.pick([" ", ""]))
            let json = #"{"id": 1, "sourceComment": \#(RandomLeads.quote(comment))}"#
            let lead = try lead(json)
            let fast = evaluator.evaluate(lead, now: winter, detail: .patch)
            let traced = evaluator.evaluate(lead, now: winter, detail: .trace)
            #expect(try fast.patch.jsonBody() == traced.patch.jsonBody(), "«\(comment.debugDescription)»")
            #expect(fast.fired == traced.fired, "«\(comment.debugDescription)»")
        }
    }
}
