import Testing
@testable import RulesLanguage

@Suite("expect error: with or without a text")
struct ExpectErrorSyntaxTests {
    /// The expectations of the file's only test, and the file's diagnostics.
    private func expectations(_ text: String) -> ([TestDeclaration.Expectation], [Diagnostic]) {
        let (file, diagnostics) = Parser.parse(SourceFile(path: "t.rules", text: text))
        for item in file.items {
            if case let .test(test) = item { return (test.expectations.map(\.0), diagnostics) }
        }
        return ([], diagnostics)
    }

    @Test("`expect error` stands alone before `}`, before another `expect`, and takes an optional text")
    func parses() {
        let (bare, diagnostics) = expectations("""
        test "t" {
          given {"id": 1}
          expect error
        }
        """)
        #expect(diagnostics.isEmpty)
        #expect(bare == [.error(nil)])

        let (several, more) = expectations("""
        test "t" {
          given {"id": 1}
          expect error
          expect untouched priority
          expect error "priority must"
        }
        """)
        #expect(more.isEmpty)
        #expect(several.count == 3)
        #expect(several.first == .error(nil))
        #expect(several.last == .error("priority must"))
    }

    @Test("`expect not error` is refused with the expectations listed")
    func negatedRefused() {
        let (_, diagnostics) = expectations("""
        test "t" {
          given {"id": 1}
          expect not error
        }
        """)
        #expect(diagnostics.contains { $0.message.text.contains("'patch', 'fields', 'untouched', 'fires', 'not fires' or 'error'") })
    }

    @Test("The formatter writes both forms and they round-trip")
    func formats() {
        let text = """
        test "t" {
          given {"id": 1}
          expect   error
          expect error    "a \\"b\\""
        }
        """
        let (file, diagnostics) = Parser.parse(SourceFile(path: "t.rules", text: text))
        #expect(diagnostics.isEmpty)
        let formatted = RulesFormatter().format(file)
        #expect(formatted == """
        test "t" {
          given {"id": 1}
          expect error
          expect error "a \\"b\\""
        }

        """)
        let (again, _) = Parser.parse(SourceFile(path: "t.rules", text: formatted))
        #expect(RulesFormatter().format(again) == formatted)
    }
}
