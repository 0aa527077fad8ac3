import Synchronization

/// How far a run has been asked to stop, shared between a signal handler and the run.
///
/// The first request stops taking new leads: requests in flight finish (or time out) and are recorded.
/// The second abandons them: their tasks are cancelled and recorded as `unknown`.
public final class StopRequest: Sendable {
    private let state = Mutex<(level: Int, signal: Int32?)>((0, nil))
    private let handlers = Mutex<[@Sendable () -> Void]>([])

    public init() {}

    /// Raises the level by one (at most 2) and returns it; `signal` is remembered for the exit code. The
    /// first request runs the handlers registered with ``whenRequested(_:)``.
    @discardableResult
    public func request(signal: Int32? = nil) -> Int {
        let level = state.withLock { state in
            state.level = min(2, state.level + 1)
            if state.signal == nil { state.signal = signal }
            return state.level
        }
        if level == 1 {
            for handler in handlers.withLock({ $0 }) { handler() }
        }
        return level
    }

    /// Runs `handler` when a stop is first requested (at once if it already was): how a reader blocked on the
    /// network is told to give up.
    public func whenRequested(_ handler: @escaping @Sendable () -> Void) {
        handlers.withLock { $0.append(handler) }
        if isRequested { handler() }
    }

    /// Whether a stop was asked for.
    public var isRequested: Bool { state.withLock { $0.level > 0 } }

    /// The first signal that asked, if a signal did.
    public var signal: Int32? { state.withLock { $0.signal } }
}
