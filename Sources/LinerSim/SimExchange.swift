import LinerWire

/// A request as the simulator's logic sees it (independent of the HTTP server).
struct SimRequest: Sendable {
    var method: String
    var path: String
    var query: [(name: String, value: String)]
    /// The `X-Api-Key` header, if sent.
    var apiKey: String?
    var contentType: String?
    var body: [UInt8]
    /// Every request header as sent (for ``SimHostility/echoHeaders`` only; never logged).
    var headers: [(String, String)] = []

    /// The path and the query rebuilt for the log.
    var target: String {
        guard !query.isEmpty else { return path }
        return path + "?" + query.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
    }
}

/// What the simulator does with a request.
enum SimReply: Sendable, Equatable {
    /// Send a response whose body is a Liner envelope.
    case respond(status: Int, headers: [String: String], envelope: LinerEnvelope)
    /// Close the connection without a response.
    case drop
    /// Send a response whose body is this text as it is (what a `JSONValue` cannot express).
    case raw(status: Int, body: String)

    var status: Int? {
        if case let .respond(status, _, _) = self { return status }
        if case let .raw(status, _) = self { return status }
        return nil
    }

    static func failure(_ status: Int, _ message: String, headers: [String: String] = [:]) -> SimReply {
        .respond(status: status, headers: headers, envelope: .failure(message))
    }

    static func ok(_ data: JSONValue) -> SimReply {
        .respond(status: 200, headers: [:], envelope: .ok(data))
    }
}
