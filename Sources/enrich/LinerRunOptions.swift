import ArgumentParser
import Foundation
import LinerClient
import LinerRun

/// The options of `enrich run` that concern Liner, the journal and applying.
struct LinerRunOptions: ParsableArguments {
    @Flag(help: "Send the patches to Liner (POST /v2/lead/update/{id}/). Without it nothing is sent.")
    var apply = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Only leads whose id % N == I, 0 <= I < N: N workers share an account without overlap.", valueName: "I/N"))
    var shard: String?

    @Option(name: .customLong("overlap-minutes"), parsing: .unconditional, help: "An incremental run starts this many minutes before the end of the last successful one.")
    var overlapMinutes: Double = 15

    @Option(name: .customLong("max-leads"), parsing: .unconditional, help: ArgumentHelp("Stop a run whose lead list holds more than this many leads (a list that never ends).", valueName: "n"))
    var maxLeads: Int = LinerLeadPages.defaultMaximumLeads

    @OptionGroup var window: LinerWindowOptions

    /// The connection, the journal and the progress display, shared with `enrich apply` and `enrich revert`.
    @OptionGroup var session: LinerSessionOptions

    var connection: LinerConnectionOptions { session.connection }
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

    var usesWindowOrFilters: Bool { window.usesWindowOrFilters }
    var createdFrom: String? { window.createdFrom }
    var createdTo: String? { window.createdTo }
    var statuses: [String] { window.statuses }
    var orders: [Int] { window.orders }

    func validate() throws {
        if let shard {
            guard let parsed = Shard(parsing: shard), parsed.count <= Self.maximumShards else {
                throw ValidationError("--shard must be I/N with 0 <= I < N <= \(Self.maximumShards), e.g. 0/4, not \"\(shard)\"")
            }
        }
        try OptionCheck.number("--overlap-minutes", overlapMinutes, in: 0...10_080, "minutes")
        try OptionCheck.integer("--max-leads", maxLeads, in: 1...1_000_000_000, "leads")
    }

    /// The most workers `--shard` divides an account between.
    static let maximumShards = 10_000
}
