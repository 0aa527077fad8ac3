import JSON
import Testing

/// `JSONParser.isDocument(_:)` gives the parser's verdict, and `value(at:inDocument:)` on a document it accepted
/// finds what the tree gives (it reads the document only up to the value, checking nothing again).
@Suite("JSON: a value by path in a checked document")
struct JSONCheckedPathTests {
    static func expectAgreement(_ path: [JSONPathStep], _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = JSONPathTests.fromTree(path, text)
        #expect(JSONParser.isDocument(text) == ((try? JSONParser.parse(text)) != nil), "\(text.debugDescription)",
                sourceLocation: sourceLocation)
        guard case let .success(expected) = tree else { return }
        #expect(JSONParser.value(at: path, inDocument: text).map(JSONWriter.write) == expected,
                "\(path) in \(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func findsMembersElementsAndTheFirstOfSameNamedMembers() {
        let text = #" {"quiz": "Квиз \"1\"", "n\u0061me": 1, "answers": {"budget": "358000", "budget": 2, "term": ["a", {"x": -1.5e3}]}, "e": []} "#
        for path: [JSONPathStep] in [[], [.key("quiz")], [.key("name")], [.key("answers"), .key("budget")],
                                     [.key("answers"), .key("term"), .index(1), .key("x")], [.key("answers"), .key("term"), .index(2)],
                                     [.key("e"), .index(0)], [.key("quiz"), .index(0)], [.key("answers"), .index(0)], [.key("nope")],
                                     [.key("answers"), .key("term"), .index(-1)]] {
            Self.expectAgreement(path, text)
        }
        #expect(JSONParser.value(at: [.key("answers"), .key("budget")], inDocument: text) == .string("358000"))
    }

    /// Names compared as written when they hold no escape, decoded when they do: prefixes, longer names, escapes that
    /// spell the name, an escaped quote, non-ASCII, the empty name.
    @Test func namesWithAndWithoutEscapes() {
        let text = #"{"answ": 1, "answersX": 2, "\u0061nswers": 3, "answers": 4, "a\"b": 5, "ответ": 6, "": 7, "\u00e9": 8}"#
        let expected: [(String, JSONValue?)] = [("answ", .int(1)), ("answers", .int(3)), ("answer", nil), ("a\"b", .int(5)),
                                                 ("ответ", .int(6)), ("", .int(7)), ("é", .int(8)), ("ответы", nil)]
        for (name, value) in expected {
            #expect(JSONParser.value(at: [.key(name)], inDocument: text) == value, "\(name)")
            Self.expectAgreement([.key(name)], text)
        }
    }

    /// Names of the same length as the wanted one, differing at each byte (small and heap `String`s, ASCII and not):
    /// the name's bytes compared in place (``JSONCheckedWalker/nameIs(_:)``) find what the tree finds.
    @Test func sameLengthNamesDifferingAtEachByte() {
        for length in [1, 2, 7, 15, 16, 17, 31, 40] {
            for base in ["a", "é"] {
                let name = String(repeating: "k", count: length - 1) + base
                let count = name.utf8.count
                for place in 0..<count {
                    var bytes = Array(name.utf8)
                    bytes[place] = bytes[place] == UInt8(ascii: "z") ? UInt8(ascii: "y") : (bytes[place] < 0x80 ? UInt8(ascii: "z") : 0xA8)
                    let other = String(decoding: bytes, as: UTF8.self)
                    let text = "{\"\(other)\": 1, \"\(name)\": 2}"
                    #expect(JSONParser.value(at: [.key(name)], inDocument: text) == (other == name ? .int(1) : .int(2)), "\(other)")
                    #expect(JSONParser.value(at: [.key(other)], inDocument: text) == .int(1), "\(other)")
                    Self.expectAgreement([.key(name)], text)
                    Self.expectAgreement([.key(String(Substring(name)))], text)
                }
            }
        }
    }

    @Test func documentsAndNot() {
        for text in ["1", " \"s\" ", "[]", "{}", "null", "[1,]", "{\"a\" 1}", "\"\\ud800\"", "", " ", "{\"a\":1} x", "-01"] {
            #expect(JSONParser.isDocument(text) == ((try? JSONParser.parse(text)) != nil), "\(text)")
        }
    }

    /// Random documents and paths through them (and beside them), then the documents broken at random.
    @Test func agreesWithTheTreeOnRandomTexts() {
        var random = RandomJSON(seed: 0x15_C4EC)
        var found = 0, documents = 0
        for round in 0..<3000 {
            let text = random.document(depth: round % 40 == 0 ? 300 : 6)
            if JSONParser.isDocument(text) { documents += 1 }
            for _ in 0..<3 {
                let path = JSONPathTests.randomPath(through: try? JSONParser.parse(text), &random)
                Self.expectAgreement(path, text)
                if JSONParser.isDocument(text), JSONParser.value(at: path, inDocument: text) != nil { found += 1 }
                Self.expectAgreement(path, random.broken(text))
            }
        }
        #expect(found > 1000 && documents > 2000)
    }
}
