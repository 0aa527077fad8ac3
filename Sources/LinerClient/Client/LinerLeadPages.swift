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
    /// Leads whose list element left out a field the reader requires (``LinerLeadPages``), read again by their
    /// detail: ``leads`` holds them as their detail showed them.
    public var readAgain: [Int] = []
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
    /// Members every lead must show (`null` counts: it says the field is empty): a lead whose list element leaves one
    /// out is read again by its detail, the lead's whole record, and delivered as the detail shows it (a member the
    /// detail leaves out too is one the lead does not have); a lead whose detail cannot be read is not delivered but
    /// listed in ``LinerLeadPage/malformed`` with why. A run passes the fields its rules read or write, so that no
    /// rule takes a field a list answer did not show for an empty one.
    let requiredFields: [String]

    /// The default bound on the leads of one listing (a list that never ends is stopped there). A scheduled
    /// run reads minutes' worth of leads; a first run or a backfill of a large account raises it
    /// (`--max-leads`) or narrows its window.
    public static let defaultMaximumLeads = 100_000

    /// How far outside the asked `createdAt` window a lead may be before the server is taken to ignore the
    /// window (a day: a server writing local times without a zone must not look hostile).
    static let windowTolerance: Double = 86_400

    init(client: LinerClient, query: LinerLeadQuery, pageSize: Int, startOffset: Int, maximumLeads: Int = defaultMaximumLeads,
         requiredFields: [String] = []) {
        self.requiredFields = requiredFields
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
        /// The 1-based position of each lead of `page` among its elements (malformed elements hold places too).
        static func positions(in page: LinerLeadPage) -> [Int: Int] {
            let malformed = Set(page.malformed.map(\.position))
            let places = (0..<page.elementCount).map { $0 + 1 }.filter { !malformed.contains($0) }
            return Dictionary(zip(page.leads.map(\.id), places), uniquingKeysWith: { first, _ in first })
        }

        /// The 1-based position of lead `id` among the elements of `page` (malformed elements hold places too).
        static func position(of id: Int, in page: LinerLeadPage) -> Int? { positions(in: page)[id] }

        /// The 0-based index in the list of lead `id`, looked for page by page backwards from `position` (at most
        /// ``maximumStepsBack`` pages); `nil` when it is not there.
        func index(of id: Int, before position: Int) async throws -> Int? {
            var start = position
            for _ in 0..<Self.maximumStepsBack where start > 0 {
                start = Swift.max(0, start - pages.pageSize)
                let page = try await pages.client.leadListPage(pages.query, offset: start, limit: pages.pageSize)
                if let found = Self.position(of: id, in: page) { return start + found - 1 }
            }
            return nil
        }

        /// `page` with each lead whose list element leaves out one of ``LinerLeadPages/requiredFields`` replaced by its detail
        /// (`GET /v2/lead/detail/{id}/`); a lead whose detail cannot be read goes to `malformed` with why: it is not
        /// evaluated, since what the field holds is unknown.
        func completed(_ page: LinerLeadPage, positions: [Int: Int]) async -> LinerLeadPage {
            guard page.leads.contains(where: { !$0.leftOut(pages.requiredFields).isEmpty }) else { return page }
            var page = page
            var leads: [LinerLead] = []
            for lead in page.leads {
                let position = positions[lead.id] ?? 0
                let leftOut = lead.leftOut(pages.requiredFields)
                guard !leftOut.isEmpty else {
                    leads.append(lead)
                    continue
                }
                do throws(LinerCallError) {
                    // The detail is the lead's whole record, every field shown (`null` when empty): one that leaves
                    // a field out too is refused, since what the lead holds there is unknown.
                    leads.append(try await pages.client.lead(id: lead.id, requiredFields: pages.requiredFields).value)
                    page.readAgain.append(lead.id)
                    continue
                } catch {
                    let reason = "lead \(lead.id): the list leaves out \(leftOut.joined(separator: ", ")) and its detail could not be read "
                        + "(\(error)): not read, since what the lead holds there is unknown"
                    page.malformed.append(LinerMalformedLead(offset: page.offset, position: position, reason: reason))
                }
            }
            page.leads = leads
            page.malformed.sort { $0.position < $1.position }
            return page
        }

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
        /// The id of the last element of the page before, when it was a lead: the next page is asked from one
        /// place earlier and must begin with it. When it does not, leads before the next offset left the list
        /// while it was read (deleted, or moved out of the filter) and the offsets moved: reading on would skip as
        /// many leads, so the reader steps back until it finds this lead again.
        var anchor: Int?

        /// How many pages back the reader looks for the last lead it read before it gives up on the list.
        static let maximumStepsBack = 20
        /// How many times one page is asked again because the list moved, before the reader gives up on the list.
        static let maximumMoves = 3

        public mutating func next() async throws -> LinerLeadPage? {
            guard !finished else { return nil }
            var page: LinerLeadPage
            var returned = 0
            var steps = 0
            while true {
                let overlap = anchor != nil && offset > 0 ? 1 : 0
                page = try await pages.client.leadListPage(pages.query, offset: offset - overlap, limit: pages.pageSize)
                returned = page.elementCount
                guard overlap == 1, let anchor else { break }
                let found = Self.position(of: anchor, in: page)
                if found == 1 {
                    // The page begins with the last lead read, as it should: drop it.
                    page.leads.removeFirst()
                    page.offset = offset
                    page.elementCount -= 1
                    page.malformed = page.malformed.map { LinerMalformedLead(offset: offset, position: $0.position - 1, reason: $0.reason) }
                    break
                }
                // A page of leads all read already is a server that ignores offset, told below.
                if !page.leads.isEmpty, page.leads.allSatisfy({ seen.contains($0.id) }) { break }
                steps += 1
                if let found, steps <= Self.maximumMoves {
                    // Leads came in before: the last lead read is further on.
                    offset = page.offset + found
                    continue
                }
                // Leads before it left the list: find the last lead read in an earlier page and go on after it.
                guard steps <= Self.maximumMoves, let index = try await index(of: anchor, before: offset - 1) else {
                    finished = true
                    throw LinerPagingError(
                        "the lead list changed while it was read: lead \(anchor), the last one read, is no longer near offset "
                            + "\(offset - 1) nor in the \(Self.maximumStepsBack) pages before it (or kept moving); reading on could "
                            + "skip leads, so the listing stops here (run again to read the rest)")
                }
                offset = index + 1
            }
            if returned < pages.pageSize { finished = true }
            offset = page.nextOffset
            anchor = page.malformed.contains { $0.position == page.elementCount } ? nil : page.leads.last?.id
            if page.elementCount == 0 { return nil }
            let positions = Self.positions(in: page)
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
            page = await completed(page, positions: positions)
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
