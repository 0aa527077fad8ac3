extension Parser {
    /// `test "name" { given {JSON} [now "ISO8601"] expect ... }`; a parameterised test has several
    /// rows, each `given {JSON} [now "…"] expect ...` (on one line or several).
    mutating func parseTest() throws -> TestDeclaration? {
        let start = advance().start
        let name = try expectString("the test's name in quotes")
        try expect(.leftBrace)
        guard isKeyword(.given) else { throw fail("'given' and the lead as a JSON object") }
        var rows: [TestDeclaration.Row] = []
        while isKeyword(.given) {
            let rowStart = advance().start
            guard case let .json(given) = current.kind else { throw fail("the lead as a JSON object") }
            let givenRange = range(advance())
            var now: Name?
            if accept(.now) {
                now = try expectString("the reference time in quotes (ISO 8601)")
            }
            var expectations: [(TestDeclaration.Expectation, SourceRange)] = []
            while !isSymbol(.rightBrace), !isKeyword(.given) {
                if atEnd || atDeclarationStart { throw fail("'}'") }
                do {
                    let expectStart = current.start
                    try expect(.expect)
                    let expectation = try parseExpectation()
                    expectations.append((expectation, range(from: expectStart)))
                } catch {
                    while !isKeyword(.expect), !isKeyword(.given), !isSymbol(.rightBrace), !atEnd, !atDeclarationStart {
                        advance()
                    }
                }
            }
            if expectations.isEmpty {
                diagnostics.append(Diagnostic(.expected("at least one 'expect'", found: "none"), at: rows.isEmpty ? name.range : givenRange))
            }
            rows.append(TestDeclaration.Row(given: given, givenRange: givenRange, now: now?.text, nowRange: now?.range,
                                            expectations: expectations, range: range(from: rowStart)))
        }
        guard isSymbol(.rightBrace) else { throw fail("'given', 'expect' or '}'") }
        advance()
        let first = rows[0]
        var test = TestDeclaration(name: name, given: first.given, givenRange: first.givenRange, now: first.now, nowRange: first.nowRange,
                                   expectations: first.expectations, range: range(from: start))
        test.moreRows = Array(rows.dropFirst())
        return test
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
                    names.append(try parseUntouchedField())
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

    /// A field of `expect untouched`: a name, or one custom value `customValues[ID]` (the id an
    /// integer), kept as the field key `customValues[16]`.
    mutating func parseUntouchedField() throws -> Name {
        let name = try expectName("a field name")
        guard accept(.leftBracket) else { return name }
        let id = try expectInteger("a custom field's id (an integer)")
        try expect(.rightBracket)
        return Name(text: "\(name.text)[\(id)]", range: range(from: name.range.start))
    }
}
