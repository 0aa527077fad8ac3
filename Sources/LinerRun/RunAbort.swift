import LinerClient
import RunJournal

/// Why a run stops before its end (the run is recorded `failed`, its window is read again, exit 4).
///
/// Every step of ``LinerRunner`` reports its reason to stop as one of these, never as a swallowed error.
public enum RunAbort: Error, Sendable, Equatable, CustomStringConvertible {
    /// The journal could not be read or written.
    case journal(JournalError)
    /// Liner refused the API key (401/403): no later request can succeed.
    case refusedKey(String)
    /// The lead list could not be read (after the client's retries), or it does not page properly.
    case leadList(String)
    /// The source could not be opened, or the run lacks what it needs (a client, a window).
    case cannotStart(String)
    /// A preparer of changes (a plan, a revert) could not go on.
    case preparation(String)

    public var description: String {
        switch self {
        case let .journal(error): return "journal: \(error)"
        case let .refusedKey(detail): return detail
        case let .leadList(detail): return "the lead list could not be read: \(detail)"
        case let .cannotStart(detail): return detail
        case let .preparation(detail): return detail
        }
    }
}
