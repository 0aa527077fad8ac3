import Foundation
import Testing
import LeadEngine

/// The embedding example of README.md, compiled and run here. The test also checks that the
/// README shows exactly this code, so the two cannot drift apart.
@Suite("README example")
struct ReadmeExampleTests {
    @Test("The README's embedding example runs and gives the documented patch")
    func example() throws {
        // README-BEGIN
        let engine = try Engine(source: """
            rule "Moscow landline" {
              when e164(phone) ~ /^7(495|499)/
              fill utcOffset = 3
            }
            """)
        let lead = try Lead(json: try JSONParser.parse(#"{"id": 42, "phone": "8 (495) 123-45-67"}"#))
        let result = engine.evaluate(lead)
        print(result.patch.jsonBody())      // {"utcOffset":3}
        print(result.changes[0].rule)       // Moscow landline
        // README-END
        #expect(result.patch.jsonBody() == #"{"utcOffset":3}"#)
        #expect(result.changes[0].rule == "Moscow landline")
    }

    @Test("README.md shows the example exactly as compiled here")
    func readmeInSync() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(source.range(of: "// README-BEGIN\n"))
        let end = try #require(source.range(of: "        // README-END"))
        let snippet = source[begin.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        #expect(readme.contains("import LeadEngine\n\n" + snippet))
    }
}
