import Foundation
import PCRE2
@testable import LeadEngine
import LeadFields
import RulesLanguage

extension ReferenceRun {
    /// Whether a condition holds: only `true` does.
    mutating func holds(_ expression: RulesLanguage.Expression) throws(Failure) -> Bool {
        try evaluate(expression) == .bool(true)
    }

    mutating func evaluate(_ expression: RulesLanguage.Expression) throws(Failure) -> ReferenceValue {
        switch expression.kind {
        case let .integer(value): return .int(value)
        case let .decimal(value): return .double(value)
        case let .boolean(value): return .bool(value)
        case .null: return .missing
        case let .string(parts):
            var text = ""
            for part in parts {
                switch part {
                case let .text(literal): text += literal
                case let .capture(name, _): text += captures[name] ?? ""
                }
            }
            return .string(text)
        case let .list(elements):
            var values: [ReferenceValue] = []
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case let .identifier(name):
            if let index = bindings[0..<visibleBindings].lastIndex(where: { $0.name.text == name }) {
                // A `let` name reads as its expression, evaluated where it is used.
                let saved = visibleBindings
                visibleBindings = index
                defer { visibleBindings = saved }
                return try evaluate(bindings[index].value)
            }
            if name == LeadSchema.statusPseudoField { return statusCode().map(ReferenceValue.string) ?? .missing }
            if let constant = ruleset.constants[name] { return try evaluate(constant) }
            if LeadSchema.fields[name] != nil { return read(name) }
            return .string(name)  // a status code
        case let .subscripted(base, key):
            if base.text == LeadSchema.rawLead, case let .string(parts) = key.kind, case let .text(name)? = parts.first {
                return ReferenceValue(lead.fields[name])
            }
            return read("customValues[\(Self.customValueId(key, constants: ruleset.constants))]")
        case let .capture(name):
            return .string(captures[name] ?? "")
        case let .call(function, arguments):
            return try call(function.text, arguments)
        case let .regexMatch(subject, _, _, patternRange, negated):
            return .bool(try match(subject, patternRange, negated: negated))
        case let .compare(op, lhs, rhs):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return .bool(Self.compare(op, left, right))
        case let .membership(element, list, negated):
            let value = try evaluate(element)
            let items = try evaluate(list)
            guard value != .missing, case let .list(members) = items else { return .bool(false) }
            let found = members.contains { Self.compare(.equal, value, $0) }
            return .bool(found != negated)
        case let .test(subject, test, negated):
            let value = try evaluate(subject)
            let result: Bool
            switch test {
            case .empty: result = value.isEmpty
            case .missing: result = value == .missing
            case .present: result = value != .missing
            }
            return .bool(result != negated)
        case let .arithmetic(op, lhs, rhs):
            let left = try evaluate(lhs)
            let right = try evaluate(rhs)
            return ReferenceValue(Arithmetic.apply(op, left.engineValue, right.engineValue))
        case let .negate(operand):
            return ReferenceValue(Arithmetic.negate(try evaluate(operand).engineValue))
        case .regexLiteral:
            return .missing  // only an argument of replace(), which reads it itself
        case let .not(operand):
            return .bool(!(try holds(operand)))
        case let .and(lhs, rhs):
            guard try holds(lhs) else { return .bool(false) }
            return .bool(try holds(rhs))
        case let .or(lhs, rhs):
            if try holds(lhs) { return .bool(true) }
            return .bool(try holds(rhs))
        }
    }

    /// A regex search: on a match (not under `!~`) its named groups become the writer's captures (a group that
    /// took no part reads as empty) and the match is recorded for provenance.
    mutating func match(_ subject: RulesLanguage.Expression, _ patternRange: SourceRange, negated: Bool) throws(Failure) -> Bool {
        guard let pattern = ruleset.pattern(at: patternRange) else {
            throw Failure(message: "reference: no compiled pattern at \(patternRange.location)")
        }
        guard let text = try evaluate(subject).text else { return negated }
        let found: Match?
        do {
            found = try pattern.firstMatch(in: text)
        } catch {
            throw Failure(message: "regex at \(patternRange.location): \(error)")
        }
        guard let found else { return negated }
        if negated { return false }
        var named: [NamedCapture] = []
        for (name, group) in pattern.groupNumbers.sorted(by: { $0.value < $1.value }) {
            let captured = found[group]
            captures[name] = captured.map(String.init) ?? ""
            if let captured { named.append(NamedCapture(name: name, text: String(captured))) }
        }
        matches.append(RegexMatchRecord(location: patternRange.location, text: String(found.text), captures: named))
        return true
    }

    /// `==`, `<`...: false when either side is missing (`!=` too); text with text, booleans only for (in)equality,
    /// otherwise as numbers (text holding a number counts), and values that are no numbers differ.
    static func compare(_ op: ComparisonOperator, _ lhs: ReferenceValue, _ rhs: ReferenceValue) -> Bool {
        if lhs == .missing || rhs == .missing { return false }
        let order: Int
        switch (lhs, rhs) {
        case let (.string(a), .string(b)):
            order = a == b ? 0 : (a < b ? -1 : 1)
        case let (.bool(a), .bool(b)):
            guard op == .equal || op == .notEqual else { return false }
            order = a == b ? 0 : 1
        default:
            guard let a = lhs.number, let b = rhs.number else { return op == .notEqual }
            order = a == b ? 0 : (a < b ? -1 : 1)
        }
        switch op {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessEqual: return order <= 0
        case .greater: return order > 0
        case .greaterEqual: return order >= 0
        }
    }

    // MARK: Built-ins

    /// A built-in call. `concat` reads every argument, `json` its first and its last, the others their first.
    mutating func call(_ name: String, _ arguments: [RulesLanguage.Expression]) throws(Failure) -> ReferenceValue {
        guard let function = BuiltinFunction(rawValue: name) else { throw Failure(message: "reference: unknown function \(name)") }
        switch function {
        case .min, .max, .round, .floor, .ceil, .replace, .stripPrefix, .stripSuffix, .substring, .contains, .startsWith, .endsWith:
            return try callOnAll(function, arguments)
        default:
            break
        }
        if function == .concat {
            var text = ""
            for argument in arguments {
                if let part = try evaluate(argument).text { text += part }
            }
            return .string(text)
        }
        let first = try arguments.first.map { expression throws(Failure) in try evaluate(expression) } ?? .missing
        switch function {
        case .json:
            guard arguments.count > 1, case let .string(path) = try evaluate(arguments[arguments.count - 1]),
                  let text = first.text else { return .missing }
            return ReferenceValue(Self.lookup(path, in: Self.document(text)))
        case .e164:
            guard let text = first.text else { return .missing }
            return PhoneNormalizer.e164(text).map(ReferenceValue.string) ?? .missing
        case .phoneFirst:
            guard let text = first.text, let reading = PhoneFieldReader.read(text) else { return .missing }
            return .string(reading.e164)
        case .phoneRest:
            guard let text = first.text, let reading = PhoneFieldReader.read(text), !reading.rest.isEmpty else { return .missing }
            return .string(reading.rest)
        case .digits:
            guard let text = first.text else { return .missing }
            return .string(String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x30 && $0.value <= 0x39 })))
        case .text:
            guard let text = first.text else { return .missing }
            // Invisible characters are left out, scalar by scalar.
            func visible(_ text: String) -> String {
                String(String.UnicodeScalarView(text.unicodeScalars.filter { !InvisibleCharacters.contains($0) }))
            }
            guard let document = Self.document(text) else { return .string(visible(text)) }
            var lines: [String] = []
            Self.collectStrings(document, into: &lines)
            return .string(visible(lines.joined(separator: "\n")))
        case .lower: return first.text.map { .string($0.lowercased()) } ?? .missing
        case .upper: return first.text.map { .string($0.uppercased()) } ?? .missing
        case .trim: return first.text.map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .missing
        case .length:
            switch first {
            case let .list(items): return .int(items.count)
            case .missing: return .missing
            default: return first.text.map { .int($0.count) } ?? .missing
            }
        case .int:
            switch IntegerReading(first.engineValue) {
            case let .integer(value): return .int(value)
            case .notAnInteger: return .missing
            case let .outOfRange(text): throw Failure(message: "int(\(text)): " + IntegerReading.outOfRangeMessage(text))
            }
        case .zone:
            guard case let .string(name) = first, let zone = TimeZone(identifier: name) else { return .missing }
            return .zone(zone)
        case .amount:
            return ReferenceValue(AmountReading.read(first.engineValue))
        case .concat, .min, .max, .round, .floor, .ceil, .replace, .stripPrefix, .stripSuffix, .substring, .contains, .startsWith,
             .endsWith:
            preconditionFailure("handled above")
        }
    }

    /// The built-ins that read all their arguments, in order: numbers (reusing the engine's arithmetic), the
    /// text functions, and `replace(text, /regex/, replacement)`.
    mutating func callOnAll(_ function: BuiltinFunction, _ arguments: [RulesLanguage.Expression]) throws(Failure) -> ReferenceValue {
        var values: [ReferenceValue] = []
        for argument in arguments { values.append(try evaluate(argument)) }
        switch function {
        case .replace:
            guard arguments.count > 1, case let .regexLiteral(_, _, patternRange) = arguments[1].kind,
                  let pattern = ruleset.pattern(at: patternRange), let text = values.first?.text,
                  let replacement = values.last?.text else { return .missing }
            do {
                return .string(try pattern.replacingMatches(in: text, with: replacement))
            } catch {
                throw Failure(message: "replace() with the regex /\(pattern.source)/: \(error)")
            }
        case .stripPrefix, .stripSuffix, .substring, .contains, .startsWith, .endsWith:
            return ReferenceValue(TextFunctions.call(function, values.map(\.engineValue)))
        default:
            return ReferenceValue(Arithmetic.call(function, values.map(\.engineValue)))
        }
    }

    /// The JSON document a text holds (an object or an array after leading white space), or `nil`.
    /// Every string (and number) value inside a JSON document, in document order, from its tree (the
    /// engine reads them without one: ``JSONParser/scalarText(of:separator:)``).
    static func collectStrings(_ value: JSONValue, into lines: inout [String]) {
        switch value {
        case let .string(s): lines.append(s)
        case let .int(i): lines.append(String(i))
        case let .double(d): lines.append(ReferenceValue.double(d).text ?? "")
        case let .array(elements): for element in elements { collectStrings(element, into: &lines) }
        case let .object(members): for (_, member) in members { collectStrings(member, into: &lines) }
        case .bool, .null: break
        }
    }

    /// The value at `path` inside a JSON document, walking its tree (the engine builds only the value found:
    /// ``JSONParser/value(at:in:)``).
    static func lookup(_ path: String, in document: JSONValue?) -> Value {
        guard var current = document, let steps = BuiltinConversions.path(path) else { return .missing }
        for step in steps {
            switch step {
            case let .key(key):
                guard let next = current[key] else { return .missing }
                current = next
            case let .index(index):
                guard case let .array(elements) = current, index >= 0, index < elements.count else { return .missing }
                current = elements[index]
            }
        }
        return Value(current)
    }

    static func document(_ text: String) -> JSONValue? {
        let start = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        guard start.first == "{" || start.first == "[" else { return nil }
        do {
            return try JSONParser.parse(text)
        } catch {
            return nil
        }
    }
}
