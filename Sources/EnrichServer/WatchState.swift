import Foundation
import Synchronization

/// How the Liner watch loop is doing, for `/readyz` and the page.
public final class WatchState: Sendable {
    public struct Snapshot: Sendable {
        /// When the last poll completed (`nil` before the first).
        public var lastSuccess: Date?
        /// Polls that failed in a row (0: healthy).
        public var consecutiveFailures = 0
        /// Why the last poll failed, while failing.
        public var lastProblem: String?
        /// When the next poll starts.
        public var nextPollAt: Date?
        /// The journal's id of the last poll's run.
        public var lastRunId: Int64?

        /// Liner could not be polled the last time (the loop is backing off).
        public var degraded: Bool { consecutiveFailures > 0 }
    }

    private let state = Mutex(Snapshot())

    public init() {}

    public var snapshot: Snapshot { state.withLock { $0 } }

    func update(_ change: (inout Snapshot) -> Void) {
        state.withLock { change(&$0) }
    }
}
