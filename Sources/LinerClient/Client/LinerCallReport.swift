/// What happened to one API call: every attempt and the final outcome, for a journal to record.
public struct LinerCallReport: Sendable, Equatable, CustomStringConvertible {
    /// `GET`, `POST`.
    public var method: String
    /// The path with its query (never the host or the API key).
    public var path: String
    /// The attempts in order; empty when the call was refused before sending (``LinerCallOutcome/invalidRequest(_:)``).
    public var attempts: [LinerAttempt]
    public var outcome: LinerCallOutcome
    /// From the call's start to its outcome, waits and retries included.
    public var duration: Duration

    /// `true` when the call succeeded.
    public var succeeded: Bool { outcome == .succeeded }

    /// Whether an update may have been applied, judged from the attempts (for a journal deciding to check or
    /// resend): `.applied` on success; `.notApplied` when every attempt was answered with a definite refusal
    /// (4xx, 429, `success: false`) or none was sent; `.unknown` when some attempt timed out, lost its
    /// connection, got a 5xx or an unreadable answer — the server may have applied it before failing.
    public var delivery: LinerDelivery {
        if outcome == .succeeded { return .applied }
        let ambiguous = attempts.contains { attempt in
            switch attempt.result {
            case .timeout, .connectionFailed: return true
            case let .response(status, success, _): return status >= 500 || (status < 300 && success == nil)
            }
        }
        return ambiguous ? .unknown : .notApplied
    }

    public var description: String {
        let tries = attempts.count == 1 ? "1 attempt" : "\(attempts.count) attempts"
        return "\(method) \(path): \(outcome) after \(tries)"
    }
}

/// Whether a call's change reached the server; see ``LinerCallReport/delivery``.
public enum LinerDelivery: String, Sendable, Equatable {
    case applied
    case notApplied = "not-applied"
    case unknown
}

/// One try of a request.
public struct LinerAttempt: Sendable, Equatable, CustomStringConvertible {
    /// 1 for the first try.
    public var number: Int
    /// How long the client waited (backoff or `Retry-After`) before this attempt; rate and concurrency
    /// limits not included.
    public var waitedBefore: Duration
    /// From sending to the result.
    public var duration: Duration
    public var result: Result
    /// The `Retry-After` the server sent with this attempt's answer, in seconds.
    public var retryAfter: Int?

    /// How an attempt ended.
    public enum Result: Sendable, Equatable, CustomStringConvertible {
        /// An HTTP answer; `success` is the envelope's, `nil` when the body was not an envelope.
        case response(status: Int, success: Bool?, message: String)
        /// No answer within the timeout.
        case timeout
        /// The connection could not be made or was closed without a complete answer.
        case connectionFailed(String)

        public var description: String {
            switch self {
            case let .response(status, success, message):
                let envelope = success.map { $0 ? "success" : "success:false" } ?? "no envelope"
                return message.isEmpty ? "HTTP \(status) (\(envelope))" : "HTTP \(status) (\(envelope)): \(message)"
            case .timeout: return "timed out"
            case let .connectionFailed(reason): return "connection failed: \(reason)"
            }
        }
    }

    public var description: String { "attempt \(number): \(result)" }
}

/// How a call ended.
public enum LinerCallOutcome: Sendable, Equatable, CustomStringConvertible {
    /// A 2xx answer with `success: true`.
    case succeeded
    /// A 4xx answer other than 429: final, not retried.
    case rejected(status: Int, message: String)
    /// A 2xx answer with `success: false`: final, carries the server's message.
    case failed(message: String)
    /// A 2xx answer that is not a Liner envelope, or whose `data` does not have the expected shape.
    case invalidResponse(String)
    /// Retryable failures until ``LinerRetryPolicy/maxAttempts`` ran out; carries the last one.
    case exhausted(last: LinerAttempt.Result)
    /// The server asked to wait longer than ``LinerRetryPolicy/maxRetryAfter``.
    case retryAfterTooLong(seconds: Int)
    /// Refused before sending (bad lead id, an update body that breaks the API facts).
    case invalidRequest(String)
    /// The task was cancelled.
    case cancelled

    public var description: String {
        switch self {
        case .succeeded: return "succeeded"
        case let .rejected(status, message): return "rejected with HTTP \(status)" + (message.isEmpty ? "" : ": \(message)")
        case let .failed(message): return "failed (success: false): \(message)"
        case let .invalidResponse(reason): return "invalid response: \(reason)"
        case let .exhausted(last): return "gave up, last \(last)"
        case let .retryAfterTooLong(seconds): return "server asked to retry after \(seconds) s, longer than allowed"
        case let .invalidRequest(reason): return "not sent: \(reason)"
        case .cancelled: return "cancelled"
        }
    }
}

/// A call that did not succeed; ``report`` says how it went.
public struct LinerCallError: Error, Sendable, Equatable, CustomStringConvertible {
    public var report: LinerCallReport
    public var description: String { report.description }
}

/// A successful call's value with its report.
public struct LinerReply<Value: Sendable>: Sendable {
    public var value: Value
    public var report: LinerCallReport
}
