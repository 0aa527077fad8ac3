import LeadEngine

/// Compares and shows the difference between an expected and an actual patch.
enum PatchDiff {
    /// Equality of JSON values where object key order does not matter.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool { a == b }

    /// `actual` with only the keys that `expected` names (recursively for `customValues`).
    static func restrict(_ actual: JSONValue, toKeysOf expected: JSONValue) -> JSONValue {
        guard case let .object(expectedMembers) = expected, case .object = actual else { return actual }
        var kept: [(String, JSONValue)] = []
        for (key, value) in expectedMembers {
            guard let present = actual[key] else { continue }
            if case .object = value, key == "customValues" {
                kept.append((key, restrict(present, toKeysOf: value)))
            } else {
                kept.append((key, present))
            }
        }
        return .object(kept)
    }

    /// One line per differing field: `- field: expected` / `+ field: actual  (by "rule" at file:line)`.
    static func render(expected: JSONValue, actual: JSONValue, changes: [FieldChange]) -> String {
        let expectedFields = flatten(expected)
        let actualFields = flatten(actual)
        let keys = Array(Set(expectedFields.map(\.0)).union(actualFields.map(\.0))).sorted()
        var out = ""
        for key in keys {
            let e = expectedFields.first { $0.0 == key }?.1
            let a = actualFields.first { $0.0 == key }?.1
            if let e, let a, e == a {
                out += "    \(key): \(JSONWriter.write(a))\n"
                continue
            }
            if let e { out += "  - \(key): \(JSONWriter.write(e))\n" }
            if let a {
                let change = changes.first { $0.field == key }
                out += "  + \(key): \(JSONWriter.write(a))" + (change.map { "    (by \"\($0.rule)\" at \($0.location))" } ?? "") + "\n"
            }
        }
        return out
    }

    /// Fields as `name` / `customValues[ID]` keys (the JSON module's one flattening).
    static func flatten(_ patch: JSONValue) -> [(String, JSONValue)] {
        patch.fieldKeyedMembers.map { ($0.key, $0.value) }
    }
}
