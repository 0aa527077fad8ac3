import Foundation

/// A value while rules are evaluated.
public enum Value: Sendable, Equatable {
    /// Absent or `null`.
    case missing
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([Value])
    /// A JSON object or array read through `json(...)` or a raw field.
    case json(JSONValue)
    case zone(TimeZone)
    /// What `clear FIELD` writes.
    case clear

    init(_ json: JSONValue?) {
        switch json {
        case nil, .null?: self = .missing
        case let .bool(b)?: self = .bool(b)
        case let .int(i)?: self = .int(i)
        case let .double(d)?: self = .double(d)
        case let .string(s)?: self = .string(s)
        case let .array(elements)?: self = .list(elements.map { Value($0) })
        case let json?: self = .json(json)
        }
    }

    /// The value as text, for regexes, templates and string functions; `nil` when it has none.
    var text: String? {
        switch self {
        case let .string(s): return s
        case let .int(i): return String(i)
        case let .double(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case let .bool(b): return b ? "true" : "false"
        case let .json(json): return JSONWriter.write(json)
        case let .list(values): return values.compactMap(\.text).joined(separator: ", ")
        case let .zone(zone): return zone.identifier
        case .missing, .clear: return nil
        }
    }

    /// ``text``, taking the value apart: a string is moved out rather than copied out of a value about to be
    /// destroyed (no retain and release, no outlined destroy of the value).
    consuming func takeText() -> String? {
        switch consume self {
        case let .string(s): return s
        case let other: return other.text
        }
    }

    /// Whether the value is ``missing`` (`== .missing`, without a copy of the value).
    var isMissing: Bool {
        if case .missing = self { return true }
        return false
    }

    /// Whether the value is `.int(n)`; `nil` for a zone (it reads as its hours at the reference time: see
    /// ``EvaluationCore/read(_:)``).
    func isInteger(_ n: Int) -> Bool? {
        switch self {
        case let .int(value): return value == n
        case .zone: return nil
        default: return false
        }
    }

    /// Whether the value, as a candidate of a field, reads as missing: ``missing`` or ``clear`` (what
    /// ``EvaluationCore/read(_:)`` gives for a `clear`).
    var readsAsMissing: Bool {
        switch self {
        case .missing, .clear: return true
        default: return false
        }
    }

    /// Missing, `""`, an empty list or an empty object.
    var isEmpty: Bool {
        switch self {
        case .missing, .clear: return true
        case let .string(s): return s.isEmpty
        case let .list(values): return values.isEmpty
        case let .json(.object(members)): return members.isEmpty
        case let .json(.array(elements)): return elements.isEmpty
        default: return false
        }
    }

    /// Whether the value, written to a field, would leave it empty: missing (`null` included), a
    /// string that shows nothing (`""`, white space, invisible characters: `JSONValue/isBlank(_:)`),
    /// an empty list or a list of such values, an empty JSON object or array. A `set` or `fill`
    /// never writes such a value: only ``clear`` empties a field.
    var isEmptyForWriting: Bool {
        switch self {
        case .missing: return true
        case let .string(s): return JSONValue.isBlank(s)
        case let .list(values): return values.allSatisfy(\.isEmptyForWriting)
        case let .json(json): return json.emptiesField
        case .bool, .int, .double, .zone, .clear: return false
        }
    }

    /// A number, if the value is one or is a string holding one.
    var number: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .string(s): return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The JSON form of a value, for provenance and patches.
    var jsonValue: JSONValue {
        switch self {
        case .missing, .clear: return .null
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .list(values): return .array(values.map(\.jsonValue))
        case let .json(json): return json
        case let .zone(zone): return .string(zone.identifier)
        }
    }
}
