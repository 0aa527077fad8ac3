/// The last line of defence of the product's core promise: no update clears a field that no `clear` asked for.
///
/// In Liner, sending `""` or `null` for a field erases what the lead holds. The engine only produces such
/// values for `clear` (an empty computed value does not write); this check refuses, before anything is sent,
/// a body that carries one for a field the caller did not name.
public enum LinerClearCheck {
    /// The fields of `body` (an update body object) whose value would clear them — `""` or `null` at the top
    /// level, or in `customValues` (named `customValues[ID]`) — and that are not in `clears`; in body order.
    public static func unrequestedClears(in body: JSONValue, clears: Set<String>) -> [String] {
        guard let members = body.objectMembers else { return [] }
        var found: [String] = []
        for (key, value) in members {
            if key == "customValues", let custom = value.objectMembers {
                for (id, element) in custom where clearsField(element) && !clears.contains("customValues[\(id)]") {
                    found.append("customValues[\(id)]")
                }
            } else if clearsField(value), !clears.contains(key) {
                found.append(key)
            }
        }
        return found
    }

    /// `""` and `null` clear a field; so does a string of nothing but whitespace, which Liner may trim.
    static func clearsField(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return true
        case let .string(text): return text.unicodeScalars.allSatisfy { $0.properties.isWhitespace }
        default: return false
        }
    }
}
