import JSON
import Testing

/// `JSONWriter` makes its text as UTF-8 bytes: it must write exactly what the `String`-based writer it replaced
/// wrote (kept here as the reference), for every kind of value, every character and every number.
@Suite("JSON: writing bytes")
struct JSONWriterBytesTests {
    /// The writer as it was: appending to a `String`, strings escaped scalar by scalar.
    static func reference(_ value: JSONValue) -> String {
        var out = ""
        func string(_ s: String) {
            out += "\""
            for scalar in s.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
            out += "\""
        }
        func write(_ value: JSONValue) {
            switch value {
            case .null: out += "null"
            case let .bool(b): out += b ? "true" : "false"
            case let .int(i): out += String(i)
            case let .double(d):
                if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else if d.isFinite { out += "\(d)" } else { out += "null" }
            case let .string(s): string(s)
            case let .array(elements):
                out += "["
                for (index, element) in elements.enumerated() {
                    if index > 0 { out += "," }
                    write(element)
                }
                out += "]"
            case let .object(members):
                out += "{"
                for (index, (key, member)) in members.enumerated() {
                    if index > 0 { out += "," }
                    string(key)
                    out += ":"
                    write(member)
                }
                out += "}"
            }
        }
        write(value)
        return out
    }

    static func expectSame(_ value: JSONValue, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = reference(value)
        #expect(JSONWriter.write(value) == expected, sourceLocation: sourceLocation)
        var bytes: [UInt8] = [0x41]
        JSONWriter.write(value, into: &bytes)
        #expect(bytes == [0x41] + Array(expected.utf8), sourceLocation: sourceLocation)
        var text = "prefix "
        JSONWriter.write(value, into: &text)
        #expect(text == "prefix " + expected, sourceLocation: sourceLocation)
    }

    @Test func everyControlCharacterQuoteAndBackslash() {
        let all = String(String.UnicodeScalarView((0..<0x80).compactMap(Unicode.Scalar.init)))
        Self.expectSame(.string(all))
        Self.expectSame(.object([(all, .string("\u{7F}\u{80}\u{9F} Ёж 😀 \"q\" \\"))]))
        var keyText = ""
        JSONWriter.writeString("a\"b\u{1F}", into: &keyText)
        #expect(keyText == #""a\"b\u001f""#)
    }

    @Test(arguments: [0, 1, -1, 9, 10, -10, 99, 100, 1_000_000, Int.max, Int.min, Int.max - 1, Int.min + 1, 123_456_789_012_345_678])
    func integers(_ value: Int) {
        Self.expectSame(.int(value))
    }

    @Test(arguments: [0.5, -0.0, 0.0, 3.0, -3.0, 1e15, 1e15 - 1, -1e15 + 1, 1e300, 1.5e-7, Double.infinity, -Double.infinity, Double.nan,
                      123456.789, 0.1 + 0.2, 999_999_999_999_999.0])
    func doubles(_ value: Double) {
        Self.expectSame(.double(value))
    }

    /// Strings with a character to escape at every position around the eight-byte steps of the search for one, after
    /// ASCII, Cyrillic or emoji: the same text as the reference.
    @Test func escapesAtEveryOffset() {
        for filler in ["a", "ж", "😀"] {
            for length in 0..<20 {
                for special in ["\"", "\\", "\n", "\u{1}", "\u{1F}", "\t"] {
                    for position in 0...length {
                        var scalars = Array(repeating: filler, count: length)
                        scalars.insert(special, at: position)
                        Self.expectSame(.string(scalars.joined()))
                    }
                }
                Self.expectSame(.string(String(repeating: filler, count: length)))
            }
        }
    }

    /// Random documents as the parser reads them: written the same way by both writers.
    @Test func randomValuesAreWrittenAsBefore() throws {
        var random = RandomJSON(seed: 0x15_3817E)
        var written = 0
        for _ in 0..<3000 {
            guard let value = try? JSONParser.parse(random.document(depth: 5)) else { continue }
            Self.expectSame(value)
            written += 1
        }
        #expect(written > 2500)
    }
}
