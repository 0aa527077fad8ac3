import Testing
import PCRE2

/// A scratch holds no reference to the pattern it last matched: it copies that pattern's group count and name table
/// when it first serves the pattern, and recognises the pattern by identity and a random key. These tests check the
/// copy against what it replaces (`Pattern.groupNumbers`, the pattern's own count) and the cases a retained pattern
/// used to make safe: a pattern gone before its groups are read, and a new pattern at a freed pattern's address.
@Suite("Scratch preparation: a scratch's copy of the last pattern's groups and names")
struct ScratchPreparationTests {
    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    /// A small deterministic generator (SplitMix64) for the random patterns below.
    private struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    }

    @Test("Named groups read through the scratch give the group of Pattern.groupNumbers, for random name sets")
    func namesAgainstGroupNumbers() throws {
        // Names that are prefixes of each other, a long one (PCRE2 allows 32 characters), and names of other
        // lengths than any in the pattern.
        let pool = ["a", "ab", "abc", "b", "ba", "rub", "rubles", "x1", "x_1", "kod", "kodik", "yozh", "sum", "total",
                    "name_with_a_long_tail_012345678", "Z", "zz", "q9", "_", "__"]
        var generator = Generator(state: 20261129)
        let scratch = MatchScratch(capacity: 1)
        for round in 0..<200 {
            var names: [String] = []
            for name in pool where generator.below(3) == 0 { names.append(name) }
            if names.isEmpty { names = [pool[round % pool.count]] }
            names.shuffle(using: &generator)
            // One group per name, each matching its own index as digits, separated by commas; an unnamed group
            // between some of them shifts the numbers.
            var source = ""
            var subject = ""
            for (index, name) in names.enumerated() {
                if index > 0 { source += ","; subject += "," }
                if generator.below(4) == 0 { source += "(u?)" }
                source += "(?<\(name)>\(index)x)"
                subject += "\(index)x"
            }
            let pattern = try Pattern(source)
            #expect(try pattern.matches(subject, scratch: scratch), "\(source)")
            for (index, name) in names.enumerated() {
                let number = try #require(pattern.groupNumbers[name])
                #expect(scratch.withUTF8(ofGroup: name, in: subject, text) == "\(index)x", "\(name) in \(source)")
                #expect(scratch.withUTF8(ofGroup: number, in: subject, text) == "\(index)x")
                #expect(scratch.substring(named: name, in: subject).map(String.init) == "\(index)x")
            }
            for name in pool + ["", "a\u{0}", "ab\u{0}c", "rub ", "РУБ", "к", "no such name"] where pattern.groupNumbers[name] == nil {
                #expect(scratch.withUTF8(ofGroup: name, in: subject, text) == nil, "\(name) in \(source)")
            }
        }
    }

    @Test("A pattern released before its groups are read: the scratch answers from its own copy")
    func patternGoneBeforeRead() throws {
        let scratch = MatchScratch()
        let subject = "бюджет: 300 000 руб"
        func matchWithTemporaryPattern() throws -> Bool {
            try Pattern(#"(?<word>\w+):\s*(?<rub>[\d ]+\d)"#).matches(subject, scratch: scratch)
        }
        #expect(try matchWithTemporaryPattern())
        // Fill the allocator with other patterns, so the freed pattern's memory is reused.
        let others = try (0..<50).map { try Pattern("(?<other\($0)>x)(y)(z)") }
        #expect(others.count == 50)
        #expect(scratch.withUTF8(ofGroup: "rub", in: subject, text) == "300 000")
        #expect(scratch.withUTF8(ofGroup: "word", in: subject, text) == "бюджет")
        #expect(scratch.withUTF8(ofGroup: 2, in: subject, text) == "300 000")
        #expect(scratch.withUTF8(ofGroup: 3, in: subject, text) == nil)
        #expect(scratch.withUTF8(ofGroup: "other0", in: subject, text) == nil)
    }

    @Test("Patterns created and freed one after another with one scratch: each match answers for its own pattern")
    func freedAndNewPatterns() throws {
        let scratch = MatchScratch(capacity: 1)
        for round in 0..<500 {
            // Every round's pattern is new and the previous one freed, often at the same address; the group count,
            // the names and what they capture change from round to round.
            let groups = round % 7 + 1
            let source = (0..<groups).map { "(?<g\(round)_\($0)>\($0 + round % 3))" }.joined(separator: "-")
            let subject = (0..<groups).map { "\($0 + round % 3)" }.joined(separator: "-")
            let pattern = try Pattern(source)
            #expect(try pattern.matches(subject, scratch: scratch))
            for group in 0..<groups {
                #expect(scratch.withUTF8(ofGroup: "g\(round)_\(group)", in: subject, text) == "\(group + round % 3)")
                #expect(scratch.byteRange(group + 1) != nil)
            }
            #expect(scratch.byteRange(groups + 1) == nil, "group \(groups + 1) of a pattern of \(groups)")
            #expect(scratch.withUTF8(ofGroup: "g\(round - 1)_0", in: subject, text) == nil)
        }
    }

    @Test("Two live patterns taking turns on one scratch, and a scratch that must grow")
    func alternatingPatterns() throws {
        let wide = try Pattern((1...20).map { "(?<w\($0)>\($0 % 10))" }.joined())
        let narrow = try Pattern(#"(?<n>\d)"#)
        let wideSubject = (1...20).map { "\($0 % 10)" }.joined()
        let scratch = MatchScratch(capacity: 1)
        for _ in 0..<3 {
            #expect(try narrow.matches("x7", scratch: scratch))
            #expect(scratch.withUTF8(ofGroup: "n", in: "x7", text) == "7")
            #expect(scratch.withUTF8(ofGroup: "w1", in: "x7", text) == nil)
            #expect(scratch.byteRange(2) == nil)
            #expect(try wide.matches(wideSubject, scratch: scratch))
            for group in 1...20 {
                #expect(scratch.withUTF8(ofGroup: "w\(group)", in: wideSubject, text) == "\(group % 10)")
            }
            #expect(scratch.withUTF8(ofGroup: "n", in: wideSubject, text) == nil)
            #expect(try !narrow.matches("no digits", scratch: scratch))
            #expect(scratch.withUTF8(ofGroup: "n", in: "no digits", text) == nil)
            #expect(scratch.byteRange(0) == nil)
        }
    }
}
