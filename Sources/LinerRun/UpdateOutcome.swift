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

    init(_ report: LinerCallReport) {
        attempts = report.attempts.count
        if let last = report.attempts.last, case let .response(status, _, _) = last.result { httpStatus = status }
        switch report.outcome {
        case .succeeded:
            state = .applied
        case let .rejected(_, message), let .failed(message):
            state = .rejected
            self.message = message.isEmpty ? report.outcome.description : message
        case .invalidRequest:
            state = .rejected
            self.message = report.outcome.description
        case .cancelled where report.attempts.isEmpty:
            state = .skipped
            self.message = "not sent: the run was stopped"
        default:
            state = report.delivery == .notApplied ? .failed : .unknown
            self.message = report.outcome.description
        }
    }
}
