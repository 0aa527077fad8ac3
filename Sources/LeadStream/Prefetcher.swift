import Dispatch
import Foundation

/// Reads the next batch of records on a thread of its own while the caller works on the current one, so
/// reading and evaluating overlap. Holds at most one batch ahead.
///
/// Its own thread, not a Dispatch queue: a process limited to one CPU that waited on a read queued on
/// Dispatch's pool stalled about a second until the pool grew (see ``WorkerThreads``).
public final class Prefetcher: @unchecked Sendable {
    // @unchecked: `reader` is used only by the reading thread; `ready` is handed over under the semaphores
    // (written by the thread before `filled.signal()`, read by `next()` after `filled.wait()`), and so is `done`
    // (written by `next(after:)` after `filled.wait()` and before `wanted.signal()`, let go by the thread after
    // `wanted.wait()`).
    private final class Shared: @unchecked Sendable {
        var reader: any RecordReader
        var ready: [InputRecord] = []
        /// A batch the caller is done with, let go on the reading thread (see ``Prefetcher/next(after:)``).
        var done: [InputRecord] = []
        var stopping = false
        let wanted = DispatchSemaphore(value: 1)
        let filled = DispatchSemaphore(value: 0)
        init(reader: any RecordReader) { self.reader = reader }
    }

    private let shared: Shared
    private var finished = false

    public init(reader: any RecordReader, batchSize: Int) {
        let shared = Shared(reader: reader)
        self.shared = shared
        let thread = Thread {
            while true {
                shared.wanted.wait()
                if shared.stopping { return }
                // The records and their lines were allocated on this thread: freed here, their memory is at hand for
                // the next batch, and the caller's thread does not free them one by one between two batches.
                shared.done = []
                let batch = shared.reader.next(limit: batchSize)
                shared.ready = batch
                shared.filled.signal()
                if batch.isEmpty { return }
            }
        }
        thread.name = "enrich-reader"
        thread.start()
    }

    /// The next batch (empty at the end of the input); starts reading the one after.
    public func next() -> [InputRecord] {
        var none: [InputRecord] = []
        return next(after: &none)
    }

    /// ``next()``, handing back the batch before, `done` (left empty), to be let go on the reading thread as it
    /// starts on the batch after: a run's thread freed each batch's records (a line each) between two batches, while
    /// the other workers waited for the next one (~2 % of a run's time, all of it on that thread: `perf`). Give the
    /// batch's only reference (a caller that keeps a copy frees nothing).
    public func next(after done: inout [InputRecord]) -> [InputRecord] {
        if finished { return [] }
        shared.filled.wait()
        let batch = shared.ready
        shared.ready = []
        // The reading thread is past its read and waits for `wanted`: it takes `done` after the signal.
        shared.done = done
        done = []
        if batch.isEmpty {
            finished = true
        } else {
            shared.wanted.signal()
        }
        return batch
    }

    deinit {
        // A reader thread still waiting to be asked for a batch ends; one reading finishes that batch first.
        shared.stopping = true
        shared.wanted.signal()
    }
}
