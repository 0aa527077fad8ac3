import Dispatch

/// Reads the next batch of records on a background thread while the caller works on the current
/// one, so reading and evaluating overlap. Holds at most one batch ahead.
public final class Prefetcher: @unchecked Sendable {
    // @unchecked: `reader` is used only by the single pending read, which `next()` waits for
    // before starting the following one.
    private var reader: any RecordReader
    private let batchSize: Int
    private var pending: DispatchGroup?
    private var ready: [InputRecord] = []

    public init(reader: any RecordReader, batchSize: Int) {
        self.reader = reader
        self.batchSize = batchSize
        start()
    }

    private func start() {
        let group = DispatchGroup()
        group.enter()
        pending = group
        DispatchQueue.global().async {
            self.ready = self.reader.next(limit: self.batchSize)
            group.leave()
        }
    }

    /// The next batch (empty at the end of the input); starts reading the one after.
    public func next() -> [InputRecord] {
        pending?.wait()
        let batch = ready
        ready = []
        if batch.isEmpty {
            pending = nil
        } else {
            start()
        }
        return batch
    }
}
