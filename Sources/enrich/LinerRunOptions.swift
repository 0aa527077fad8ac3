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

    @Option(help: ArgumentHelp("Only leads whose id % N == I, 0 <= I < N: N workers share an account without overlap.", valueName: "I/N"))
    var shard: String?

    @Option(name: .customLong("overlap-minutes"), help: "An incremental run starts this many minutes before the end of the last successful one.")
    var overlapMinutes: Double = 15

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

    @OptionGroup var window: LinerWindowOptions

    @OptionGroup var connection: LinerConnectionOptions

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
        try OptionCheck.number("--progress-interval", progressInterval, in: 0.1...86_400, "seconds")
        try OptionCheck.integer("--max-leads", maxLeads, in: 1...1_000_000_000, "leads")
    }

    /// The most workers `--shard` divides an account between.
    static let maximumShards = 10_000
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}
