import JSON
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
///
/// A lead read from text with ``init(checkedText:)`` keeps the text and decodes a field only when it is read
/// (the engine reads a few of a lead's fields); it is equal to the lead ``init(fields:)`` makes of the same text.
public struct Lead: Sendable, Equatable, Codable {
    /// The lead's id, > 0.
    public let id: Int
    /// The fields, decoded or still in the text.
    let storage: Storage
    /// Where a lead read from text keeps its memory, for ``prefetch()`` (none for decoded fields).
    @usableFromInline let memory: MemoryHint

    enum Storage: Sendable {
        case fields([String: JSONValue])
        case text(LeadText)
    }

    /// Every top-level field of the input, by name. (A lead read with ``init(checkedText:)`` decodes them all
    /// here: read one field with ``subscript(_:)``.)
    public var fields: [String: JSONValue] {
        switch storage {
        case let .fields(fields): return fields
        case let .text(text): return text.allFields()
        }
    }

    /// A top-level field, or `nil` when absent.
    public subscript(field: String) -> JSONValue? {
        switch storage {
        case let .fields(fields): return fields[field]
        case let .text(text): return text.value(of: field)
        }
    }

    /// Leads are equal when their ids and fields are, however they were read.
    public static func == (lhs: Lead, rhs: Lead) -> Bool {
        lhs.id == rhs.id && lhs.fields == rhs.fields
    }

    /// A lead from its fields, checked: `id` must be a positive integer and the known Liner fields
    /// must have their documented types (`null` is accepted for any of them). Of several fields of the wrong
    /// type, the error names the first by name (the same whatever order the dictionary holds them in).
    public init(fields: [String: JSONValue]) throws(LeadError) {
        guard let idValue = fields["id"] else { throw LeadError(leadId: nil, message: "the lead has no \"id\"") }
        let id: Int
        switch LeadIdReading.read(idValue) {
        case let .success(value): id = value
        case let .failure(problem): throw LeadError(leadId: nil, message: "\"id\" must be \(problem.expectation), not \(problem.found)")
        }
        var checked = fields
        var wrong: (name: String, value: JSONValue, expected: Expected)?
        for (name, value) in fields {
            if case .null = value { continue }
            guard let expected = Lead.expectedTypeTable.expected(name) else { continue }
            switch (expected, value) {
            case (.string, .string), (.int, .int), (.bool, .bool), (.object, .object): continue
            case (.int, .double(let d)) where d == d.rounded() && abs(d) < 1e15: checked[name] = .int(Int(d))
            case (.bool, .int(let i)) where i == 0 || i == 1: checked[name] = .bool(i == 1)
            case (.stringOrInt, .string), (.stringOrInt, .int): continue
            // PHP writes an empty object as [].
            case (.object, .array(let elements)) where elements.isEmpty: checked[name] = .object([])
            default:
                if wrong.map({ name < $0.name }) ?? true { wrong = (name, value, expected) }
            }
        }
        if let (name, value, expected) = wrong {
            throw LeadError(leadId: id, field: name, message: "field \"\(name)\" is \(value.typeName), expected \(expected.description)")
        }
        // A custom value given twice is as unclear as a field given twice (Liner keeps one of them; rules would read
        // the other).
        if case let .object(custom)? = checked[LeadFields.customValues], let key = Self.firstRepeatedName(custom) {
            throw LeadError(leadId: id, field: "customValues[\(key)]", message: Self.repeatedMemberMessage("customValues.\(key)"))
        }
        self.id = id
        self.storage = .fields(checked)
        self.memory = MemoryHint()
    }

    /// A lead from a JSON object (one line of JSON Lines, say). An object that gives a member twice is refused
    /// (``repeatedMemberMessage(_:)``).
    public init(json: JSONValue) throws(LeadError) {
        guard case let .object(members) = json else {
            throw LeadError(leadId: nil, message: "a lead must be a JSON object, not \(json.typeName)")
        }
        switch JSONMembers(members: members) {
        case let .object(fields):
            try self.init(fields: fields)
        case let .repeatedName(key):
            let id = key == "id" ? nil : members.first { $0.0 == "id" }?.1.intValue
            throw LeadError(leadId: id, field: key, message: Self.repeatedMemberMessage(key))
        case .other:
            preconditionFailure("JSONMembers(members:) makes an object or names a repeated member")
        }
    }

    /// The first name of `members` that an earlier member has too, or `nil`.
    static func firstRepeatedName(_ members: [(String, JSONValue)]) -> String? {
        guard members.count > 1 else { return nil }
        var seen = Set<String>(minimumCapacity: members.count)
        for (name, _) in members where !seen.insert(name).inserted { return name }
        return nil
    }

    /// Why a lead object that gives member `name` twice is not read: which value is meant is unclear (of two `id`s,
    /// which lead), and taking either would write or compare the other one's field. Every reader of leads says it so.
    public static func repeatedMemberMessage(_ name: String) -> String {
        "member \"\(name)\" is given twice: which value is meant is unclear, so the lead is not read"
    }

    /// Decodes the JSON object of one lead and checks it as ``init(json:)`` does.
    ///
    /// A decoder hands over one value per member name: of a member given twice, `JSONDecoder` keeps one without
    /// saying so, and this cannot refuse the lead. Read lead bytes with `Lead(json: JSONParser.parse(bytes:))`
    /// where that matters (a service taking leads from others).
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

    /// ``expectedTypes`` for reading a lead: each of its fields is looked up, and hashing the name (the fields
    /// dictionary hashed it already) cost more than the rest of the check.
    static let expectedTypeTable = ExpectedTypeTable(expectedTypes)

    /// The expected types by name in a small open-addressed table keyed by a name's length and its first and
    /// last bytes; the name found there is compared in full.
    struct ExpectedTypeTable {
        private var names: [[UInt8]?]
        private var types: [Expected?]
        private static let slotCount = 128

        init(_ types: [String: Expected]) {
            names = Array(repeating: nil, count: Self.slotCount)
            self.types = Array(repeating: nil, count: Self.slotCount)
            for (name, expected) in types {
                let bytes = Array(name.utf8)
                var slot = bytes.withUnsafeBufferPointer { Self.slot($0) }
                while names[slot] != nil { slot = (slot + 1) & (Self.slotCount - 1) }
                names[slot] = bytes
                self.types[slot] = expected
            }
        }

        private static func slot(_ name: UnsafeBufferPointer<UInt8>) -> Int {
            guard let first = name.first, let last = name.last else { return 0 }
            return (name.count &* 37 &+ Int(first) &* 7 &+ Int(last)) & (slotCount - 1)
        }

        private static func same(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
            for index in 0..<a.count where a[index] != b[index] { return false }
            return true
        }

        /// The expected type of the field named `name`, or `nil` for the id and for names Liner does not have.
        func expected(_ name: String) -> Expected? {
            var name = name
            return name.withUTF8(expected(bytes:))
        }

        /// ``expected(_:)`` of a name given as UTF-8.
        func expected(bytes: UnsafeBufferPointer<UInt8>) -> Expected? {
            var slot = Self.slot(bytes)
            while let candidate = names[slot] {
                if candidate.count == bytes.count, candidate.withUnsafeBufferPointer({ Self.same($0, bytes) }) { return types[slot] }
                slot = (slot + 1) & (Self.slotCount - 1)
            }
            return nil
        }
    }
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
