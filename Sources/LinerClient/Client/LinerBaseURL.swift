import Foundation

/// Where the Liner API lives: scheme, host, port and an optional path prefix.
///
/// HTTPS is required, except for loopback hosts (127.0.0.0/8, `::1`, `localhost`), where plain HTTP is
/// allowed so that tests and the local emulator work.
public struct LinerBaseURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?
    /// A path prefix without a trailing slash (`""` for none).
    public let pathPrefix: String

    /// Reads `text`: a URL (`https://api.example.com`, `http://127.0.0.1:8089`) or a bare host
    /// (`api.example.com`, taken as HTTPS), as `LINER_API_HOST` usually holds.
    public init(_ text: String) throws(LinerConfigurationError) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw LinerConfigurationError("the API host is empty") }
        let withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed
        guard let components = URLComponents(string: withScheme), let scheme = components.scheme?.lowercased(),
            var host = components.host, !host.isEmpty
        else {
            throw LinerConfigurationError("the API host \"\(trimmed)\" is not a URL or host name")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard components.user == nil, components.password == nil else {
            throw LinerConfigurationError("the API host must not carry credentials")
        }
        guard components.query == nil, components.fragment == nil else {
            throw LinerConfigurationError("the API host must not carry a query or fragment")
        }
        guard scheme == "https" || scheme == "http" else {
            throw LinerConfigurationError("the API host must use https, not \(scheme)")
        }
        if scheme == "http", !Self.isLoopback(host) {
            throw LinerConfigurationError("plain http is allowed for loopback hosts only (127.0.0.0/8, ::1, localhost); use https for \(host)")
        }
        self.scheme = scheme
        self.host = host.lowercased()
        self.port = components.port
        var prefix = components.percentEncodedPath
        while prefix.hasSuffix("/") { prefix.removeLast() }
        self.pathPrefix = prefix
    }

    /// `true` for `localhost`, `::1` and 127.0.0.0/8.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "0:0:0:0:0:0:0:1" { return true }
        let parts = lowered.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "127" else { return false }
        return parts.allSatisfy { part in
            guard let value = Int(part), part.allSatisfy(\.isASCII), (0...255).contains(value) else { return false }
            return true
        }
    }

    /// The URL of `path` (which starts with `/`), with an already percent-encoded `query`.
    func url(path: String, encodedQuery: String) -> String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        let portPart = port.map { ":\($0)" } ?? ""
        let queryPart = encodedQuery.isEmpty ? "" : "?" + encodedQuery
        return "\(scheme)://\(hostPart)\(portPart)\(pathPrefix)\(path)\(queryPart)"
    }

    public var description: String { url(path: "", encodedQuery: "") }
}
