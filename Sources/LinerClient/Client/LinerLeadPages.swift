import Timestamps
/// One page of `GET /v2/lead/`.
public struct LinerLeadPage: Sendable {
    /// The offset the page was asked with.
    public var offset: Int
    /// The leads that could be read, in page order.
    public var leads: [LinerLead]
    public var report: LinerCallReport
    /// Elements of the page in all: leads, malformed ones and (with ``LinerLeadPages``) repeated ones.
    public var elementCount: Int
    /// Elements that are not leads (skipped, each with why).
    public var malformed: [LinerMalformedLead] = []
    /// Leads of this page already delivered by an earlier page (the server repeated them): left out of
    /// ``leads``.
    public var repeated: [Int] = []
    /// The offset of the next page (``offset`` + number of elements): where a resumed run starts.
    public var nextOffset: Int { offset + elementCount }

    public init(offset: Int, leads: [LinerLead], report: LinerCallReport, elementCount: Int? = nil) {
        self.offset = offset
        self.leads = leads
        self.report = report
        self.elementCount = elementCount ?? leads.count
    }
}

/// Why paging through a lead list stopped before its end: the server does not page as the API says.
public struct LinerPagingError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The pages of leads matching a query, fetched one at a time as they are asked for.
///
/// Pages follow the server's id order, `pageSize` leads each (at most 100); the sequence ends after a short
/// page. Iterating throws ``LinerCallError`` when a page cannot be fetched (after the client's retries); the
/// error's report says which offset failed, and ``LinerClient/leadPages(_:pageSize:startOffset:)`` can resume
/// from ``LinerLeadPage/nextOffset`` of the last page received.
///
/// A page may hold elements that are not leads (``LinerLeadPage/malformed``): they are reported, not fatal.
/// A server that does not page properly is detected and iterating throws ``LinerPagingError``: a page made
/// only of leads already delivered (the server ignores `offset`, or repeats a page), or more than
/// `maximumLeads` leads in all (a list that never ends). Leads repeated within a page that also brings new
/// ones are left out of ``LinerLeadPage/leads`` and listed in ``LinerLeadPage/repeated``.
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
    let maximumLeads: Int

    /// The default bound on the leads of one listing (a list that never ends is stopped there). A scheduled
    /// run reads minutes' worth of leads; a first run or a backfill of a large account raises it
    /// (`--max-leads`) or narrows its window.
    public static let defaultMaximumLeads = 100_000

    /// How far outside the asked `createdAt` window a lead may be before the server is taken to ignore the
    /// window (a day: a server writing local times without a zone must not look hostile).
    static let windowTolerance: Double = 86_400

    init(client: LinerClient, query: LinerLeadQuery, pageSize: Int, startOffset: Int, maximumLeads: Int = defaultMaximumLeads) {
        self.client = client
        self.query = query
        self.pageSize = Swift.min(Swift.max(pageSize, 1), LinerClient.maximumPageSize)
        self.startOffset = Swift.max(0, startOffset)
        self.maximumLeads = Swift.max(1, maximumLeads)
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(pages: self, offset: startOffset)
    }

    public struct Iterator: AsyncIteratorProtocol, Sendable {
        /// Whether `lead` was created well outside the asked window (a `createdAt` that does not parse is not
        /// judged).
        func outsideWindow(_ lead: LinerLead) -> Bool {
            guard let text = lead.json["createdAt"]?.stringValue, let created = ISO8601Timestamp.seconds(from: text) else { return false }
            if let from = pages.query.createdFrom.flatMap(ISO8601Timestamp.seconds(from:)), created < from - LinerLeadPages.windowTolerance {
                return true
            }
            if let to = pages.query.createdTo.flatMap(ISO8601Timestamp.seconds(from:)), created > to + LinerLeadPages.windowTolerance {
                return true
            }
            return false
        }

        let pages: LinerLeadPages
        var offset: Int
        var finished = false
        /// Every lead id delivered so far (a repeat tells a server that ignores `offset`).
        var seen: Set<Int> = []

        public mutating func next() async throws -> LinerLeadPage? {
            guard !finished else { return nil }
            var page = try await pages.client.leadListPage(pages.query, offset: offset, limit: pages.pageSize)
            if page.elementCount < pages.pageSize { finished = true }
            offset = page.nextOffset
            if page.elementCount == 0 { return nil }
            let fresh = page.leads.filter { seen.insert($0.id).inserted }
            if fresh.count < page.leads.count {
                let freshIds = Set(fresh.map(\.id))
                page.repeated = page.leads.map(\.id).filter { !freshIds.contains($0) }
                if fresh.isEmpty {
                    finished = true
                    throw LinerPagingError(
                        "the lead list repeats itself: the page at offset \(page.offset) holds only leads already read "
                            + "(ids \(page.repeated.prefix(5).map(String.init).joined(separator: ", "))\(page.repeated.count > 5 ? ", ..." : "")); "
                            + "the server seems to ignore offset")
                }
                page.leads = fresh
            }
            if let outside = page.leads.first(where: outsideWindow) {
                finished = true
                throw LinerPagingError(
                    "the lead list ignores the createdAt window: lead \(outside.id) was created at "
                        + "\(outside.json["createdAt"]?.stringValue ?? "?"), outside \(pages.query.createdFrom ?? "(start)") .. "
                        + "\(pages.query.createdTo ?? "(now)"); the server seems to ignore the filter (or the list never ends)")
            }
            if seen.count > pages.maximumLeads {
                finished = true
                throw LinerPagingError(
                    "the lead list does not end: more than \(pages.maximumLeads) leads (at offset \(page.offset)); "
                        + "narrow the window with --created-from/--created-to or raise --max-leads")
            }
            return page
        }
    }
}
