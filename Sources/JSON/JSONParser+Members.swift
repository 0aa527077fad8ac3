/// A JSON document read by ``JSONParser/parseMembers(_:)``: an object's members by name, or the document
/// itself when it is not an object.
public enum JSONMembers: Sendable, Equatable {
    /// The document is an object: its members by name, each name given once.
    case object([String: JSONValue])
    /// The document is an object that gives member `name` more than once (the first name repeated).
    case repeatedName(String)
    /// The document is not an object (an array, a string, a number, a boolean or `null`).
    case other(JSONValue)
}

extension JSONMembers {
    /// An object's member list (a tree's `.object`) by name: ``object(_:)``, or ``repeatedName(_:)`` naming the first
    /// name given twice. What ``JSONParser/parseMembers(_:)`` gives for the same text.
    public init(members: [(String, JSONValue)]) {
        var fields: [String: JSONValue] = [:]
        fields.reserveCapacity(members.count)
        for (key, value) in members where fields.updateValue(value, forKey: key) != nil {
            self = .repeatedName(key)
            return
        }
        self = .object(fields)
    }
}

extension JSONParser {
    /// Parses one JSON document from UTF-8 `bytes` (white space around it allowed); when it is an object, its
    /// members go straight into a dictionary, and a name given twice is said (``JSONMembers/repeatedName(_:)``).
    ///
    /// The same as building ``parse(_:)-(UnsafeBufferPointer<UInt8>)``'s tree and putting the object's members
    /// into a dictionary one by one, and the same texts are refused with the same errors, but the top-level
    /// member list is never built (nested values still are trees). This is how a lead is read: one object per
    /// line of JSON Lines.
    public static func parseMembers(_ bytes: UnsafeBufferPointer<UInt8>) throws(Error) -> JSONMembers {
        var builder = JSONMembersBuilder()
        let value = try read(bytes, into: &builder)
        guard builder.isObject else { return .other(value) }
        if let name = builder.repeatedName { return .repeatedName(name) }
        return .object(builder.members)
    }
}

/// Reads a document as ``JSONTreeBuilder`` does, except that the members of a top-level object are put
/// into ``members`` as they are read (``JSONParser/parseMembers(_:)``).
struct JSONMembersBuilder: JSONBuilder {
    /// The top-level object's members so far (when ``isObject``).
    var members: [String: JSONValue] = [:]
    /// Whether the document is an object.
    var isObject = false
    /// The first name of the top-level object given a second time.
    var repeatedName: String?
    /// How many containers are open: the members of the top-level object are added at depth 1.
    var depth = 0
    var tree = JSONTreeBuilder()

    /// Room for a lead's fields (about a dozen) without growing the dictionary member by member.
    static let expectedMemberCount = 16

    func scalar(_ value: JSONValue) -> JSONValue { value }
    func string(_ parser: inout JSONParser) throws(JSONParser.Error) -> JSONValue { try tree.string(&parser) }
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) -> String { try tree.key(&parser) }

    mutating func beginObject() -> [(String, JSONValue)] {
        if depth == 0 {
            isObject = true
            members.reserveCapacity(Self.expectedMemberCount)
        }
        depth += 1
        return []
    }

    mutating func addMember(_ key: String, _ value: JSONValue, to list: inout [(String, JSONValue)]) {
        // Only the top-level object's members are added at depth 1 (an array's elements are not members).
        if depth == 1 {
            if members.updateValue(value, forKey: key) != nil, repeatedName == nil { repeatedName = key }
        } else {
            list.append((key, value))
        }
    }

    mutating func endObject(_ list: [(String, JSONValue)]) -> JSONValue {
        depth -= 1
        // The top-level object's members are in `members`; what is returned for it is not used.
        return depth == 0 ? .null : .object(list)
    }

    mutating func beginArray() -> [JSONValue] {
        depth += 1
        return []
    }

    mutating func addElement(_ element: JSONValue, to elements: inout [JSONValue]) { elements.append(element) }

    mutating func endArray(_ elements: [JSONValue]) -> JSONValue {
        depth -= 1
        return .array(elements)
    }
}
