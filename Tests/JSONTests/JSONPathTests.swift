import JSON
import Testing

/// `JSONParser.value(at:in:)` finds a value without building the document's tree: it must find what the
/// tree gives, and refuse what the tree parser refuses, with the same error.
@Suite("JSON: a value by path without a tree")
struct JSONPathTests {
    /// The value at `path` by walking the tree, written out (exact: member order, number kinds as written).
    static func fromTree(_ path: [JSONPathStep], _ text: String) -> Result<String?, JSONParser.Error> {
        do {
            var current = try JSONParser.parse(text)
            for step in path {
                switch step {
                case let .key(key):
                    guard let next = current[key] else { return .success(nil) }
                    current = next
                case let .index(index):
                    guard case let .array(elements) = current, elements.indices.contains(index) else { return .success(nil) }
                    current = elements[index]
                }
            }
            return .success(JSONWriter.write(current))
        } catch {
            return .failure(error)
        }
    }

    static func withoutTree(_ path: [JSONPathStep], _ text: String) -> Result<String?, JSONParser.Error> {
        do {
            return .success(try JSONParser.value(at: path, in: text).map(JSONWriter.write))
        } catch {
            return .failure(error)
        }
    }

    static func expectAgreement(_ path: [JSONPathStep], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(fromTree(path, text) == withoutTree(path, text), "\(path) in \(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func findsMembersAndElements() throws {
        let text = #"{"quiz": "Квиз", "answers": {"budget": "358000", "term": "\u043d\u0435\u0434\u0435\u043b\u044f"}, "steps": [{"a": 1}, {"a": [2, 2.5, {"b": null}]}]}"#
        #expect(try JSONParser.value(at: [.key("answers"), .key("budget")], in: text) == .string("358000"))
        #expect(try JSONParser.value(at: [.key("answers"), .key("term")], in: text) == .string("неделя"))
        #expect(try JSONParser.value(at: [.key("steps"), .index(1), .key("a")], in: text) == [2, 2.5, ["b": .null]])
        #expect(try JSONParser.value(at: [.key("steps"), .index(1), .key("a"), .index(2), .key("b")], in: text) == .null)
        #expect(try JSONParser.value(at: [], in: text) == JSONParser.parse(text))
        for missing: [JSONPathStep] in [[.key("nope")], [.key("steps"), .index(2)], [.key("steps"), .index(-1)], [.key("steps"), .key("a")],
                                        [.index(0)], [.key("quiz"), .key("x")], [.key("answers"), .key("budget"), .index(0)]] {
            #expect(try JSONParser.value(at: missing, in: text) == nil)
            Self.expectAgreement(missing, text)
        }
    }

    @Test func theFirstOfSameNamedMembersIsFollowed() throws {
        let text = #"{"a": {"c": 1}, "a": {"b": 2}, "\u0062": 3, "b": 4}"#
        #expect(try JSONParser.value(at: [.key("a"), .key("b")], in: text) == nil)
        #expect(try JSONParser.value(at: [.key("a"), .key("c")], in: text) == .int(1))
        #expect(try JSONParser.value(at: [.key("b")], in: text) == .int(3))
        Self.expectAgreement([.key("a"), .key("b")], text)
        Self.expectAgreement([.key("b")], text)
    }

    @Test func aDocumentBrokenAfterTheValueIsRefused() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.value(at: [.key("a")], in: #"{"a": 1, "b": [}"#) }
        #expect(throws: JSONParser.Error.self) { try JSONParser.value(at: [.key("a")], in: "{\"a\": 1} x") }
        Self.expectAgreement([.key("a")], "{\"a\": 1} x")
        Self.expectAgreement([.key("a")], #"{"a": 1, "b": "\ud800"}"#)
    }

    /// Random documents and paths through them (and beside them), then the documents broken at random.
    @Test func agreesWithTheTreeOnRandomTexts() throws {
        var random = RandomJSON(seed: 0x15_9A7B)
        var found = 0, notFound = 0, refused = 0
        for round in 0..<3000 {
            let text = random.document(depth: round % 40 == 0 ? 300 : 6)
            let paths = (0..<3).map { _ in Self.randomPath(through: try? JSONParser.parse(text), &random) }
            for path in paths {
                Self.expectAgreement(path, text)
                switch Self.fromTree(path, text) {
                case .success(.some): found += 1
                case .success(nil): notFound += 1
                case .failure: refused += 1
                }
                let broken = random.broken(text)
                Self.expectAgreement(path, broken)
                if case .failure = Self.fromTree(path, broken) { refused += 1 }
            }
        }
        #expect(found > 1000 && notFound > 1000 && refused > 1000)
    }

    /// Mostly steps that exist in `document`, sometimes one that does not.
    static func randomPath(through document: JSONValue?, _ random: inout RandomJSON) -> [JSONPathStep] {
        var path: [JSONPathStep] = []
        var current = document
        while let value = current, random.below(5) != 0 {
            switch value {
            case let .object(members) where !members.isEmpty && random.below(6) != 0:
                let (key, member) = random.pick(members)
                path.append(.key(key))
                current = member
            case let .array(elements) where !elements.isEmpty && random.below(6) != 0:
                let index = random.below(elements.count)
                path.append(.index(index))
                current = elements[index]
            default:
                path.append(random.below(2) == 0 ? .key(random.pick(["a", "x", "И", ""])) : .index(random.below(4) - 1))
                current = nil
            }
        }
        return path
    }
}
