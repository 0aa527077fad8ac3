import ArgumentParser
import Foundation
import LinerClient
import LinerRun

/// The options of `enrich run` that concern Liner, the journal and applying.
struct LinerRunOptions: ParsableArguments {
    @Flag(help: "Send the patches to Liner (POST /v2/lead/update/{id}/). Without it nothing is sent.")
    var apply = false

    @Option(help: ArgumentHelp("The run journal (SQLite). Default: $ENRICH_JOURNAL, else $XDG_STATE_HOME or ~/.local/state, /liner-enrich/journal.sqlite.", valueName: "path"))
    var journal: String?

    @Option(name: .customLong("created-from"), help: ArgumentHelp("Leads created at or after this ISO 8601 time (default: continue from the last successful run).", valueName: "time"))
    var createdFrom: String?

    @Option(name: .customLong("created-to"), help: ArgumentHelp("Leads created at or before this ISO 8601 time (default: the run's start).", valueName: "time"))
    var createdTo: String?

    @Option(name: .customLong("status"), help: ArgumentHelp("Only leads in this status (a code such as new; repeatable). Filtered as read, not by the server, so that status changes made by the run do not shift the pages.", valueName: "code"))
    var statuses: [String] = []

    @Option(name: .customLong("order"), help: ArgumentHelp("Only leads of this order id (repeatable).", valueName: "id"))
    var orders: [Int] = []

    @Option(help: ArgumentHelp("Only leads whose id % N == I, 0 <= I < N: N workers share an account without overlap.", valueName: "I/N"))
    var shard: String?

    @Option(name: .customLong("overlap-minutes"), help: "An incremental run starts this many minutes before the end of the last successful one.")
    var overlapMinutes: Double = 15

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

    @Flag(name: .customLong("quiet-output"), help: "With --apply, do not print a line per sent update.")
    var quietOutput = false

    @Option(name: .customLong("max-leads"), help: ArgumentHelp("Stop a run whose lead list holds more than this many leads (a list that never ends).", valueName: "n"))
    var maxLeads: Int = LinerLeadPages.defaultMaximumLeads

    @Flag(name: .customLong("new-journal"), help: "Start a new journal when the file at --journal is empty or not a journal (it is kept, renamed to PATH.replaced-TIME). Without it such a file stops the run (exit 2).")
    var newJournal = false

    var usesWindowOrFilters: Bool { createdFrom != nil || createdTo != nil || !statuses.isEmpty || !orders.isEmpty }

    func validate() throws {
        for (name, value) in [("--created-from", createdFrom), ("--created-to", createdTo)] {
            if let value, Timestamp.parse(value) == nil {
                throw ValidationError("\(name) must be an ISO 8601 time such as 2026-11-01T00:00:00Z, not \"\(value)\"")
            }
        }
        if let shard {
            guard let parsed = Shard(parsing: shard), parsed.count <= Self.maximumShards else {
                throw ValidationError("--shard must be I/N with 0 <= I < N <= \(Self.maximumShards), e.g. 0/4, not \"\(shard)\"")
            }
        }
        try OptionCheck.number("--rate", rate, in: 0.01...100_000, "requests per second")
        try OptionCheck.integer("--concurrency", concurrency, in: 1...1024, "requests in flight")
        try OptionCheck.number("--timeout", timeout, in: 0.01...3600, "seconds")
        try OptionCheck.integer("--max-attempts", maxAttempts, in: 1...100, "attempts")
        try OptionCheck.number("--overlap-minutes", overlapMinutes, in: 0...10_080, "minutes")
        try OptionCheck.number("--progress-interval", progressInterval, in: 0.1...86_400, "seconds")
        try OptionCheck.integer("--max-leads", maxLeads, in: 1...1_000_000_000, "leads")
        for order in orders where order <= 0 {
            throw ValidationError("--order must be an order id > 0, not \(order)")
        }
    }

    /// The most workers `--shard` divides an account between.
    static let maximumShards = 10_000
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}
