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

    @Test("The README's service example (a pack in memory, Codable lead, Encodable evaluation) runs")
    func serviceExample() throws {
        // README-EMBED-BEGIN
        let files = [
            (path: "00-statuses.rules", text: "status new = 1, junk = 9\ntransitions {\n  new -> junk\n}\n"),
            (path: "20-zones.rules", text: """
                rule "Moscow landline" {
                  when e164(phone) ~ /^7(495|499)/
                  fill utcOffset = 3
                }
                """),
        ]
        let engine: Engine
        do {
            engine = try Engine(files: files)
        } catch {
            print(error)                        // every diagnostic: path:line:column: error: …, source line, caret
            throw error
        }
        print(DiagnosticRenderer().render(engine.warnings))    // 00-statuses.rules:3:3: warning: transition new -> junk …
        let lead = try JSONDecoder().decode(Lead.self, from: Data(#"{"id": 42, "phone": "8 (495) 123-45-67"}"#.utf8))
        let result = engine.evaluate(lead)
        print(result.patch.jsonBody())          // {"utcOffset":3}
        print(result.changes[0].location)       // 20-zones.rules:3:3
        let body = try JSONEncoder().encode(result)            // {"leadId":42,"patch":{"utcOffset":3},"changes":[…],…}
        // README-EMBED-END
        #expect(engine.warnings.first?.location.description == "00-statuses.rules:3:3")
        #expect(DiagnosticRenderer().render(engine.warnings).contains("warning: transition new -> junk"))
        #expect(result.patch.jsonBody() == #"{"utcOffset":3}"#)
        #expect(result.changes[0].location.description == "20-zones.rules:3:3")
        let decoded = try JSONParser.parse(String(decoding: body, as: UTF8.self))
        #expect(decoded["leadId"] == .int(42))
        #expect(decoded["patch"] == .object([("utcOffset", .int(3))]))
    }

    @Test("README.md shows the service example exactly as compiled here, in at most 25 lines")
    func serviceExampleInSync() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: URL(fileURLWithPath: #filePath), encoding: .utf8)
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = try #require(source.range(of: "// README-EMBED-BEGIN\n"))
        let end = try #require(source.range(of: "        // README-EMBED-END"))
        let snippet = source[begin.upperBound..<end.lowerBound]
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }
            .joined(separator: "\n")
        let example = "import Foundation\nimport LeadEngine\n\n" + snippet
        #expect(readme.contains(example))
        #expect(example.split(separator: "\n").count <= 25)
    }
}
