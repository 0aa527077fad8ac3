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
}
