import Foundation
import Testing
// Only LeadEngine: everything an embedder touches (diagnostics, locations, JSON) must come with it.
import LeadEngine

/// The embedding API: multi-file packs from strings, warnings and load errors, Codable leads,
/// Encodable evaluations, one location type, and a refused non-finite `now`.
@Suite("Embedding")
struct EmbeddingTests {
    static let statuses = """
        status new = 1, junk = 9

        transitions {
          new -> junk
        }
        """
    static let junk = """
        rule "Junk: test number" {
          when status == new and e164(phone) ~ /^7(?<digit>\\d)\\1{9}$/
          move new -> junk
        }
        """
    static let zones = """
        table "Zones" {
          fill utcOffset from e164(phone) by longest prefix
          "7495" => 3
          "7343" => 5
        }
        """

    @Test("A pack of several files loads from strings; each change names its own file")
    func multiFileFromStrings() throws {
        let engine = try Engine(files: [
            (path: "00-statuses.rules", text: Self.statuses),
            (path: "10-junk.rules", text: Self.junk),
            (path: "20-zones.rules", text: Self.zones),
        ])
        #expect(engine.warnings.isEmpty)
        let result = engine.evaluate(try lead(#"{"id": 7, "statusId": 1, "phone": "+7 777 777 77 77"}"#), now: winter)
        #expect(result.patch.jsonBody() == #"{"statusId":9}"#)
        #expect(result.changes[0].location == SourceLocation(path: "10-junk.rules", line: 3, column: 3))
        #expect(result.changes[0].matches[0].location == SourceLocation(path: "10-junk.rules", line: 2, column: 41))
        let zoned = engine.evaluate(try lead(#"{"id": 8, "phone": "8 343 123 45 67"}"#), now: winter)
        #expect(zoned.changes[0].location == SourceLocation(path: "20-zones.rules", line: 4, column: 3))
    }

    @Test("The load's warnings are returned on the engine, with their places")
    func warningsReturned() throws {
        let engine = try Engine(files: [
            (path: "a.rules", text: "status new = 1, junk = 9\n"),
            (path: "b.rules", text: "const unused = 3\n" + Self.zones),
        ])
        #expect(engine.warnings.map(\.message.code) == ["unused", "unused", "unused"])
        #expect(engine.warnings.allSatisfy { $0.severity == .warning })
        #expect(engine.warnings.map(\.location.description) == ["a.rules:1:8", "a.rules:1:17", "b.rules:1:7"])
        #expect(DiagnosticRenderer().render(engine.warnings).hasSuffix("0 errors, 3 warnings\n"))
        // A status resolution keeps them.
        #expect(try engine.resolvingStatuses(["new": 1, "junk": 9]).warnings == engine.warnings)
        // So does a one-file load and a directory load (the default pack has none).
        #expect(try Engine(source: "const x = 1\n").warnings.map(\.message.code) == ["unused"])
    }

    @Test("A pack with errors throws every diagnostic with file, line and column, readably")
    func loadErrorWithLocations() throws {
        let error = try #require(throws: Engine.LoadError.self) {
            try Engine(files: [
                (path: "a.rules", text: "status new = 1\n"),
                (path: "b.rules", text: "rule \"Typo\" {\n  when phnoe ~ /^7495/\n  fill utcOffset = 3\n}\n"),
            ])
        }
        #expect(error.errors.count == 1)
        let diagnostic = try #require(error.errors.first)
        #expect(diagnostic.location == SourceLocation(path: "b.rules", line: 2, column: 8))
        #expect(diagnostic.message.code == "unknown-field")
        #expect(error.warnings.map(\.location.description) == ["a.rules:1:8"])
        #expect(error.description.contains("""
            b.rules:2:8: error: unknown field 'phnoe'; did you mean 'phone'?
                when phnoe ~ /^7495/
                     ^~~~~
            """))
        #expect(error.description.hasSuffix("1 error, 1 warning\n"))
        #expect(error.localizedDescription == error.description)
    }

    @Test("No file, or two files with one path, is a load error")
    func badFileLists() throws {
        let none = try #require(throws: Engine.LoadError.self) { try Engine(files: []) }
        #expect(none.ioErrors == ["<memory>: error: no rules files given"])
        let twice = try #require(throws: Engine.LoadError.self) {
            try Engine(files: [(path: "a.rules", text: ""), (path: "a.rules", text: "")])
        }
        #expect(twice.ioErrors == ["a.rules: error: two files have this path"])
    }

    @Test("A lead decodes from Liner's lead JSON with JSONDecoder and round-trips")
    func leadCodable() throws {
        let json = #"""
            {"id": 42, "name": "Анна", "phone": "8 (495) 123-45-67", "statusId": 1, "priority": 2.0,
             "isSecondary": 0, "vkId": "77", "utcOffset": null, "customValues": {"12": "150000", "3": 5},
             "createdAt": "2026-01-15T09:00:00+03:00", "extra": [1, 2.5, true, null, {"a": "b"}]}
            """#
        let decoded = try JSONDecoder().decode(Lead.self, from: Data(json.utf8))
        #expect(decoded == (try lead(json)))
        #expect(decoded.id == 42)
        #expect(decoded["priority"] == .int(2))
        #expect(decoded["isSecondary"] == .bool(false))
        #expect(decoded["customValues"]?["12"] == .string("150000"))
        #expect(decoded["extra"] == .array([.int(1), .double(2.5), .bool(true), .null, .object([("a", .string("b"))])]))
        let encoded = try JSONEncoder().encode(decoded)
        #expect(try JSONDecoder().decode(Lead.self, from: encoded) == decoded)
        // A lead in an array, as a DTO's member.
        struct Batch: Codable { var leads: [Lead] }
        let batch = try JSONDecoder().decode(Batch.self, from: Data(#"{"leads": [\#(json), {"id": "43"}]}"#.utf8))
        #expect(batch.leads.map(\.id) == [42, 43])
    }

    @Test("A lead that fails its checks is a decoding error that says why")
    func leadDecodingErrors() throws {
        for (json, message) in [(#"{"name": "x"}"#, #"the lead has no "id""#),
                                (#"{"id": 1, "priority": "high"}"#, #"lead 1: field "priority" is a string, expected an integer"#),
                                ("[1]", "a lead must be a JSON object, not an array")] {
            let error = try #require(throws: DecodingError.self) { try JSONDecoder().decode(Lead.self, from: Data(json.utf8)) }
            guard case let .dataCorrupted(context) = error else {
                Issue.record("expected dataCorrupted, got \(error)")
                continue
            }
            #expect(context.debugDescription == message)
            #expect(context.underlyingError as? LeadError != nil)
        }
    }

    @Test("An evaluation encodes to the documented JSON shape")
    func evaluationEncodable() throws {
        let engine = try Engine(files: [
            (path: "00-statuses.rules", text: Self.statuses),
            (path: "10-junk.rules", text: Self.junk),
            (path: "20-zones.rules", text: Self.zones),
            (path: "30-name.rules", text: "rule \"No test names\" {\n  when name ~ /^test(?<h>\\d+)$/i\n  clear name\n  set utcOffset = int($h)\n}\n"),
        ])
        let result = engine.evaluate(try lead(#"{"id": 7, "statusId": 1, "name": "Test15", "phone": "+7 777 777 77 77", "utcOffset": 4}"#),
                                     now: winter, trace: true)
        let data = try JSONEncoder().encode(result)
        let json = try JSONParser.parse(String(decoding: data, as: UTF8.self))
        #expect(json["leadId"] == .int(7))
        #expect(json["patch"] == .object([("name", .string("")), ("statusId", .int(9))]))
        #expect(json["clears"] == .array([.string("name")]))
        guard case let .array(changes)? = json["changes"] else { Issue.record("no changes"); return }
        #expect(changes.count == 2)
        let name = changes[0]
        #expect(name["field"] == .string("name"))
        #expect(name["old"] == .string("Test15"))
        #expect(name["new"] == .string(""))
        #expect(name["isClear"] == .bool(true))
        #expect(name["rule"] == .string("No test names"))
        #expect(name["location"] == .object([("path", .string("30-name.rules")), ("line", .int(3)), ("column", .int(3))]))
        #expect(name["tableRow"] == nil)
        let status = changes[1]
        #expect(status["old"] == .int(1))
        #expect(status["matches"]?.items?.first?["text"] == .string("77777777777"))
        #expect(status["matches"]?.items?.first?["captures"] == .array([.object([("name", .string("digit")), ("text", .string("7"))])]))
        #expect(status["matches"]?.items?.first?["location"]?["column"] == .int(41))
        guard case let .array(errors)? = json["errors"] else { Issue.record("no errors"); return }
        #expect(errors.count == 1)
        #expect(errors[0]["leadId"] == .int(7))
        #expect(errors[0]["rule"] == .string("No test names"))
        #expect(errors[0]["field"] == .string("utcOffset"))
        #expect(errors[0]["location"]?["path"] == .string("30-name.rules"))
        #expect(errors[0]["message"]?.stringValue?.contains("utcOffset = 15 is not sent") == true)
        #expect(json["fired"] == .array([.string("Junk: test number"), .string("No test names")]))
        guard case let .array(trace)? = json["trace"] else { Issue.record("no trace"); return }
        #expect(trace.map { $0["name"] } == ["Junk: test number", "Zones", "No test names"].map { .string($0) })
        #expect(trace[0]["outcome"] == .object([("kind", .string("fired"))]))
        #expect(trace[0]["writes"]?.items?.first?["won"] == .bool(true))
        #expect(trace[1]["outcome"] == .object([("kind", .string("noRow")), ("lookedUp", .string("77777777777"))]))
        #expect(trace[1]["row"] == nil)
        #expect(trace[0]["location"] == .object([("path", .string("10-junk.rules")), ("line", .int(1)), ("column", .int(6))]))
        let missed = engine.evaluate(try lead(#"{"id": 8, "phone": "+7 495 123 45 67"}"#), now: winter, trace: true)
        let missedJSON = try JSONParser.parse(String(decoding: try JSONEncoder().encode(missed), as: UTF8.self))
        let outcome = missedJSON["trace"]?.items?.first?["outcome"]
        #expect(outcome?["kind"] == .string("conditionFailed"))
        #expect(outcome?["part"] == .string("status == new"))
        #expect(outcome?["location"]?["line"] == .int(2))
        #expect(outcome?["saw"] != nil)
    }

    @Test("A reference time that is not finite is refused with an error, and nothing is evaluated",
          arguments: [Double.nan, .infinity, -.infinity])
    func nonFiniteNow(seconds: Double) throws {
        let engine = try Engine(source: Self.zones)
        let now = Date(timeIntervalSince1970: seconds)
        let lead = try lead(#"{"id": 5, "phone": "8 495 123 45 67"}"#)
        for result in [engine.evaluate(lead, now: now), engine.evaluate(lead, now: now, trace: true),
                       engine.makeEvaluator().evaluate(lead, now: now, detail: .patch),
                       engine.evaluate(lead, now: now, keeping: .none)] {
            #expect(result.patch.isEmpty)
            #expect(result.changes.isEmpty && result.fired.isEmpty && result.trace.isEmpty)
            #expect(result.errors == [LeadError(leadId: 5, message: Evaluation.nonFiniteNowMessage(now))])
            #expect(result.errors[0].description.hasPrefix("lead 5: the reference time (now) is not finite"))
        }
        // The same evaluator works again at a finite time.
        let evaluator = engine.makeEvaluator()
        _ = evaluator.evaluate(lead, now: now)
        #expect(evaluator.evaluate(lead, now: winter).patch.jsonBody() == #"{"utcOffset":3}"#)
    }

    @Test("Evaluations compare with ==: the same lead gives equal ones, whichever evaluator; any difference shows")
    func evaluationsAreEquatable() throws {
        let engine = try Engine(files: [
            (path: "00-statuses.rules", text: Self.statuses),
            (path: "10-junk.rules", text: Self.junk),
            (path: "20-zones.rules", text: Self.zones),
        ])
        let moscow = try lead(#"{"id": 8, "phone": "8 495 123 45 67"}"#)
        let traced = engine.evaluate(moscow, now: winter, trace: true)
        #expect(traced == engine.makeEvaluator().evaluate(moscow, now: winter, trace: true))
        #expect(traced.trace == engine.evaluate(moscow, now: winter, trace: true).trace)
        // Untraced, the trace is what differs.
        let untraced = engine.evaluate(moscow, now: winter)
        #expect(untraced != traced)
        #expect(untraced.patch == traced.patch && untraced.changes == traced.changes)
        // Another lead, another patch; the same patch for another id is another evaluation.
        #expect(engine.evaluate(try lead(#"{"id": 8, "phone": "8 343 123 45 67"}"#), now: winter) != untraced)
        #expect(engine.evaluate(try lead(#"{"id": 9, "phone": "8 495 123 45 67"}"#), now: winter) != untraced)
    }

    @Test("Engine(directory:) given one file loads that file alone; a missing path is an I/O error")
    func directoryInitializerTakesAFile() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("embedding-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("zones.txt")
        try Data(Self.zones.utf8).write(to: file)
        let engine = try Engine(directory: file.path)
        #expect(engine.evaluate(try lead(#"{"id": 5, "phone": "8 495 123 45 67"}"#), now: winter).patch.jsonBody() == #"{"utcOffset":3}"#)
        #expect(throws: Engine.LoadError.self) { try Engine(directory: directory.appendingPathComponent("missing").path) }
        // A directory holding no .rules file (zones.txt is not one) is refused, not an empty engine.
        #expect(throws: Engine.LoadError.self) { try Engine(directory: directory.path) }
    }
}

extension JSONValue {
    /// The elements of an array, or `nil`.
    var items: [JSONValue]? {
        if case let .array(elements) = self { return elements }
        return nil
    }
}
