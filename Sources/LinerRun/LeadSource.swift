import Dispatch
import Foundation
import LeadEngine
import LeadStream
import LinerClient
import Synchronization

/// Where a run's leads come from.
public enum LeadSource: Sendable {
    /// `GET /v2/lead/` pages. Statuses are filtered here, not by the server: the run changes statuses,
    /// and a server-side status filter would shift the pages under it (leads leaving the filtered list
    /// make later offsets skip leads). The server filters by creation window and orders only.
    case liner(query: LinerLeadQuery, statusIds: Set<Int>)
    /// An export: JSON Lines, a JSON array or CSV (see `enrich run --input`).
    case file(path: String, format: InputFormat?)
    /// Changes prepared ahead (a plan being applied, a revert): nothing is evaluated, the preparer checks
    /// each lead as Liner holds it now and hands over what to send.
    case prepared(any ChangePreparer)

    /// Whether the changes come from a ``ChangePreparer``.
    public var isPrepared: Bool {
        if case .prepared = self { return true }
        return false
    }
}

/// A batch of leads to evaluate, in source order.
struct LeadBatch: Sendable {
    var records: [InputRecord]
    /// Elements of the source that are not leads, each located and explained (skipped; the run goes on).
    var malformed: [String] = []
    /// Things worth telling about the batch (leads repeated by the server and not read again).
    var notices: [String] = []
}

/// The next batch of a source; reading one batch ahead.
protocol BatchFeed: Sendable {
    func next() async throws -> LeadBatch?
    /// Gives up on the read in progress and any later one (a stop was requested); `next()` then throws.
    func cancel()
}

/// Liner's lead list, one page ahead: while a page is evaluated and its updates are sent, the next is fetched.
///
/// The fetch runs in a task of its own (so that it overlaps with the work on the current page); it is
/// cancelled when the task waiting for it is cancelled and when ``cancel()`` is called, so that neither a
/// second signal nor a stop request waits for a slow server.
final class LinerPageFeed: BatchFeed, @unchecked Sendable {
    // @unchecked: `position` is only touched by the one task that calls next(), in turn; the pending fetch is
    // behind a lock because cancel() comes from another thread (a signal handler).
    private typealias Fetch = Task<(LinerLeadPage?, LinerLeadPages.Iterator), any Error>
    private let pending: Mutex<(fetch: Fetch?, cancelled: Bool)>
    private let keep: @Sendable (LinerLead) -> Bool
    private var position = 0

    init(client: LinerClient, query: LinerLeadQuery, pageSize: Int, maximumLeads: Int, requiredFields: [String] = [],
         keep: @escaping @Sendable (LinerLead) -> Bool) {
        let pages = client.leadPages(query, pageSize: pageSize, maximumLeads: maximumLeads, requiredFields: requiredFields)
        pending = Mutex((Self.fetch(pages.makeAsyncIterator()), false))
        self.keep = keep
    }

    func next() async throws -> LeadBatch? {
        guard let fetch = pending.withLock({ $0.cancelled ? nil : $0.fetch }) else { throw CancellationError() }
        let (page, iterator) = try await withTaskCancellationHandler {
            try await fetch.value
        } onCancel: {
            fetch.cancel()
        }
        guard let page else { return nil }
        let started = pending.withLock { state -> Bool in
            guard !state.cancelled else { return false }
            state.fetch = Self.fetch(iterator)
            return true
        }
        if !started { throw CancellationError() }
        var batch = LeadBatch(records: [])
        for lead in page.leads {
            position += 1
            // The lead travels as the value the client read: never written back to text and parsed again.
            if keep(lead) { batch.records.append(InputRecord(line: position, object: lead.json)) }
        }
        batch.malformed = page.malformed.map { "\($0): skipped" }
        if !page.readAgain.isEmpty {
            let ids = page.readAgain.prefix(10).map(String.init).joined(separator: ", ")
            batch.notices.append("lead list at offset \(page.offset): \(page.readAgain.count) lead(s) were read again by their detail, "
                + "since the list left out fields the rules use (\(ids)\(page.readAgain.count > 10 ? ", ..." : ""))")
        }
        if !page.repeated.isEmpty {
            let ids = page.repeated.prefix(10).map(String.init).joined(separator: ", ")
            batch.notices.append("lead list at offset \(page.offset): \(page.repeated.count) lead(s) already read on an earlier page "
                + "were not read again (\(ids)\(page.repeated.count > 10 ? ", ..." : ""))")
        }
        return batch
    }

    func cancel() {
        let fetch = pending.withLock { state -> Fetch? in
            state.cancelled = true
            return state.fetch
        }
        fetch?.cancel()
    }

    /// Fetches the page after `iterator` (a value: the task advances its own copy and hands it back).
    private static func fetch(_ iterator: LinerLeadPages.Iterator) -> Fetch {
        Task {
            var iterator = iterator
            let page = try await iterator.next()
            return (page, iterator)
        }
    }

    deinit { pending.withLock { $0.fetch?.cancel() } }
}

/// An export file, read in batches on a background thread.
final class FileFeed: BatchFeed, @unchecked Sendable {
    // @unchecked: the prefetcher is only used by the one task that calls next(), in turn.
    private let prefetcher: Prefetcher

    init(reader: any RecordReader, batchSize: Int) {
        prefetcher = Prefetcher(reader: reader, batchSize: batchSize)
    }

    func next() async throws -> LeadBatch? {
        // Prefetcher.next() may block until the read finishes: wait on a Dispatch thread, not on the
        // cooperative pool, which the HTTP answers and the rest of the run need.
        let prefetcher = self.prefetcher
        let records = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: prefetcher.next()) }
        }
        if records.isEmpty { return nil }
        return LeadBatch(records: records)
    }

    /// A file is read locally and fast: a stop takes effect between batches.
    func cancel() {}
}
