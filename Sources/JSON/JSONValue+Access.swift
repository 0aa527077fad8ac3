// Accessors for code that reads JSON it did not write (Liner's replies and request bodies).

extension JSONValue {
    /// The members of an object, in document order (duplicate keys kept), or `nil`.
    public var objectMembers: [(String, JSONValue)]? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var arrayElements: [JSONValue]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    /// The integer, or `nil`: a `.double` is not an integer here, even `3.0`.
    public var intValue: Int? {
        if case let .int(value) = self { return value }
        return nil
    }

    /// The string, or `nil`.
    public var stringValue: String? {
        if case let .string(value) = self { return value }
        return nil
    }

    /// The boolean, or `nil`.
    public var boolValue: Bool? {
        if case let .bool(value) = self { return value }
        return nil
    }

    /// `true` for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// Like ``typeName``, but tells integers ("an integer") from other numbers ("a non-integer
    /// number"), for messages where that difference is the error.
    public var preciseTypeName: String {
        switch self {
        case .int: return "an integer"
        case .double: return "a non-integer number"
        default: return typeName
        }
    }

    /// Compact JSON text, as ``JSONWriter`` writes it.
    public var jsonText: String { JSONWriter.write(self) }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { jsonText }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// An object, members in the order written.
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(elements) }
}
