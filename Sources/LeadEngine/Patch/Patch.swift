/// The body of `POST /v2/lead/update/{leadId}/`: only the fields whose value changes.
///
/// Fields come in a fixed order (the order of Liner's documentation), `customValues` keys in
/// numeric order, so the same patch always encodes to the same bytes.
public struct Patch: Sendable, Equatable {
    /// Top-level fields in encoding order; `customValues` is an object of the changed keys only.
    public private(set) var fields: [(String, JSONValue)]

    public init() {
        fields = []
    }

    /// The order in which top-level fields are written.
    public static let fieldOrder = [
        "name", "phone", "sourceComment", "externalIdBitrix24", "externalIdAmo", "externalIdMacro",
        "externalIdDomoplaner", "statusId", "priority", "utcOffset", "telegramUserName", "telegramPhone",
        "vkId", "instagramLogin", "customValues",
    ]

    /// A patch from changes already in encoding order (see ``orderKey(_:)``).
    init(orderedChanges: [FieldChange]) {
        fields = []
        var custom: [(String, JSONValue)] = []
        for change in orderedChanges {
            if let id = Patch.customValueId(change.field) {
                custom.append((String(id), change.new))
            } else {
                fields.append((change.field, change.new))
            }
        }
        if !custom.isEmpty { fields.append(("customValues", .object(custom))) }
    }

    /// Where a field key sorts in the encoded patch: documented field order, custom values last by id.
    static func orderKey(_ key: String) -> Int {
        if let id = customValueId(key) { return fieldOrder.count * 1_000_000_000 + id }
        return (fieldOrder.firstIndex(of: key) ?? fieldOrder.count - 1) * 1_000_000_000
    }

    /// The id in a `customValues[ID]` key.
    static func customValueId(_ key: String) -> Int? {
        guard key.hasPrefix("customValues["), key.hasSuffix("]") else { return nil }
        return Int(key.dropFirst(13).dropLast())
    }

    public var isEmpty: Bool { fields.isEmpty }

    /// The value of a top-level field, or `nil` when the patch does not carry it.
    public subscript(field: String) -> JSONValue? {
        fields.first { $0.0 == field }?.1
    }

    /// The patch as a JSON object value.
    public var json: JSONValue { .object(fields) }

    /// The exact request body: compact JSON, keys in the stable order.
    public func jsonBody() -> String { JSONWriter.write(json) }

    public static func == (lhs: Patch, rhs: Patch) -> Bool { lhs.json == rhs.json && lhs.fields.map(\.0) == rhs.fields.map(\.0) }
}
