import Foundation

/// What a run did so far: the counts of its progress line and of its final summary.
public struct RunTally: Sendable, Equatable {
    /// Leads read from the source (after the shard and status filters).
    public var read = 0
    /// Leads whose patch was not empty.
    public var patched = 0
    /// Leads already holding every value the rules give them.
    public var unchanged = 0
    /// Leads that could not be read or evaluated (each reported with its position and id).
    public var invalid = 0
    /// Updates Liner accepted.
    public var applied = 0
    /// Updates Liner refused for good (a 4xx, `success: false`): its message is in the journal.
    public var rejected = 0
    /// Updates given up on that surely did not land (retries ran out on refusals, or never sent).
    public var failed = 0
    /// Updates given up on that may have landed (timeouts, 5xx, lost connections): the next run checks them.
    public var unknown = 0
    /// Extra attempts beyond the first, over all calls (retries after 429, 5xx, timeouts).
    public var retries = 0
    /// Patches not sent: the same patch was already applied to the lead (a re-run of an export), or the
    /// run stopped before sending.
    public var skipped = 0
    /// Prepared changes not sent (applying a plan, a revert): the lead changed since the plan or the run, a
    /// clear was not allowed. Each is listed, and recorded as `skipped` in apply runs.
    public var held = 0
    /// Updates in flight right now.
    public var inFlight = 0
    /// Unsettled updates of earlier interrupted runs found holding their values (so they had landed).
    public var verified = 0
    /// Unsettled updates of earlier runs replaced by a fresh evaluation of the lead.
    public var superseded = 0
    /// Fields left alone because a person changed them after the engine wrote them (people's edits win).
    public var keptEdits = 0
    /// Writes per field and per rule, for the summary.
    public var fields: [String: Int] = [:]
    public var rules: [String: Int] = [:]

    public init() {}

    /// Every lead or update that went wrong.
    public var problems: Int { invalid + rejected + failed + unknown + held }
}

/// A snapshot for progress displays.
public struct RunProgress: Sendable {
    public var tally: RunTally
    /// Leads the source holds in all, when known (a file's lines); Liner's list does not say.
    public var total: Int?
    /// Since the run started.
    public var elapsed: TimeInterval
    /// Updates sent per second so far (attempts not counted twice).
    public var updateRate: Double { elapsed > 0 ? Double(tally.applied + tally.rejected + tally.failed + tally.unknown) / elapsed : 0 }
    /// Leads read per second so far.
    public var readRate: Double { elapsed > 0 ? Double(tally.read) / elapsed : 0 }
}
