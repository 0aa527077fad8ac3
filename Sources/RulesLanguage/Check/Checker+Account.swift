import Foundation
import Timestamps

/// Checks against an account's facts (``AccountFacts``): status codes resolve (exactly or by
/// category), every `customValues[ID]` exists, and what a rule or table row writes there fits the
/// field's type. Only when the checker is given an account.
extension Checker {
    /// The statuses of the account: every declared code must resolve (see ``StatusResolution``).
    mutating func checkStatusesAgainstAccount(_ account: AccountFacts) {
        let resolution = StatusResolution(codes: statusCodes, ids: statusIds, categories: statusCategories,
                                          declarations: statusDeclarations, account: account.statuses)
        diagnostics += resolution.diagnostics
        accountDiagnostics += resolution.diagnostics
    }

    /// Reports `customValues[id]` when the account's custom fields are known and do not include it.
    mutating func checkCustomFieldExists(_ id: Int, _ range: SourceRange) {
        guard let fields = account?.customFields, !fields.contains(where: { $0.id == id }) else { return }
        let suggestion = Suggestions.closest(to: String(id), in: fields.map { String($0.id) })
            .flatMap { closest in fields.first { String($0.id) == closest } }
        reportAgainstAccount(.unknownCustomField(id, suggestion: suggestion, fields: fields), range)
    }

    /// Checks that `value` (of static type `type`) fits the custom field `key` (`customValues[12]`):
    /// literals (and constants) exactly, computed values by their type, with a warning where only the
    /// lead can tell.
    mutating func checkCustomValueType(_ value: Expression, type: ValueType, for key: String) {
        guard let id = LeadSchema.customValueId(of: key), let field = account?.customField(id: id) else { return }
        // A list, a zone or null is reported already for every custom value.
        if type == .list || type == .zone || type == .null { return }
        let fit = CustomValueFit(field: field)
        switch literal(value) {
        case let literal?:
            if let problem = fit.problem(with: literal) {
                switch problem {
                case let .mismatch(expected, got): reportAgainstAccount(.customValueTypeMismatch(field, expected: expected, got: got), value.range)
                case let .notAnOption(text, suggestion): reportAgainstAccount(.unknownCustomFieldOption(field, value: text, suggestion: suggestion), value.range)
                }
            }
        case nil:
            switch fit.judge(type) {
            case .fits: break
            case let .mismatch(expected, got): reportAgainstAccount(.customValueTypeMismatch(field, expected: expected, got: got), value.range)
            case let .unsure(expected, got, remedy): reportAgainstAccount(.customValueMayNotFit(field, expected: expected, got: got, remedy: remedy), value.range)
            }
        }
    }

    /// The literal a value is, directly or through a constant; `nil` for a computed value.
    func literal(_ value: Expression) -> CustomValueFit.Literal? {
        switch value.kind {
        case let .integer(number): return .int(number)
        case let .decimal(number): return .decimal(number)
        case let .boolean(flag): return .bool(flag)
        case let .string(parts):
            if parts.isEmpty { return .text("") }
            if parts.count == 1, case let .text(text) = parts[0] { return .text(text) }
            return nil
        case let .identifier(name):
            return constants[name].flatMap { literal($0.0.value) }
        default:
            return nil
        }
    }
}

/// Whether a value fits a custom field's type: `int`, `float`, `bool`, `date` (`YYYY-MM-DD`),
/// `datetime` (ISO 8601 with a time), `select` (an option's code), `multiselect` (option codes
/// separated by commas), `string` (anything but true/false). Fields of other types take anything.
struct CustomValueFit {
    /// A literal value.
    enum Literal {
        case int(Int), decimal(Double), bool(Bool), text(String)

        var description: String {
            switch self {
            case let .int(number): return "the integer \(number)"
            case let .decimal(number): return "the decimal number \(number)"
            case let .bool(flag): return "\(flag)"
            case let .text(text): return "the string \"\(text)\""
            }
        }
    }

    /// Why a literal does not fit.
    enum Problem {
        case mismatch(expected: String, got: String)
        case notAnOption(String, suggestion: String?)
    }

    /// How a computed value of a static type fits.
    enum Judgement {
        case fits
        case mismatch(expected: String, got: String)
        case unsure(expected: String, got: String, remedy: String)
    }

    let field: AccountFacts.CustomField

    /// What the field takes, in words.
    var expected: String {
        switch field.type {
        case "string": return "text"
        case "int": return "an integer"
        case "float": return "a number"
        case "bool": return "true or false"
        case "date": return "a date (YYYY-MM-DD)"
        case "datetime": return "a date and time (ISO 8601, such as 2026-11-25T09:00:00+03:00)"
        case "select": return "one of its option codes"
        case "multiselect": return "option codes separated by commas"
        default: return "a value of type \(field.type)"
        }
    }

    func problem(with literal: Literal) -> Problem? {
        let mismatch = Problem.mismatch(expected: expected, got: literal.description)
        switch (field.type, literal) {
        case ("string", .bool): return mismatch
        case ("string", _): return nil
        case ("int", .int), ("float", .int), ("float", .decimal), ("bool", .bool): return nil
        case ("int", .text(let text)) where Int(text) != nil:
            return .mismatch(expected: expected + " (write \(text) without quotes)", got: literal.description)
        case ("float", .text(let text)) where Double(text) != nil:
            return .mismatch(expected: expected + " (write \(text) without quotes)", got: literal.description)
        case ("int", _), ("float", _), ("bool", _): return mismatch
        case ("date", .text(let text)):
            return text.utf8.count == 10 && ISO8601Timestamp.seconds(from: text) != nil ? nil : mismatch
        case ("datetime", .text(let text)):
            return text.utf8.count > 10 && ISO8601Timestamp.seconds(from: text) != nil ? nil : mismatch
        case ("date", _), ("datetime", _): return mismatch
        case ("select", .text(let text)): return option(text)
        case ("select", .int(let number)): return option(String(number))
        case ("multiselect", .text(let text)):
            for code in text.split(separator: ",", omittingEmptySubsequences: false).map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if let problem = option(code) { return problem }
            }
            return nil
        case ("select", _), ("multiselect", _): return mismatch
        default: return nil
        }
    }

    private func option(_ code: String) -> Problem? {
        let codes = field.options.map(\.code)
        if codes.contains(code) { return nil }
        return .notAnOption(code, suggestion: Suggestions.closest(to: code, in: codes))
    }

    /// How a value known only by its static type fits.
    func judge(_ type: ValueType) -> Judgement {
        let got = type == .any ? "a value known only at run time" : type.description + " computed at run time"
        let unsure = Judgement.unsure(expected: expected, got: got, remedy: "")
        switch (field.type, type) {
        case ("string", .bool): return .mismatch(expected: expected, got: type.description)
        case ("string", _): return .fits
        case ("int", .int), ("float", .int), ("float", .decimal), ("bool", .bool): return .fits
        case ("int", .string), ("float", .string):
            return .unsure(expected: expected, got: got, remedy: "; int(...) makes a number of it")
        case (_, .any): return unsure
        case ("date", .string), ("datetime", .string), ("select", .string), ("multiselect", .string), ("bool", .string): return unsure
        case ("select", .int): return unsure
        case ("int", _), ("float", _), ("bool", _), ("date", _), ("datetime", _), ("select", _), ("multiselect", _):
            return .mismatch(expected: expected, got: type.description)
        default: return .fits
        }
    }
}
