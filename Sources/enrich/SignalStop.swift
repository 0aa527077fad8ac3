import Dispatch
import Foundation
import LinerRun
import Synchronization

/// SIGINT/SIGTERM for a command that sends updates (`run`, `apply`, `revert`), installed when the command starts.
///
/// Before the run starts (rules loading, the account's statuses, the journal and its lock) nothing has been sent:
/// a signal ends the process at once with 128 + the signal's number and says so. While the run goes on, the first
/// signal asks it to stop taking leads (requests in flight finish and are recorded), the second also cancels the
/// requests in flight (they are recorded as unknown and checked by the next run). After the run has ended the
/// signals are ignored: the process exits with the run's code right after printing its summary.
final class SignalStop: @unchecked Sendable {  // dispatch sources are thread-safe; the rest is `Sendable`
    /// What the run is asked through; the runner gets it from ``LinerSession/drive(_:signals:apply:makeRunner:)``.
    var stop: StopRequest { shared.stop }
    private let shared = Shared()
    private let sources: [any DispatchSourceSignal]

    /// What the handlers share with the command.
    private final class Shared: Sendable {
        let stop = StopRequest()
        let phase = Mutex<Phase>(.starting)
    }

    private enum Phase {
        case starting
        /// `cancel` is the run task's, once it exists; `cancelAsked` remembers a second signal that came first.
        case running(cancel: (@Sendable () -> Void)?, cancelAsked: Bool)
        case ended
    }

    /// Installs the handlers; call it first thing in the command, before any work a signal could interrupt (a
    /// signal before this has its default action: the process is killed without a word).
    init() {
        let shared = shared
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { Self.handle(number, shared: shared) }
            source.resume()
            return source
        }
    }

    private static func handle(_ number: Int32, shared: Shared) {
        let stop = shared.stop
        let name = number == SIGINT ? "SIGINT" : "SIGTERM"
        enum Action { case exitNow, ignore, firstStop, cancel((@Sendable () -> Void)?) }
        let action: Action = shared.phase.withLock { phase in
            switch phase {
            case .starting: return .exitNow
            case .ended: return .ignore
            case .running(let cancel, _):
                guard stop.request(signal: number) >= 2 else { return .firstStop }
                phase = .running(cancel: cancel, cancelAsked: true)
                return .cancel(cancel)
            }
        }
        switch action {
        case .exitNow:
            Console.error("\n\(name) before the run started: nothing was sent; exiting\n")
            _exit(128 + number)
        case .ignore:
            return
        case .firstStop:
            Console.error("\n\(name): finishing the requests in flight, then stopping (again to cancel them)\n")
        case .cancel(let cancel):
            Console.error("\n\(name) again: cancelling the requests in flight\n")
            cancel?()
            // Cancellation ends every request and read at once; should anything still hold on (a blocked system
            // call), the process ends anyway. Nothing is lost: the journal is durable after each transaction,
            // unanswered updates stay unsettled and the next run checks them, and the kernel drops the journal
            // lock with the process.
            DispatchQueue.global().asyncAfter(deadline: .now() + hardExitDelay) {
                Console.error("\(name): still busy after \(Int(hardExitDelay)) s, exiting now; the next run checks what was in flight\n")
                _exit(128 + number)
            }
        }
    }

    /// How long after the second signal the process ends even if something still holds on.
    static let hardExitDelay: Double = 4

    /// The run is about to start: from now on a signal asks it to stop instead of ending the process.
    func runStarting() {
        shared.phase.withLock { $0 = .running(cancel: nil, cancelAsked: false) }
    }

    /// The run's task: a second signal cancels it (at once, if one already came while the task was being made).
    func runStarted(cancel: @escaping @Sendable () -> Void) {
        let asked: Bool = shared.phase.withLock { phase in
            guard case .running(_, let cancelAsked) = phase else { return false }
            phase = .running(cancel: cancel, cancelAsked: cancelAsked)
            return cancelAsked
        }
        if asked { cancel() }
    }

    /// The run has ended. The signals stay ignored: one that comes while the summary is printed must not kill the
    /// process by its default action (exit status "killed by SIGTERM" instead of the run's 143; a second SIGTERM
    /// 300 ms after a first that had already ended the run did that in CI).
    func runEnded() {
        shared.phase.withLock { $0 = .ended }
        for source in sources { source.cancel() }
    }
}
