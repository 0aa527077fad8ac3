extension Parser {
    /// `test "name" { given {JSON} [now "ISO8601"] expect ... }`.
    mutating func parseTest() throws -> TestDeclaration? {
        let start = advance().start
        let name = try expectString("the test's name in quotes")
        try expect(.leftBrace)
        guard isKeyword(.given) else { throw fail("'given' and the lead as a JSON object") }
        advance()
        guard case let .json(given) = current.kind else { throw fail("the lead as a JSON object") }
        let givenRange = range(advance())
        var now: Name?
        if accept(.now) {
            now = try expectString("the reference time in quotes (ISO 8601)")
        }
        var expectations: [(TestDeclaration.Expectation, SourceRange)] = []
        while !isSymbol(.rightBrace) {
            if current.kind == .endOfFile || atDeclarationStart { throw fail("'}'") }
            do {
                let expectStart = current.start
                try expect(.expect)
                let expectation = try parseExpectation()
                expectations.append((expectation, range(from: expectStart)))
            } catch {
                while !isKeyword(.expect), !isSymbol(.rightBrace), current.kind != .endOfFile, !atDeclarationStart { advance() }
            }
        }
        advance()
        if expectations.isEmpty {
            diagnostics.append(Diagnostic(.expected("at least one 'expect'", found: "none"), at: name.range))
        }
        return TestDeclaration(name: name, given: given, givenRange: givenRange, now: now?.text, nowRange: now?.range,
                               expectations: expectations, range: range(from: start))
    }

    mutating func parseExpectation() throws -> TestDeclaration.Expectation {
        if accept(.patch) {
            guard case let .json(json) = current.kind else { throw fail("the expected patch as a JSON object") }
            advance()
            return .patch(json)
        }
        if accept(.fields) {
            guard case let .json(json) = current.kind else { throw fail("the expected fields as a JSON object") }
            advance()
            return .fields(json)
        }
        if accept(.untouched) {
            var names: [Name] = []
            repeat {
                if isKeyword(.status) { names.append(Name(text: "status", range: range(advance()))) } else {
                    names.append(try expectName("a field name"))
                }
            } while accept(.comma)
            return .untouched(names)
        }
        let negated = accept(.not)
        if accept(.fires) {
            return .fires(rule: try expectString("the rule's name in quotes"), negated: negated)
        }
        if !negated, accept(.error) {
            // `expect error` alone: any per-lead error; followed by a string: one containing it.
            guard case .string = current.kind else { return .error(nil) }
            return .error(try expectString("the expected error text in quotes").text)
        }
        throw fail("'patch', 'fields', 'untouched', 'fires', 'not fires' or 'error'")
    }
}
