import ArgumentParser
import Foundation

/// The options of every command that talks to Liner through the journal (`run`, `apply`, `revert`): the
/// connection, the journal, the progress display.
struct LinerSessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run journal (SQLite). Default: $ENRICH_JOURNAL, else $XDG_STATE_HOME or ~/.local/state, /liner-enrich/journal.sqlite.", valueName: "path"))
    var journal: String?

    @Flag(name: .customLong("new-journal"), help: "Start a new journal when the file at --journal is empty or not a journal (it is kept, renamed to PATH.replaced-TIME). Without it such a file stops the run (exit 2).")
    var newJournal = false

    @Option(name: .customLong("api-host"), help: ArgumentHelp("Liner's API base URL (default: $LINER_API_HOST). HTTPS unless loopback.", valueName: "url"))
    var apiHost: String?

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp("A file holding the API key (default: $LINER_API_KEY). Never pass the key itself.", valueName: "path"))
    var apiKeyFile: String?

    @Option(help: "Requests per second at most (attempts and retries included).")
    var rate: Double = 10

    @Option(help: "Requests in flight at most. To reach a high --rate it must cover rate × round-trip time (e.g. 16 for 200/s at 80 ms).")
    var concurrency: Int = 8

    @Option(help: "Seconds to wait for one answer.")
    var timeout: Double = 15

    @Option(name: .customLong("max-attempts"), help: "Attempts per request (429, 5xx, timeouts and dropped connections are retried with backoff).")
    var maxAttempts: Int = 6

    @Option(help: "Progress on standard error: auto (a bar on a terminal, else log lines), bar, log or none.")
    var progress: ProgressDisplay.Mode = .auto

    @Option(name: .customLong("progress-interval"), help: "Seconds between progress log lines.")
    var progressInterval: Double = 5

    @Flag(name: .customLong("quiet-output"), help: "When sending, do not print a line per sent update.")
    var quietOutput = false

    func validate() throws {
        try OptionCheck.number("--rate", rate, in: 0.01...100_000, "requests per second")
        try OptionCheck.integer("--concurrency", concurrency, in: 1...1024, "requests in flight")
        try OptionCheck.number("--timeout", timeout, in: 0.01...3600, "seconds")
        try OptionCheck.integer("--max-attempts", maxAttempts, in: 1...100, "attempts")
        try OptionCheck.number("--progress-interval", progressInterval, in: 0.1...86_400, "seconds")
    }
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}
