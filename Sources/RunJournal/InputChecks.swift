import Foundation
import JSON

/// Checks on what callers hand to the journal, made before anything is written.
enum InputChecks {
    /// The kind of JSON value a text column must hold.
    enum JSONKind: String {
        case object = "a JSON object"
        case array = "a JSON array"
    }

    /// `nil` when `text` is JSON of `kind`, else why not.
    static func problem(json text: String, kind: JSONKind, field: String) -> String? {
        if case let .failure(problem) = parse(json: text, kind: kind, field: field) { return problem.description }
        return nil
    }

    /// The value of `text` when it is JSON of `kind`, else why not (the one JSON stack: the JSON module).
    static func parse(json text: String, kind: JSONKind, field: String) -> Result<JSONValue, Problem> {
        let value: JSONValue
        do { value = try JSONParser.parse(text) } catch { return .failure(Problem("\(field) is not valid JSON: \(excerpt(text))")) }
        switch (kind, value) {
        case (.object, .object), (.array, .array):
            return .success(value)
        default:
            return .failure(Problem("\(field) must be \(kind.rawValue): \(excerpt(text))"))
        }
    }

    /// Why an input is refused.
    struct Problem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// Normalized key endings that name a credential. A key is normalized by lowercasing it and dropping
    /// `-`, `_`, `.` and spaces: `X-Api-Key`, `api_key` and `apiKey` all become `xapikey`/`apikey`.
    static let credentialSuffixes = [
        "apikey", "token", "secret", "password", "passwd", "authorization", "credential", "credentials",
    ]

    /// Whether `key` names a credential.
    static func isCredentialName(_ key: String) -> Bool {
        let normalized = String(key.lowercased().unicodeScalars.filter { !"-_. ".unicodeScalars.contains($0) })
        return credentialSuffixes.contains { normalized.hasSuffix($0) }
    }

    /// `nil` when a run carries nothing that looks like a secret, else why it is refused.
    ///
    /// Refused: a `source` URL with user information (`https://user:key@host`) or a query string; `options`
    /// holding, at any depth, a key named like a credential (``credentialSuffixes``) whose value is anything
    /// but `null` or `""`. (Naming where the key comes from, as `"apiKeyEnv": "LINER_API_KEY"`, is fine.)
    static func secretProblem(in run: NewRun) -> String? {
        if let schemeEnd = run.source.range(of: "://") {
            let afterScheme = run.source[schemeEnd.upperBound...]
            let authority = afterScheme.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            if authority.contains("@") {
                return "the source must not carry credentials (user information in its URL)"
            }
            if afterScheme.contains("?") {
                return "the source must not carry a query string (it could hold a credential)"
            }
        }
        // Options that are not a JSON object are refused by `problem(json:...)` before this is asked.
        guard case let .success(options) = parse(json: run.options, kind: .object, field: "options") else { return nil }
        if let path = credentialPath(in: options, at: "options") {
            return "\(path) looks like a credential; the journal never stores secrets (remove it from the options)"
        }
        return nil
    }

    private static func credentialPath(in value: JSONValue, at path: String) -> String? {
        switch value {
        case let .object(members):
            for (key, item) in members.sorted(by: { $0.0 < $1.0 }) {
                if isCredentialName(key), !isEmptyValue(item) {
                    return "\(path).\(key)"
                }
                if let found = credentialPath(in: item, at: "\(path).\(key)") { return found }
            }
        case let .array(elements):
            for (index, item) in elements.enumerated() {
                if let found = credentialPath(in: item, at: "\(path)[\(index)]") { return found }
            }
        default: break
        }
        return nil
    }

    private static func isEmptyValue(_ value: JSONValue) -> Bool {
        switch value {
        case .null, .string(""): return true
        default: return false
        }
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 60 ? "'\(text)'" : "'\(text.prefix(57))...'"
    }
}
