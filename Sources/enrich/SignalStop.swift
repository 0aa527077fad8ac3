import Dispatch
import Foundation
import LinerRun

/// SIGINT/SIGTERM for a run: the first asks the run to stop taking leads (requests in flight finish and
/// are recorded), the second also cancels the requests in flight (they are recorded as unknown and checked
/// by the next run).
final class SignalStop: @unchecked Sendable {
    private let sources: [any DispatchSourceSignal]

    init(stop: StopRequest, onSecond: @escaping @Sendable () -> Void) {
        sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let name = number == SIGINT ? "SIGINT" : "SIGTERM"
                if stop.request(signal: number) >= 2 {
                    Console.error("\n\(name) again: cancelling the requests in flight\n")
                    onSecond()
                    // Cancellation ends every request and read at once; should anything still hold on (a
                    // blocked system call), the process ends anyway. Nothing is lost: the journal is durable
                    // after each transaction, unanswered updates stay unsettled and the next run checks them,
                    // and the kernel drops the journal lock with the process.
                    DispatchQueue.global().asyncAfter(deadline: .now() + Self.hardExitDelay) {
                        Console.error("\(name): still busy after \(Int(Self.hardExitDelay)) s, exiting now; the next run checks what was in flight\n")
                        _exit(128 + number)
                    }
                } else {
                    Console.error("\n\(name): finishing the requests in flight, then stopping (again to cancel them)\n")
                }
            }
            source.resume()
            return source
        }
    }

    /// How long after the second signal the process ends even if something still holds on.
    static let hardExitDelay: Double = 4

    /// Stops handling the signals once the run has ended. They stay ignored: a signal that comes after the run,
    /// while its summary is printed, must not kill the process by its default action (exit status "killed by
    /// SIGTERM" instead of the run's 143; a second SIGTERM 300 ms after a first that had already ended the run did
    /// that in CI). The process exits with the run's code right after.
    func cancel() {
        for source in sources { source.cancel() }
    }
}
