import ArgumentParser
import Foundation
import LinerClient
import LinerRun

/// The options of `enrich run` that concern Liner, the journal and applying.
struct LinerRunOptions: ParsableArguments {
    @Flag(help: "Send the patches to Liner (POST /v2/lead/update/{id}/). Without it nothing is sent.")
    var apply = false

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

    @Option(name: .customLong("max-leads"), help: ArgumentHelp("Stop a run whose lead list holds more than this many leads (a list that never ends).", valueName: "n"))
    var maxLeads: Int = LinerLeadPages.defaultMaximumLeads

    /// The connection, the journal and the progress display, shared with `enrich apply` and `enrich revert`.
    @OptionGroup var session: LinerSessionOptions

    var journal: String? { session.journal }
    var newJournal: Bool { session.newJournal }
    var apiHost: String? { session.apiHost }
    var apiKeyFile: String? { session.apiKeyFile }
    var rate: Double { session.rate }
    var concurrency: Int { session.concurrency }
    var timeout: Double { session.timeout }
    var maxAttempts: Int { session.maxAttempts }
    var progress: ProgressDisplay.Mode { session.progress }
    var progressInterval: Double { session.progressInterval }
    var quietOutput: Bool { session.quietOutput }

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
        try OptionCheck.number("--overlap-minutes", overlapMinutes, in: 0...10_080, "minutes")
        try OptionCheck.integer("--max-leads", maxLeads, in: 1...1_000_000_000, "leads")
        for order in orders where order <= 0 {
            throw ValidationError("--order must be an order id > 0, not \(order)")
        }
    }

    /// The most workers `--shard` divides an account between.
    static let maximumShards = 10_000
}
