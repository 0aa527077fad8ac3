import Dispatch
import Foundation

/// Threads of our own that run the parts of one batch side by side, the calling thread taking part 0.
///
/// Not Dispatch's pools: they grow only when their heuristics see the need, and a process limited to one CPU
/// (`taskset -c 0`, a container with one CPU) blocked on them waited about a second for a second thread while
/// the only one waited on work queued behind it. Threads of our own start at once; with one part, nothing but
/// the calling thread runs.
final class WorkerThreads: @unchecked Sendable {
    // @unchecked: `job` is written by the calling thread only while no worker runs (before the start signals,
    // after the done waits), and read by the workers between those points; the semaphores order the accesses.
    private final class Shared: @unchecked Sendable {
        var job: ((Int) -> Void)?
        var stopping = false
        let done = DispatchSemaphore(value: 0)
    }

    private let shared = Shared()
    private var starts: [DispatchSemaphore] = []

    /// Up to `count` parts run at once (`count - 1` threads are started, lazily).
    let count: Int

    init(count: Int) {
        self.count = max(1, count)
    }

    private func startThreads() {
        for part in 1..<count {
            let start = DispatchSemaphore(value: 0)
            starts.append(start)
            let shared = self.shared
            let thread = Thread {
                while true {
                    start.wait()
                    if shared.stopping { return }
                    shared.job?(part)
                    shared.done.signal()
                }
            }
            thread.name = "enrich-worker-\(part)"
            thread.start()
        }
    }

    /// Runs `body(0)` ... `body(parts - 1)` (at most ``count`` parts) at the same time and returns when all did.
    func run(parts: Int, _ body: (Int) -> Void) {
        let parts = min(max(1, parts), count)
        if parts == 1 {
            body(0)
            return
        }
        if starts.isEmpty { startThreads() }
        withoutActuallyEscaping(body) { body in
            shared.job = body
            for part in 1..<parts { starts[part - 1].signal() }
            body(0)
            for _ in 1..<parts { shared.done.wait() }
            shared.job = nil
        }
    }

    deinit {
        shared.stopping = true
        for start in starts { start.signal() }
    }
}
