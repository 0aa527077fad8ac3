import Foundation
import JSON
import LeadFields
import Timestamps

extension Checker {
    /// Checks what can be checked of a test before running it: its JSON, the fields and rules it names.
    mutating func checkTest(_ test: TestDeclaration) {
        for row in test.rows { checkTestRow(row, test: test) }
    }

    mutating func checkTestRow(_ row: TestDeclaration.Row, test: TestDeclaration) {
        checkJSONObject(row.given, row.givenRange, what: "the given lead")
        checkGivenLeadId(row.given, row.givenRange)
        if let now = row.now, Self.parseISO8601(now) == nil {
            report(.expected("an ISO 8601 time such as \"2026-03-01T09:00:00Z\"", found: "\"\(now)\""), row.nowRange ?? test.range)
        }
        for (expectation, range) in row.expectations {
            switch expectation {
            case let .patch(json):
                checkJSONObject(json, range, what: "the expected patch")
                checkExpectedFieldNames(json, range, inPatch: true)
            case let .fields(json):
                checkJSONObject(json, range, what: "the expected patch")
                checkExpectedFieldNames(json, range, inPatch: false)
            case let .untouched(names):
                for name in names { checkUntouchedField(name) }
            case let .fires(rule, _):
                if writerNames[rule.text] == nil {
                    report(.unknownRuleInTest(rule.text, suggestion: Suggestions.closest(to: rule.text, in: writerNames.keys)), rule.range)
                }
            case .error:
                break
            }
        }
    }

    /// A field of `expect untouched`: a lead field, `status`, or `customValues[ID]` with a positive id.
    mutating func checkUntouchedField(_ name: Name) {
        let text = name.text
        if let bracket = text.firstIndex(of: "[") {
            let base = String(text[..<bracket])
            let id = Int(text[text.index(after: bracket)...].dropLast()) ?? 0
            if base != LeadSchema.customValues {
                report(.subscriptNotAllowed(base), name.range)
            } else if id <= 0 {
                report(.customValueKeyNotId(String(text[bracket...])), name.range)
            }
            return
        }
        if LeadSchema.fields[text] == nil && text != LeadSchema.statusPseudoField {
            report(.unknownField(text, suggestion: Suggestions.closest(to: text, in: LeadSchema.fields.keys)), name.range)
        }
    }

    /// The members of an expected patch: lead fields (and `customValues`, keyed by custom field ids); a name that is
    /// none (`prioritty`) would make the test fail for ever, or, under `expect patch`, pass by an unrelated miss.
    /// The names of an expected patch (`inPatch`) or of expected fields: lead fields; in a patch, fields an update
    /// accepts; a custom value's key, a custom field id (a positive integer). Otherwise the test could never pass.
    mutating func checkExpectedFieldNames(_ text: String, _ range: SourceRange, inPatch: Bool) {
        guard case let .object(members)? = try? JSONParser.parse(text) else { return }
        for (name, value) in members {
            guard let field = LeadFields.named(name) else {
                report(.unknownFieldInExpectation(name, suggestion: Suggestions.closest(to: name, in: LeadSchema.fields.keys)), range)
                continue
            }
            if inPatch, !field.isUpdatable {
                report(.readOnlyFieldInExpectedPatch(name), range)
            }
            if name == LeadFields.customValues, case let .object(entries) = value {
                for (key, _) in entries where !Self.isCustomFieldId(key) {
                    report(.customValueKeyInExpectation(key), range)
                }
            }
        }
    }

    /// Whether `key` names a custom field as Liner does: digits, no leading zero, > 0.
    static func isCustomFieldId(_ key: String) -> Bool {
        guard let first = key.utf8.first, first != UInt8(ascii: "0"), key.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            return false
        }
        return Int(key) != nil
    }

    mutating func checkJSONObject(_ text: String, _ range: SourceRange, what: String) {
        let value: JSONValue
        do {
            value = try JSONParser.parse(text)
        } catch {
            // Where the parser stopped, and why: the token's text is the source's bytes, so its offset is a place.
            let at = min(range.start + error.offset, max(range.start, range.end - 1))
            report(.expected("\(what) as a valid JSON object", found: "invalid JSON (\(error.message))"),
                   SourceRange(file: range.file, start: at, end: min(at + 1, range.end)))
            return
        }
        guard case .object = value else {
            report(.expected("\(what) as a valid JSON object", found: value.preciseTypeName), range)
            return
        }
        // Every reader refuses a lead that gives a member twice, at any depth (`customValues` too); an expected patch
        // doing so compares unclearly (two contradictory expectations both passed).
        if let (path, name) = value.firstRepeatedMember() {
            let place = path.isEmpty ? "\"\(name)\"" : "\"\(name)\" in \(path)"
            report(.expected("\(what) giving each member once", found: "\(place) given twice"), range)
        }
    }

    /// The given lead's `id`, when it has one, as every reader takes it: a positive integer (digits in a string
    /// too) of at most 64 bits. Otherwise the test could only fail when run.
    mutating func checkGivenLeadId(_ text: String, _ range: SourceRange) {
        guard case let .object(members)? = try? JSONParser.parse(text), let id = members.last(where: { $0.0 == "id" })?.1 else { return }
        if case let .failure(problem) = LeadIdReading.read(id) {
            report(.expected("the given lead's \"id\" as \(problem.expectation)", found: problem.found), range)
        }
    }

    /// Parses an ISO 8601 date-time, with or without fractional seconds.
    public static func parseISO8601(_ text: String) -> Date? {
        // Read directly, strictly: a formatter per call cost 95 % of `enrich test` on the pack's 37,000
        // generated tests, and ISO8601DateFormatter on Linux also accepts 31 April (as 1 May), hour 24
        // and trailing text.
        RFC3339.parse(text)
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)`, read without Foundation's formatters by the project's one
/// timestamp reader; dates that do not exist are refused.
enum RFC3339 {
    static func parse(_ text: String) -> Date? {
        TimestampReader.read(text, .rfc3339).map { Date(timeIntervalSince1970: $0.secondsSince1970) }
    }
}
