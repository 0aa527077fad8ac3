import Foundation
import JSON
import Testing
@testable import LanguageServer

/// A session with the server over a pack written to a temporary directory.
final class Session {
    let server = LanguageServer(version: "test")
    let root: String
    var nextId = 0

    init(files: [String: String]) throws {
        root = NSTemporaryDirectory() + "lsp-tests-" + UUID().uuidString
        for (name, text) in files {
            let path = root + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        }
        let answer = request("initialize", ["processId": .null, "capabilities": [:]])
        #expect(answer["result"]?["capabilities"]?["hoverProvider"] == true)
        notify("initialized", [:])
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func uri(_ name: String) -> String { DocumentURI.uri(ofPath: root + "/" + name) }

    func send(_ message: JSONValue) -> [JSONValue] { server.handle(Array(JSONWriter.write(message).utf8)) }

    @discardableResult
    func request(_ method: String, _ params: JSONValue) -> JSONValue {
        nextId += 1
        let out = send(["jsonrpc": "2.0", "id": .int(nextId), "method": .string(method), "params": params])
        return out.first { $0["id"] == .int(nextId) } ?? .null
    }

    func notify(_ method: String, _ params: JSONValue) {
        _ = send(["jsonrpc": "2.0", "method": .string(method), "params": params])
    }

    /// Opens a file of the pack and returns the diagnostics published, by URI.
    func open(_ name: String) throws -> [String: [JSONValue]] {
        let text = try String(contentsOfFile: root + "/" + name, encoding: .utf8)
        notify("textDocument/didOpen", ["textDocument": ["uri": .string(uri(name)), "languageId": "rules", "version": 1, "text": .string(text)]])
        return published()
    }

    func change(_ name: String, _ text: String, version: Int = 2) -> [String: [JSONValue]] {
        notify("textDocument/didChange", ["textDocument": ["uri": .string(uri(name)), "version": .int(version)],
                                          "contentChanges": [["text": .string(text)]]])
        return published()
    }

    func published() -> [String: [JSONValue]] {
        var out: [String: [JSONValue]] = [:]
        for message in server.runPendingChecks() where message["method"] == "textDocument/publishDiagnostics" {
            out[message["params"]!["uri"]!.stringValue!] = message["params"]!["diagnostics"]!.arrayElements!
        }
        return out
    }

    func at(_ name: String, _ line: Int, _ character: Int) -> JSONValue {
        ["textDocument": ["uri": .string(uri(name))], "position": ["line": .int(line), "character": .int(character)]]
    }
}

let statuses = "status new = 1, junk = 9\n\ntransitions {\n  new -> junk\n}\n"
let rules = """
const limit = 3

rule "Junk by comment" {
  when sourceComment ~ /спам|spam/i and priority < limit
  move new -> junk
}

rule "Priority 👍 high" {
  set priority = 5
}

test "junk" {
  given {"id": 1, "sourceComment": "spam", "priority": 1, "statusId": 1}
  expect fires "Junk by comment"
}

"""

@Suite struct ServerTests {
    @Test func publishesThePacksDiagnosticsAndClearsThem() throws {
        let session = try Session(files: ["00-statuses.rules": statuses, "10-rules.rules": rules])
        #expect(try session.open("10-rules.rules") == [:], "a clean pack publishes nothing")
        // A typo in one file; the error is at the name, in UTF-16 columns after Cyrillic and an emoji.
        let broken = rules.replacingOccurrences(of: "set priority = 5", with: "set priority = 5\n  set name = concat(\"ёж 👍\", lenght(name))")
        let published = session.change("10-rules.rules", broken)
        let diagnostics = try #require(published[session.uri("10-rules.rules")])
        #expect(diagnostics.count == 1)
        let diagnostic = diagnostics[0]
        #expect(diagnostic["severity"] == 1)
        #expect(diagnostic["code"] == "unknown-function")
        #expect(diagnostic["message"]?.stringValue?.contains("did you mean 'length'?") == true)
        // `  set name = concat("ёж 👍", ` is 2+4+5+2+7+7+2 = 29 UTF-16 units (the emoji counts 2, a Cyrillic letter 1).
        #expect(diagnostic["range"] == ["start": ["line": 9, "character": 29], "end": ["line": 9, "character": 35]])

        // Its quick fix replaces the name.
        let actions = session.request("textDocument/codeAction", ["textDocument": ["uri": .string(session.uri("10-rules.rules"))],
                                                                  "range": diagnostic["range"]!, "context": ["diagnostics": [diagnostic]]])
        let action = try #require(actions["result"]?.arrayElements?.first)
        #expect(action["title"] == "Change 'lenght' to 'length'")
        #expect(action["edit"]?["changes"]?[session.uri("10-rules.rules")] == [["range": diagnostic["range"]!, "newText": "length"]])

        // A problem in another file of the pack is published under that file; fixing it clears it.
        let noJunk = "status new = 1\n\ntransitions {\n  new -> junk\n}\n"
        _ = try session.open("00-statuses.rules")
        let other = session.change("00-statuses.rules", noJunk)
        #expect(other[session.uri("00-statuses.rules")]?.isEmpty == false)
        #expect(other[session.uri("10-rules.rules")]?.isEmpty == false)
        let fixed = session.change("00-statuses.rules", statuses, version: 3)
        #expect(fixed[session.uri("00-statuses.rules")] == [], "cleared")
        let clean = session.change("10-rules.rules", rules, version: 4)
        #expect(clean[session.uri("10-rules.rules")] == [], "cleared")
    }

    @Test func incrementalChangesInUTF16Positions() throws {
        let session = try Session(files: ["00-statuses.rules": statuses, "10-rules.rules": rules])
        #expect(try session.open("10-rules.rules") == [:])
        // Line 7 is `rule "Priority 👍 high" {`: insert after the emoji (7 = 6 characters + its two units), then
        // a typo on line 8 (`  set priority = 5` becomes `  set prioritty = 5`).
        session.notify("textDocument/didChange", [
            "textDocument": ["uri": .string(session.uri("10-rules.rules")), "version": 2],
            "contentChanges": [
                ["range": ["start": ["line": 7, "character": 17], "end": ["line": 7, "character": 17]], "text": "!"],
                ["range": ["start": ["line": 8, "character": 13], "end": ["line": 8, "character": 13]], "text": "t"],
            ],
        ])
        let diagnostics = try #require(session.published()[session.uri("10-rules.rules")])
        #expect(diagnostics.map { $0["range"] } == [["start": ["line": 8, "character": 6], "end": ["line": 8, "character": 15]]])
        let symbols = session.request("textDocument/documentSymbol", ["textDocument": ["uri": .string(session.uri("10-rules.rules"))]])
        #expect(symbols["result"]?.arrayElements?.compactMap { $0["name"]?.stringValue }.contains("Priority 👍! high") == true)
    }

    @Test func relatedNotesPointAtTheFirstDeclaration() throws {
        let session = try Session(files: ["00-statuses.rules": statuses, "10-rules.rules": rules + "const limit = 4\n"])
        let published = try session.open("10-rules.rules")
        let diagnostic = try #require(published[session.uri("10-rules.rules")]?.first { $0["code"] == "duplicate" })
        _ = diagnostic
        let duplicateStatus = try Session(files: ["00-statuses.rules": statuses + "status new = 2\n", "10-rules.rules": rules])
        let statusDiagnostics = try duplicateStatus.open("00-statuses.rules")
        let note = try #require(statusDiagnostics[duplicateStatus.uri("00-statuses.rules")]?.first?["relatedInformation"]?.arrayElements?.first)
        #expect(note["location"]?["range"] == ["start": ["line": 0, "character": 7], "end": ["line": 0, "character": 10]])
    }

    @Test func hoversDefinitionsReferencesAndCompletion() throws {
        let session = try Session(files: ["00-statuses.rules": statuses, "10-rules.rules": rules])
        _ = try session.open("10-rules.rules")
        // Hover: a field, a constant, a status, a regex, a rule named in a test.
        func hover(_ line: Int, _ character: Int) -> String {
            session.request("textDocument/hover", session.at("10-rules.rules", line, character))["result"]?["contents"]?["value"]?.stringValue ?? ""
        }
        #expect(hover(3, 10).contains("sourceComment"))
        #expect(hover(3, 52).contains("const limit = 3"))
        #expect(hover(4, 8).contains("id 1"))
        #expect(hover(3, 28).contains("`i` caseless"))
        #expect(hover(13, 18).contains("rule \"Junk by comment\""))
        #expect(hover(8, 8).contains("Liner's lead update"))

        // Definition of a status code used in a move: its declaration in the other file.
        let definition = session.request("textDocument/definition", session.at("10-rules.rules", 4, 15))["result"]
        #expect(definition?["uri"]?.stringValue == session.uri("00-statuses.rules"))
        #expect(definition?["range"] == ["start": ["line": 0, "character": 16], "end": ["line": 0, "character": 20]])
        // The rule named in `expect fires`.
        let rule = session.request("textDocument/definition", session.at("10-rules.rules", 13, 20))["result"]
        #expect(rule?["range"]?["start"] == ["line": 2, "character": 5])

        // References of the constant: its declaration and its use.
        let references = session.request("textDocument/references", session.at("10-rules.rules", 0, 8).merging(["context": ["includeDeclaration": true]]))
        #expect(references["result"]?.arrayElements?.count == 2)

        // Completion: rule names inside `expect fires "`, fields after `set`.
        let edited = rules.replacingOccurrences(of: "expect fires \"Junk by comment\"", with: "expect fires \"Ju")
        _ = session.change("10-rules.rules", edited)
        let names = session.request("textDocument/completion", session.at("10-rules.rules", 13, 18))["result"]?["items"]?.arrayElements ?? []
        #expect(Set(names.compactMap { $0["label"]?.stringValue }) == ["Junk by comment", "Priority 👍 high"])
        let fields = session.request("textDocument/completion", session.at("10-rules.rules", 8, 6))["result"]?["items"]?.arrayElements ?? []
        let labels = fields.compactMap { $0["label"]?.stringValue }
        #expect(labels.contains("utcOffset") && !labels.contains("createdAt"), "writable fields only")
    }

    @Test func formatsAsEnrichFmtAndListsSymbols() throws {
        let session = try Session(files: ["00-statuses.rules": statuses, "10-rules.rules": rules])
        _ = try session.open("10-rules.rules")
        _ = session.change("10-rules.rules", "rule   \"x\"{\nset priority=1}\n")
        let edits = session.request("textDocument/formatting", ["textDocument": ["uri": .string(session.uri("10-rules.rules"))], "options": ["tabSize": 2, "insertSpaces": true]])
        #expect(edits["result"] == [["range": ["start": ["line": 0, "character": 0], "end": ["line": 2, "character": 0]],
                                     "newText": "rule \"x\" {\n  set priority = 1\n}\n"]])
        _ = session.change("10-rules.rules", "rule \"x\" {\n  set priority = \n}\n")
        let none = session.request("textDocument/formatting", ["textDocument": ["uri": .string(session.uri("10-rules.rules"))], "options": [:]])
        #expect(none["result"] == [], "a file with a syntax error is left as it is")

        _ = session.change("10-rules.rules", rules)
        let symbols = session.request("textDocument/documentSymbol", ["textDocument": ["uri": .string(session.uri("10-rules.rules"))]])
        #expect(symbols["result"]?.arrayElements?.compactMap { $0["name"]?.stringValue } == ["limit", "Junk by comment", "Priority 👍 high", "junk"])
    }

    @Test func answersBadInputWithErrorsAndKeepsServing() throws {
        let session = try Session(files: ["10-rules.rules": statuses])
        let server = session.server
        #expect(server.handle(Array("{not json".utf8)).first?["error"]?["code"] == -32700)
        #expect(server.handle(Array("[1,2]".utf8)).first?["error"]?["code"] == -32600)
        #expect(server.handle(Array(#"{"jsonrpc":"2.0","id":7,"method":"nope"}"#.utf8)).first?["error"]?["code"] == -32601)
        #expect(server.handle(Array(#"{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":{}}}"#.utf8))
            .first?["error"]?["code"] == -32602)
        #expect(server.handle(Array(#"{"jsonrpc":"2.0","id":9,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///nowhere.rules"},"position":{"line":0,"character":0}}}"#.utf8))
            .first?["error"]?["code"] == -32602)
        #expect(server.handle(Array(#"{"jsonrpc":"2.0","id":{"x":1},"method":"shutdown"}"#.utf8)).first?["error"]?["code"] == -32600)
        #expect(server.handle(Array(#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":1}}}"#.utf8))
            .first?["method"] == "window/logMessage")
        // Still serving; then the lifecycle ends cleanly.
        #expect(session.request("shutdown", .null)["result"] == .null)
        #expect(session.request("textDocument/hover", session.at("10-rules.rules", 0, 0))["error"]?["code"] == -32600)
        session.notify("exit", .null)
        #expect(server.exitCode == 0)
    }

    @Test func refusesRequestsBeforeInitialize() {
        let server = LanguageServer(version: "test")
        let answer = server.handle(Array(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{}}"#.utf8))
        #expect(answer.first?["error"]?["code"] == -32002)
        _ = server.handle(Array(#"{"jsonrpc":"2.0","method":"exit"}"#.utf8))
        #expect(server.exitCode == 1)
    }
}

extension JSONValue {
    func merging(_ other: JSONValue) -> JSONValue {
        guard case let .object(a) = self, case let .object(b) = other else { return self }
        return .object(a + b)
    }
}

@Suite struct TestsDirectoryTests {
    @Test func anOpenTestsFileIsCheckedAsEnrichTestChecksIt() throws {
        let session = try Session(files: [
            "00-statuses.rules": statuses, "10-rules.rules": rules,
            "tests/a.tests.rules": "test \"a\" {\n  given {\"id\": 1}\n  expect fires \"Junk by comment\"\n}\n",
            "tests/b.tests.rules": "rule \"misplaced\" {\n  set priority = 1\n}\n",
        ])
        // A rules file: the pack as `enrich check` loads it, without tests/.
        #expect(try session.open("10-rules.rules") == [:])
        // A tests file: checked with the rules; a rule there is an error, as for `enrich test`.
        let misplaced = try session.open("tests/b.tests.rules")
        #expect(misplaced[session.uri("tests/b.tests.rules")]?.first?["code"] == "tests-only")
        #expect(misplaced[session.uri("tests/a.tests.rules")] == nil, "a closed tests file is not loaded")
        // A test naming a rule that is not there.
        _ = try session.open("tests/a.tests.rules")
        let renamed = session.change("10-rules.rules", rules.replacingOccurrences(of: "rule \"Junk by comment\"", with: "rule \"Junk\""))
        #expect(renamed[session.uri("tests/a.tests.rules")]?.first?["message"]?.stringValue?.contains("no rule or table is named") == true)
        // Closing the tests file drops it from the pack and clears what was published for it.
        session.notify("textDocument/didClose", ["textDocument": ["uri": .string(session.uri("tests/b.tests.rules"))]])
        #expect(session.published()[session.uri("tests/b.tests.rules")] == [])
    }
}

@Suite struct ImportTests {
    @Test func importsLeadToTheImportedPackAndItsDeclarations() throws {
        let session = try Session(files: [
            "shared/00-shared.rules": "const threshold = 5\n",
            "pack/00-statuses.rules": statuses,
            "pack/10-rules.rules": "import \"../shared\" as shared\n\nrule \"High\" {\n  when priority > threshold\n  set priority = 9\n}\n",
        ])
        let published = try session.open("pack/10-rules.rules")
        // As `enrich check`: the imported constant is known; the import is not locked yet (a warning).
        #expect(published[session.uri("pack/10-rules.rules")]?.compactMap { $0["code"]?.stringValue } == ["unlocked-import"])
        // Definition of the import's path: the imported pack's file.
        let pack = session.request("textDocument/definition", session.at("pack/10-rules.rules", 0, 10))["result"]
        #expect(pack?["uri"]?.stringValue == session.uri("shared/00-shared.rules"))
        // The imported constant: hover and definition in the imported file.
        let hover = session.request("textDocument/hover", session.at("pack/10-rules.rules", 3, 20))["result"]?["contents"]?["value"]?.stringValue
        #expect(hover?.contains("const threshold = 5") == true)
        let constant = session.request("textDocument/definition", session.at("pack/10-rules.rules", 3, 20))["result"]
        #expect(constant?["uri"]?.stringValue == session.uri("shared/00-shared.rules"))
        #expect(constant?["range"] == ["start": ["line": 0, "character": 6], "end": ["line": 0, "character": 15]])
        // A mistyped import: its diagnostic.
        let broken = session.change("pack/10-rules.rules", "import \"../sharred\"\n")
        #expect(broken[session.uri("pack/10-rules.rules")]?.first?["code"] == "import")
    }
}
