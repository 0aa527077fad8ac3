import LeadEngine

/// Field keys as the engine and the journal's `base` name them: a top-level field (`utcOffset`) or a custom
/// value (`customValues[12]`); update bodies nest custom values in one `customValues` object.
enum FieldKeys {
    /// The members of an update body by field key, in body order (the JSON module's one flattening).
    static func flatten(_ body: JSONValue) -> [(key: String, value: JSONValue)] { body.fieldKeyedMembers }

    /// An update body from values by field key (custom values gathered in one object, where the first was).
    static func body(_ values: [(key: String, value: JSONValue)]) -> JSONValue {
        var members: [(String, JSONValue)] = []
        var custom: [(String, JSONValue)] = []
        for (key, value) in values {
            if let id = customValueId(key) {
                if custom.isEmpty { members.append(("customValues", .null)) }
                custom.append((id, value))
            } else {
                members.append((key, value))
            }
        }
        if let index = members.firstIndex(where: { $0.0 == "customValues" }) { members[index].1 = .object(custom) }
        return .object(members)
    }

    /// The value of `key` in a lead as Liner returns it (`nil` when absent).
    static func value(of key: String, in lead: JSONValue) -> JSONValue? {
        value(of: key) { lead[$0] }
    }

    /// The value of `key` in a lead as the engine reads it (`nil` when absent).
    static func value(of key: String, in lead: Lead) -> JSONValue? {
        value(of: key) { lead[$0] }
    }

    /// The value of `key`, given the lead's top-level members.
    private static func value(of key: String, member: (String) -> JSONValue?) -> JSONValue? {
        if let id = customValueId(key) { return member("customValues")?[id] }
        return member(key)
    }

    /// The `ID` of `customValues[ID]`.
    static func customValueId(_ key: String) -> String? {
        guard key.hasPrefix("customValues["), key.hasSuffix("]"), key.count > 14 else { return nil }
        return String(key.dropFirst(13).dropLast())
    }
}
