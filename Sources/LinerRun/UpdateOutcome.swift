import LinerClient
import RunJournal

/// How one update call ended, as the journal records it.
struct UpdateOutcome: Sendable {
    var state: ChangeState
    var attempts: Int
    var httpStatus: Int?
    /// Liner's message for refusals, else what went wrong; `nil` on success. Never holds the API key
    /// (the client redacts it).
    var message: String?
    /// What the run does about it.
    var follow: FailureFollowUp

    init(_ report: LinerCallReport) {
        attempts = report.attempts.count
        if let last = report.attempts.last, case let .response(status, _, _) = last.result { httpStatus = status }
        follow = FailureFollowUp(report)
        switch report.outcome {
        case .succeeded:
            state = .applied
        case let .rejected(_, message), let .failed(message):
            state = .rejected
            self.message = message.isEmpty ? report.outcome.description : message
        case .invalidRequest:
            // Refused by the client before sending (a revert restoring a phone that is not E.164): surely not applied,
            // and no attempt for the journal, which refuses 'rejected' without one (and with it the whole batch of
            // outcomes, updates that landed included).
            state = .failed
            self.message = report.outcome.description
        case .cancelled where report.attempts.isEmpty:
            state = .skipped
            self.message = "not sent: the run was stopped"
        default:
            state = report.delivery == .notApplied ? .failed : .unknown
            self.message = report.outcome.description
        }
        // Liner answers only a request that was sent: whatever the outcome says, no attempt means not applied.
        if report.attempts.isEmpty, state == .applied || state == .rejected { state = .failed }
    }
}

/// What a run does after a call about one lead did not succeed.
///
/// The rule: a failure that says something about the *run* (the key was refused) stops the run and keeps its
/// window from counting; a failure about *one lead* is recorded for that lead, and when a later try can help
/// the lead goes to the journal's retry set (re-read and re-evaluated by later runs with backoff), so that
/// the window moves on without it.
enum FailureFollowUp: Equatable, Sendable {
    /// Nothing to do (it succeeded, or the run was stopped before sending it).
    case none
    /// 401 or 403: the API key was refused. No later request can succeed: the run stops and is not successful.
    case refusedKey
    /// 404 or 410: the lead no longer exists. Recorded; nothing to retry.
    case leadGone
    /// A final refusal of this patch (400, 422, another 4xx, or refused before sending): retrying the same
    /// content cannot help. Recorded per lead; the lead leaves the retry set.
    case final
    /// A failure a later try may get past (5xx or timeouts after the client's retries, an unknown outcome,
    /// `success: false`, 408/409/423/425): the lead goes to the retry set.
    case retry

    init(_ report: LinerCallReport) {
        switch report.outcome {
        case .succeeded: self = .none
        case .cancelled: self = .none
        case let .rejected(status, _):
            switch status {
            case 401, 403: self = .refusedKey
            case 404, 410: self = .leadGone
            case 408, 409, 423, 425: self = .retry
            default: self = .final
            }
        case .failed: self = .retry
        case .invalidRequest: self = .final
        case .invalidResponse, .exhausted, .retryAfterTooLong: self = .retry
        }
    }
}
