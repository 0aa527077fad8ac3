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
