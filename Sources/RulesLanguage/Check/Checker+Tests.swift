import Foundation

extension Checker {
    /// Checks what can be checked of a test before running it: its JSON, the fields and rules it names.
    mutating func checkTest(_ test: TestDeclaration) {
        checkJSONObject(test.given, test.givenRange, what: "the given lead")
        if let now = test.now, Self.parseISO8601(now) == nil {
            report(.expected("an ISO 8601 time such as \"2026-03-01T09:00:00Z\"", found: "\"\(now)\""), test.nowRange ?? test.range)
        }
        for (expectation, range) in test.expectations {
            switch expectation {
            case let .patch(json), let .fields(json):
                checkJSONObject(json, range, what: "the expected patch")
            case let .untouched(names):
                for name in names where LeadSchema.fields[name.text] == nil && name.text != LeadSchema.statusPseudoField {
                    report(.unknownField(name.text, suggestion: Suggestions.closest(to: name.text, in: LeadSchema.fields.keys)), name.range)
                }
            case let .fires(rule, _):
                if writerNames[rule.text] == nil {
                    report(.expected("the name of a rule or table", found: "\"\(rule.text)\""), rule.range)
                }
            case .error:
                break
            }
        }
    }

    mutating func checkJSONObject(_ text: String, _ range: SourceRange, what: String) {
        let parsed = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        if !(parsed is [String: Any]) {
            report(.expected("\(what) as a valid JSON object", found: "invalid JSON"), range)
        }
    }

    /// Parses an ISO 8601 date-time, with or without fractional seconds.
    public static func parseISO8601(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
