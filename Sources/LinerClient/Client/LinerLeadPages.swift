/// One page of `GET /v2/lead/`.
public struct LinerLeadPage: Sendable {
    /// The offset the page was asked with.
    public var offset: Int
    public var leads: [LinerLead]
    public var report: LinerCallReport
    /// The offset of the next page (``offset`` + number of leads): where a resumed run starts.
    public var nextOffset: Int { offset + leads.count }
}

/// The pages of leads matching a query, fetched one at a time as they are asked for.
///
/// Pages follow the server's id order, `pageSize` leads each (at most 100); the sequence ends after a short
/// page. Iterating throws ``LinerCallError`` when a page cannot be fetched (after the client's retries); the
/// error's report says which offset failed, and ``LinerClient/leadPages(_:pageSize:startOffset:)`` can resume
/// from ``LinerLeadPage/nextOffset`` of the last page received.
///
/// Offsets are positions in the filtered list: if the run changes a field the query filters on (a status
/// with `statusIds`), leads leave the list and later offsets skip leads. Filter such runs by creation window
/// only, or read every page before updating.
public struct LinerLeadPages: AsyncSequence, Sendable {
    public typealias Element = LinerLeadPage

    let client: LinerClient
    let query: LinerLeadQuery
    let pageSize: Int
    let startOffset: Int

    init(client: LinerClient, query: LinerLeadQuery, pageSize: Int, startOffset: Int) {
        self.client = client
        self.query = query
        self.pageSize = Swift.min(Swift.max(pageSize, 1), LinerClient.maximumPageSize)
        self.startOffset = Swift.max(0, startOffset)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self, offset: startOffset)
    }

    public struct Iterator: AsyncIteratorProtocol, Sendable {
        let pages: LinerLeadPages
        var offset: Int
        var finished = false

        public mutating func next() async throws -> LinerLeadPage? {
            guard !finished else { return nil }
            let reply = try await pages.client.leadPage(pages.query, offset: offset, limit: pages.pageSize)
            let page = LinerLeadPage(offset: offset, leads: reply.value, report: reply.report)
            if reply.value.count < pages.pageSize { finished = true }
            offset = page.nextOffset
            if page.leads.isEmpty { return nil }
            return page
        }
    }
}
