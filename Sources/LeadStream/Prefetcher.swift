import Dispatch
import Foundation

/// Reads the next batch of records on a thread of its own while the caller works on the current one, so
/// reading and evaluating overlap. Holds at most one batch ahead.
///
/// Its own thread, not a Dispatch queue: a process limited to one CPU that waited on a read queued on
/// Dispatch's pool stalled about a second until the pool grew (see ``WorkerThreads``).
public final class Prefetcher: @unchecked Sendable {
    // @unchecked: `reader` is used only by the reading thread; `ready` is handed over under the semaphores
    // (written by the thread before `filled.signal()`, read by `next()` after `filled.wait()`).
    private final class Shared: @unchecked Sendable {
        var reader: any RecordReader
        var ready: [InputRecord] = []
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
        if finished { return [] }
        shared.filled.wait()
        let batch = shared.ready
        shared.ready = []
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
