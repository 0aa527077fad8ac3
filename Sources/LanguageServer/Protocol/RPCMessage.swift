import JSON

/// A JSON-RPC 2.0 message as the server receives it.
public enum RPCMessage: Sendable, Equatable {
    /// A call that wants an answer (`id` is a number or a string, kept as sent).
    case request(id: JSONValue, method: String, params: JSONValue?)
    /// A call that wants none.
    case notification(method: String, params: JSONValue?)
    /// An answer to a request of the server's (the server sends none that need one; ignored).
    case response(id: JSONValue)

    /// Reads a message body; a failure carries the error answer to send (with `id` when one could be read).
    public static func parse(_ body: [UInt8]) -> Result<RPCMessage, RPCError> {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: body)
        } catch {
            return .failure(RPCError(.parseError, "the message is not JSON: \(error)"))
        }
        return read(value)
    }

    /// Reads a parsed message.
    public static func read(_ value: JSONValue) -> Result<RPCMessage, RPCError> {
        guard case .object = value else { return .failure(RPCError(.invalidRequest, "a message must be a JSON object")) }
        let id = value["id"]
        if let id, !Self.isValidId(id) {
            return .failure(RPCError(.invalidRequest, "an id must be a number or a string"))
        }
        guard value["jsonrpc"]?.stringValue == "2.0" else {
            return .failure(RPCError(.invalidRequest, "the message must have \"jsonrpc\": \"2.0\"", id: id))
        }
        // `"params": null` is read as no params (some clients send it for `shutdown`).
        let params = value["params"].flatMap { $0 == .null ? nil : $0 }
        if let params {
            switch params {
            case .object, .array: break
            default: return .failure(RPCError(.invalidRequest, "params must be an object or an array", id: id))
            }
        }
        guard let methodValue = value["method"] else {
            if let id, value["result"] != nil || value["error"] != nil { return .success(.response(id: id)) }
            return .failure(RPCError(.invalidRequest, "a message must name a method", id: id))
        }
        guard let method = methodValue.stringValue else {
            return .failure(RPCError(.invalidRequest, "method must be a string", id: id))
        }
        if let id { return .success(.request(id: id, method: method, params: params)) }
        return .success(.notification(method: method, params: params))
    }

    static func isValidId(_ id: JSONValue) -> Bool {
        switch id {
        case .int, .string: return true
        default: return false
        }
    }
}

/// An error answer: a JSON-RPC error code, a message, and the id of the request it answers (`null` when the
/// request could not be read).
public struct RPCError: Error, Sendable, Equatable {
    public enum Code: Int, Sendable {
        case parseError = -32700
        case invalidRequest = -32600
        case methodNotFound = -32601
        case invalidParams = -32602
        case internalError = -32603
        case serverNotInitialized = -32002
        case requestFailed = -32803
    }

    public var code: Code
    public var message: String
    public var id: JSONValue?

    public init(_ code: Code, _ message: String, id: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.id = id
    }

    /// The error answer as JSON.
    public var response: JSONValue {
        .object([
            ("jsonrpc", "2.0"), ("id", id ?? .null),
            ("error", .object([("code", .int(code.rawValue)), ("message", .string(message))])),
        ])
    }
}

/// Builders of outgoing messages.
public enum RPCOutgoing {
    /// The answer to request `id`.
    public static func result(_ id: JSONValue, _ result: JSONValue) -> JSONValue {
        .object([("jsonrpc", "2.0"), ("id", id), ("result", result)])
    }

    /// A notification from the server.
    public static func notification(_ method: String, _ params: JSONValue) -> JSONValue {
        .object([("jsonrpc", "2.0"), ("method", .string(method)), ("params", params)])
    }
}
