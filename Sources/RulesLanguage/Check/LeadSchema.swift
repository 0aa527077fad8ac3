/// What the rules language knows about a Liner lead's fields: their types and whether Liner's
/// `POST /v2/lead/update/{leadId}/` accepts them.
public enum LeadSchema {
    /// How a field's value is validated before it goes into a patch.
    public enum Validation: Sendable, Equatable {
        case none
        /// E.164 digits: 10 to 15 digits, `+` optional.
        case phone
        /// Whole hours, -12...14.
        case utcOffset
        /// A positive integer written as a string.
        case positiveIntegerString
        /// A positive integer.
        case positiveInteger
    }

    /// A field of a Liner lead.
    public struct Field: Sendable, Equatable {
        public var name: String
        public var type: ValueType
        /// Whether the lead update accepts it (`statusId` is written only through `move`).
        public var writable: Bool
        public var validation: Validation
    }

    /// Every field of a lead as `GET /v2/lead/detail/{id}/` returns it.
    public static let fields: [String: Field] = {
        var fields: [String: Field] = [:]
        func add(_ name: String, _ type: ValueType, writable: Bool, _ validation: Validation = .none) {
            fields[name] = Field(name: name, type: type, writable: writable, validation: validation)
        }
        add("id", .int, writable: false)
        add("name", .string, writable: true)
        add("phone", .string, writable: true, .phone)
        add("sourceComment", .string, writable: true)
        add("ip", .string, writable: false)
        for crm in ["Bitrix24", "Amo", "Macro", "Domoplaner"] { add("externalId" + crm, .string, writable: true) }
        add("statusId", .int, writable: false, .positiveInteger)
        add("leadType", .string, writable: false)
        add("createMethod", .string, writable: false)
        add("isSecondary", .bool, writable: false)
        add("planningCallDateTime", .string, writable: false)
        add("priority", .int, writable: true)
        add("utcOffset", .int, writable: true, .utcOffset)
        add("createdAt", .string, writable: false)
        add("updatedAt", .string, writable: false)
        add("orderId", .int, writable: false)
        add("orderCode", .string, writable: false)
        add("vkId", .string, writable: true, .positiveIntegerString)
        add("instagramLogin", .string, writable: true)
        add("telegramUserName", .string, writable: true)
        add("telegramPhone", .string, writable: true, .phone)
        add("customValues", .any, writable: true)
        return fields
    }()

    /// The pseudo-field holding the code of the lead's status (resolved from `statusId`).
    public static let statusPseudoField = "status"
    /// The field whose entries are addressed as `customValues[ID]`.
    public static let customValues = "customValues"

    /// The custom field id of a field key `customValues[12]`, or `nil` for any other key.
    public static func customValueId(of key: String) -> Int? {
        let prefix = customValues + "["
        guard key.hasPrefix(prefix), key.hasSuffix("]") else { return nil }
        return Int(key.dropFirst(prefix.count).dropLast())
    }
    /// The name through which any other top-level field of the input lead is read: `lead["x"]`.
    public static let rawLead = "lead"
}

/// The static type of a value in the rules language.
public enum ValueType: Sendable, Equatable, CustomStringConvertible {
    case string, int, decimal, bool, null
    /// An IANA time zone, turned into whole hours when written to utcOffset.
    case zone
    /// A status code (`new`), valid only in comparisons with `status`.
    case statusCode
    /// The `status` pseudo-field.
    case status
    case list
    /// Known only at run time (a JSON value, a custom value, a raw lead field).
    case any

    public var description: String {
        switch self {
        case .string: return "a string"
        case .int: return "an integer"
        case .decimal: return "a decimal number"
        case .bool: return "true/false"
        case .null: return "null"
        case .zone: return "a time zone"
        case .statusCode: return "a status code"
        case .status: return "a status"
        case .list: return "a list"
        case .any: return "a value known at run time"
        }
    }

    var isNumeric: Bool { self == .int || self == .decimal }
}
