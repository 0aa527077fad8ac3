import ArgumentParser
import Foundation
import LinerClient

/// How to reach Liner: the options every command that talks to an account shares (`run`, `diff --source
/// liner`). The key never comes from the command line (where other users could read it).
struct LinerConnectionOptions: ParsableArguments {
    @Option(name: .customLong("api-host"), help: ArgumentHelp("Liner's API base URL (default: $LINER_API_HOST). HTTPS unless loopback.", valueName: "url"))
    var apiHost: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp("A file holding the API key (default: $LINER_API_KEY). Never pass the key itself.", valueName: "path"))
    var apiKeyFile: String?

    @Option(parsing: .unconditional, help: "Requests per second at most (attempts and retries included).")
    var rate: Double = 10

    @Option(parsing: .unconditional, help: "Requests in flight at most. To reach a high --rate it must cover rate × round-trip time (e.g. 16 for 200/s at 80 ms).")
    var concurrency: Int = 8

    @Option(parsing: .unconditional, help: "Seconds to wait for one answer (the whole request: headers and body).")
    var timeout: Double = 15

    @Option(name: .customLong("max-attempts"), parsing: .unconditional, help: "Attempts per request (429, 5xx, timeouts and dropped connections are retried with backoff).")
    var maxAttempts: Int = 6

    func validate() throws {
        try OptionCheck.number("--rate", rate, in: 0.01...100_000, "requests per second")
        try OptionCheck.integer("--concurrency", concurrency, in: 1...1024, "requests in flight")
        try OptionCheck.number("--timeout", timeout, in: 0.01...3600, "seconds")
        try OptionCheck.integer("--max-attempts", maxAttempts, in: 1...100, "attempts")
    }

    /// The client configuration (host and key from the options or the environment); exit 2 when it cannot be made.
    func clientConfiguration() throws -> LinerClientConfiguration {
        var configuration: LinerClientConfiguration
        do {
            configuration = try LinerClientConfiguration.resolve(baseURL: apiHost, apiKeyFile: apiKeyFile)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        configuration.timeout = .milliseconds(Int64(timeout * 1000))
        configuration.maxConcurrentRequests = concurrency
        configuration.rateLimit = LinerRateLimit(requestsPerSecond: rate, burst: LinerRateLimit.clientBurst(for: rate))
        configuration.retry.maxAttempts = maxAttempts
        return configuration
    }
}
