import Foundation
import Synchronization

/// The pack that serves, swapped atomically by a reload, and how the last reload went.
///
/// Readers take the current pack once per request (``current``) and keep it to the end of the request:
/// a reload never changes the rules under a request in progress.
public final class PackStore: Sendable {
    private let state: Mutex<(pack: LoadedPack, lastReload: ReloadOutcome?)>

    public init(_ pack: LoadedPack) {
        state = Mutex((pack, nil))
    }

    /// The pack serving now.
    public var current: LoadedPack { state.withLock { $0.pack } }

    /// The last reload's outcome (`nil` before any).
    public var lastReload: ReloadOutcome? { state.withLock { $0.lastReload } }

    /// Swaps in `pack` and records the reload as a success.
    func swap(to pack: LoadedPack, at date: Date) {
        state.withLock {
            $0.pack = pack
            $0.lastReload = ReloadOutcome(at: date, digest: pack.digest, problem: nil)
        }
    }

    /// Records a reload that failed; the current pack keeps serving.
    func recordFailure(_ problem: PackProblem, at date: Date) {
        state.withLock { $0.lastReload = ReloadOutcome(at: date, digest: nil, problem: problem) }
    }
}

/// How a reload went: the digest swapped in, or why the new rules were refused.
public struct ReloadOutcome: Sendable {
    public var at: Date
    public var digest: String?
    public var problem: PackProblem?

    public var succeeded: Bool { problem == nil }
}
