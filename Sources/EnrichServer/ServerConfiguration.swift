import Foundation
import RunJournal

/// How `enrich serve` listens and what it takes.
public struct ServerConfiguration: Sendable {
    /// The address to bind (`127.0.0.1` by default) and the port (0: any free one).
    public var host: String
    public var port: Int
    /// The largest request body taken, in bytes (`--max-body`).
    public var maxBodyBytes: Int = 16 << 20
    /// The most leads in one batch (`--max-batch`).
    public var maxBatch: Int = 10_000
    /// How long one request may take, reading its body included (`--request-timeout`).
    public var requestTimeout: Duration = .seconds(30)
    /// The bearer token every request but the probes and the OpenAPI document must carry (`--token-file`).
    public var token: String?
    /// How often the rules directory is looked at for changes (`--reload-interval`).
    public var reloadInterval: Duration = .seconds(2)
    /// The journal whose history the page shows (the watch loop's, or `--journal` read-only).
    public var journal: RunJournal?

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Whether `host` is a loopback address (`127.0.0.0/8`, `::1`, `localhost`), the only ones served without a token.
    public static func isLoopback(_ host: String) -> Bool {
        let trimmed = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        if trimmed == "localhost" || trimmed == "::1" { return true }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts[0] == "127" && parts.allSatisfy { UInt8($0) != nil }
    }
}
