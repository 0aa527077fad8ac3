import BenchSupport
import JSON
import Testing

/// `JSONParser.scalarText(of:separator:)` reads a document without a tree: it must agree with the tree
/// parser on every text, valid or not (same values, same errors).
@Suite("JSON: scalar text without a tree")
struct JSONScalarTextTests {
    /// What the tree gives: string values and numbers in document order, joined.
    static func fromTree(_ text: String, separator: String) -> Result<String, JSONParser.Error> {
        func collect(_ value: JSONValue, into parts: inout [String]) {
            switch value {
            case let .string(s): parts.append(s)
            case .int, .double: parts.append(JSONWriter.write(value))
            case let .array(elements): for element in elements { collect(element, into: &parts) }
            case let .object(members): for (_, member) in members { collect(member, into: &parts) }
            case .bool, .null: break
            }
        }
        do {
            var parts: [String] = []
            collect(try JSONParser.parse(text), into: &parts)
            return .success(parts.joined(separator: separator))
        } catch {
            return .failure(error)
        }
    }

    static func withoutTree(_ text: String, separator: String) -> Result<String, JSONParser.Error> {
        do {
            return .success(try JSONParser.scalarText(of: text, separator: separator))
        } catch {
            return .failure(error)
        }
    }

    static func expectAgreement(_ text: String, separator: String = "\n", sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = fromTree(text, separator: separator), streamed = withoutTree(text, separator: separator)
        #expect(tree == streamed, "\(text.debugDescription)", sourceLocation: sourceLocation)
    }

    @Test func stringsAndNumbersInDocumentOrder() throws {
        let text = #"{"quiz": "Квиз", "answers": {"budget": "358000", "n": 12, "x": -2.5e1, "y": 1e2, "ok": true, "no": null}, "steps": [{"q": "\u0412\u043e\u043f\u0440\u043e\u0441 1", "a": "\ud83d\ude00 \"ready\"\n"}, "", 0.5]}"#
        #expect(try JSONParser.scalarText(of: text, separator: "\n") == "Квиз\n358000\n12\n-25\n100\nВопрос 1\n😀 \"ready\"\n\n\n0.5")
        Self.expectAgreement(text)
        Self.expectAgreement(text, separator: " | ")
    }

    /// The values are written into a buffer sized from the document's length: numbers written longer than they
    /// are read (`9e14` is `900000000000000`), one-byte values each after a long separator, and documents whose
    /// bound passes `largestKeptScratch` (read into a buffer of their own, the caller's kept small) all fit.
    @Test func valuesWrittenLongerThanReadFitTheBuffer() throws {
        let numbers = ["1e5", "9e14", "5e-324", "1e-7", "-2.2250738585072014e-308", "0.1", "1E2", "-0", "1.5", "1", "\"\""]
        var scratch: [UInt8] = []
        for separator in ["", "\n", " | ", String(repeating: "-", count: 40)] {
            for count in [1, 2, 11, 50, 3000] {
                let text = "[" + (0..<count).map { numbers[$0 % numbers.count] }.joined(separator: ",") + "]"
                Self.expectAgreement(text, separator: separator)
                let reused = Result { () throws(JSONParser.Error) in try JSONParser.scalarText(of: text, separator: separator, scratch: &scratch) }
                #expect(reused == Self.fromTree(text, separator: separator))
                #expect(scratch.count <= JSONParser.largestKeptScratch)
            }
        }
        #expect(try JSONParser.scalarText(of: "[9e14,1]", separator: "--") == "900000000000000--1")
    }

    @Test(arguments: ["[]", "{}", "[[], {}, null, true]", "\"x\"", "5", " [ \"a\" ] ", "[\"\"]", "[\"\", \"\"]", "[1e300, 1e15, -0, 0.0]"])
    func edgeDocuments(_ text: String) {
        Self.expectAgreement(text)
    }

    @Test func refusedTextsGiveTheTreeParsersError() {
        #expect(throws: JSONParser.Error.self) { try JSONParser.scalarText(of: "[1,]", separator: "\n") }
        for text in ["", "{", "[1,]", "{\"a\" 1}", "01", "[\"\\ud83d\"]", "[\"\\ude00\"]", "[\"\\ud83d\\u0041\"]", "{\"\\x\": 1}",
                     "[\"a\u{01}\"]", "[1e999]", "[1] x", "{\"a\":1,}", "[\"\\u12\"]", "{\"k\\u00\": 1}"] {
            #expect(throws: JSONParser.Error.self) { try JSONParser.scalarText(of: text, separator: "\n") }
            Self.expectAgreement(text)
        }
    }

    @Test func nestingLimitIsTheTreeParsers() {
        func nested(_ depth: Int) -> String { String(repeating: "[", count: depth) + "\"deep\"" + String(repeating: "]", count: depth) }
        #expect(Self.withoutTree(nested(JSONParser.maximumDepth - 1), separator: "\n") == .success("deep"))
        Self.expectAgreement(nested(JSONParser.maximumDepth))
        #expect(throws: JSONParser.Error.self) { try JSONParser.scalarText(of: nested(JSONParser.maximumDepth), separator: "\n") }
        Self.expectAgreement(nested(10_000))
    }

    /// Random documents, written in many ways (escapes, surrogate pairs, white space, nesting), then
    /// broken at random: the two readings agree on all of them.
    /// One scratch buffer for every reading (`scalarText(of:separator:scratch:)`), as an evaluator keeps it from lead
    /// to lead: what a reading (or a refused text) leaves there never shows in the next.
    @Test func aReusedBufferGivesTheSameTexts() {
        var random = RandomJSON(seed: 0x15_5C7A)
        var scratch: [UInt8] = []
        var compared = 0
        for round in 0..<2000 {
            let document = random.document(depth: 5)
            let text = round % 3 == 0 ? random.broken(document) : document
            let plain = Self.withoutTree(text, separator: "\n")
            let reused = Result { () throws(JSONParser.Error) in try JSONParser.scalarText(of: text, separator: "\n", scratch: &scratch) }
            #expect(reused == plain, "\(text.debugDescription)")
            if case .success = plain { compared += 1 }
        }
        #expect(compared > 1000)
    }

    @Test func agreesWithTheTreeOnRandomTexts() {
        var random = RandomJSON(seed: 0x15_5CA1A4)
        var valid = 0, refused = 0
        for round in 0..<3000 {
            let text = random.document(depth: round % 40 == 0 ? 300 : 6)
            Self.expectAgreement(text)
            if case .success = Self.fromTree(text, separator: "\n") { valid += 1 } else { refused += 1 }
            for _ in 0..<3 {
                let broken = random.broken(text)
                Self.expectAgreement(broken)
                if case .success = Self.fromTree(broken, separator: "\n") { valid += 1 } else { refused += 1 }
            }
        }
        // Both kinds of text were really tried.
        #expect(valid > 3000 && refused > 3000)
    }
}

/// Random JSON texts from a seed (SplitMix64), reproducible.
struct RandomJSON {
    var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    mutating func next() -> UInt64 { random.next() }

    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    mutating func space() -> String { below(3) == 0 ? pick([" ", "\n", "\t", "\r\n", "  "]) : "" }

    /// A value, nested at most `depth` levels (a deep chain now and then).
    mutating func document(depth: Int) -> String {
        if depth > 50 {
            let levels = below(depth)
            return String(repeating: "[", count: levels) + value(depth: 2) + String(repeating: "]", count: levels)
        }
        return space() + value(depth: depth) + space()
    }

    mutating func value(depth: Int) -> String {
        switch below(depth > 0 ? 10 : 6) {
        case 0: return pick(["true", "false", "null"])
        case 1, 2: return number()
        case 3, 4, 5: return string()
        case 6, 7:
            let items = (0..<below(5)).map { _ in space() + value(depth: depth - 1) + space() }
            return "[" + items.joined(separator: ",") + "]"
        default:
            let members = (0..<below(5)).map { _ in space() + string() + space() + ":" + space() + value(depth: depth - 1) + space() }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    mutating func number() -> String {
        var text = below(3) == 0 ? "-" : ""
        text += below(4) == 0 ? "0" : String(below(1_000_000) + 1)
        if below(3) == 0 { text += "." + String(below(1000)) }
        if below(4) == 0 { text += pick(["e", "E"]) + pick(["", "+", "-"]) + String(below(30)) }
        if below(50) == 0 { text = pick(["9223372036854775807", "-9223372036854775808", "9223372036854775808", "1e308", "1e15", "123456789012345678"]) }
        return text
    }

    static let characters: [Character] = ["a", "Z", " ", "0", "И", "ж", "é", "😀", "🙂", "中", "\"", "\\", "/", "\n", "\t", "\u{08}", "\u{0C}", "\r", "\u{01}", "\u{7F}", "\u{FFFF}", "\u{10FFFF}", "\u{E9}", "ё"]

    /// A string literal with every character written one of the ways JSON allows.
    mutating func string() -> String {
        var text = "\""
        for _ in 0..<below(12) {
            let character = pick(Self.characters)
            for scalar in character.unicodeScalars { text += written(scalar) }
        }
        return text + "\""
    }

    mutating func written(_ scalar: Unicode.Scalar) -> String {
        func hex(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16, uppercase: below(2) == 0)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        switch scalar {
        case "\"": return pick(["\\\"", hex(scalar.value)])
        case "\\": return pick(["\\\\", hex(scalar.value)])
        case "/": return pick(["/", "\\/"])
        case "\n": return pick(["\\n", hex(scalar.value)])
        case "\t": return pick(["\\t", hex(scalar.value)])
        case "\r": return "\\r"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case _ where scalar.value < 0x20: return hex(scalar.value)
        default:
            guard below(3) == 0 else { return String(scalar) }
            guard scalar.value > 0xFFFF else { return hex(scalar.value) }
            let offset = scalar.value - 0x10000
            return hex(0xD800 + (offset >> 10)) + hex(0xDC00 + (offset & 0x3FF))
        }
    }

    static let noise: [String] = ["{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud83d", "\\ude00", "\\x", "u", "0", "-", ".", "e", "+",
                                  "t", "n", "f", " ", "\u{01}", "И", "😀", "1e999"]

    /// `text` with a piece removed, inserted or cut off.
    mutating func broken(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        switch below(4) {
        case 0 where !scalars.isEmpty:
            let start = below(scalars.count)
            scalars.removeSubrange(start..<min(scalars.count, start + 1 + below(3)))
        case 1 where !scalars.isEmpty:
            scalars.removeSubrange(below(scalars.count)...)
        default:
            scalars.insert(contentsOf: pick(Self.noise).unicodeScalars, at: below(scalars.count + 1))
        }
        var result = ""
        result.unicodeScalars.append(contentsOf: scalars)
        return result
    }
}
