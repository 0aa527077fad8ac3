/// What the JSON grammar (``JSONParser``) reads a document into: a ``JSONValue`` tree
/// (``JSONTreeBuilder``), or, without a tree, the text of its scalars (``JSONScalarTextBuilder``).
///
/// The grammar calls it in document order. Scalars other than strings arrive as ``JSONValue``
/// (`.null`, `.bool`, `.int`, `.double`); strings and member names are read by the builder itself
/// through ``JSONParser/readString(into:)`` (copied or not, validated or not, as it needs).
protocol JSONBuilder {
    associatedtype Value
    associatedtype Key
    associatedtype Members
    associatedtype Elements

    /// `null`, a boolean or a number.
    mutating func scalar(_ value: JSONValue) -> Value
    /// The string literal at the parser's position (its opening quote), read past its closing quote.
    mutating func string(_ parser: inout JSONParser) throws(JSONParser.Error) -> Value
    /// A member name at the parser's position (its opening quote), read past its closing quote.
    mutating func key(_ parser: inout JSONParser) throws(JSONParser.Error) -> Key

    mutating func beginObject() -> Members
    mutating func addMember(_ key: Key, _ value: Value, to members: inout Members)
    /// ``addMember(_:_:to:)`` with where the value lies in the input (from its first byte to past its last):
    /// what the grammar calls. Builders that need no positions leave it to the default, which forwards.
    mutating func addMember(_ key: Key, _ value: Value, spanning range: Range<Int>, to members: inout Members)
    mutating func endObject(_ members: Members) -> Value

    mutating func beginArray() -> Elements
    mutating func addElement(_ element: Value, to elements: inout Elements)
    mutating func endArray(_ elements: Elements) -> Value
}

extension JSONBuilder {
    mutating func addMember(_ key: Key, _ value: Value, spanning range: Range<Int>, to members: inout Members) {
        addMember(key, value, to: &members)
    }
}

/// Containers for builders that keep nothing of them (they check, collect text or note where things are).
extension JSONBuilder where Value == Void, Members == Void, Elements == Void {
    func beginObject() {}
    func addMember(_ key: Key, _ value: Void, to members: inout Void) {}
    func endObject(_ members: Void) {}
    func beginArray() {}
    func addElement(_ element: Void, to elements: inout Void) {}
    func endArray(_ elements: Void) {}
}

/// Containers as ``JSONValue``s, members in document order: for builders that build the tree.
extension JSONBuilder where Value == JSONValue, Key == String, Members == [(String, JSONValue)], Elements == [JSONValue] {
    func beginObject() -> [(String, JSONValue)] { [] }
    func addMember(_ key: String, _ value: JSONValue, to members: inout [(String, JSONValue)]) { members.append((key, value)) }
    func endObject(_ members: [(String, JSONValue)]) -> JSONValue { .object(members) }
    func beginArray() -> [JSONValue] { [] }
    func addElement(_ element: JSONValue, to elements: inout [JSONValue]) { elements.append(element) }
    func endArray(_ elements: [JSONValue]) -> JSONValue { .array(elements) }
}

/// Builds the ``JSONValue`` tree (``JSONParser/parse(_:)-(String)``): strings validated as UTF-8,
/// members in document order.
struct JSONTreeBuilder: JSONBuilder {
    typealias Members = [(String, JSONValue)]
    typealias Elements = [JSONValue]
    func scalar(_ value: JSONValue) -> JSONValue { value }
    func string(_ parser: inout JSONParser) throws(JSONParser.Error) -> JSONValue { .string(try parser.parseString()) }
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) -> String { try parser.parseString() }
}
