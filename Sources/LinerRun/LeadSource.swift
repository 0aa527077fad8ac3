import Dispatch
import Foundation
import LeadEngine
import LeadStream
import LinerClient

/// Where a run's leads come from.
public enum LeadSource: Sendable {
    /// `GET /v2/lead/` pages. Statuses are filtered here, not by the server: the run changes statuses,
    /// and a server-side status filter would shift the pages under it (leads leaving the filtered list
    /// make later offsets skip leads). The server filters by creation window and orders only.
    case liner(query: LinerLeadQuery, statusIds: Set<Int>)
    /// An export: JSON Lines, a JSON array or CSV (see `enrich run --input`).
    case file(path: String, format: InputFormat?)
}

/// A batch of leads to evaluate, in source order.
struct LeadBatch: Sendable {
    var records: [InputRecord]
}

/// The next batch of a source; reading one batch ahead.
protocol BatchFeed: Sendable {
    func next() async throws -> LeadBatch?
}

/// Liner's lead list, one page ahead: while a page is evaluated and its updates are sent, the next is fetched.
final class LinerPageFeed: BatchFeed, @unchecked Sendable {
    // @unchecked: `pending` and `position` are only touched by the one task that calls next(), in turn.
    private typealias Fetch = Task<(LinerLeadPage?, LinerLeadPages.Iterator), any Error>
    private var pending: Fetch
    private let keep: @Sendable (LinerLead) -> Bool
    private var position = 0

    init(client: LinerClient, query: LinerLeadQuery, pageSize: Int, keep: @escaping @Sendable (LinerLead) -> Bool) {
        pending = Self.fetch(client.leadPages(query, pageSize: pageSize).makeAsyncIterator())
        self.keep = keep
    }

    func next() async throws -> LeadBatch? {
        let (page, iterator) = try await pending.value
        guard let page else { return nil }
        pending = Self.fetch(iterator)
        var records: [InputRecord] = []
        for lead in page.leads {
            position += 1
            if keep(lead) { records.append(InputRecord(line: position, json: Array(lead.jsonText.utf8))) }
        }
        return LeadBatch(records: records)
    }

    /// Fetches the page after `iterator` (a value: the task advances its own copy and hands it back).
    private static func fetch(_ iterator: LinerLeadPages.Iterator) -> Fetch {
        Task {
            var iterator = iterator
            let page = try await iterator.next()
            return (page, iterator)
        }
    }

    deinit { pending.cancel() }
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
}
