import LeadFields

/// What the rules language knows about a Liner lead's fields: their types and whether Liner's
/// `POST /v2/lead/update/{leadId}/` accepts them.
public enum LeadSchema {
    /// How a field's value is validated before it goes into a patch.
    public enum Validation: Sendable, Equatable {
        case none
        /// E.164 digits: 10 to 15 digits, `+` optional (`LeadFields.isE164Phone(_:)`).
        case phone
        /// Whole hours in `LeadFields.utcOffsetRange`.
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
        /// Whether rules write it (`statusId` is written only through `move`).
        public var writable: Bool
        public var validation: Validation

        /// The language's view of one of Liner's fields.
        init(_ field: LeadField) {
            name = field.name
            writable = field.isWritableByRules
            switch field.kind {
            case .text: (type, validation) = (.string, .none)
            case .phone: (type, validation) = (.string, .phone)
            case .positiveIntegerString: (type, validation) = (.string, .positiveIntegerString)
            case .id, .integer: (type, validation) = (.int, .none)
            case .statusId: (type, validation) = (.int, .positiveInteger)
            case .utcOffset: (type, validation) = (.int, .utcOffset)
            case .boolean: (type, validation) = (.bool, .none)
            case .customValues: (type, validation) = (.any, .none)
            }
        }
    }

    /// Every field of a lead as `GET /v2/lead/detail/{id}/` returns it, derived from `LeadFields.all`.
    public static let fields: [String: Field] = Dictionary(uniqueKeysWithValues: LeadFields.all.map { ($0.name, Field($0)) })

    /// The writable fields' names in update-body order (for suggestions).
    static let writableNames: [String] = LeadFields.updatable.filter(\.isWritableByRules).map(\.name)

    /// The pseudo-field holding the code of the lead's status (resolved from `statusId`).
    public static let statusPseudoField = "status"
    /// The field whose entries are addressed as `customValues[ID]`.
    public static let customValues = LeadFields.customValues

    /// The custom field id of a field key `customValues[12]`, or `nil` for any other key.
    public static func customValueId(of key: String) -> Int? { LeadFields.customValueId(of: key) }
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
