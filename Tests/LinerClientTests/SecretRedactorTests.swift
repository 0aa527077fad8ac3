import Foundation
import LinerClient
import LinerSim
import LinerWire
import Testing

@Suite("SecretRedactor: the key in any encoding a server may echo")
struct SecretRedactorTests {
    static let key = #"k3y/with+slash"and\back=~"#

    static func encodings(_ key: String) -> [String] {
        let php = key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "/", with: "\\/")
            .replacingOccurrences(of: "\"", with: "\\\"")
        let unicode = key.unicodeScalars.map { String(format: "\\u%04X", $0.value) }.joined()
        let percent = key.utf8.map { String(format: "%%%02x", $0) }.joined()
        let html = key.unicodeScalars.map { "&#\($0.value);" }.joined()
        let hex = key.utf8.map { String(format: "%02X", $0) }.joined()
        let doublePercent = percent.replacingOccurrences(of: "%", with: "%25")
        var all = [key, php, unicode, percent, html, hex, doublePercent]
        for pad in 0..<3 {
            all.append(Data((String(repeating: "Z", count: pad) + "X-Api-Key: " + key + "\r\nAccept: */*").utf8).base64EncodedString())
        }
        all.append(Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        return all
    }

    @Test("every encoding is redacted, the text around it kept", arguments: encodings(key))
    func redactsEncoding(_ encoded: String) {
        let redactor = SecretRedactor(secret: Self.key)
        let text = "request headers: {\"X-Api-Key\": \"\(encoded)\"} end"
        let redacted = redactor.redact(text)
        #expect(!redactor.contains(redacted), "\(redacted)")
        #expect(redacted.contains(SecretRedactor.placeholder))
        #expect(redacted.hasPrefix("request headers"))
        #expect(redacted.hasSuffix("end"))
    }

    @Test("text without the key is left as it is")
    func leavesOtherText() {
        let redactor = SecretRedactor(secret: Self.key)
        for text in ["", "invalid API key", "lead 42 not found: \\/ %20 &amp; \\u0041", "aGVsbG8gd29ybGQ=", "deadbeef"] {
            #expect(redactor.redact(text) == text)
        }
    }

    @Test("control characters made visible, length capped with a note")
    func logSafeText() {
        let hostile = "\u{1B}[2Jfake\r\nline\u{0}\u{202E}x\t" + String(repeating: "A", count: 10_000)
        let safe = LogSafeText.make(hostile)
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{202E}" })
        #expect(safe.contains("\\x1B[2J") && safe.contains("\\r\\n") && safe.contains("\\u{202E}"))
        #expect(safe.utf8.count < LogSafeText.defaultLimit + 100)
        #expect(safe.contains("more bytes cut"))
        #expect(LogSafeText.make("Готов купить") == "Готов купить")
    }
}

@Suite("the client never sends a clear nobody asked for", .timeLimit(.minutes(1)))
struct ClientClearTests {
    @Test("\"\", null and blanks are refused without a request unless the field is named in clears", arguments: [
        #"{"name":""}"#, #"{"phone":null}"#, #"{"priority":null}"#, #"{"name":"   "}"#, #"{"priority":3,"sourceComment":""}"#,
        #"{"customValues":{"10":""}}"#, #"{"customValues":{"11":null}}"#,
    ])
    func refusesUnrequestedClears(_ body: String) async throws {
        var fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        fixture.configuration.validateUpdates = false   // the defence holds without the validator too
        try await fixture.withClient { client in
            do {
                try await client.update(leadId: 1, body: body)
                Issue.record("sent \(body)")
            } catch let error as LinerCallError {
                guard case let .invalidRequest(reason) = error.report.outcome else {
                    Issue.record("\(error.report.outcome)")
                    return
                }
                #expect(reason.contains("no clear asked for"))
                #expect(error.report.attempts.isEmpty)
            }
        }
        #expect(await fixture.simulator.requestLog().isEmpty, "nothing reached the server")
    }

    @Test("a clear that was asked for is sent")
    func sendsRequestedClears() async throws {
        let fixture = try await ClientFixture.start()
        defer { fixture.stopInBackground() }
        try await fixture.withClient { client in
            try await client.update(leadId: 1, body: #"{"name":"","customValues":{"10":null}}"#, clears: ["name", "customValues[10]"])
        }
        #expect(await fixture.simulator.requestLog().filter(\.applied).count == 1)
    }
}

/// Encodings that break the key's run (line-wrapped base64, hex with separators) or take other alphabets and widths
/// (base32, UTF-16): each failed before (the key stayed in the message, the journal and `enrich history`).
@Suite("SecretRedactor: wrapped, separated and wide encodings")
struct SecretRedactorWideEncodingTests {
    static let key = "test-key-ABC123xyz"

    /// The header block a debug page dumps, encoded.
    static let block = "Host: liner.example\r\nX-Api-Key: \(key)\r\nAccept: application/json\r\nUser-Agent: enrich"

    static func base64Wrapped(_ text: String, width: Int) -> String {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: width).map { start in
            let begin = encoded.index(encoded.startIndex, offsetBy: start)
            return String(encoded[begin..<(encoded.index(begin, offsetBy: width, limitedBy: encoded.endIndex) ?? encoded.endIndex)])
        }.joined(separator: "\r\n")
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = "", buffer: UInt32 = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | UInt32(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                out.append(alphabet[Int((buffer >> UInt32(bits)) & 31)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(5 - bits)) & 31)]) }
        return out + String(repeating: "=", count: (8 - out.count % 8) % 8)
    }

    static let cases: [(String, String)] = [
        ("MIME base64, 76 columns", base64Wrapped(block, width: 76)),
        ("base64 wrapped at 20 columns, LF", base64Wrapped(block, width: 20).replacingOccurrences(of: "\r\n", with: "\n")),
        ("hex pairs with spaces", block.utf8.map { String(format: "%02x", $0) }.joined(separator: " ")),
        ("hex pairs with colons", block.utf8.map { String(format: "%02X", $0) }.joined(separator: ":")),
        ("hexdump columns", stride(from: 0, to: block.utf8.count, by: 16).map { start in
            Array(block.utf8)[start..<min(start + 16, block.utf8.count)].map { String(format: "%02x", $0) }.joined(separator: " ")
        }.joined(separator: "\n")),
        ("0x-prefixed bytes", block.utf8.map { String(format: "0x%02x", $0) }.joined(separator: ", ")),
        ("base32", base32(Array(block.utf8))),
        ("base32 of the key alone", base32(Array(key.utf8))),
        ("UTF-16LE hex", block.utf16.map { String(format: "%02x%02x", $0 & 0xFF, $0 >> 8) }.joined()),
        ("UTF-16BE base64", Data(block.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }).base64EncodedString()),
        ("HTML references without semicolons", key.unicodeScalars.map { "&#x\(String($0.value, radix: 16))" }.joined()),
        // Transformed forms (a trial's leftovers): reversed, ROT13, case changed, and these inside an encoding.
        ("reversed", String(key.reversed())),
        ("ROT13", rot13(key)),
        ("ROT13 of the reversed key", rot13(String(key.reversed()))),
        ("upper case", key.uppercased()),
        ("lower case", key.lowercased()),
        ("base64 of the reversed header block", Data(String(block.reversed()).utf8).base64EncodedString()),
        ("hex of the ROT13 key", rot13(key).utf8.map { String(format: "%02x", $0) }.joined()),
        // A second trial's leftovers: transforms combined, characters slipped between the key's, full-width forms.
        ("reversed and upper case", String(key.reversed()).uppercased()),
        ("ROT13 and lower case", rot13(key).lowercased()),
        ("split over two lines", String(key.prefix(9)) + "\r\n" + String(key.dropFirst(9))),
        ("spaced out", key.map(String.init).joined(separator: " ")),
        ("zero-width spaces between the characters", key.map(String.init).joined(separator: "\u{200B}")),
        ("NUL between the characters", key.map(String.init).joined(separator: "\u{0}")),
        ("full-width", String(String.UnicodeScalarView(key.unicodeScalars.map { Unicode.Scalar($0.value + 0xFEE0)! }))),
    ]

    static func rot13(_ text: String) -> String {
        String(text.unicodeScalars.map { scalar -> Character in
            switch scalar {
            case "a"..."z": return Character(Unicode.Scalar((scalar.value - 97 + 13) % 26 + 97)!)
            case "A"..."Z": return Character(Unicode.Scalar((scalar.value - 65 + 13) % 26 + 65)!)
            default: return Character(scalar)
            }
        })
    }

    @Test("the encoded run is replaced whole, the text around it kept", arguments: cases)
    func redactsWholeRun(_ name: String, _ encoded: String) {
        let redactor = SecretRedactor(secret: Self.key)
        let text = "echo [\(encoded)] end"
        #expect(redactor.contains(text), "\(name): not found")
        #expect(redactor.redact(text) == "echo [\(SecretRedactor.placeholder)] end", "\(name)")
    }

    @Test("the same encodings of other text are left alone", arguments: cases)
    func leavesOtherKeys(_ name: String, _ encoded: String) {
        let redactor = SecretRedactor(secret: "another-key-QQ999")
        let text = "echo [\(encoded)] end"
        #expect(redactor.redact(text) == text, "\(name)")
    }
}
