/// A JSON value as Liner sends and receives it.
///
/// Integers that fit in `Int` stay integers (ids, priorities, offsets); other numbers are `Double`.
/// Objects keep their members in document order, so a value read and written again keeps its key order.
public enum LinerJSON: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([LinerJSON])
    /// Members in document order; look members up with ``subscript(_:)``.
    case object([(String, LinerJSON)])

    /// The first member named `key` of an object, or `nil` (also for non-objects).
    public subscript(key: String) -> LinerJSON? {
        guard case let .object(members) = self else { return nil }
        for (name, value) in members where name == key { return value }
        return nil
    }

    /// The members of an object, or `nil`.
    public var objectMembers: [(String, LinerJSON)]? {
        if case let .object(members) = self { return members }
        return nil
    }

    /// The elements of an array, or `nil`.
    public var arrayElements: [LinerJSON]? {
        if case let .array(elements) = self { return elements }
        return nil
    }

    /// The integer, or `nil` (a `Double` is not an integer here, even `3.0`).
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

    /// A name for the value's type, for error messages ("a string", "an integer", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int: return "an integer"
        case .double: return "a non-integer number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Compact JSON text (no spaces), non-ASCII characters written as UTF-8.
    public var jsonText: String { LinerJSONWriter.write(self) }

    /// Equality of values: objects compare as unordered sets of members, `int(3) == double(3.0)`.
    public static func == (lhs: LinerJSON, rhs: LinerJSON) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            return a.allSatisfy { key, value in b.contains { $0.0 == key && $0.1 == value } }
        default: return false
        }
    }
}

extension LinerJSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByFloatLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(arrayLiteral elements: LinerJSON...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, LinerJSON)...) { self = .object(elements) }
}

extension LinerJSON: CustomStringConvertible {
    public var description: String { jsonText }
}
