import Foundation

/// Whether a run sends patches to Liner.
public enum RunMode: String, Sendable, CaseIterable {
    /// Patches are sent (`enrich run --apply`).
    case apply
    /// Patches are computed and shown, never sent.
    case dryRun = "dry-run"
}

/// Where a run stands.
public enum RunState: String, Sendable, CaseIterable {
    /// The run's process is (or was, until it died) working on it. At most one run of a journal is running.
    case running
    /// The run went through all its leads. Its changes may still include `unknown` ones (timeouts, 5xx).
    case succeeded
    /// The run stopped on an error it reported itself.
    case failed
    /// The run was stopped (signal) or its process died; see ``RunJournal/markAbandonedRuns()``.
    case interrupted

    /// Whether the run is over (every state but ``running``).
    public var isFinished: Bool { self != .running }
}

/// A run about to start, as given to ``RunJournal/beginRun(_:)``.
///
/// Nothing in it may carry the Liner API key: ``RunJournal/beginRun(_:)`` refuses a `source` with user
/// information or a query string and `options` holding a key named like a credential (`apiKey`, `token`,
/// `password`, ...).
public struct NewRun: Sendable, Equatable {
    /// Where the leads come from, e.g. `liner:https://acme.linerapp.io` or `file:/data/leads.jsonl`.
    /// Incremental scheduling matches runs on this text exactly.
    public var source: String
    /// Whether patches are sent.
    public var mode: RunMode
    /// The part of the lead space this run covers (e.g. `"2/8"`), or `nil` for all of it.
    public var shard: String?
    /// Start of the `createdAt` window read, as the ISO 8601 text sent to Liner; `nil` for no lower bound.
    public var windowFrom: String?
    /// End of the `createdAt` window read, as the ISO 8601 text sent to Liner; `nil` for no upper bound.
    public var windowTo: String?
    /// A digest of the rules evaluated (e.g. SHA-256 of the normalized rules text).
    public var rulesDigest: String
    /// The run's options as JSON object text, without secrets.
    public var options: String
    /// The process id of the run.
    public var pid: Int32
    /// When the run started.
    public var startedAt: Date

    /// Creates the description of a run about to start.
    public init(
        source: String,
        mode: RunMode,
        shard: String? = nil,
        windowFrom: String? = nil,
        windowTo: String? = nil,
        rulesDigest: String,
        options: String = "{}",
        pid: Int32 = ProcessInfo.processInfo.processIdentifier,
        startedAt: Date = Date()
    ) {
        self.source = source
        self.mode = mode
        self.shard = shard
        self.windowFrom = windowFrom
        self.windowTo = windowTo
        self.rulesDigest = rulesDigest
        self.options = options
        self.pid = pid
        self.startedAt = startedAt
    }
}

/// A run's tallies.
///
/// The engine decides what it counts, with one rule the journal checks
/// (``RunJournal/consistencyProblems()``): for a finished `apply` run that ended `succeeded` or `failed`,
/// ``patched`` equals the number of its changes, ``applied`` equals the number of its changes in state
/// ``ChangeState/applied``, and ``failed`` and ``skipped`` are at most ``patched``.
public struct RunCounts: Sendable, Equatable, Hashable {
    /// Leads read from the source.
    public var read: Int
    /// Leads for which the rules produced a non-empty patch (one change each).
    public var patched: Int
    /// Leads for which the rules produced no patch.
    public var unchanged: Int
    /// Patches Liner accepted.
    public var applied: Int
    /// Patches rejected or given up on.
    public var failed: Int
    /// Extra attempts made (retries), summed over the run.
    public var retried: Int
    /// Patches not sent (dry run, interruption, or settled by a later run's resume check).
    public var skipped: Int

    /// All zero.
    public static let zero = RunCounts()

    /// Creates tallies; all zero by default.
    public init(
        read: Int = 0, patched: Int = 0, unchanged: Int = 0, applied: Int = 0, failed: Int = 0,
        retried: Int = 0, skipped: Int = 0
    ) {
        self.read = read
        self.patched = patched
        self.unchanged = unchanged
        self.applied = applied
        self.failed = failed
        self.retried = retried
        self.skipped = skipped
    }
}

/// A run as stored in the journal.
public struct RunRecord: Sendable, Equatable, Identifiable {
    /// The run's id, increasing with each run of the journal.
    public var id: Int64
    /// When the run started (millisecond precision).
    public var startedAt: Date
    /// When the run finished; `nil` while running. For a run marked interrupted by
    /// ``RunJournal/markAbandonedRuns()`` it is the last time the run was heard of (its last count update).
    public var finishedAt: Date?
    /// Where the run stands.
    public var state: RunState
    /// Where the leads came from (see ``NewRun/source``).
    public var source: String
    /// Whether patches were sent.
    public var mode: RunMode
    /// The shard covered, or `nil`.
    public var shard: String?
    /// Start of the window read, or `nil`.
    public var windowFrom: String?
    /// End of the window read, or `nil`.
    public var windowTo: String?
    /// Digest of the rules evaluated.
    public var rulesDigest: String
    /// The run's options (JSON object text).
    public var options: String
    /// The latest tallies written by ``RunJournal/updateCounts(id:counts:)`` or ``RunJournal/finishRun(id:state:counts:note:)``.
    public var counts: RunCounts
    /// The process id of the run.
    public var pid: Int32
    /// A free-text note: the error of a failed run, why a run was marked interrupted, ...
    public var note: String?

    /// Creates a record (the journal creates them; this is for tests and tools).
    public init(
        id: Int64, startedAt: Date, finishedAt: Date?, state: RunState, source: String, mode: RunMode,
        shard: String?, windowFrom: String?, windowTo: String?, rulesDigest: String, options: String,
        counts: RunCounts, pid: Int32, note: String?
    ) {
        self.id = id
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.state = state
        self.source = source
        self.mode = mode
        self.shard = shard
        self.windowFrom = windowFrom
        self.windowTo = windowTo
        self.rulesDigest = rulesDigest
        self.options = options
        self.counts = counts
        self.pid = pid
        self.note = note
    }
}
