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

    /// Builds a patch from field keys (`utcOffset`, `customValues[12]`) and values.
    init(changes: [String: JSONValue]) {
        var custom: [(Int, JSONValue)] = []
        var plain: [String: JSONValue] = [:]
        for (key, value) in changes {
            if let id = Patch.customValueId(key) { custom.append((id, value)) } else { plain[key] = value }
        }
        fields = []
        for name in Patch.fieldOrder {
            if name == "customValues" {
                if !custom.isEmpty {
                    fields.append((name, .object(custom.sorted { $0.0 < $1.0 }.map { (String($0.0), $0.1) })))
                }
            } else if let value = plain[name] {
                fields.append((name, value))
            }
        }
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
