import Foundation
import LeadEngine
import LeadStream
import RulesLanguage

/// A parsed `POST /v1/evaluate` request: one lead, or a batch (`{"leads": [...]}`), and its query options.
public struct EvaluationRequest: Sendable {
    public enum Body: Sendable {
        case single(JSONValue)
        case batch([JSONValue])
    }

    public var body: Body
    /// `?now=`: the reference time (default: when the request came).
    public var now: Date
    /// `?explain=true`: add each lead's trace.
    public var explain: Bool

    /// Reads `bytes` and the query items, or says what is wrong (``RequestProblem``, a 4xx answer).
    public static func parse(_ bytes: [UInt8], query: [String: String], maxBatch: Int, receivedAt: Date) -> Result<EvaluationRequest, RequestProblem> {
        var explain = false
        if let text = query["explain"] {
            switch text.lowercased() {
            case "true", "1", "yes": explain = true
            case "false", "0", "no", "": explain = false
            default: return .failure(RequestProblem(status: 400, "query parameter explain must be true or false, not \"\(text)\""))
            }
        }
        var now = receivedAt
        if let text = query["now"] {
            guard let date = Checker.parseISO8601(text) else {
                return .failure(RequestProblem(status: 400, "query parameter now must be an ISO 8601 time such as 2026-03-01T09:00:00Z, not \"\(text)\""))
            }
            now = date
        }
        if let encoding = TextEncodingSniffer.unsupportedEncoding(Array(bytes.prefix(4))) {
            return .failure(RequestProblem(status: 400, "the body is \(encoding), not UTF-8: send it as UTF-8"))
        }
        // A UTF-8 byte order mark (some editors and Windows tools write one) is dropped, as `enrich run` drops it;
        // positions are then counted from after it.
        let mark = bytes.starts(with: TextEncodingSniffer.utf8ByteOrderMark) ? TextEncodingSniffer.utf8ByteOrderMark.count : 0
        let text = mark == 0 ? bytes : Array(bytes[mark...])
        let value: JSONValue
        do { value = try JSONParser.parse(bytes: text) } catch {
            let position = TextPosition(offset: error.offset, in: text)
            return .failure(RequestProblem(
                status: 400, "malformed JSON at line \(position.line), column \(position.column) (byte \(error.offset + mark + 1)): \(error.message)",
                position: position))
        }
        guard case let .object(members) = value else {
            return .failure(RequestProblem(status: 400, "the body must be a JSON object (a lead, or {\"leads\": [...]}), not \(value.typeName)"))
        }
        guard let leads = value["leads"] else {
            // A lead giving a member twice is refused as a lead (422), like every reader refuses it.
            return .success(EvaluationRequest(body: .single(value), now: now, explain: explain))
        }
        if case let .repeatedName(name) = JSONMembers(members: members) {
            return .failure(RequestProblem(status: 400, "the request gives member \"\(name)\" twice: which one is meant is unclear, so nothing is evaluated"))
        }
        guard case let .array(elements) = leads else {
            return .failure(RequestProblem(status: 400, "\"leads\" must be an array of lead objects, not \(leads.typeName)"))
        }
        guard elements.count <= maxBatch else {
            return .failure(RequestProblem(status: 413, "the batch holds \(elements.count) leads; at most \(maxBatch) are taken (--max-batch)"))
        }
        return .success(EvaluationRequest(body: .batch(elements), now: now, explain: explain))
    }
}

/// A request refused before evaluation: its HTTP status and why, with the position in the body for malformed JSON.
public struct RequestProblem: Error, Sendable, Equatable {
    public var status: Int
    public var message: String
    public var position: TextPosition?

    public init(status: Int, _ message: String, position: TextPosition? = nil) {
        self.status = status
        self.message = message
        self.position = position
    }

    /// `{"error": message, "line": L, "column": C, "offset": B}` (the position members only for malformed JSON).
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [("error", .string(message))]
        if let position {
            members += [("line", .int(position.line)), ("column", .int(position.column)), ("offset", .int(position.offset))]
        }
        return .object(members)
    }
}

/// A place in a request body: 1-based line and column (in characters, not bytes), and the 0-based byte offset.
public struct TextPosition: Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var offset: Int

    /// The line and column of byte `offset` of `bytes` (an offset past the end names the end).
    public init(offset: Int, in bytes: [UInt8]) {
        let end = min(max(0, offset), bytes.count)
        var line = 1
        var column = 1
        for byte in bytes[..<end] {
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1   // continuation bytes of a UTF-8 character do not count
            }
        }
        self.line = line
        self.column = column
        self.offset = offset
    }
}
