import JSON

/// One field of a Liner lead, as ``LeadFields/all`` declares it: the single description that the rules
/// language (types, writability), the engine (reading leads, building patches) and the wire format
/// (update validation) derive from.
public struct LeadField: Sendable, Hashable, CustomStringConvertible {
    /// The field's name in Liner's JSON (`utcOffset`).
    public let name: String
    /// What values the field holds, and so how it is read, validated, cleared and compared.
    public let kind: Kind
    /// Its position in an update body (`POST /v2/lead/update/{leadId}/`), counting from 0; `nil` for the
    /// fields the update does not accept.
    public let wireOrder: Int?

    init(name: String, kind: Kind, wireOrder: Int?) {
        self.name = name
        self.kind = kind
        self.wireOrder = wireOrder
    }

    /// Whether `POST /v2/lead/update/{leadId}/` accepts the field.
    public var isUpdatable: Bool { wireOrder != nil }

    /// Whether rules write the field with `set`/`fill`/`clear`: every updatable field but the status,
    /// which rules change only by moving the lead to a status.
    public var isWritableByRules: Bool { isUpdatable && kind != .statusId }

    /// What an update sends to empty the field (both clear in Liner): `null` for numbers, `""` for text
    /// (for `customValues`, what one custom value is cleared with).
    public var clearValue: JSONValue {
        switch kind {
        case .id, .integer, .statusId, .utcOffset, .boolean: return .null
        case .text, .phone, .positiveIntegerString, .customValues: return .string("")
        }
    }

    public var description: String { name }
}

extension LeadField {
    /// What a field holds. Each kind has one reading rule, one validation and one clear value; adding a
    /// kind is a compile error in every consumer that must decide about it.
    public enum Kind: Sendable, Hashable, CaseIterable {
        /// The lead's id: a positive integer (read-only).
        case id
        /// A string.
        case text
        /// A string of E.164 digits, 10 to 15 of them, optionally after a `+` (see ``LeadFields/isE164Phone(_:)``).
        case phone
        /// An integer.
        case integer
        /// A lead status id: a positive integer; rules change it only by moving the lead to a status.
        case statusId
        /// Whole hours in ``LeadFields/utcOffsetRange``.
        case utcOffset
        /// A positive integer written as a string (Liner also returns it as a number).
        case positiveIntegerString
        /// `true` or `false` (read-only).
        case boolean
        /// An object from custom field ids (positive integers as strings) to values; an update touches only
        /// the keys it sends.
        case customValues
    }
}
