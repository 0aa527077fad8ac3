import ArgumentParser
import Foundation
import LinerClient

/// The connection options of the commands that read from Liner without running (`account pull`):
/// the same names, defaults, environment variables and checks as `enrich run`'s.
struct LinerConnectionOptions: ParsableArguments {
    @Option(name: .customLong("api-host"), help: ArgumentHelp("Liner's API base URL (default: $LINER_API_HOST). HTTPS unless loopback.", valueName: "url"))
    var apiHost: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp("A file holding the API key (default: $LINER_API_KEY). Never pass the key itself.", valueName: "path"))
    var apiKeyFile: String?

    @Option(help: "Requests per second at most (attempts and retries included).")
    var rate: Double = 10

    @Option(help: "Requests in flight at most.")
    var concurrency: Int = 8

    @Option(help: "Seconds to wait for one answer.")
    var timeout: Double = 15

    @Option(name: .customLong("max-attempts"), help: "Attempts per request (429, 5xx, timeouts and dropped connections are retried with backoff).")
    var maxAttempts: Int = 6

    func validate() throws {
        try OptionCheck.number("--rate", rate, in: 0.01...100_000, "requests per second")
        try OptionCheck.integer("--concurrency", concurrency, in: 1...1024, "requests in flight")
        try OptionCheck.number("--timeout", timeout, in: 0.01...3600, "seconds")
        try OptionCheck.integer("--max-attempts", maxAttempts, in: 1...100, "attempts")
    }

    /// The client's configuration; see ``LinerConnection/configuration(apiHost:apiKeyFile:timeout:concurrency:rate:maxAttempts:)``.
    func clientConfiguration() throws -> LinerClientConfiguration {
        try LinerConnection.configuration(apiHost: apiHost, apiKeyFile: apiKeyFile, timeout: timeout,
                                          concurrency: concurrency, rate: rate, maxAttempts: maxAttempts)
    }
}

/// Building a Liner client's configuration from the command line, for every command that talks to Liner.
enum LinerConnection {
    /// The host from `apiHost` or `$LINER_API_HOST`, the key from `apiKeyFile` or `$LINER_API_KEY`, and
    /// the limits. Prints what is wrong (never the key) and exits 2 when the host or key is missing or bad.
    static func configuration(apiHost: String?, apiKeyFile: String?, timeout: Double, concurrency: Int, rate: Double,
                              maxAttempts: Int) throws -> LinerClientConfiguration {
        var configuration: LinerClientConfiguration
        do {
            configuration = try LinerClientConfiguration.resolve(baseURL: apiHost, apiKeyFile: apiKeyFile)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        configuration.timeout = .milliseconds(Int64(timeout * 1000))
        configuration.maxConcurrentRequests = concurrency
        configuration.rateLimit = LinerRateLimit(requestsPerSecond: rate, burst: max(1, Int(rate / 10)))
        configuration.retry.maxAttempts = maxAttempts
        return configuration
    }
}
