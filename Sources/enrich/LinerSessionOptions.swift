import ArgumentParser
import Foundation

/// The options of every command that talks to Liner through the journal (`run`, `apply`, `revert`): the
/// connection, the journal, the progress display.
struct LinerSessionOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The run journal (SQLite). Default: $ENRICH_JOURNAL, else $XDG_STATE_HOME or ~/.local/state, /liner-enrich/journal.sqlite.", valueName: "path"))
    var journal: String?

    @Flag(name: .customLong("new-journal"), help: "Start a new journal when the file at --journal is empty or not a journal (it is kept, renamed to PATH.replaced-TIME). Without it such a file stops the run (exit 2).")
    var newJournal = false

    @OptionGroup var connection: LinerConnectionOptions

    @Option(help: "Progress on standard error: auto (a bar on a terminal, else log lines), bar, log or none.")
    var progress: ProgressDisplay.Mode = .auto

    @Option(name: .customLong("progress-interval"), parsing: .unconditional, help: "Seconds between progress log lines.")
    var progressInterval: Double = 5

    @Flag(name: .customLong("quiet-output"), help: "When sending, do not print a line per sent update.")
    var quietOutput = false

    var apiHost: String? { connection.apiHost }
    var apiKeyFile: String? { connection.apiKeyFile }
    var rate: Double { connection.rate }
    var concurrency: Int { connection.concurrency }
    var timeout: Double { connection.timeout }
    var maxAttempts: Int { connection.maxAttempts }

    func validate() throws {
        try OptionCheck.number("--progress-interval", progressInterval, in: 0.1...86_400, "seconds")
    }
}

extension ProgressDisplay.Mode: ExpressibleByArgument {}
