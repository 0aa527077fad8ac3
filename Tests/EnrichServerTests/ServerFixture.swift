import EnrichServer
import Foundation
import Hummingbird
import HummingbirdTesting
import LeadEngine
import Logging
import Testing

/// Builds servers over rules directories and talks to them in process.
enum ServerFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static var defaultPack: String { root.appendingPathComponent("rules").path }
    static var samples: String { root.appendingPathComponent("samples/leads.jsonl").path }

    static let rules = """
        status new = 1, junk = 9

        rule "Moscow" {
          when phone ~ /^\\+?7495/
          fill utcOffset = 3
        }
        """

    static func server(rules directory: String, token: String? = nil, maxBody: Int = 1 << 20, maxBatch: Int = 100,
                       requireTests: Bool = false, reloadInterval: Duration = .milliseconds(100),
                       requestTimeout: Duration = .seconds(600)) throws -> EnrichServer {
        // A long request timeout: the whole suite runs at once, and CPU-bound tests holding the cooperative threads
        // can keep a request's body reading waiting for tens of seconds (a request answered 503 in a fresh-clone CI).
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        configuration.requestTimeout = requestTimeout
        configuration.token = token
        configuration.maxBodyBytes = maxBody
        configuration.maxBatch = maxBatch
        configuration.reloadInterval = reloadInterval
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try EnrichServer(configuration: configuration,
                                loader: PackLoader(directory: directory, preparation: .offline(statuses: nil), requireTests: requireTests),
                                watch: nil, logger: logger)
    }

    static func directory(_ files: [String: String]) throws -> String {
        let path = NSTemporaryDirectory() + "enrich-serve-\(UUID().uuidString)"
        for (name, text) in files {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }
        return path
    }

    static func json(_ buffer: ByteBuffer) throws -> JSONValue {
        try JSONParser.parse(String(buffer: buffer))
    }
}

extension ServerFixture {
    /// The body as JSON, or `nil` when it is not JSON (the expectation using it then fails).
    static func parsed(_ buffer: ByteBuffer) -> JSONValue? {
        do { return try JSONParser.parse(String(buffer: buffer)) } catch { return nil }
    }
}

extension JSONValue {
    /// Element `index` of an array (`nil` for anything else or out of range).
    subscript(index: Int) -> JSONValue? {
        guard let elements = arrayElements, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
