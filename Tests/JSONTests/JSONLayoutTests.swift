import BenchSupport
import Testing
@testable import JSON

/// `JSONParser.layout(_:)` finds where an object's members lie without building values: whatever it accepts, the
/// tree parser must accept, with the same members in the same order (names and values decoded from the layout's
/// ranges equal the tree's), and an object the tree reads whose names hold no escape it must lay out.
@Suite("JSON: an object's layout")
struct JSONLayoutTests {
    static func layout(_ bytes: [UInt8]) -> JSONObjectLayout? { bytes.withUnsafeBufferPointer(JSONParser.layout) }

    static func tree(_ bytes: [UInt8]) -> JSONValue? {
        bytes.withUnsafeBufferPointer { buffer in try? JSONParser.parse(buffer) }
    }

    /// Checks the layout of `bytes` against the tree; `namesPlain`: no member name holds an escape.
    static func expectAgreement(_ bytes: [UInt8], namesPlain: Bool, sourceLocation: SourceLocation = #_sourceLocation) {
        let tree = tree(bytes), layout = layout(bytes)
        let text = String(decoding: bytes, as: UTF8.self).debugDescription
        guard let layout else {
            if namesPlain, case .object = tree { Issue.record("an object the tree reads was not laid out: \(text)", sourceLocation: sourceLocation) }
            return
        }
        guard case let .object(members) = tree else {
            Issue.record("laid out what the tree refuses or is no object: \(text)", sourceLocation: sourceLocation)
            return
        }
        #expect(layout.members.count == members.count, "\(text)", sourceLocation: sourceLocation)
        bytes.withUnsafeBufferPointer { buffer in
            for (member, (name, value)) in zip(layout.members, members) {
                #expect(String(decoding: UnsafeBufferPointer(rebasing: buffer[member.name]), as: UTF8.self) == name, sourceLocation: sourceLocation)
                let decoded = JSONParser.decodeChecked(UnsafeBufferPointer(rebasing: buffer[member.value]))
                // `==` compares numbers by value: the writer's text tells `.int` from `.double` too.
                #expect(JSONWriter.write(decoded) == JSONWriter.write(value), "\(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test func membersInOrderWithTheirRanges() throws {
        let text = Array(#" { "id" : 7, "name":"Анна \"А\"", "id": "8", "e": {}, "a": [1, {"b": null}], "x": -1.5e3 } "#.utf8)
        let layout = try #require(Self.layout(text))
        let names = layout.members.map { String(decoding: text[$0.name], as: UTF8.self) }
        #expect(names == ["id", "name", "id", "e", "a", "x"])
        let values = layout.members.map { String(decoding: text[$0.value], as: UTF8.self) }
        #expect(values == ["7", #""Анна \"А\"""#, #""8""#, "{}", #"[1, {"b": null}]"#, "-1.5e3"])
        Self.expectAgreement(text, namesPlain: true)
    }

    @Test func notLaidOut() {
        for text in [#"[1]"#, #""s""#, "1", "null", #"{"a":1"#, #"{"a":1} x"#, #"{"n\u0061me": 1}"#, #"{"a": "\ud800"}"#, "", "{"] {
            #expect(Self.layout(Array(text.utf8)) == nil, "\(text)")
        }
        #expect(Self.layout(Array("{}".utf8)) == JSONObjectLayout(members: []))
    }

    /// Invalid UTF-8 anywhere in a string (a name, a value, nested, next to an escape) is refused, as the tree does.
    @Test func invalidUTF8IsRefusedWherever() {
        for sequence in UTF8ValidationTests.invalid {
            for (before, after) in [("{\"", "\":1}"), ("{\"a\":\"x", "y\"}"), ("{\"a\":[\"\\n", "\"]}"), ("{\"a\":{\"b\":\"", "\\t\"}}")] {
                let bytes = Array(before.utf8) + sequence + Array(after.utf8)
                #expect(Self.layout(bytes) == nil, "\(sequence) in \(before)…\(after)")
                #expect(Self.tree(bytes) == nil)
            }
        }
    }

    /// Random objects and documents, broken as text and as bytes (invalid UTF-8 put in): the layout agrees with the tree.
    @Test func agreesWithTheTreeOnRandomTexts() {
        var random = RandomJSON(seed: 0x15_1A_7007)
        var bytesRandom = SplitMix64(seed: 0x15_1A_7008)
        var laidOut = 0, refused = 0
        let plainNames = ["\"id\"", "\"name\"", "\"\"", "\"И\"", "\"customValues\"", "\"sourceComment\""]
        for round in 0..<3000 {
            let text: String
            let namesPlain: Bool
            if round % 3 == 0 {
                text = random.document(depth: round % 60 == 0 ? 300 : 5)
                namesPlain = false
            } else {
                let withEscapes = round % 3 == 2
                let members = (0..<random.below(8)).map { _ in
                    let name = withEscapes ? random.pick(plainNames + ["\"n\\u0061me\"", random.string()]) : random.pick(plainNames)
                    return random.space() + name + random.space() + ":" + random.space() + random.value(depth: 3)
                }
                text = random.space() + "{" + members.joined(separator: ",") + "}" + random.space()
                namesPlain = !withEscapes
            }
            let bytes = Array(text.utf8)
            Self.expectAgreement(bytes, namesPlain: namesPlain)
            if Self.layout(bytes) != nil { laidOut += 1 }
            for _ in 0..<2 {
                // Broken text may bring a backslash into a name: only "accepted implies agreed" is checked then.
                Self.expectAgreement(Array(random.broken(text).utf8), namesPlain: false)
                // Bytes that break UTF-8 (or, the last, do not), put anywhere.
                var corrupted = bytes
                let insertions: [[UInt8]] = [[0x80], [0xC0, 0x80], [0xD0, 0x41], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                                             [0xFF], [0xE2, 0x82], [0xD0, 0xB0]]
                let bad = insertions[Int(bytesRandom.next() % UInt64(insertions.count))]
                corrupted.insert(contentsOf: bad, at: Int(bytesRandom.next() % UInt64(corrupted.count + 1)))
                Self.expectAgreement(corrupted, namesPlain: namesPlain)
                if Self.tree(corrupted) == nil { refused += 1 }
            }
        }
        #expect(laidOut > 1000 && refused > 2000)
    }

    /// The one-pass reading of flat objects (`flatLayout`), where it answers, answers as the parser does; it answers
    /// for generated leads (the common case it is for), and leaves to the parser what it does not read itself.
    @Test func flatReadingAgreesWithTheParser() {
        func both(_ text: String) -> (flat: [JSONObjectLayout.Member]?, parsed: JSONObjectLayout?) {
            Array(text.utf8).withUnsafeBufferPointer { (JSONParser.flatLayout($0), JSONParser.parsedLayout($0)) }
        }
        var answered = 0
        func check(_ text: String) {
            let (flat, parsed) = both(text)
            guard let flat else { return }
            answered += 1
            #expect(parsed == JSONObjectLayout(members: flat), "\(text.debugDescription)")
        }
        // Escapes of every kind, surrogate pairs and lone ones, numbers the parser reads otherwise, white space.
        let values = [#""""#, #""a\"b""#, #""\\\/\b\f\n\r\t""#, #""\u0041\u00e9\u0436""#, #""\ud83d\ude00""#, #""\ud83d""#,
                      #""\ude00""#, #""\ud83d\u0041""#, #""\u12""#, #""\x""#, "\"a\tb\"", "\"a\u{1}b\"", #""Срочно 🔥""#,
                      "0", "-0", "7", "-12", "01", "-", "1.5", "1e3", "1E3", "-1.0e-2", "123456789012345678", "1234567890123456789",
                      "true", "false", "null", "tru", "nul", "{}", "[]", #"{"a": [1, {"b": "\n"}]}"#, "[1,]", "{,}", "x"]
        let readInOnePass: Set = [#""""#, #""a\"b""#, #""\\\/\b\f\n\r\t""#, #""\u0041\u00e9\u0436""#, #""\ud83d\ude00""#,
                                  #""Срочно 🔥""#, "0", "-0", "7", "-12", "123456789012345678", "true", "false", "null", "{}", "[]",
                                  #"{"a": [1, {"b": "\n"}]}"#]
        for value in values {
            for (open, colon, close) in [("{", ":", "}"), (" {\n", " : ", " }\t"), ("{", ":", ",}"), ("{", "", "}")] {
                check(open + #""k""# + colon + value + close)
                check(open + #""id": 1, "k""# + colon + value + #", "z": null"# + close)
            }
            if readInOnePass.contains(value) { #expect(both(#"{"k":"# + value + "}").flat != nil, "\(value)") }
        }
        // Names with escapes or control characters, and documents that are not one object: left to the parser.
        for text in [#"{"n\u0061me": 1}"#, "{\"a\u{1}\": 1}", "[1]", "\"s\"", "{\"a\":1} x", "{\"a\":1", ""] {
            #expect(both(text).flat == nil, "\(text)")
        }
        // Random objects, and the same broken.
        var random = RandomJSON(seed: 0xF1A7)
        let names = ["\"id\"", "\"name\"", "\"\"", "\"И\"", "\"customValues\"", "\"n\\u0061me\""]
        for _ in 0..<3000 {
            let members = (0..<random.below(8)).map { _ in
                random.space() + random.pick(names) + random.space() + ":" + random.space() + random.value(depth: 2)
            }
            let text = random.space() + "{" + members.joined(separator: ",") + "}" + random.space()
            check(text)
            check(random.broken(text))
        }
        // Generated leads: every one is read in one pass.
        var leads = SplitMix64(seed: 0x1EAD)
        for id in 1...500 {
            let lead = LeadGenerator.lead(id: id, &leads)
            #expect(both(lead).flat != nil, "\(lead)")
            check(lead)
        }
        #expect(answered > 2000)
    }

    /// The UTF-8 check without a `String` gives the standard library's verdict, on random bytes that look
    /// like UTF-8 (runs of ASCII, two-, three- and four-byte sequences, some of them cut or wrong).
    @Test func utf8CheckAgreesWithDecoding() {
        var random = SplitMix64(seed: 0x15_0F_8)
        let pieces: [[UInt8]] = [Array("abcdefgh ".utf8), Array("привет".utf8), Array("€中".utf8), Array("😀".utf8),
                                 Array(" ".utf8), Array("ж".utf8), Array("é".utf8), Array("a".utf8), Array("Ђx".utf8),
                                 [0xD0], [0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0x80], [0xED, 0xA0, 0x80], [0xF0, 0x8F, 0x80, 0x80],
                                 [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xC2, 0x80], [0xDF, 0xBF], [0xEF, 0xBF, 0xBF]]
        var valid = 0
        for round in 0..<20_000 {
            var bytes: [UInt8] = []
            // Short texts and long ones (many eight-byte words, sequences across their boundaries at every offset).
            for _ in 0..<Int(random.next() % (round % 2 == 0 ? 12 : 40)) {
                let piece = pieces[Int(random.next() % UInt64(pieces.count))]
                // Mostly valid pieces, so that long valid texts are tried too.
                bytes += random.next() % 4 == 0 ? piece : (piece.count > 2 && piece[0] >= 0x80 ? Array("ж".utf8) : piece)
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            let checked = bytes.withUnsafeBufferPointer(JSONParser.isValidUTF8)
            #expect(checked == expected, "\(bytes)")
            if expected { valid += 1 }
        }
        #expect(valid > 2000 && valid < 18_000)
    }

    /// `layout(_:)` lays out exactly what the whole text checked as UTF-8 (`isValidUTF8`) and then the parser lay out,
    /// on objects with bytes that are not UTF-8 (or are, but longer than two bytes) in names, strings next to escapes,
    /// nested values and white space. (A check of UTF-8 inside `flatLayout`'s one pass was measured against the separate
    /// check and not kept: docs/benchmarks.md, ninth round, helper "reading".)
    @Test func layoutChecksUTF8AsTheWholeTextCheckDid() {
        var random = RandomJSON(seed: 0x0BAD_0F8)
        let bad: [[UInt8]] = [[0xD0], [0x80], [0xC1, 0xBF], [0xE0, 0x9F, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80],
                              [0xFF], [0xE2, 0x80]]
        let good: [[UInt8]] = [Array("😀".utf8), Array("€".utf8), Array("ж".utf8), Array("жжжж".utf8), Array("a😀bcdefgh".utf8)]
        var laidOut = 0, refusedForUTF8 = 0
        for _ in 0..<6000 {
            let members = (0..<(1 + random.below(7))).map { _ in
                random.space() + random.pick(["\"id\"", "\"name\"", "\"И\"", "\"sourceComment\""]) + random.space() + ":"
                    + random.space() + random.pick([random.value(depth: 2), #""Срочно \"да\" 🔥 ok""#, #""abcdefghijklmnop""#])
            }
            var bytes = Array(("{" + members.joined(separator: ",") + "}").utf8)
            // One or two pieces put in at random places (inside strings mostly: most of the text is strings).
            for _ in 0..<(1 + random.below(2)) {
                // Mostly just after a quote (in a name or a string, or after one), else anywhere.
                let quotes = bytes.indices.filter { bytes[$0] == UInt8(ascii: "\"") }
                let at = random.below(4) > 0 && !quotes.isEmpty ? random.pick(quotes) + 1 + random.below(3) : random.below(bytes.count + 1)
                bytes.insert(contentsOf: random.below(2) == 0 ? random.pick(good) : random.pick(bad), at: min(at, bytes.count))
            }
            let (now, before): (JSONObjectLayout?, JSONObjectLayout?) = bytes.withUnsafeBufferPointer { buffer in
                (JSONParser.layout(buffer), JSONParser.isValidUTF8(buffer) ? JSONParser.parsedLayout(buffer) : nil)
            }
            #expect(now == before, "\(bytes)")
            if now != nil { laidOut += 1 }
            if !bytes.withUnsafeBufferPointer(JSONParser.isValidUTF8) { refusedForUTF8 += 1 }
        }
        #expect(laidOut > 800 && refusedForUTF8 > 2000, "\(laidOut) laid out, \(refusedForUTF8) not UTF-8")
    }
}
