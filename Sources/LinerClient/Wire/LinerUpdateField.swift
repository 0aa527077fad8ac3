/// The fields that `POST /v2/lead/update/{leadId}/` accepts, and the type of each.
public enum LinerUpdateField: String, CaseIterable, Sendable, Hashable {
    case name
    case phone
    case sourceComment
    case externalIdBitrix24
    case externalIdAmo
    case externalIdMacro
    case externalIdDomoplaner
    case statusId
    case priority
    case utcOffset
    case telegramUserName
    case telegramPhone
    case vkId
    case instagramLogin
    case customValues

    /// What a field's value must be.
    public enum Kind: Sendable, Equatable {
        /// A string (or `null`/`""` to clear).
        case text
        /// A string of E.164 digits, 10 to 15 of them, optionally after a `+` (or `null`/`""` to clear).
        case phone
        /// An integer (or `null` to clear).
        case integer
        /// An integer in ``LinerUpdateField/utcOffsetRange`` (or `null` to clear).
        case utcOffset
        /// A string holding a positive integer (or `null`/`""` to clear).
        case positiveIntegerString
        /// An object whose keys are custom field ids (positive integers as strings); only the keys sent change.
        case customValues
    }

    /// The type rule of the field.
    public var kind: Kind {
        switch self {
        case .phone, .telegramPhone: return .phone
        case .statusId, .priority: return .integer
        case .utcOffset: return .utcOffset
        case .vkId: return .positiveIntegerString
        case .customValues: return .customValues
        case .name, .sourceComment, .externalIdBitrix24, .externalIdAmo, .externalIdMacro, .externalIdDomoplaner,
            .telegramUserName, .instagramLogin:
            return .text
        }
    }

    /// Whole-hour UTC offsets the API accepts.
    public static let utcOffsetRange = -12...14
}
