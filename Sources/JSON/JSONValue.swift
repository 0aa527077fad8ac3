/// A JSON value: a lead read by the engine, a patch it writes, a body sent to or received from Liner.
///
/// Integers that fit in `Int` stay integers (ids, offsets, priorities), other numbers are `Double`.
///
/// **Numbers compare by value.** `.int(3) == .double(3.0)` is `true`, and the two hash alike, so a
/// value read as `3.0` equals one read as `3` (a patch's `utcOffset` against the lead's, a landed
/// update against the lead as Liner holds it now). The type is not lost: code for which an integer
/// and a non-integer number differ (Liner's integer fields, where `3.0` is an error) matches
/// `.int` / `.double` or reads ``intValue`` (which is `nil` for every `.double`, even `3.0`), never
/// `==`. Note that ``JSONWriter`` writes an integral `.double` below 10^15 as an integer (`3`).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case array([JSONValue])
    /// Keys in document order (the order matters for byte-identical output); lookups use ``subscript(_:)``.
    case object([(String, JSONValue)])

    /// The first member named `key` of an object, or `nil` (also for values that are not objects).
    public subscript(key: String) -> JSONValue? {
        guard case let .object(members) = self else { return nil }
        for (name, value) in members where name == key { return value }
        return nil
    }

    /// A name for the value's type, for error messages: "a number" for both kinds of number
    /// (``preciseTypeName`` tells them apart).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// Equality of values: numbers by value (`int(3) == double(3.0)`), objects as unordered sets of members.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.int(a), .int(b)): return a == b
        case let (.double(a), .double(b)): return a == b
        case let (.int(a), .double(b)), let (.double(b), .int(a)): return Double(a) == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            return a.count == b.count && a.allSatisfy { key, value in b.contains { $0.0 == key && $0.1 == value } }
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case let .bool(b): hasher.combine(b)
        case let .int(i): hasher.combine(Double(i))
        case let .double(d): hasher.combine(d)
        case let .string(s): hasher.combine(s)
        case let .array(a): hasher.combine(a)
        case let .object(members): hasher.combine(members.count)
        }
    }
}
