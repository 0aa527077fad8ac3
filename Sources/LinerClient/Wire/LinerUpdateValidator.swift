import LeadFields

/// Checks an update body against the API facts, as strictly as they allow.
///
/// The emulator rejects with 400 whatever this rejects; the client can run it before sending to fail fast.
public enum LinerUpdateValidator {
    /// Validates `body` (the parsed JSON of an update request).
    ///
    /// - Parameters:
    ///   - knownStatusIds: when given, `statusId` must be one of them.
    ///   - knownCustomFieldIds: when given, every `customValues` key must be one of them.
    /// - Returns: the update with clearing values (`""`, `null`) turned into ``LinerUpdate/Change/clear`` and
    ///   phones normalised to `+digits`, or the first problem found (fields in body order).
    public static func validate(
        _ body: JSONValue,
        knownStatusIds: Set<Int>? = nil,
        knownCustomFieldIds: Set<Int>? = nil
    ) -> Result<LinerUpdate, LinerUpdateProblem> {
        guard let members = body.objectMembers else {
            return .failure(LinerUpdateProblem(field: nil, message: "the body must be a JSON object, not \(body.preciseTypeName)"))
        }
        var seen = Set<String>()
        var update = LinerUpdate()
        for (key, value) in members {
            guard seen.insert(key).inserted else {
                return .failure(LinerUpdateProblem(field: key, message: "field '\(key)' appears twice"))
            }
            guard let field = LinerUpdateField(rawValue: key) else {
                return .failure(LinerUpdateProblem(field: key, message: "unknown field '\(key)'"))
            }
            switch check(field, value, knownStatusIds: knownStatusIds, knownCustomFieldIds: knownCustomFieldIds) {
            case let .success(change): update.changes.append((field, change))
            case let .failure(problem): return .failure(problem)
            }
        }
        return .success(update)
    }

    private static func check(
        _ field: LinerUpdateField,
        _ value: JSONValue,
        knownStatusIds: Set<Int>?,
        knownCustomFieldIds: Set<Int>?
    ) -> Result<LinerUpdate.Change, LinerUpdateProblem> {
        let name = field.rawValue
        func problem(_ message: String) -> Result<LinerUpdate.Change, LinerUpdateProblem> {
            .failure(LinerUpdateProblem(field: name, message: "\(name): \(message)"))
        }
        switch field.kind {
        case .text, .id, .boolean:
            // Read-only kinds never get here (the update does not accept those fields).
            switch value {
            case .null, .string(""): return .success(.clear)
            case .string: return .success(.set(value))
            default: return problem("must be a string or null, not \(value.preciseTypeName)")
            }
        case .phone:
            switch value {
            case .null, .string(""): return .success(.clear)
            case let .string(text):
                guard let normalized = normalizedPhone(text) else {
                    return problem("must be E.164 digits (10 to 15, optional leading '+'), not \"\(text)\"")
                }
                return .success(.set(.string(normalized)))
            default: return problem("must be a string or null, not \(value.preciseTypeName)")
            }
        case .integer, .statusId, .utcOffset:
            // `.int` only: `5.0` is not an integer to the API (`==` would call it equal to `5`).
            switch value {
            case .null: return .success(.clear)
            case let .int(number):
                let range = LeadFields.utcOffsetRange
                if field.kind == .utcOffset, !range.contains(number) {
                    return problem("\(number) is outside \(range.lowerBound)...\(range.upperBound)")
                }
                if field.kind == .statusId, let known = knownStatusIds, !known.contains(number) {
                    return problem("status \(number) does not exist")
                }
                return .success(.set(value))
            default: return problem("must be an integer or null, not \(value.preciseTypeName)")
            }
        case .positiveIntegerString:
            switch value {
            case .null, .string(""): return .success(.clear)
            case let .string(text):
                guard isPositiveIntegerText(text) else { return problem("must hold a positive integer, not \"\(text)\"") }
                return .success(.set(value))
            default: return problem("must be a string holding a positive integer, or null, not \(value.preciseTypeName)")
            }
        case .customValues:
            guard let members = value.objectMembers else { return problem("must be an object, not \(value.preciseTypeName)") }
            var seen = Set<String>()
            var entries: [(String, JSONValue?)] = []
            for (key, element) in members {
                guard isPositiveIntegerText(key), let id = Int(key) else {
                    return problem("key \"\(key)\" is not a custom field id (a positive integer)")
                }
                guard seen.insert(key).inserted else { return problem("key \"\(key)\" appears twice") }
                if let known = knownCustomFieldIds, !known.contains(id) {
                    return problem("custom field \(id) does not exist")
                }
                switch element {
                case .null, .string(""): entries.append((key, nil))
                case .string, .int, .double, .bool: entries.append((key, element))
                case let .array(items) where items.allSatisfy(isScalar):
                    entries.append((key, element))
                default:
                    return problem("value of \"\(key)\" must be a string, number, boolean, null or a list of them")
                }
            }
            return .success(.merge(entries))
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .string, .int, .double, .bool: return true
        default: return false
        }
    }

    /// `+` followed by the 10 to 15 digits of `text` (which may start with `+`), or `nil`
    /// (``LeadFields/e164Digits(_:)``).
    public static func normalizedPhone(_ text: String) -> String? {
        LeadFields.e164Digits(text).map { "+" + $0 }
    }

    /// `true` for ASCII digits without a leading zero that fit in `Int` and are > 0
    /// (``LeadFields/isPositiveIntegerText(_:)``).
    public static func isPositiveIntegerText(_ text: String) -> Bool { LeadFields.isPositiveIntegerText(text) }
}

/// A validated lead update.
public struct LinerUpdate: Sendable, Equatable {
    /// What one field of an update does.
    public enum Change: Sendable, Equatable {
        /// Set the field to the value.
        case set(JSONValue)
        /// Clear the field (the body sent `""` or `null`).
        case clear
        /// Merge custom values: `nil` removes the key, anything else sets it; other keys stay.
        case merge([(String, JSONValue?)])

        public static func == (lhs: Change, rhs: Change) -> Bool {
            switch (lhs, rhs) {
            case let (.set(a), .set(b)): return a == b
            case (.clear, .clear): return true
            case let (.merge(a), .merge(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
            default: return false
            }
        }
    }

    /// The changes in body order.
    public var changes: [(LinerUpdateField, Change)] = []

    public init(changes: [(LinerUpdateField, Change)] = []) { self.changes = changes }

    public static func == (lhs: LinerUpdate, rhs: LinerUpdate) -> Bool {
        lhs.changes.count == rhs.changes.count && zip(lhs.changes, rhs.changes).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    }
}

/// Why an update body was rejected.
public struct LinerUpdateProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending field (as sent), when the problem is about one.
    public var field: String?
    /// A message naming the field and the rule.
    public var message: String
    public init(field: String?, message: String) {
        self.field = field
        self.message = message
    }
    public var description: String { message }
}
