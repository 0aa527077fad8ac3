import BenchSupport
import Foundation
import Testing
@testable import JSON

/// `JSONEscapedDocumentReader` (a quiz log read from the lead's line, its string literal's escapes undecoded) against
/// the two readings it stands for: the literal decoded (`decodeCheckedString`) and the decoded document read by the
/// scalar-text reader (`scalarTextIfDocument(utf8:...)`). Whatever it accepts, those accept, with the same document
/// and the same values; what it gives up on they read (the caller falls back on them). Literals are the documents of
/// `RandomJSON`, quiz logs, broken ones and one-byte changes, each written as a JSON string in several ways (as
/// writers write them, every character as a `\u` escape, a mix), kept only when the literal is one JSON checks.
@Suite("JSON: the escaped-document reader against decoding and the scalar-text reader")
struct JSONEscapedDocumentReaderTests {
    /// What a literal gave: the reader's verdict (accepted or given up), and whether the old readings took it as a
    /// document.
    struct Outcome {
        var accepted = 0, givenUp = 0, documents = 0
        mutating func add(_ other: Outcome) {
            accepted += other.accepted
            givenUp += other.givenUp
            documents += other.documents
        }
    }

    /// Whether `literal` is the content of a JSON string literal (what the lead's layout checks: grammar and UTF-8).
    static func isCheckedLiteral(_ literal: [UInt8]) -> Bool {
        (Array("{\"c\":\"".utf8) + literal + Array("\"}".utf8)).withUnsafeBufferPointer { JSONParser.layout($0) } != nil
    }

    /// Compares the reader with the old readings on one checked literal.
    @discardableResult
    static func expectAgreement(_ literal: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Outcome {
        var outcome = Outcome()
        let bound = JSONParser.scalarTextBound(count: literal.count, separatorCount: 1)
        var decoded = [UInt8](repeating: 0, count: literal.count + 8)
        let decodedCount = literal.withUnsafeBufferPointer { literal in
            decoded.withUnsafeMutableBufferPointer { JSONParser.decodeCheckedString(literal, into: $0.baseAddress!) }
        }
        let document = Array(decoded[..<decodedCount])
        var values = [UInt8](repeating: 0, count: bound)
        var newline = UInt8(ascii: "\n")
        let valueCount = document.withUnsafeBufferPointer { document in
            values.withUnsafeMutableBufferPointer { values in
                withUnsafePointer(to: &newline) { newline in
                    JSONParser.scalarTextIfDocument(utf8: document, separator: UnsafeBufferPointer(start: newline, count: 1),
                                                    into: values.baseAddress!, capacity: bound)
                }
            }
        }
        if valueCount != nil { outcome.documents = 1 }
        // The reader, into memory filled with a byte no output has in that place.
        var readDocument = [UInt8](repeating: 0xFF, count: literal.count + 16)
        var readValues = [UInt8](repeating: 0xFF, count: bound)
        let reading = literal.withUnsafeBufferPointer { literal in
            readDocument.withUnsafeMutableBufferPointer { readDocument in
                readValues.withUnsafeMutableBufferPointer { readValues in
                    JSONEscapedDocumentReader.read(literal, decodedInto: readDocument.baseAddress!, valuesInto: readValues.baseAddress!,
                                                   valuesCapacity: bound, separator: UInt8(ascii: "\n"))
                }
            }
        }
        guard let reading else {
            outcome.givenUp = 1
            return outcome
        }
        outcome.accepted = 1
        let text = String(decoding: literal, as: UTF8.self).debugDescription
        #expect(valueCount != nil, "accepted what the scalar reader refuses: \(text)", sourceLocation: sourceLocation)
        #expect(Array(readDocument[..<reading.decoded]) == document, "document of \(text)", sourceLocation: sourceLocation)
        if let valueCount {
            let read = Array(readValues[..<reading.values])
            #expect(read == Array(values[..<valueCount]), "values of \(text)", sourceLocation: sourceLocation)
        }
        return outcome
    }

    /// How a document is written as the content of a JSON string.
    enum Writing: CaseIterable {
        /// As JSON writers write strings: `\"`, `\\`, `\n`, `\t`, `\r`, `\b`, `\f`, other control characters as
        /// `\u00XX`, the rest as it stands.
        case plain
        /// The same, with every character beyond ASCII as a `\u` escape (surrogate pairs beyond the BMP) and `/` as `\/`.
        case ascii
        /// Every character written one of the ways JSON allows, at random (a `\u` escape of `"`, `\`, `{`, a space...).
        case mixed
    }

    static func write(_ document: String, _ writing: Writing, _ random: inout RandomJSON) -> [UInt8] {
        let text = JSONEscapes.stringContent(document, escapingSlash: writing != .plain, asciiOnly: writing == .ascii,
                                             atRandom: { writing == .mixed && random.below(4) == 0 },
                                             uppercase: { random.below(2) == 0 })
        return Array(text.utf8)
    }

    /// A quiz log as leads carry them (`JSONScalarTextReaderTests.quizLog`), now and then with invisible characters,
    /// a nested quiz log as a string value, numbers, white space and line breaks between the members.
    static func quizLog(_ random: inout RandomJSON) -> String {
        var log = JSONScalarTextReaderTests.quizLog(&random)
        let extras = ["\"note\": \"гот\u{AD}ов \u{200B}купить\"", "\"n\": [12, -7, 0, 123456789012345678, 1234567890123456789]",
                      "\"inner\": \"{\\\"quiz\\\": \\\"Вложенный\\\", \\\"a\\\": [\\\"x\\\\\\\\y\\\"]}\"", "\"dash\": \"a — b « c » ²\"",
                      "\"bom\": \"\u{FEFF}x\u{2060}\"", "\"e\": \"\"", "\"t\": [true, false, null]"]
        for _ in 0..<random.below(3) {
            log.insert(contentsOf: random.pick(extras) + ", ", at: log.index(after: log.startIndex))
        }
        if random.below(4) == 0 {
            log = log.replacingOccurrences(of: ", \"", with: random.pick([",\n  \"", ",\"", " ,\t\"", ",\r\n\""]))
        }
        return log
    }

    @Test func quizLogsWrittenEveryWay() {
        var random = RandomJSON(seed: 0xE5C_A9ED)
        var total = Outcome()
        for _ in 0..<1500 {
            let log = Self.quizLog(&random)
            for writing in Writing.allCases {
                let literal = Self.write(log, writing, &random)
                #expect(Self.isCheckedLiteral(literal))
                let outcome = Self.expectAgreement(literal)
                total.add(outcome)
                // Quiz logs as writers write them, integers and all, are read in one pass (not given up on), but
                // for `-0`, fractions and integers beyond 18 digits (the writer's forms).
                if writing != .mixed, !log.contains("-0"), !log.contains("1.5e3"), !log.contains("1234567890123456789") {
                    #expect(outcome.accepted == 1, "\(log)")
                }
            }
        }
        #expect(total.accepted > 1500 && total.givenUp > 300)
    }

    @Test func randomDocumentsAndBrokenOnes() {
        var random = RandomJSON(seed: 0xE5C_0002)
        var total = Outcome()
        for round in 0..<4000 {
            let document = random.document(depth: round % 50 == 0 ? 300 : 6)
            // Documents that `text()` reads as documents start with `{` or `[` (others too, for the reader's sake).
            let wrapped = random.below(3) == 0 ? document : "[" + document + "]"
            for text in [wrapped, random.broken(wrapped), random.broken(random.broken(wrapped))] {
                let literal = Self.write(text, random.pick(Writing.allCases), &random)
                guard Self.isCheckedLiteral(literal) else { continue }
                total.add(Self.expectAgreement(literal))
            }
        }
        #expect(total.accepted > 1500 && total.givenUp > 3000 && total.documents > 3000)
    }

    /// Every byte of written quiz logs replaced by each byte that matters to either grammar, removed, or the literal
    /// cut there: truncated escapes, lone surrogates, quotes and backslashes of the literal and of the document.
    @Test func everyOneByteChangeOfWrittenQuizLogs() {
        var random = RandomJSON(seed: 0xE5C_0003)
        let replacements: [UInt8] = Array("{}[],:\"\\/u0dD8 nrtbf-.eEа".utf8) + [0x01, 0x7F]
        var total = Outcome()
        for round in 0..<6 {
            let literal = Self.write(Self.quizLog(&random), round % 3 == 0 ? .mixed : .plain, &random)
            for index in literal.indices {
                var variants: [[UInt8]] = [Array(literal[..<index]), Array(literal[..<index] + literal[(index + 1)...])]
                for byte in replacements {
                    var changed = literal
                    changed[index] = byte
                    variants.append(changed)
                    var inserted = literal
                    inserted.insert(byte, at: index)
                    variants.append(inserted)
                }
                for variant in variants where Self.isCheckedLiteral(variant) {
                    total.add(Self.expectAgreement(variant))
                }
            }
        }
        #expect(total.accepted > 600 && total.givenUp > 600)
    }

    /// Escapes of the document and of the literal at every place of strings up to 40 bytes (the sixteen-byte steps
    /// end where the byte-wise reading would), in values and in member names.
    @Test func escapesAtEveryPlace() {
        let specials = [#"\\\""#, #"\\\\"#, #"\\n"#, #"\\u0416"#, #"\\ud83d\\ude00"#, #"\\ud83d"#, #"\\ude00"#, #"\\ud83dx"#,
                        #"\\ud83d\\u0041"#, #"\u0416"#, #"\ud83d\ude00"#, #"\u0022"#, #"\u005c"#, #"\u0001"#, #"\n"#, #"\/"#,
                        #"\\\/"#, #"\\/"#, #"\\x"#, #"\\u12"#, #"\\"#, #"\u00ad"#, "\u{AD}", "—", "\u{FEFF}", "²"]
        var total = Outcome()
        for length in 0...40 {
            for place in stride(from: 0, through: length, by: length > 20 ? 3 : 1) {
                for special in specials {
                    let plain = String(repeating: "a", count: place) + special + String(repeating: "ж", count: (length - place) / 2)
                    for text in [#"[\""# + plain + #"\"]"#, #"{\""# + plain + #"\": 1}"#, #"[\""# + plain, #"{\"k\": \""# + plain + #"\"}"#] {
                        let literal = Array(text.utf8)
                        guard Self.isCheckedLiteral(literal) else { continue }
                        total.add(Self.expectAgreement(literal))
                    }
                }
            }
        }
        #expect(total.accepted > 5000 && total.givenUp > 2000)
    }

    /// The nesting limit: 256 open containers refuse a value in them, not an empty container.
    @Test func nestingLimit() {
        for depth in [1, 255, 256, 257] {
            for inner in [#"\"deep\""#, "[]", "{}", "1", ""] {
                let open = (0..<depth).map { $0 % 2 == 0 ? "[" : #"{\"k\":"# }.joined()
                let close = (0..<depth).reversed().map { $0 % 2 == 0 ? "]" : "}" }.joined()
                let literal = Array((open + inner + close).utf8)
                #expect(Self.isCheckedLiteral(literal))
                Self.expectAgreement(literal)
            }
        }
    }

    @Test(arguments: [#"{}"#, #"[]"#, #"{ }"#, #"[ ]"#, #"{\n}"#, #"[\"a\"] "#, #"[\"a\"]\n"#, #"[\"a\"] x"#, #"[1,]"#, #"{\"a\":1,}"#,
                      #"{\"a\" : \"b\" , \"c\" :\t[ 1 , 2 ] }"#, #"[-0]"#, #"[01]"#, #"[1.5]"#, #"[1e3]"#, #"[-]"#, #"[-a]"#,
                      #"[true,false,null]"#, #"[tru]"#, #"[nul]"#, #"[1\"a\"]"#, #"[\"a\"\"b\"]"#, #"{\"a\"}"#, #"{\"a\":}"#,
                      #"[\u0022a\u0022]"#, #"\u005b\"a\"]"#, #"[\"a\\\u0022\"]"#, #"[1\u0030]"#, #"[\"\\\\\"]"#, #"[\"\\\/\"]"#,
                      #"[\"\\\\\\\"\"]"#, #"[\"\\u00e9\\u00E9\"]"#, #"[\"\\ud83d\\ude00\"]"#, #"[\"\\uD83D\\uDE00\"]"#,
                      #"[\"\\ud83d\\\\u0041\"]"#, #"[\"\\ude00\"]"#, #"[\"\\ud83d\"]"#, #"[123456789012345678, -123456789012345678]"#,
                      #"[1234567890123456789]"#, #"[\"\\u0000\"]"#, #"[\"\u0000\"]"#, #"[\"a\tb\"]"#, #"[\"\\t\"]"#, #"[\"\u00ad\"]"#])
    func edgeLiterals(_ text: String) {
        let literal = Array(text.utf8)
        #expect(Self.isCheckedLiteral(literal), "\(text)")
        Self.expectAgreement(literal)
    }

    /// Documents the reader must read itself (not give up on): what writers write.
    @Test func readInOnePass() {
        for text in [#"{\"quiz\": \"Квиз\", \"answers\": {\"budget\": \"358000\"}, \"steps\": [{\"q\": \"Вопрос 1\", \"a\": \"ready\"}]}"#,
                     #"{\n  \"a\": [1, -2, 0],\r\n  \"b\": {\"c\": \"\\\"q\\\" \\\\ \\n \\u0416 \\ud83d\\ude00\"}\n}"#,
                     #"[\"\u0441\u0440\u043e\u0447\u043d\u043e\", \"\ud83d\ude00\", \"a\/b\"]"#, #"{}"#, #"[[], {}, [[\"x\"]]]"#] {
            let literal = Array(text.utf8)
            #expect(Self.isCheckedLiteral(literal))
            #expect(Self.expectAgreement(literal).accepted == 1, "\(text)")
        }
    }

    /// A document of objects and arrays of strings and numbers, written with the separators in one of their forms
    /// at each place (`, ` or `,`, `: ` or `:`, `}, {` or `},{`, and forms with other white space), member names of
    /// every length to 40 bytes (escapes now and then), for the members' one-step reading and its ways back to the
    /// grammar's loop.
    static func membersDocument(_ random: inout RandomJSON, depth: Int = 0) -> String {
        switch random.below(depth < 4 ? 10 : 6) {
        case 0: return String(random.below(100_000) - 50)
        case 1: return random.pick(["true", "false", "null", "[]", "{}"])
        case 6, 7: return membersObject(&random, depth: depth)
        case 8, 9:
            // Objects in an array now and then, as a quiz log's steps (`}, {`, `},{`, `} ,{`...).
            let objects = random.below(2) == 0
            let elements = (0..<random.below(5)).map { _ in
                objects ? membersObject(&random, depth: depth + 1) : membersDocument(&random, depth: depth + 1)
            }
            return "[" + elements.joined(separator: comma(&random)) + "]"
        default: return "\"" + string(&random) + "\""
        }
    }

    /// An object for ``membersDocument(_:depth:)``.
    static func membersObject(_ random: inout RandomJSON, depth: Int) -> String {
        let members = (0..<random.below(5)).map { _ in
            let name = random.below(6) == 0
                ? string(&random) : String(repeating: random.pick(["q", "a", "ж", "budget"]), count: random.below(random.below(3) == 0 ? 41 : 4))
            return "\"" + name + "\"" + random.pick([": ", ":", ": ", ":", " :", ":\n", ":  "]) + membersDocument(&random, depth: depth + 1)
        }
        return "{" + members.joined(separator: comma(&random)) + "}"
    }

    static func comma(_ random: inout RandomJSON) -> String { random.pick([", ", ",", ", ", ",", " ,", ",\n", ", \t", ",  "]) }

    static func string(_ random: inout RandomJSON) -> String {
        let pieces = ["a", "ж", "Вопрос", " ", "ready to buy", "\\\"", "\\\\", "\\n", "\\u0416", "\u{AD}", "—", "😀",
                      "0123456789abcdef", "\\ud83d\\ude00"]
        return (0..<random.below(random.below(4) == 0 ? 12 : 4)).map { _ in random.pick(pieces) }.joined()
    }

    @Test func membersInEveryForm() {
        var random = RandomJSON(seed: 0xE5C_0004)
        var total = Outcome()
        for round in 0..<3000 {
            let steps = (0..<random.below(5)).map { _ in Self.membersObject(&random, depth: 0) }
            var document = "{\"quiz\": " + Self.membersDocument(&random) + ", \"steps\": [" + steps.joined(separator: random.pick([", ", ","])) + "]}"
            if round % 3 == 0 { document = document.replacingOccurrences(of: ": ", with: ":").replacingOccurrences(of: ", ", with: ",") }
            let literal = Self.write(document, random.pick(Writing.allCases), &random)
            guard Self.isCheckedLiteral(literal) else { continue }
            total.add(Self.expectAgreement(literal))
            // Cut at every place (every tenth document), and changed at a few.
            if round % 10 == 0 {
                for cut in 0..<literal.count where Self.isCheckedLiteral(Array(literal[..<cut])) {
                    total.add(Self.expectAgreement(Array(literal[..<cut])))
                }
            }
            for _ in 0..<3 where !literal.isEmpty {
                var changed = literal
                changed[random.below(changed.count)] = random.pick(Array("{}[],:\"\\ u0".utf8))
                if Self.isCheckedLiteral(changed) { total.add(Self.expectAgreement(changed)) }
            }
        }
        #expect(total.accepted > 2000 && total.givenUp > 500 && total.documents > 2500)
    }

    /// Objects in arrays and in objects at the nesting limit, in the forms the members' step reads.
    @Test func objectsAtTheNestingLimit() {
        for depth in [250, 253, 254, 255, 256, 257] {
            for inner in [#"{\"a\": \"x\", \"b\": \"y\"}, {\"c\": \"z\"}"#, #"{\"a\":\"x\"},{\"c\":{\"d\":\"z\"}}"#,
                          #"{\"a\": {\"b\": \"y\"}, \"c\": \"z\"}"#, #"{\"a\": \"x\"}"#] {
                for arrays in [true, false] {
                    let open = (0..<depth).map { arrays || $0 % 2 == 0 ? "[" : #"{\"k\":"# }.joined()
                    let close = (0..<depth).reversed().map { arrays || $0 % 2 == 0 ? "]" : "}" }.joined()
                    let literal = Array((open + inner + close).utf8)
                    #expect(Self.isCheckedLiteral(literal))
                    Self.expectAgreement(literal)
                }
            }
        }
    }
}
