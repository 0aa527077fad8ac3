import Foundation
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// A value while the reference interpreter evaluates rules: its own type, so that the reference does not
/// share the engine's value representation (only the leaf functions it calls take the engine's `Value`).
enum ReferenceValue: Equatable {
    /// Absent or `null`.
    case missing
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ReferenceValue])
    /// A JSON object (arrays read as lists).
    case object(JSONValue)
    case zone(TimeZone)
    /// What `clear FIELD` proposes.
    case clear

    /// A JSON value as rules read it: `null` is missing, an array a list, an object stays JSON.
    init(_ json: JSONValue?) {
        switch json {
        case nil, .null?: self = .missing
        case let .bool(b)?: self = .bool(b)
        case let .int(i)?: self = .int(i)
        case let .double(d)?: self = .double(d)
        case let .string(s)?: self = .string(s)
        case let .array(elements)?: self = .list(elements.map { ReferenceValue($0) })
        case let json?: self = .object(json)
        }
    }

    /// The text regexes, templates and string functions read; `nil` when there is none.
    var text: String? {
        switch self {
        case let .string(s): return s
        case let .int(i): return String(i)
        case let .double(d):
            // Whole numbers below 10^15 read without a fraction (`5.0` is `5`).
            if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
            return String(d)
        case let .bool(b): return b ? "true" : "false"
        case let .object(json): return JSONWriter.write(json)
        case let .list(items): return items.compactMap(\.text).joined(separator: ", ")
        case let .zone(zone): return zone.identifier
        case .missing, .clear: return nil
        }
    }

    /// `is empty`: missing, `""`, an empty list or object (white space is not empty here).
    var isEmpty: Bool {
        switch self {
        case .missing, .clear: return true
        case let .string(s): return s == ""
        case let .list(items): return items.isEmpty
        case let .object(json):
            if case let .object(members) = json { return members.isEmpty }
            return false
        default: return false
        }
    }

    /// Whether writing the value would empty the field (then `set`/`fill` do not write): missing, text that
    /// shows nothing, a list of such values, an empty object.
    var emptiesField: Bool {
        switch self {
        case .missing: return true
        case let .string(s): return JSONValue.isBlank(s)
        case let .list(items): return items.allSatisfy(\.emptiesField)
        case let .object(json): return json.emptiesField
        case .bool, .int, .double, .zone, .clear: return false
        }
    }

    /// The number a comparison reads: numbers, and text holding one (spaces around it allowed).
    var number: Double? {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        case let .string(s): return Double(s.trimmingCharacters(in: .whitespaces))
        default: return nil
        }
    }

    /// The engine's value for the leaf functions the reference reuses (validation, `int`).
    var engineValue: Value {
        switch self {
        case .missing: return .missing
        case let .bool(b): return .bool(b)
        case let .int(i): return .int(i)
        case let .double(d): return .double(d)
        case let .string(s): return .string(s)
        case let .list(items): return .list(items.map(\.engineValue))
        case let .object(json): return .json(json)
        case let .zone(zone): return .zone(zone)
        case .clear: return .clear
        }
    }

    /// A value the engine's leaf functions return (`json(...)` lookups).
    init(_ value: Value) {
        switch value {
        case .missing: self = .missing
        case let .bool(b): self = .bool(b)
        case let .int(i): self = .int(i)
        case let .double(d): self = .double(d)
        case let .string(s): self = .string(s)
        case let .list(items): self = .list(items.map { ReferenceValue($0) })
        case let .json(json): self = .object(json)
        case let .zone(zone): self = .zone(zone)
        case .clear: self = .clear
        }
    }
}
