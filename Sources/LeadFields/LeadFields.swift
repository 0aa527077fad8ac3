import JSON

/// Liner's lead fields: the one table that the rules language, the engine and the wire format derive
/// from. A new Liner field is one entry in ``all``.
public enum LeadFields {
    /// Every field of a lead as `GET /v2/lead/detail/{id}/` returns it. The updatable ones come in the
    /// order of Liner's update documentation, which is the order of an update body (``LeadField/wireOrder``).
    public static let all: [LeadField] = table([
        ("id", .id, false),
        ("name", .text, true),
        ("phone", .phone, true),
        ("sourceComment", .text, true),
        ("ip", .text, false),
        ("externalIdBitrix24", .text, true),
        ("externalIdAmo", .text, true),
        ("externalIdMacro", .text, true),
        ("externalIdDomoplaner", .text, true),
        ("statusId", .statusId, true),
        ("leadType", .text, false),
        ("createMethod", .text, false),
        ("isSecondary", .boolean, false),
        ("planningCallDateTime", .text, false),
        ("priority", .integer, true),
        ("utcOffset", .utcOffset, true),
        ("createdAt", .text, false),
        ("updatedAt", .text, false),
        ("orderId", .integer, false),
        ("orderCode", .text, false),
        ("telegramUserName", .text, true),
        ("telegramPhone", .phone, true),
        ("vkId", .positiveIntegerString, true),
        ("instagramLogin", .text, true),
        ("customValues", .customValues, true),
    ])

    /// The fields an update accepts, in update-body order.
    public static let updatable: [LeadField] = all.filter(\.isUpdatable).sorted { $0.wireOrder! < $1.wireOrder! }

    /// Every field by name.
    public static let byName: [String: LeadField] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The field named `name`, or `nil` for a name Liner does not have.
    public static func named(_ name: String) -> LeadField? { byName[name] }

    /// The field whose entries are addressed as `customValues[ID]`.
    public static let customValues = "customValues"

    /// What a custom value may be, as the checker and the patch's validation say it: Liner's custom fields hold
    /// text, numbers and checkboxes.
    public static let customValueExpectation = "a string, a number or a boolean"

    /// The custom field id of a field key `customValues[12]`, or `nil` for any other key.
    public static func customValueId(of key: String) -> Int? {
        let prefix = customValues + "["
        guard key.hasPrefix(prefix), key.hasSuffix("]") else { return nil }
        return Int(key.dropFirst(prefix.count).dropLast())
    }

    /// Numbers each updatable entry in table order.
    private static func table(_ entries: [(String, LeadField.Kind, updatable: Bool)]) -> [LeadField] {
        var next = 0
        return entries.map { name, kind, updatable in
            defer { if updatable { next += 1 } }
            return LeadField(name: name, kind: kind, wireOrder: updatable ? next : nil)
        }
    }
}
