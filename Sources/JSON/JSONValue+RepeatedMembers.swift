extension JSONValue {
    /// The first object in this value (depth first, in document order) that gives a member name more than once:
    /// where it is (`statuses[2]`, `customFields[0].options[1]`; empty for this value itself) and the name.
    ///
    /// A parsed tree keeps every member as written, so a file that says a thing twice can be refused instead of
    /// one of its values silently winning.
    public func firstRepeatedMember(at path: String = "") -> (path: String, name: String)? {
        switch self {
        case let .object(members):
            var seen = Set<String>()
            for (name, _) in members where !seen.insert(name).inserted { return (path, name) }
            for (name, value) in members {
                if let found = value.firstRepeatedMember(at: path.isEmpty ? name : path + "." + name) { return found }
            }
            return nil
        case let .array(elements):
            for (index, element) in elements.enumerated() {
                if let found = element.firstRepeatedMember(at: path + "[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
