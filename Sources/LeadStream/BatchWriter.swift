import Dispatch
import Foundation

/// Writes the text of each batch on a thread of its own, in the order the batches are given, while the caller
/// evaluates the next one: the workers no longer wait while a batch's lines are written. Holds at most one batch
/// not yet written (handing over another waits until it is).
///
/// Its own thread, not a Dispatch queue, for the reason given at ``Prefetcher``: on one CPU a pool that has not
/// grown yet stalls.
public final class BatchWriter: @unchecked Sendable {
    // @unchecked: `pending` and `finished` are handed over under the semaphores (written by the caller after
    // `free.wait()` and before `filled.signal()`, read by the thread after `filled.wait()`, and the slot given back
    // with `free.signal()`).
    private final class Shared: @unchecked Sendable {
        var pending: EvaluatedText?
        var finished = false
        /// Made with no permit and given its one at once (``init()``): libdispatch stops the program when a
        /// semaphore is freed holding fewer permits than it was made with, so a count of 0 at the start makes any
        /// end safe.
        let free = DispatchSemaphore(value: 0)
        let filled = DispatchSemaphore(value: 0)
        let stopped = DispatchSemaphore(value: 0)

        init() {
            free.signal()
        }
    }

    private let shared = Shared()
    private var closed = false

    /// Starts the writing thread; `write` is called on it with each batch, one at a time, in order.
    public init(write: @escaping @Sendable (EvaluatedText) -> Void) {
        let shared = self.shared
        let thread = Thread {
            while true {
                shared.filled.wait()
                if let text = shared.pending {
                    shared.pending = nil
                    write(text)
                    shared.free.signal()
                    continue
                }
                if shared.finished {
                    shared.stopped.signal()
                    return
                }
            }
        }
        thread.name = "enrich-writer"
        thread.start()
    }

    /// Hands `text` over to be written after the batches before it; waits while the one before is not written yet.
    public func write(_ text: EvaluatedText) {
        precondition(!closed, "BatchWriter.write after finish")
        shared.free.wait()
        shared.pending = text
        shared.filled.signal()
    }

    /// Returns once every batch handed over is written; the thread ends. Later calls return at once.
    public func finish() {
        guard !closed else { return }
        closed = true
        shared.free.wait()
        shared.finished = true
        shared.filled.signal()
        shared.stopped.wait()
        // The slot back, for calls after this one (which return at once).
        shared.free.signal()
    }

    deinit {
        // A writer dropped without `finish()` still writes what it was given, then its thread ends.
        finish()
    }
}
