import LeadEngine
// TEMPORARY until Patch carries its clears (engine branch): removed at the merge.
extension Patch {
    var clears: Set<String> {
        var keys: Set<String> = []
        for (key, value) in fields {
            if key == "customValues", let members = value.objectMembers {
                for (id, v) in members where v == .null || v == .string("") { keys.insert("customValues[\(id)]") }
            } else if value == .null || value == .string("") { keys.insert(key) }
        }
        return keys
    }
}
