import Foundation
@testable import LinerRun
import LeadStream
import Testing

@Suite("the size of an export, for the progress total")
struct InputSizeTests {
    func file(_ name: String, _ text: String) throws -> String {
        let path = RunFixture.temporaryPath(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("JSON Lines: non-blank lines; CSV: minus the header; JSON arrays and stdin: unknown")
    func sizes() throws {
        #expect(InputSize.leads(path: try file("a.jsonl", "{\"id\":1}\n\n  \n{\"id\":2}\n{\"id\":3}"), format: nil) == 3)
        #expect(InputSize.leads(path: try file("a.csv", "id,phone\n1,+7\n2,+7\n"), format: nil) == 2)
        #expect(InputSize.leads(path: try file("a.json", "[{\"id\":1},\n{\"id\":2}]\n"), format: nil) == nil)
        #expect(InputSize.leads(path: try file("noext", "{\"id\":1}\n{\"id\":2}\n"), format: nil) == 2)
        #expect(InputSize.leads(path: try file("b.txt", "id\n1\n"), format: .jsonl) == 2)
        #expect(InputSize.leads(path: "-", format: nil) == nil)
        #expect(InputSize.leads(path: "/nonexistent/file.jsonl", format: nil) == nil)
    }
}
