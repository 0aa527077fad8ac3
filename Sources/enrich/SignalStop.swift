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
                } else {
                    Console.error("\n\(name): finishing the requests in flight, then stopping (again to cancel them)\n")
                }
            }
            source.resume()
            return source
        }
    }

    /// Restores the default handlers.
    func cancel() {
        for source in sources { source.cancel() }
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }
}
