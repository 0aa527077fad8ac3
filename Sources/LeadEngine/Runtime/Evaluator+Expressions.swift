import Foundation
import PCRE2
import RulesLanguage

extension EvaluationCore {
    /// Whether a condition part holds. Anything that is not `true` is false.
    mutating func truth(_ expression: CompiledExpression) throws(Failure) -> Bool {
        if case .bool(true) = try evaluate(expression) { return true }
        return false
    }

    mutating func evaluate(_ expression: CompiledExpression) throws(Failure) -> Value {
        switch expression {
        case let .literal(value): return value
        case let .field(key): return read(key)
        case let .raw(name): return Value(lead.fields[name])
        case .status: return statusCode().map(Value.string) ?? .missing
        case let .capture(slot): return .string(captures[slot])
        case let .template(parts):
            var text = ""
            for part in parts {
                switch part {
                case let .text(t): text += t
                case let .capture(slot): text += captures[slot]
                }
            }
            return .string(text)
        case let .call(builtin, arguments):
            return try call(builtin, arguments)
        case let .regex(node):
            return .bool(try match(node))
        case let .compare(op, lhs, rhs):
            return .bool(compare(op, try evaluate(lhs), try evaluate(rhs)))
        case let .membership(element, list, negated):
            let value = try evaluate(element)
            guard case let .list(items) = try evaluate(list), value != .missing else { return .bool(false) }
            let found = items.contains { compare(.equal, value, $0) }
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
        case let .list(elements):
            var values: [Value] = []
            for element in elements { values.append(try evaluate(element)) }
            return .list(values)
        case let .not(operand):
            return .bool(!(try truth(operand)))
        case let .and(lhs, rhs):
            if try !truth(lhs) { return .bool(false) }
            return .bool(try truth(rhs))
        case let .or(lhs, rhs):
            if try truth(lhs) { return .bool(true) }
            return .bool(try truth(rhs))
        case let .arithmetic(op, lhs, rhs):
            return Arithmetic.apply(op, try evaluate(lhs), try evaluate(rhs))
        case let .negate(operand):
            return Arithmetic.negate(try evaluate(operand))
        case .pattern:
            return .missing
        }
    }

    /// Runs a regex test; on a match, fills the capture slots and records the match.
    mutating func match(_ node: RegexNode) throws(Failure) -> Bool {
        guard let subject = try evaluate(node.subject).text else { return node.negated }
        if let (index, literals) = node.prefilter, !recordMatches {
            if prefilterSubjects[index] != subject {
                program.prefilters[index].scan(subject, hits: &prefilterHits[index], buffer: &foldBuffer)
                prefilterSubjects[index] = subject
            }
            // None of the literals every match needs is there: the regex cannot match.
            if !literals.contains(where: { prefilterHits[index][$0] }) { return node.negated }
        }
        let matched: Bool
        do {
            matched = try node.pattern.matches(subject, scratch: scratch)
        } catch {
            throw Failure(message: "regex at \(node.location): \(error)")
        }
        if matched, !node.negated {
            for (group, slot) in node.captures {
                captures[slot] = scratch.substring(group, in: subject).map(String.init) ?? ""
            }
            if recordMatches {
                let text = scratch.substring(0, in: subject).map(String.init) ?? ""
                let named = node.namedGroups.compactMap { name, group in
                    scratch.substring(group, in: subject).map { NamedCapture(name: name, text: String($0)) }
                }
                matches.append(RegexMatchRecord(location: node.location, text: text, captures: named))
            }
        }
        return matched != node.negated
    }

    /// Comparison: a missing value compares false with anything (also with `!=`); numbers compare
    /// as numbers (a string holding a number counts as one when the other side is a number).
    func compare(_ op: ComparisonOperator, _ lhs: Value, _ rhs: Value) -> Bool {
        if lhs == .missing || rhs == .missing { return false }
        let ordering: Int
        switch (lhs, rhs) {
        case let (.string(a), .string(b)):
            ordering = a == b ? 0 : (a < b ? -1 : 1)
        case let (.bool(a), .bool(b)):
            guard op == .equal || op == .notEqual else { return false }
            ordering = a == b ? 0 : 1
        default:
            guard let a = lhs.number, let b = rhs.number else {
                if op == .notEqual { return true }
                return false
            }
            ordering = a == b ? 0 : (a < b ? -1 : 1)
        }
        switch op {
        case .equal: return ordering == 0
        case .notEqual: return ordering != 0
        case .less: return ordering < 0
        case .lessEqual: return ordering <= 0
        case .greater: return ordering > 0
        case .greaterEqual: return ordering >= 0
        }
    }

    /// For `explain`: the value the failing part looked at (its subject), as text.
    mutating func seenValue(_ expression: CompiledExpression) throws(Failure) -> String {
        switch expression {
        case let .regex(node): return describe(try evaluate(node.subject))
        case let .compare(_, lhs, _): return describe(try evaluate(lhs))
        case let .membership(element, _, _): return describe(try evaluate(element))
        case let .test(subject, _, _): return describe(try evaluate(subject))
        case let .not(inner): return try seenValue(inner)
        default: return describe(try evaluate(expression))
        }
    }

    /// Calls a built-in: the implementations of ``BuiltinRegistry``'s declarations, one `case` each (the `switch`
    /// is exhaustive, so a declared function without an implementation does not compile).
    mutating func call(_ builtin: BuiltinFunction, _ arguments: [CompiledExpression]) throws(Failure) -> Value {
        var values: [Value] = []
        for argument in arguments { values.append(try evaluate(argument)) }
        let first = values.first ?? .missing
        switch builtin {
        case .e164:
            guard let text = first.text else { return .missing }
            if let (input, output) = e164Cache, input == text { return output }
            let output = PhoneNormalizer.e164(text).map(Value.string) ?? .missing
            e164Cache = (text, output)
            return output
        case .phoneFirst, .phoneRest:
            guard let text = first.text else { return .missing }
            let reading: PhoneFieldReader.Reading?
            if let (input, output) = phoneFieldCache, input == text {
                reading = output
            } else {
                reading = PhoneFieldReader.read(text)
                phoneFieldCache = (text, reading)
            }
            guard let reading else { return .missing }
            if builtin == .phoneFirst { return .string(reading.e164) }
            return reading.rest.isEmpty ? .missing : .string(reading.rest)
        case .digits:
            guard let text = first.text else { return .missing }
            return .string(String(text.unicodeScalars.filter { $0.properties.numericType == .decimal && $0.isASCII }.map(Character.init)))
        case .lower: return first.text.map { .string($0.lowercased()) } ?? .missing
        case .upper: return first.text.map { .string($0.uppercased()) } ?? .missing
        case .trim: return first.text.map { .string($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? .missing
        case .length:
            switch first {
            case let .list(items): return .int(items.count)
            case .missing: return .missing
            default: return first.text.map { .int($0.count) } ?? .missing
            }
        case .int: return try BuiltinConversions.integer(first)
        case .json:
            guard case let .string(path)? = values.last, let text = first.text else { return .missing }
            return BuiltinConversions.lookup(path, in: parsedJSON(text))
        case .zone:
            if case let .string(name) = first, let zone = TimeZone(identifier: name) { return .zone(zone) }
            return .missing
        case .concat:
            return .string(values.compactMap { $0.text }.joined())
        case .text:
            // A JSON document (a quiz log) reads as its string values, decoded (\u escapes included),
            // one per line; any other value as itself.
            guard let text = first.text else { return .missing }
            guard let document = parsedJSON(text) else { return .string(text) }
            var lines: [String] = []
            BuiltinConversions.collectStrings(document, into: &lines)
            return .string(lines.joined(separator: "\n"))
        case .amount:
            return AmountReading.read(first)
        case .min, .max, .round, .floor, .ceil:
            return Arithmetic.call(builtin, values)
        case .replace:
            guard case let .pattern(pattern)? = arguments.dropFirst().first, let text = first.text,
                  let replacement = values.last?.text else { return .missing }
            do {
                return .string(try pattern.replacingMatches(in: text, with: replacement))
            } catch {
                throw Failure(message: "replace() with the regex /\(pattern.source)/: \(error)")
            }
        case .stripPrefix, .stripSuffix, .substring, .contains, .startsWith, .endsWith:
            return TextFunctions.call(builtin, values)
        }
    }

    /// A JSON document parsed from a field, cached for the lead (several rules read the same comment).
    mutating func parsedJSON(_ text: String) -> JSONValue? {
        for (source, parsed) in jsonCache where source == text { return parsed }
        let trimmed = text.drop { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        let parsed = trimmed.first == "{" || trimmed.first == "[" ? try? JSONParser.parse(text) : nil
        jsonCache.append((text, parsed))
        return parsed
    }
}
