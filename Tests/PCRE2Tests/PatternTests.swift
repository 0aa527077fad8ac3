import Testing
import PCRE2

@Suite("Pattern: compiling and matching")
struct PatternTests {
    @Test("Cyrillic word boundaries and case folding work with UTF + UCP")
    func cyrillicWordBoundary() throws {
        let urgent = try Pattern(#"(?i)\bсрочно\b"#)
        #expect(try urgent.matches("Перезвоните СРОЧНО!"))
        #expect(try urgent.matches("срочно перезвоните"))
        #expect(try !urgent.matches("несрочно"))
        #expect(try !urgent.matches("срочности нет"))
    }

    @Test("Options from literal flags change matching")
    func flagOptions() throws {
        let parsed = Pattern.Options.parse(flags: "im")
        let options = try #require(parsed.options)
        let pattern = try Pattern("^бюджет$", options: options)
        #expect(try pattern.matches("имя\nБЮДЖЕТ\nконец"))
        let strict = try Pattern("^бюджет$")
        #expect(try !strict.matches("имя\nБЮДЖЕТ\nконец"))
        #expect(Pattern.Options.parse(flags: "iq").unknown == "q")
    }

    @Test("The JIT compiles the pattern on this platform")
    func jitCompiled() throws {
        #expect(try Pattern(#"^7\d{10}$"#).isJITCompiled)
        #expect(try !Pattern("a", options: .init(jit: false)).isJITCompiled)
    }

    @Test("Without the JIT the interpreter gives the same answers")
    func interpreterFallback() throws {
        let pattern = try Pattern(#"(?<code>\d{3})-(?<rest>\d+)"#, options: .init(jit: false))
        let match = try #require(try pattern.firstMatch(in: "тел. 916-1234567"))
        #expect(match["code"] == "916")
        #expect(match["rest"] == "1234567")
    }

    @Test("A search from a byte offset: anchored there, clamped to the subject, with and without the JIT")
    func searchFromOffset() throws {
        for jit in [true, false] {
            var options = Pattern.Options(caseInsensitive: true, jit: jit)
            options.anchored = true
            let word = try Pattern(#"срочно\b"#, options: options)
            let scratch = MatchScratch()
            let subject = "звоните срочно!"   // "звоните " is 15 UTF-8 bytes
            #expect(try word.matches(subject, from: 15, scratch: scratch))
            #expect(scratch.byteRange(0) == 15..<27)
            #expect(try !word.matches(subject, from: 0, scratch: scratch))
            #expect(try !word.matches(subject, from: 1_000, scratch: scratch))
            #expect(try !word.matches(subject, from: -5, scratch: scratch))
            #expect(try word.matches("СРОЧНО", from: -5, scratch: scratch))
        }
    }

    @Test("A scratch serves patterns with more groups than it holds, and a non-match clears the previous groups")
    func scratchGrowsAndForgets() throws {
        let scratch = MatchScratch(capacity: 1)
        let many = try Pattern(#"(\d)(\d)(\d)(\d)(\d)"#)
        #expect(try many.matches("код 12345", scratch: scratch))
        #expect(scratch.byteRange(5) == 11..<12)
        #expect(try !many.matches("нет", scratch: scratch))
        #expect(scratch.byteRange(0) == nil)
        let bytes = Array("a 12345".utf8)
        #expect(try bytes.withUnsafeBufferPointer { try many.matches(utf8: $0, scratch: scratch) })
        #expect(scratch.byteRange(1) == 2..<3)
    }
}
