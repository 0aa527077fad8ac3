import BenchSupport
import Testing
@testable import JSON

/// Strings made of bytes already checked (`String(checkedUTF8:)`) and values decoded from checked text
/// (`JSONParser.decodeChecked(_:)`, which decodes escapes into a buffer as long as the value) are the strings the
/// standard library and the checking parser make of the same bytes.
@Suite("JSON: strings of checked UTF-8")
struct CheckedUTF8Tests {
    static let pieces: [String] = ["a", "abcdefgh ", "Привет", " ", "ё", "é", "€", "中", "😀", "👍🏽", "e\u{301}", "\u{FEFF}",
                                   "\"", "\\", "\n", "ЖЖЖЖЖЖЖЖЖЖЖЖ", "0123456789"]

    static func randomText(_ random: inout SplitMix64, pieces maximum: UInt64) -> String {
        var text = ""
        for _ in 0..<Int(random.next() % maximum) { text += pieces[Int(random.next() % UInt64(pieces.count))] }
        return text
    }

    /// The same string as `String(decoding:as:)`: equal, same scalars, same hash, same ASCII-ness for comparisons
    /// with literals; short and long, ASCII and not.
    @Test func checkedStringsAreTheDecodedStrings() {
        var random = SplitMix64(seed: 0xC4EC_0ED)
        for round in 0..<5_000 {
            let text = Self.randomText(&random, pieces: round % 2 == 0 ? 4 : 60)
            let bytes = Array(text.utf8)
            let checked = String(checkedUTF8: bytes)
            let decoded = String(decoding: bytes, as: UTF8.self)
            #expect(checked == decoded)
            #expect(Array(checked.unicodeScalars) == Array(decoded.unicodeScalars))
            #expect(checked.hashValue == decoded.hashValue)
            #expect(Array(checked.utf8) == bytes)
            #expect(checked.count == text.count)
        }
        #expect(String(checkedUTF8: []) == "")
        #expect(String(checkedUTF8: Array("status".utf8)) == "status")
        #expect(["status": 1][String(checkedUTF8: Array("status".utf8))] == 1)
        #expect(String(checkedUTF8: Array("Иван Петрович Сидоров".utf8)) == "Иван Петрович Сидоров")
    }

    /// `validUTF8` (the checking parser's strings) accepts exactly what the standard library accepts, and makes
    /// the same string of it.
    @Test func validatedStringsAgreeWithTheStandardLibrary() {
        var random = SplitMix64(seed: 0x7A11D)
        let broken: [[UInt8]] = [[0xD0], [0x80], [0xC1, 0xBF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xFF]]
        for _ in 0..<5_000 {
            var bytes = Array(Self.randomText(&random, pieces: 30).utf8)
            if random.next() % 3 == 0 {
                let at = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
                bytes.insert(contentsOf: broken[Int(random.next() % UInt64(broken.count))], at: at)
            }
            let expected = String(validating: bytes, as: UTF8.self)
            let made = bytes.withUnsafeBufferPointer(JSONParser.validUTF8)
            #expect(made == expected, "\(bytes)")
        }
    }

    /// Values decoded from checked text equal the checking parser's: strings written with many escapes (each
    /// `\uXXXX` six bytes for one, a surrogate pair twelve for four) fill the buffer as far as they can, in
    /// objects and arrays holding several of them.
    @Test func checkedValuesWithEscapesAreTheParsedValues() throws {
        var random = SplitMix64(seed: 0xE5CA9E5)
        let escapes = ["\\u0041", "\\u0416", "\\u00e9", "\\u00C9", "\\uFFFF", "\\u20aC", "\\ud83d\\ude00", "\\uD83D\\uDE00", "\\n", "\\\"",
                       "\\\\", "\\/", "\\t", "\\b", "\\f", "\\r", "ж", "a", "😀", " "]
        for round in 0..<3_000 {
            // Mostly short literals; some long enough that the decoding buffer is not on the stack.
            let longest: UInt64 = round % 10 == 0 ? 400 : 40
            func literal() -> String {
                var text = "\""
                for _ in 0..<Int(random.next() % longest) { text += escapes[Int(random.next() % UInt64(escapes.count))] }
                return text + "\""
            }
            let document: String
            switch random.next() % 3 {
            case 0: document = literal()
            case 1: document = "[" + (0..<3).map { _ in literal() }.joined(separator: ",") + "]"
            default: document = "{" + (0..<3).map { _ in literal() + ":" + literal() }.joined(separator: ",") + "}"
            }
            let bytes = Array(document.utf8)
            let parsed = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
            let checked = bytes.withUnsafeBufferPointer(JSONParser.decodeChecked)
            #expect(checked == parsed, "\(document)")
        }
    }

    /// Scalars read without the parser (strings without escapes, integers of up to 18 digits, null, booleans) and
    /// those left to it (longer integers, fractions, exponents) decode as the checking parser reads them.
    @Test func checkedScalarsAreTheParsedScalars() throws {
        let documents = ["\"\"", "\"plain\"", "\"Екатерина\"", "\"a\\\"b\"", "0", "-0", "7", "-42", "123456789012345678",
                         "-123456789012345678", "1234567890123456789", "99999999999999999999", "1.5", "-0.0", "1e5", "2E-3",
                         "null", "true", "false", "[]", "{}", "[1,\"x\"]"]
        for document in documents {
            let bytes = Array(document.utf8)
            let parsed = try bytes.withUnsafeBufferPointer { try JSONParser.parse($0) }
            let checked = bytes.withUnsafeBufferPointer(JSONParser.decodeChecked)
            #expect(checked == parsed, "\(document)")
        }
        #expect(Array("123456789012345678".utf8).withUnsafeBufferPointer(JSONParser.plainInteger) == 123_456_789_012_345_678)
        #expect(Array("1234567890123456789".utf8).withUnsafeBufferPointer(JSONParser.plainInteger) == nil)
        #expect(Array("-".utf8).withUnsafeBufferPointer(JSONParser.plainInteger) == nil)
        #expect(Array("1.0".utf8).withUnsafeBufferPointer(JSONParser.plainInteger) == nil)
    }

    /// The end of a run of plain bytes in a string literal is the first quote, backslash or control character,
    /// wherever it lies in an eight-byte word and whatever follows it in that word (other special bytes, bytes
    /// above 0x80, zero), or the end of the text.
    @Test func plainRunsEndAtTheFirstSpecialByte() {
        var random = SplitMix64(seed: 0x5EC1A1)
        let plain: [UInt8] = Array("aZ09 -ж😀".utf8) + [0x20, 0x7F, 0x80, 0xFF, 0x21, 0x23, 0x5B, 0x5D]
        let special: [UInt8] = [0x22, 0x5C, 0x00, 0x01, 0x0A, 0x1F]
        for _ in 0..<20_000 {
            let count = Int(random.next() % 40)
            var bytes = (0..<count).map { _ in plain[Int(random.next() % UInt64(plain.count))] }
            for _ in 0..<Int(random.next() % 3) where count > 0 {
                bytes[Int(random.next() % UInt64(count))] = special[Int(random.next() % UInt64(special.count))]
            }
            let from = count == 0 ? 0 : Int(random.next() % UInt64(count))
            let expected = bytes[from...].firstIndex { special.contains($0) || $0 < 0x20 } ?? count
            let found = bytes.withUnsafeBufferPointer { JSONParser(bytes: $0).plainRunEnd(from: from) }
            #expect(found == expected, "\(bytes) from \(from)")
        }
    }

    #if compiler(>=6.2)  // exit tests came with Swift 6.2
    /// Text that breaks `decodeChecked`'s precondition (it was not checked) stops the program rather than read
    /// beyond the value: an escape cut at the end of a literal (an exit test: each case in a process of its own).
    @Test func uncheckedTextStopsTheProgram() async {
        await #expect(processExitsWith: .failure) {
            _ = Array("\"\\u12\"".utf8).withUnsafeBufferPointer(JSONParser.decodeChecked)
        }
        await #expect(processExitsWith: .failure) {
            _ = Array("\"\\ud83d\"".utf8).withUnsafeBufferPointer(JSONParser.decodeChecked)
        }
        await #expect(processExitsWith: .failure) {
            _ = Array("\"ab\\\"".utf8).withUnsafeBufferPointer(JSONParser.decodeChecked)
        }
    }
    #endif
}
