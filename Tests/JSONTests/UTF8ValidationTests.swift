import Testing
@testable import JSON

/// Strings of a parsed document must be valid UTF-8: the parser decodes them with repair and compares, so
/// every kind of invalid sequence must still be refused, including those whose repair has the same length.
@Suite("JSON strings: UTF-8 validation")
struct UTF8ValidationTests {
    static let invalid: [[UInt8]] = [
        [0xFF],                          // never valid
        [0x80],                          // a lone continuation byte
        [0xC0, 0x80],                    // overlong NUL
        [0xE0, 0x80, 0x80],              // overlong
        [0xED, 0xA0, 0x80],              // a surrogate
        [0xF4, 0x90, 0x80, 0x80],        // beyond U+10FFFF
        [0xF0, 0x9F, 0x98],              // a 4-byte sequence cut after 3 bytes (repairs to 3 bytes: same length)
        [0xE2, 0x82],                    // a 3-byte sequence cut after 2
        [0xD0],                          // a 2-byte sequence cut after 1
    ]

    @Test("invalid sequences in a key, a value, an escaped value are refused; valid ones read back exactly", arguments: invalid)
    func refusesInvalid(_ sequence: [UInt8]) {
        for (before, after) in [("{\"", "\":1}"), ("{\"a\":\"x", "y\"}"), ("[\"\\n", "\"]")] {
            let bytes = Array(before.utf8) + sequence + Array(after.utf8)
            #expect(throws: JSONParser.Error.self, "\(sequence) in \(before)…\(after)") { try JSONParser.parse(bytes: bytes) }
        }
    }

    @Test("valid text of every UTF-8 length reads back byte for byte, escaped or not")
    func readsValid() throws {
        for text in ["plain", "ёжик", "€uro", "😀 emoji", "mixed é 中 😀", "\u{FFFD} replacement itself", ""] {
            let value = try JSONParser.parse(bytes: Array("{\"\(text)\":[\"\(text)\",\"\\t\(text)\"]}".utf8))
            #expect(value == .object([(text, .array([.string(text), .string("\t" + text)]))]))
        }
    }
}
