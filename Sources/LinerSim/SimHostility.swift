import FlyingFox
import FlyingSocks
import Foundation
import LinerWire

/// Ways the simulator can misbehave like a hostile or broken server, to show what a client does then.
///
/// Unlike ``FaultRates`` (random, per request, transient), these are deterministic and lasting: every request
/// they concern gets them.
public struct SimHostility: Sendable, Equatable {
    /// Send every response body one byte at a time, this long apart (headers at once): a body that never
    /// finishes within any sane timeout. `nil`: bodies are sent whole.
    public var dripInterval: Duration?
    /// Drip only the answers to these paths (trailing `/` ignored; e.g. `/v2/lead` for the list); `nil`: all.
    public var dripPaths: Set<String>?
    /// The lead list ignores `offset`: every page is the first page.
    public var repeatPages = false
    /// The lead list ignores the `createdAt[0]`/`createdAt[1]` window: every lead matches.
    public var ignoreWindow = false
    /// The lead list never ends: past the real leads it serves full pages of made-up ones, with new ids.
    public var endlessPages = false
    /// Every answer's `message` echoes the request headers (the API key among them), encoded the ways servers
    /// do: PHP's `json_encode` (`\/`), every character as `\uXXXX`, percent-encoded, base64 and hex.
    public var echoHeaders = false
    /// Every answer's `message` carries terminal escape sequences, CR/LF that forge log lines, NUL, a
    /// bidirectional override, and 100 KB of padding.
    public var controlCharacters = false
    /// The first list page also holds elements that are not leads: ids 0, negative, a string, a float, beyond
    /// 64 bits, `null`, missing; a string element; and a lead nested deeper than any parser's limit.
    public var malformedLeads = false
    /// After this many applied updates, the key is refused (401) on every request: a key revoked mid-run.
    public var revokeKeyAfterUpdates: Int?
    /// Updates of these leads are always answered with the given status (e.g. 500: a lead whose update keeps
    /// failing; 404; 422).
    public var failingLeads: [Int: Int] = [:]
    /// Every update waits this long before it is handled (and applied); reads are answered at once: an update
    /// lands after a lead list read that was asked later. `nil`: no wait.
    public var updateDelay: Duration?
    /// Lead detail answers with another lead: asked for lead N, it sends the next lead's data (the last lead's
    /// detail sends the one before it). A cache or a load balancer mixing up answers.
    public var detailOfAnotherLead = false
    /// The lead list's elements leave these members out (the detail answer still has them): an element that
    /// does not say a field is empty, it says nothing about it.
    public var listLeavesOut: Set<String> = []
    /// The lead detail leaves these members out too (Liner's detail shows every field, `null` when empty): a client
    /// that reads the missing field as empty would `fill` over a value it never saw.
    public var detailLeavesOut: Set<String> = []
    /// Once the first list page has been served, the first lead of the whole list is deleted: every later
    /// offset shifts by one, and a reader that trusts offsets skips a lead.
    public var deleteFirstLeadAfterFirstPage = false
    /// The reference lists (statuses, custom fields) echo the request's API key: in a status's title and in a
    /// custom field's code and title.
    public var referenceListsEchoKey = false

    public init() {}

    /// Whether anything is switched on.
    public var isEmpty: Bool { self == SimHostility() }

    /// The malformed elements of ``malformedLeads``, as raw JSON text (some cannot be a `JSONValue`).
    static let malformedElements: [String] = [
        #"{"id":0,"name":"id zero","phone":"+74951234567"}"#,
        #"{"id":-5,"name":"negative id"}"#,
        #"{"id":"12","name":"id as a string"}"#,
        #"{"id":1.5,"name":"float id"}"#,
        #"{"id":18446744073709551617,"name":"id beyond 64 bits"}"#,
        #"{"id":null,"name":"null id"}"#,
        #"{"name":"no id at all"}"#,
        #""not a lead""#,
        #"{"id":990001,"name":"deep","sourceComment":"x","extra":"# + String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "}",
    ]

    /// How many elements ``malformedLeads`` puts at the head of the list.
    public static var malformedElementCount: Int { malformedElements.count }

    /// Text echoing `headers` the ways a server may (see ``echoHeaders``).
    static func echo(_ headers: [(String, String)]) -> String {
        let plain = headers.map { "\($0.0): \($0.1)" }.joined(separator: "\r\n")
        func php(_ text: String) -> String {
            var out = ""
            for scalar in text.unicodeScalars {
                switch scalar {
                case "/": out += "\\/"
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\r": out += "\\r"
                case "\n": out += "\\n"
                default: out.unicodeScalars.append(scalar)
                }
            }
            return out
        }
        let unicode = plain.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined()
        var percent = ""
        for byte in plain.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isLetter || c.isNumber, byte < 0x80 { percent.append(c) } else { percent += String(format: "%%%02X", byte) }
        }
        let base64 = Data(plain.utf8).base64EncodedString()
        let hex = plain.utf8.map { String(format: "%02x", $0) }.joined()
        return "request headers: {\"php\":\"\(php(plain))\",\"unicode\":\"\(unicode)\",\"percent\":\"\(percent)\","
            + "\"base64\":\"\(base64)\",\"hex\":\"\(hex)\"}"
    }

    /// The message of ``controlCharacters``.
    static let hostileMessage = "\u{1B}[2J\u{1B}[1;31mALERT\u{1B}[0m\r\nenrich: run 1 succeeded, 0 failed\n\u{0}\u{7}"
        + "\u{202E}gnp.exe\u{202C} \u{85}\u{2028}" + String(repeating: "A", count: 100_000)
}

/// A response body sent one byte at a time.
struct DripBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]
    let interval: Duration

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes, interval: interval) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let bytes: [UInt8]
        let interval: Duration
        var index = 0

        mutating func next() async throws -> UInt8? {
            try await nextBuffer(suggested: 1)?.first
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard index < bytes.count else { return nil }
            if index > 0 { try await Task.sleep(for: interval) }
            defer { index += 1 }
            return [bytes[index]]
        }
    }
}
