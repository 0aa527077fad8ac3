import Foundation

/// Everything a ``LinerClient`` needs: where, which key, and how patient to be.
///
/// Its description, debug description and mirror never show the API key.
public struct LinerClientConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The API's base URL (HTTPS unless loopback).
    public var baseURL: LinerBaseURL
    /// The integration token sent as `X-Api-Key`.
    public var apiKey: LinerAPIKey
    /// The limit for one attempt to get an answer (the head by this deadline, then no pause in the body longer
    /// than it). The official examples use 15 s.
    public var timeout: Duration
    public var retry: LinerRetryPolicy
    /// Requests in flight at once (attempts, across all calls of this client).
    public var maxConcurrentRequests: Int
    /// Requests per second (attempts, retries included); `nil` for no limit.
    public var rateLimit: LinerRateLimit?
    /// Paths tried in order for the status list; the next is tried on a 404 (the docs disagree).
    public var statusPaths: [String]
    /// Paths tried in order for the custom field list; the next is tried on a 404.
    public var customFieldPaths: [String]
    /// Check update bodies against ``LinerUpdateValidator`` before sending, and refuse bad ones without a request.
    public var validateUpdates: Bool
    /// The `User-Agent` header.
    public var userAgent: String
    /// The most bytes of an answer's body read (32 MiB): a larger answer is not read, and not retried as a dropped
    /// connection would be (the server did answer).
    public var maximumBodySize = defaultMaximumBodySize
    /// 32 MiB.
    public static let defaultMaximumBodySize = 32 << 20

    public init(
        baseURL: LinerBaseURL,
        apiKey: LinerAPIKey,
        timeout: Duration = .seconds(15),
        retry: LinerRetryPolicy = LinerRetryPolicy(),
        maxConcurrentRequests: Int = 4,
        rateLimit: LinerRateLimit? = LinerRateLimit(requestsPerSecond: 5, burst: 1),
        statusPaths: [String] = ["/v2/lead-status/", "/v2/lead-statuses/"],
        customFieldPaths: [String] = ["/v2/custom-field/", "/v2/custom-fields/"],
        validateUpdates: Bool = true,
        userAgent: String = "liner-enrich"
    ) {
        self.baseURL = baseURL
        self.apiKey = apiKey
        self.timeout = timeout
        self.retry = retry
        self.maxConcurrentRequests = max(1, maxConcurrentRequests)
        self.rateLimit = rateLimit
        self.statusPaths = statusPaths
        self.customFieldPaths = customFieldPaths
        self.validateUpdates = validateUpdates
        self.userAgent = userAgent
    }

    /// The environment variable holding the API host (a URL or a bare host, taken as HTTPS).
    public static let hostVariable = "LINER_API_HOST"
    /// The environment variable holding the API key.
    public static let keyVariable = "LINER_API_KEY"

    /// A configuration from options, falling back on the environment.
    ///
    /// - Parameters:
    ///   - baseURL: overrides `LINER_API_HOST`.
    ///   - apiKeyFile: a file holding the key (surrounding whitespace ignored); overrides `LINER_API_KEY`.
    ///   - environment: the variables to read (the process environment by default).
    public static func resolve(
        baseURL: String? = nil,
        apiKeyFile: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LinerConfigurationError) -> LinerClientConfiguration {
        guard let host = baseURL ?? environment[hostVariable] else {
            throw LinerConfigurationError("no API host: give a base URL or set \(hostVariable)")
        }
        let key: LinerAPIKey
        if let apiKeyFile {
            guard let data = FileManager.default.contents(atPath: apiKeyFile), let text = String(data: data, encoding: .utf8) else {
                throw LinerConfigurationError("cannot read the API key file \(apiKeyFile)")
            }
            key = try LinerAPIKey(text)
        } else if let text = environment[keyVariable] {
            key = try LinerAPIKey(text)
        } else {
            throw LinerConfigurationError("no API key: give a key file or set \(keyVariable)")
        }
        return LinerClientConfiguration(baseURL: try LinerBaseURL(host), apiKey: key)
    }

    public var description: String {
        let rate = rateLimit.map { "\($0.requestsPerSecond)/s burst \($0.burst)" } ?? "none"
        return "LinerClientConfiguration(baseURL: \(baseURL), apiKey: <redacted>, timeout: \(timeout), "
            + "maxAttempts: \(retry.maxAttempts), maxConcurrentRequests: \(maxConcurrentRequests), rateLimit: \(rate))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "baseURL": baseURL.description,
            "apiKey": "<redacted>",
            "timeout": timeout,
            "retry": retry,
            "maxConcurrentRequests": maxConcurrentRequests,
            "rateLimit": rateLimit as Any,
        ], displayStyle: .struct)
    }
}
