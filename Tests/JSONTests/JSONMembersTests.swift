import JSON
import Testing

/// `JSONParser.parseMembers(_:)` reads an object's members straight into a dictionary: it must agree with
/// the tree parser followed by a dictionary built member by member (a name given twice said, the first such) on
/// every text, valid or not (same members, same errors).
@Suite("JSON: an object's members without a member list")
struct JSONMembersTests {
    /// What the tree gives.
    static func fromTree(_ text: String) -> Result<JSONMembers, JSONParser.Error> {
        do {
            let value = try JSONParser.parse(text)
            guard case let .object(members) = value else { return .success(.other(value)) }
            var fields: [String: JSONValue] = [:]
            for (name, member) in members where fields.updateValue(member, forKey: name) != nil { return .success(.repeatedName(name)) }
            return .success(.object(fields))
        } catch {
            return .failure(error)
        }
    }

    static func withoutList(_ text: String) -> Result<JSONMembers, JSONParser.Error> {
        var copy = text
        return copy.withUTF8 { buffer in
            Result { () throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) }
        }
    }

    static func expectAgreement(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = fromTree(text), members = withoutList(text)
        #expect(tree == members, "\(text.debugDescription)", sourceLocation: sourceLocation)
        // `==` of JSONValue compares numbers by value: the kinds (int or double) must agree too.
        if case let .success(.object(a)) = tree, case let .success(.object(b)) = members {
            #expect(a.mapValues(JSONWriter.write) == b.mapValues(JSONWriter.write), sourceLocation: sourceLocation)
        }
    }

    @Test func membersByNameANameGivenTwiceSaid() throws {
        var twice = #" {"id": 7, "name": "Анна", "id": "8", "name": "Б", "name": "В"} "#
        #expect(try twice.withUTF8 { buffer throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) } == .repeatedName("id"))
        Self.expectAgreement(twice)
        var escaped = #"{"name": 1, "name": 2}"#
        #expect(try escaped.withUTF8 { buffer throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) } == .repeatedName("name"))
        var text = #" {"id": "8", "name": "Анна", "customValues": {"12": "a", "12": "b"}, "tags": [{"a": 1}], "e": {}} "#
        let members = try text.withUTF8 { buffer throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) }
        #expect(members == .object([
            "id": .string("8"), "name": .string("Анна"),
            // Nested objects keep every member, in order, as the tree does.
            "customValues": .object([("12", .string("a")), ("12", .string("b"))]),
            "tags": .array([.object([("a", .int(1))])]), "e": .object([]),
        ]))
        Self.expectAgreement(text)
    }

    @Test(arguments: ["[]", "{}", "[{\"a\": 1}]", "\"x\"", "5", "-2.5", "null", "true", " [ {} ] ", "[[{\"a\":{\"b\":2}}]]"])
    func documentsOfEveryKind(_ text: String) {
        Self.expectAgreement(text)
    }

    @Test func refusedTextsGiveTheTreeParsersError() {
        for text in ["", "{", "{\"a\":1,}", "{\"a\" 1}", "{\"a\":1} x", "{\"a\":[1,}", "{\"\\ud83d\":1}", "{\"a\":\"\\x\"}",
                     "{\"a\":\"\u{01}\"}", "{\"a\":1e999}", "{a:1}", "{\"a\":01}"] {
            #expect(throws: JSONParser.Error.self) { _ = try Self.withoutList(text).get() }
            Self.expectAgreement(text)
        }
    }

    @Test func invalidUTF8IsRefusedInNamesAndValues() {
        for bytes: [UInt8] in [[0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D], [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xC3, 0x22, 0x7D],
                               [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x7B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D, 0x7D]] {
            let tree = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONParser.Error) in try JSONParser.parse(buffer) } }
            let members = bytes.withUnsafeBufferPointer { buffer in Result { () throws(JSONParser.Error) in try JSONParser.parseMembers(buffer) } }
            guard case let .failure(treeError) = tree, case let .failure(membersError) = members else {
                Issue.record("accepted invalid UTF-8: \(bytes)")
                continue
            }
            #expect(treeError == membersError)
        }
    }

    @Test func nestingLimitIsTheTreeParsers() {
        func nested(_ depth: Int) -> String { "{\"a\":" + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}" }
        // The object is at depth 0, the arrays inside it at 1 and deeper.
        #expect(throws: Never.self) { _ = try Self.withoutList(nested(JSONParser.maximumDepth - 1)).get() }
        #expect(throws: JSONParser.Error.self) { _ = try Self.withoutList(nested(JSONParser.maximumDepth)).get() }
        for depth in [JSONParser.maximumDepth - 1, JSONParser.maximumDepth, 10_000] { Self.expectAgreement(nested(depth)) }
    }

    /// Random objects (names repeated on purpose) and random documents, then broken at random: the two readings agree.
    @Test func agreesWithTheTreeOnRandomTexts() {
        var random = RandomJSON(seed: 0x15_0B_1EC7)
        var objects = 0, refused = 0
        for round in 0..<3000 {
            let text: String
            if round % 3 == 0 {
                text = random.document(depth: round % 60 == 0 ? 300 : 5)
            } else {
                let names = ["\"id\"", "\"name\"", "\"n\\u0061me\"", "\"\"", "\"И\"", "\"customValues\""]
                let members = (0..<random.below(8)).map { _ in
                    random.space() + random.pick(names + [random.string()]) + random.space() + ":" + random.space() + random.value(depth: 3)
                }
                text = random.space() + "{" + members.joined(separator: ",") + "}" + random.space()
            }
            Self.expectAgreement(text)
            switch Self.fromTree(text) {
            case .success(.object), .success(.repeatedName): objects += 1
            default: break
            }
            for _ in 0..<3 {
                let broken = random.broken(text)
                Self.expectAgreement(broken)
                if case .failure = Self.fromTree(broken) { refused += 1 }
            }
        }
        // Objects and refused texts were really tried.
        #expect(objects > 1500 && refused > 2000)
    }
}
