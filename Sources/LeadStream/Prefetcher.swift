import Dispatch
import Foundation

/// Reads the next batches of records on a thread of its own while the caller works on the current one, so
/// reading and evaluating overlap. Holds at most `ahead` batches read and not yet taken.
///
/// Its own thread, not a Dispatch queue: a process limited to one CPU that waited on a read queued on
/// Dispatch's pool stalled about a second until the pool grew (see ``WorkerThreads``).
public final class Prefetcher: @unchecked Sendable {
    // @unchecked: `reader` and `makeReader` are used only by the reading thread (`makeReader` set before it starts);
    // `ready`, `done` and `stopping` only under `lock`.
    private final class Shared: @unchecked Sendable {
        var makeReader: (() -> any RecordReader)?
        var reader: (any RecordReader)?
        /// The batches read and not yet taken, in input order.
        var ready: [[InputRecord]] = []
        /// Batches the caller is done with, let go on the reading thread (see ``Prefetcher/next(after:)``).
        var done: [[InputRecord]] = []
        var stopping = false
        let lock = NSLock()
        /// One permit for each batch the thread may read ahead of the caller. Made with none and given `ahead`
        /// at once: libdispatch stops the program when a semaphore is freed holding fewer permits than it was made
        /// with, which a prefetcher dropped before the end of its input (its thread holding batches not taken) did.
        let wanted = DispatchSemaphore(value: 0)
        /// One permit for each batch in `ready`.
        let filled = DispatchSemaphore(value: 0)
        init(ahead: Int) {
            for _ in 0..<ahead { wanted.signal() }
        }
    }

    private let shared: Shared
    private var finished = false

    /// Reads `reader`'s batches of `batchSize` records one batch ahead of the caller.
    public convenience init(reader: any RecordReader, batchSize: Int) {
        self.init(batchSize: batchSize) { reader }
    }

    /// Reads batches of `batchSize` records, up to `ahead` batches ahead of the caller, from the reader that
    /// `makeReader` makes on the reading thread (a reader that looks at the input to choose its format reads there,
    /// not on the caller's thread). With `readingLeads`, the thread also reads each JSON text as a lead
    /// (``InputRecord/readingLead()``): the part of reading a lead that needs no rules, done while the caller
    /// loads them (and after that alongside the workers).
    ///
    /// `ahead` bounds the memory read ahead: up to `ahead` batches, the one the caller works on and those it handed
    /// back not yet let go.
    public init(batchSize: Int, ahead: Int = 1, readingLeads: Bool = false, makeReader: @escaping () -> any RecordReader) {
        let shared = Shared(ahead: max(1, ahead))
        shared.makeReader = makeReader
        self.shared = shared
        let thread = Thread {
            while true {
                shared.wanted.wait()
                // The records and their lines were allocated on this thread: freed here, their memory is at hand for
                // the next batch, and the caller's thread does not free them one by one between two batches.
                var done: [[InputRecord]] = []
                shared.lock.lock()
                let stopping = shared.stopping
                swap(&done, &shared.done)
                shared.lock.unlock()
                if stopping { return }
                done.removeAll()
                if shared.reader == nil, let make = shared.makeReader {
                    shared.reader = make()
                    shared.makeReader = nil
                }
                var batch = shared.reader?.next(limit: batchSize) ?? []
                if readingLeads {
                    for index in batch.indices { batch[index] = batch[index].readingLead() }
                }
                shared.lock.lock()
                shared.ready.append(batch)
                shared.lock.unlock()
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
    /// starts on its next batch: a run's thread freed each batch's records (a line each) between two batches, while
    /// the other workers waited for the next one (~2 % of a run's time, all of it on that thread: `perf`). Give the
    /// batch's only reference (a caller that keeps a copy frees nothing).
    public func next(after done: inout [InputRecord]) -> [InputRecord] {
        if finished { return [] }
        shared.filled.wait()
        shared.lock.lock()
        let batch = shared.ready.removeFirst()
        if !done.isEmpty { shared.done.append(done) }
        shared.lock.unlock()
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
        shared.lock.lock()
        shared.stopping = true
        shared.lock.unlock()
        shared.wanted.signal()
    }
}
