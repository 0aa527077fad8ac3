import LinerClient

/// Hands a run changes prepared ahead instead of leads to evaluate: applying a plan (``PlanApplication``),
/// reverting a run (``RunReversal``). Each batch is checked against the leads as Liner holds them just
/// before it is sent; ``LinerRunner`` then records and sends it exactly as for evaluated leads (journal,
/// limits, outcomes, stop requests).
public protocol ChangePreparer: Sendable {
    /// The next batch, or `nil` when there is none left. Throws when the run cannot go on (the API key was
    /// refused): the run stops and is recorded failed.
    func next(client: LinerClient) async throws(PreparationError) -> PreparedBatch?
}

/// A batch of prepared changes.
public struct PreparedBatch: Sendable {
    /// Leads read from Liner for this batch.
    public var read = 0
    /// What to send.
    public var changes: [PlannedChange] = []
    /// What not to send, and why (the lead changed since the plan or the run, a clear that was not allowed):
    /// listed, counted in ``RunTally/held`` and, in apply runs, recorded as `skipped` with the reason.
    public var held: [HeldChange] = []
    /// Leads that hold the values already (a plan applied before, a revert made before): nothing to send.
    public var unchanged = 0
    /// Leads that could not be checked (gone, unreadable): each with a message naming the lead.
    public var problems: [String] = []
    /// Notes worth telling.
    public var notices: [String] = []

    public init() {}
}

/// A prepared change held back.
public struct HeldChange: Sendable {
    /// The change as it would have been sent.
    public var change: PlannedChange
    /// Why it is not sent, naming the lead and the fields (one line).
    public var reason: String
    /// The line for standard output (JSON).
    public var outputLine: String

    public init(change: PlannedChange, reason: String, outputLine: String) {
        self.change = change
        self.reason = reason
        self.outputLine = outputLine
    }
}

/// Why a preparer cannot go on.
public struct PreparationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
