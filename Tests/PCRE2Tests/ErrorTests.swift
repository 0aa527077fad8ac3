import Testing
import PCRE2

@Suite("Errors: compile errors and match limits")
struct ErrorTests {
    @Test("A compile error carries PCRE2's message and a character offset")
    func compileError() {
        // The error is at the end of the pattern: 7 characters, but 13 UTF-8 bytes.
        #expect(throws: PCRE2Error.compile(message: "missing closing parenthesis", offset: 7, utf8Offset: 13)) {
            try Pattern("ёжик(ёж")
        }
        do {
            _ = try Pattern("ab[")
            Issue.record("expected a compile error")
        } catch {
            guard case let .compile(message, offset, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("missing terminating ]"))
            #expect(offset == 3)
        }
    }

    @Test("A message names no compile option the rule author cannot set (PCRE2's '(but see PCRE2_...)' hints are dropped)")
    func noOptionHints() {
        do {
            _ = try Pattern(#"(?=ab\K)"#)
            Issue.record("expected a compile error")
        } catch {
            guard case let .compile(message, _, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(message.contains("not allowed in lookarounds"), "\(message)")
            #expect(!message.contains("PCRE2_"), "\(message)")
        }
    }

    @Test("\\C is refused: it could split a UTF-8 character")
    func backslashC() {
        #expect(throws: PCRE2Error.self) { try Pattern(#"a\Cb"#) }
    }

    @Test("Catastrophic backtracking ends with a distinct error, not a hang or a non-match")
    func matchLimit() throws {
        let pattern = try Pattern("^(a+)+$")
        let subject = String(repeating: "a", count: 40) + "!"
        let clock = ContinuousClock()
        let start = clock.now
        #expect(throws: PCRE2Error.matchLimitExceeded(limit: Pattern.Options.defaultMatchLimit)) {
            try pattern.matches(subject)
        }
        // Not a timing assertion of speed, a guard against a hang: 2^40 steps would take hours.
        #expect(clock.now - start < .seconds(30))
        // The same pattern still answers normally on benign input.
        #expect(try pattern.matches("aaaa"))
        #expect(try !pattern.matches("aab"))
    }

    @Test("The match limit is configurable")
    func configurableLimit() throws {
        let subject = String(repeating: "a", count: 20) + "!"
        let tight = try Pattern("^(a+)+$", options: .init(matchLimit: 1_000))
        #expect(throws: PCRE2Error.matchLimitExceeded(limit: 1_000)) { try tight.matches(subject) }
        let interpreted = try Pattern("^(a+)+$", options: .init(jit: false, matchLimit: 1_000))
        #expect(throws: PCRE2Error.matchLimitExceeded(limit: 1_000)) { try interpreted.matches(subject) }
    }
}
