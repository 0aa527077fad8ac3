/// The body of every Liner response: `{"success": bool, "message": string, "data": ...}`.
///
/// `message` is empty unless `success` is false.
public struct LinerEnvelope: Sendable, Equatable {
    public var success: Bool
    public var message: String
    public var data: JSONValue

    public init(success: Bool, message: String = "", data: JSONValue = .array([])) {
        self.success = success
        self.message = message
        self.data = data
    }

    /// A successful envelope carrying `data`.
    public static func ok(_ data: JSONValue) -> LinerEnvelope { LinerEnvelope(success: true, message: "", data: data) }

    /// A failed envelope carrying `message` and `data: null`.
    public static func failure(_ message: String) -> LinerEnvelope {
        LinerEnvelope(success: false, message: message, data: .null)
    }

    /// The envelope as a JSON object, keys in the documented order.
    public var json: JSONValue {
        .object([("success", .bool(success)), ("message", .string(message)), ("data", data)])
    }

    /// Compact JSON text of the envelope.
    public var jsonText: String { json.jsonText }

    /// The first of `success`, `message`, `data` that `names` (a body's top-level member names) gives more than once:
    /// a body saying `"success": false` and `"success": true` is not an answer (parsers differ on which counts).
    static func repeatedMember(_ names: [String]) -> String? {
        var seen: Set<String> = []
        for name in names where name == "success" || name == "message" || name == "data" {
            if !seen.insert(name).inserted { return name }
        }
        return nil
    }

    /// Reads an envelope from a response body.
    ///
    /// `success` must be a boolean; a missing `message` reads as `""` and a missing `data` as `null`.
    public static func decode(_ bytes: some Collection<UInt8>) throws(LinerEnvelopeError) -> LinerEnvelope {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: bytes)
        } catch {
            throw LinerEnvelopeError(message: "invalid JSON: \(error)")
        }
        guard case let .object(members) = value else { throw LinerEnvelopeError(message: "the body is \(value.preciseTypeName), not an object") }
        if let repeated = repeatedMember(members.map(\.0)) {
            throw LinerEnvelopeError(message: "the body gives \"\(repeated)\" twice (which one counts is not known)")
        }
        guard let success = value["success"]?.boolValue else {
            throw LinerEnvelopeError(message: "the body has no boolean \"success\"")
        }
        let message: String
        switch value["message"] {
        case nil, .null?: message = ""
        case let .string(text)?: message = text
        case let other?: message = other.jsonText
        }
        return LinerEnvelope(success: success, message: message, data: value["data"] ?? .null)
    }
}

/// A response body that is not a Liner envelope.
public struct LinerEnvelopeError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { "not a Liner response envelope: \(message)" }
}
