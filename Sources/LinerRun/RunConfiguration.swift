import Foundation
import LeadStream
import LinerClient
import RunJournal

/// What a run does, beyond the engine, the client and the journal it is given.
public struct RunConfiguration: Sendable {
    /// Where the leads come from.
    public var source: LeadSource
    /// Names the source in the journal: `liner:https://host` or `file:/abs/path` (never the key). Incremental
    /// windows continue runs of the same source name and shard.
    public var sourceName: String
    /// Send the patches (`--apply`); otherwise a dry run that prints them and sends nothing.
    public var apply: Bool
    /// Keep only this part of the leads.
    public var shard: Shard?
    /// `--created-from` / `--created-to` (Liner source).
    public var createdFrom: Date?
    public var createdTo: Date?
    /// How far back an incremental run starts before the end of the last successful one.
    public var overlap: TimeInterval
    /// The reference time of the rules (zones resolve at it); also the default end of the window.
    public var now: Date
    /// Add the provenance to printed lines.
    public var explain: Bool
    /// Leads per page (Liner: at most 100) or per batch (files).
    public var batchSize: Int
    /// Updates in flight at most (the client's own concurrency and rate limits still apply).
    public var maxInFlight: Int
    /// Print a line per sent update (`{"leadId":..,"patch":..,"outcome":"applied"}`) in apply runs.
    public var printApplied: Bool
    /// The options as JSON text for the journal (no secrets).
    public var optionsJSON: String
    /// At most this many leads from Liner's list in one run: a list that never ends stops the run there.
    public var maximumLeads: Int = LinerLeadPages.defaultMaximumLeads
    /// When leads whose update failed are tried again, and when they are given up on.
    public var retryBackoff = RetryBackoff()
    /// The delimiter of a CSV export (`nil`: found in the header row).
    public var csvDelimiter: CSVDelimiter?
    /// The source whose retry set takes the leads whose update keeps failing: ``sourceName`` unless set.
    /// `nil`: no retry set (applying a plan, a revert: such runs are made again by hand, see README).
    public var retrySource: String?
    /// Keep the patches of a dry run in ``RunResult/planned`` (`enrich run --plan`).
    public var collectsPlan = false
    /// The rules digest the journal records for the run; `nil`: the engine's (``RulesDigest/of(_:)``).
    public var rulesDigest: String?
    /// Told of every answered update of the run (applied or not), as it is recorded: a long-running caller
    /// (`enrich serve`) keeps its metrics with it, such as how long after its creation each lead was updated.
    public var onSettled: (@Sendable (SettledUpdate) -> Void)?

    public init(
        source: LeadSource, sourceName: String, apply: Bool, shard: Shard? = nil, createdFrom: Date? = nil,
        createdTo: Date? = nil, overlap: TimeInterval = 900, now: Date = Date(), explain: Bool = false,
        batchSize: Int = 100, maxInFlight: Int = 32, printApplied: Bool = true, optionsJSON: String = "{}"
    ) {
        self.source = source
        self.sourceName = sourceName
        self.retrySource = sourceName
        self.apply = apply
        self.shard = shard
        self.createdFrom = createdFrom
        self.createdTo = createdTo
        self.overlap = overlap
        self.now = now
        self.explain = explain
        self.batchSize = batchSize
        self.maxInFlight = max(1, maxInFlight)
        self.printApplied = printApplied
        self.optionsJSON = optionsJSON
    }
}

/// An update whose answer came, as ``RunConfiguration/onSettled`` hears of it.
public struct SettledUpdate: Sendable {
    public var leadId: Int
    /// How it ended (`applied`, `rejected`, `failed`, `unknown`, `skipped`).
    public var state: ChangeState
    /// Calls made, retries included.
    public var attempts: Int
    /// The lead's `createdAt`, when it has one that reads.
    public var createdAt: Date?
    /// When the answer came.
    public var settledAt: Date
}

/// What a run tells its caller while it works.
public enum RunEvent: Sendable {
    /// A line for standard output (a patch line).
    case output(String)
    /// A problem with one lead or update, already located (position, lead id); for standard error.
    case problem(String)
    /// A note about the run (window chosen, resumed updates).
    case notice(String)
    /// Progress, after each batch and each finished update.
    case progress(RunProgress)
}
