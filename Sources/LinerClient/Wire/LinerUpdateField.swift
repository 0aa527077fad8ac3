import LeadFields

/// A field that `POST /v2/lead/update/{leadId}/` accepts: one of ``LeadFields/updatable``.
public struct LinerUpdateField: RawRepresentable, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    /// The field as the lead fields' table declares it.
    public let field: LeadField

    /// The updatable field named `rawValue`, or `nil` for a name the update does not accept.
    public init?(rawValue: String) {
        guard let field = LeadFields.named(rawValue), field.isUpdatable else { return nil }
        self.field = field
    }

    /// The field's name in the body.
    public var rawValue: String { field.name }

    /// The type rule of the field.
    public var kind: LeadField.Kind { field.kind }

    public var description: String { field.name }

    /// Every updatable field, in update-body order.
    public static let allCases: [LinerUpdateField] = LeadFields.updatable.map { LinerUpdateField(rawValue: $0.name)! }

    /// Whole-hour UTC offsets the API accepts (``LeadFields/utcOffsetRange``).
    public static var utcOffsetRange: ClosedRange<Int> { LeadFields.utcOffsetRange }
}
