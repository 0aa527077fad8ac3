import LeadFields
import RulesLanguage

/// A Liner lead as the engine reads it: its id and its top-level JSON fields, as
/// `GET /v2/lead/detail/{id}/` returns them under `data` (other fields are kept and readable
/// with `lead["name"]` in rules).
///
/// A lead is `Codable`: it decodes from the JSON object of one lead (the `data` of Liner's lead
/// detail, a line of JSON Lines) with the same checks as ``init(json:)``, a failed check becoming a
/// `DecodingError.dataCorrupted` whose description is the ``LeadError``'s; it encodes back to an
/// object of its ``fields`` (members sorted by name). Decoding what it encoded gives an equal lead.
public struct Lead: Sendable, Equatable, Codable {
    /// The lead's id, > 0.
    public let id: Int
    /// Every top-level field of the input, by name.
    public let fields: [String: JSONValue]

    /// A lead from its fields, checked: `id` must be a positive integer and the known Liner fields
    /// must have their documented types (`null` is accepted for any of them).
    public init(fields: [String: JSONValue]) throws(LeadError) {
        guard let idValue = fields["id"] else { throw LeadError(leadId: nil, message: "the lead has no \"id\"") }
        let id: Int
        switch idValue {
        case let .int(value) where value > 0: id = value
        case let .string(text) where Int(text).map({ $0 > 0 }) == true: id = Int(text)!
        default: throw LeadError(leadId: nil, message: "\"id\" must be a positive integer, not \(JSONWriter.write(idValue))")
        }
        var checked = fields
        for (name, value) in fields {
            guard let expected = Lead.expectedTypes[name], value != .null else { continue }
            switch (expected, value) {
            case (.string, .string), (.int, .int), (.bool, .bool), (.object, .object): continue
            case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15: checked[name] = .int(Int(d))
            case (.bool, .int(let i)) where i == 0 || i == 1: checked[name] = .bool(i == 1)
            case (.stringOrInt, .string), (.stringOrInt, .int): continue
            // PHP writes an empty object as [].
            case (.object, .array(let elements)) where elements.isEmpty: checked[name] = .object([])
            default:
                throw LeadError(leadId: id, field: name, message: "field \"\(name)\" is \(value.typeName), expected \(expected.description)")
            }
        }
        self.id = id
        self.fields = checked
    }

    /// A lead from a JSON object (one line of JSON Lines, say).
    public init(json: JSONValue) throws(LeadError) {
        guard case let .object(members) = json else {
            throw LeadError(leadId: nil, message: "a lead must be a JSON object, not \(json.typeName)")
        }
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(members.count)
        for (key, value) in members { fields[key] = value }
        try self.init(fields: fields)
    }

    /// Decodes the JSON object of one lead and checks it as ``init(json:)`` does.
    /// - Throws: `DecodingError.dataCorrupted` (its debug description is the ``LeadError``'s, whose
    ///   ``LeadError`` is the underlying error) when the lead does not pass the checks.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        do {
            try self.init(json: json)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description,
                                                    underlyingError: error))
        }
    }

    /// Encodes the lead as a JSON object of its fields, sorted by name.
    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(fields.sorted { $0.key < $1.key }).encode(to: encoder)
    }

    /// A top-level field, or `nil` when absent.
    public subscript(field: String) -> JSONValue? { fields[field] }

    enum Expected: CustomStringConvertible {
        case string, int, bool, object, stringOrInt

        /// How a field of `kind` is read; `nil` for the id.
        init?(_ kind: LeadField.Kind) {
            switch kind {
            case .id: return nil
            case .text, .phone: self = .string
            case .integer, .statusId, .utcOffset: self = .int
            case .boolean: self = .bool
            case .positiveIntegerString: self = .stringOrInt
            case .customValues: self = .object
            }
        }
        var description: String {
            switch self {
            case .string: return "a string"
            case .int: return "an integer"
            case .bool: return "a boolean"
            case .object: return "an object"
            case .stringOrInt: return "a string or an integer"
            }
        }
    }

    /// The JSON type a lead read from Liner holds in each known field (`LeadFields.all`); `id` is
    /// checked on its own.
    static let expectedTypes: [String: Expected] = {
        var types: [String: Expected] = [:]
        for field in LeadFields.all {
            if let expected = Expected(field.kind) { types[field.name] = expected }
        }
        return types
    }()
}

/// A problem with one lead: bad input, a rule that failed on it, or a value the API would refuse.
///
/// Encoded (as part of an ``Evaluation``) as `{"leadId", "rule", "location", "field", "message"}`,
/// members that are `nil` left out; `location` is `{"path", "line", "column"}`.
public struct LeadError: Error, Sendable, Equatable, CustomStringConvertible, Encodable {
    /// The lead's id when it is known.
    public var leadId: Int?
    /// The rule or table involved.
    public var rule: String?
    /// Where the rule or table (or the action involved) is declared; its description is `path:line:column`.
    public var location: SourceLocation?
    /// The field involved.
    public var field: String?
    public var message: String

    public init(leadId: Int?, rule: String? = nil, location: SourceLocation? = nil, field: String? = nil, message: String) {
        self.leadId = leadId
        self.rule = rule
        self.location = location
        self.field = field
        self.message = message
    }

    public var description: String {
        var text = leadId.map { "lead \($0): " } ?? ""
        if let rule { text += "rule \"\(rule)\"" + (location.map { " (\($0))" } ?? "") + ": " }
        return text + message
    }
}
