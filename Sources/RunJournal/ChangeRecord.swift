import Foundation

/// One lead patch about to be sent, as given to ``RunJournal/recordPlanned(runId:_:)``.
public struct NewChange: Sendable, Equatable {
    /// The Liner lead id (> 0).
    public var leadId: Int
    /// The minimal update body, JSON object text, exactly as it will be sent to `POST /v2/lead/update/{id}/`.
    public var patch: String
    /// Why: which rules produced which fields, JSON array text.
    public var provenance: String
    /// The lead's values of the patched fields before the patch, JSON object text (the same keys as `patch`).
    /// Lets a later run tell whether the lead still holds what the engine wrote, and undo it.
    public var base: String

    /// Creates a planned patch.
    public init(leadId: Int, patch: String, provenance: String = "[]", base: String = "{}") {
        self.leadId = leadId
        self.patch = patch
        self.provenance = provenance
        self.base = base
    }
}

/// What became of a patch.
///
/// `planned` and `unknown` are *unsettled*: the patch may or may not be on the lead. Every other state is
/// final: the journal refuses to move a change out of it.
public enum ChangeState: String, Sendable, CaseIterable {
    /// Recorded (durably) before sending; nothing is known yet.
    case planned
    /// Liner answered success.
    case applied
    /// Liner refused it for good (a final 4xx, or 200 with `success: false`); its message is kept.
    case rejected
    /// Given up on; surely not applied (e.g. the connection was never made).
    case failed
    /// May or may not have been applied (timeout, 5xx after the body was sent, connection lost).
    case unknown
    /// A later run saw that the lead already holds the patch.
    case verified
    /// A later run re-evaluated the lead and replaced this patch with a new change (or found none needed).
    case superseded
    /// Never sent (dry run, or the run was interrupted before sending it).
    case skipped

    /// Whether the outcome is not known yet (``planned`` or ``unknown``).
    public var isUnsettled: Bool { self == .planned || self == .unknown }

    /// Whether the patch is known to be on the lead (``applied`` or ``verified``).
    public var isOnLead: Bool { self == .applied || self == .verified }
}

/// The result of sending a patch, as given to ``RunJournal/recordOutcome(_:)``.
public struct ChangeOutcome: Sendable, Equatable {
    /// The change, as returned by ``RunJournal/recordPlanned(runId:_:)``.
    public var changeId: Int64
    /// The new state: anything but ``ChangeState/planned``. ``ChangeState/unknown`` may be recorded between
    /// attempts and replaced later by a final state.
    public var state: ChangeState
    /// How many times the request was sent so far, in total (not an increment).
    public var attempts: Int
    /// The HTTP status of the last answer, if one came.
    public var httpStatus: Int?
    /// Liner's `message` (or the transport error) of the last attempt.
    public var message: String?
    /// When the outcome was known.
    public var at: Date

    /// Creates an outcome.
    public init(
        changeId: Int64, state: ChangeState, attempts: Int, httpStatus: Int? = nil, message: String? = nil,
        at: Date = Date()
    ) {
        self.changeId = changeId
        self.state = state
        self.attempts = attempts
        self.httpStatus = httpStatus
        self.message = message
        self.at = at
    }
}

/// A change (one lead patch of one run) as stored in the journal.
public struct ChangeRecord: Sendable, Equatable, Identifiable {
    /// The change's id.
    public var id: Int64
    /// The run that planned it.
    public var runId: Int64
    /// The Liner lead id.
    public var leadId: Int
    /// The update body (JSON object text).
    public var patch: String
    /// Which rules produced it (JSON array text).
    public var provenance: String
    /// The lead's previous values of the patched fields (JSON object text).
    public var base: String
    /// What became of it.
    public var state: ChangeState
    /// How many times it was sent.
    public var attempts: Int
    /// The HTTP status of the last answer.
    public var httpStatus: Int?
    /// Liner's message (or the transport error) of the last attempt.
    public var message: String?
    /// Why a later run settled it (``RunJournal/settle(changeId:state:note:)``).
    public var note: String?
    /// When it was planned.
    public var createdAt: Date
    /// When its state last changed.
    public var updatedAt: Date

    /// Creates a record (the journal creates them; this is for tests and tools).
    public init(
        id: Int64, runId: Int64, leadId: Int, patch: String, provenance: String, base: String, state: ChangeState,
        attempts: Int, httpStatus: Int?, message: String?, note: String? = nil, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.runId = runId
        self.leadId = leadId
        self.patch = patch
        self.provenance = provenance
        self.base = base
        self.state = state
        self.attempts = attempts
        self.httpStatus = httpStatus
        self.message = message
        self.note = note
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// One line of `enrich history LEAD_ID`: a change and the run that made it.
public struct HistoryEntry: Sendable, Equatable {
    /// The change.
    public var change: ChangeRecord
    /// Its run (id, start, source, mode, ...).
    public var run: RunRecord

    /// Pairs a change with its run.
    public init(change: ChangeRecord, run: RunRecord) {
        self.change = change
        self.run = run
    }
}
