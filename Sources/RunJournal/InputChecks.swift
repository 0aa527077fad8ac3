import Foundation

/// Checks on what callers hand to the journal, made before anything is written.
enum InputChecks {
    /// The kind of JSON value a text column must hold.
    enum JSONKind: String {
        case object = "a JSON object"
        case array = "a JSON array"
    }

    /// `nil` when `text` is JSON of `kind`, else why not.
    static func problem(json text: String, kind: JSONKind, field: String) -> String? {
        guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        else { return "\(field) is not valid JSON: \(excerpt(text))" }
        switch kind {
        case .object where value is [String: Any], .array where value is [Any]:
            return nil
        default:
            return "\(field) must be \(kind.rawValue): \(excerpt(text))"
        }
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
        guard let options = try? JSONSerialization.jsonObject(with: Data(run.options.utf8)) else { return nil }
        if let path = credentialPath(in: options, at: "options") {
            return "\(path) looks like a credential; the journal never stores secrets (remove it from the options)"
        }
        return nil
    }

    private static func credentialPath(in value: Any, at path: String) -> String? {
        if let object = value as? [String: Any] {
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                if isCredentialName(key), !isEmptyValue(item) {
                    return "\(path).\(key)"
                }
                if let found = credentialPath(in: item, at: "\(path).\(key)") { return found }
            }
        } else if let array = value as? [Any] {
            for (index, item) in array.enumerated() {
                if let found = credentialPath(in: item, at: "\(path)[\(index)]") { return found }
            }
        }
        return nil
    }

    private static func isEmptyValue(_ value: Any) -> Bool {
        if value is NSNull { return true }
        if let text = value as? String { return text.isEmpty }
        return false
    }

    private static func excerpt(_ text: String) -> String {
        text.count <= 60 ? "'\(text)'" : "'\(text.prefix(57))...'"
    }
}
