import LeadFields
import LinerWire

/// The simulator's state and API logic, serialised by the actor. No networking here.
actor SimCore {
    private let configuration: LinerSimConfiguration
    private let reference: SimReferenceData
    private let statusIds: Set<Int>
    private let customFieldIds: Set<Int>
    private var store: LeadStore
    private var faults: FaultGenerator
    private var log: [SimRequestRecord] = []
    private var nextSequence = 1
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    /// The rate limit's bucket: tokens left and when it was last filled.
    private var tokens: Double = 0
    private var filledAt: Duration = .zero
    /// Updates applied so far (for ``SimHostility/revokeKeyAfterUpdates``).
    private var appliedUpdates = 0
    /// Whether ``SimHostility/deleteFirstLeadAfterFirstPage`` has deleted its lead.
    private var deletedAfterFirstPage = false

    init(configuration: LinerSimConfiguration, leads: [JSONValue], reference: SimReferenceData) {
        self.configuration = configuration
        self.reference = reference
        self.statusIds = reference.statusIds
        self.customFieldIds = reference.customFieldIds
        self.store = LeadStore(leads: leads)
        self.faults = FaultGenerator(seed: configuration.seed, rates: configuration.faults)
        self.started = clock.now
        self.tokens = Self.capacity(configuration.maxRequestsPerSecond)
    }

    private static func capacity(_ rate: Double?) -> Double { max(1, (rate ?? 0) / 10) }

    /// A request's ticket: its arrival number, arrival time and the faults drawn for it.
    struct Ticket: Sendable {
        var sequence: Int
        var receivedAt: Duration
        var draw: FaultDraw
    }

    /// Registers an arriving request and draws its faults.
    func arrive() -> Ticket {
        defer { nextSequence += 1 }
        let now = clock.now - started
        var draw = faults.next()
        if let rate = configuration.maxRequestsPerSecond {
            let elapsed = Double((now - filledAt).components.attoseconds) / 1e18 + Double((now - filledAt).components.seconds)
            tokens = min(Self.capacity(rate), tokens + elapsed * rate)
            filledAt = now
            if tokens >= 1 { tokens -= 1 } else { draw.fault = .rateLimited }
        }
        return Ticket(sequence: nextSequence, receivedAt: now, draw: draw)
    }

    /// Handles a request whose faults were drawn (and whose slow delay, if any, has passed); logs it.
    func handle(_ request: SimRequest, ticket: Ticket) -> SimReply {
        let route = SimRoute.match(method: request.method, path: request.path)
        var reply: SimReply
        var applied = false
        var retryAfter: Int?
        switch ticket.draw.fault {
        case .serverError?:
            reply = .failure(500, "Internal server error (injected)")
        case .tooManyRequests?:
            retryAfter = configuration.retryAfterSeconds
            reply = .failure(429, "Too many requests (injected)", headers: ["Retry-After": String(configuration.retryAfterSeconds)])
        case .rateLimited?:
            retryAfter = 1
            reply = .failure(429, "Too many requests: more than the configured rate", headers: ["Retry-After": "1"])
        case .drop?:
            reply = .drop
        case .lostResponse?, nil:
            (reply, applied) = answer(request, route: route)
            if applied { appliedUpdates += 1 }
            if ticket.draw.fault == .lostResponse { reply = .drop }
        }
        reply = misbehave(reply, request)
        var message = ""
        if case let .respond(_, _, envelope) = reply { message = envelope.message }
        let record = SimRequestRecord(
            sequence: ticket.sequence,
            method: request.method,
            path: redacted(request.target),
            leadId: route.leadId,
            status: reply.status,
            applied: applied,
            fault: ticket.draw.fault,
            slow: ticket.draw.slow,
            retryAfter: retryAfter,
            message: redacted(message),
            receivedAt: ticket.receivedAt,
            finishedAt: clock.now - started
        )
        var logged = record
        if case .update = route { logged.updateBody = String(decoding: request.body, as: UTF8.self) }
        log.append(logged)
        configuration.onRequest?(logged)
        return reply
    }

    /// The request log in arrival order (requests still being handled are not in it yet).
    func requestLog() -> [SimRequestRecord] { log.sorted { $0.sequence < $1.sequence } }

    /// Empties the request log.
    func clearLog() { log.removeAll() }

    func lead(_ id: Int) -> JSONValue? { store.lead(id) }

    /// Creates a lead like `template` (its members but `id`, `createdAt` and `updatedAt`) with the next free id,
    /// created now, and returns it.
    func createLead(like template: JSONValue) -> JSONValue {
        let id = store.maximumId + 1
        var members: [(String, JSONValue)] = [("id", .int(id))]
        for (key, value) in template.objectMembers ?? [] where !["id", "createdAt", "updatedAt"].contains(key) {
            members.append((key, value))
        }
        members.append(("createdAt", .string(ISO8601Timestamp.string(fromSeconds: configuration.now()))))
        store.append(members, id: id)
        return .object(members)
    }

    func allLeads() -> [JSONValue] { store.all() }

    // MARK: - The API

    private func answer(_ request: SimRequest, route: SimRoute) -> (SimReply, applied: Bool) {
        guard let key = request.apiKey, key == configuration.apiKey else {
            return (.failure(401, request.apiKey == nil ? "X-Api-Key header is missing" : "invalid API key"), false)
        }
        if let limit = configuration.hostility.revokeKeyAfterUpdates, appliedUpdates >= limit {
            return (.failure(401, "the API key has been revoked"), false)
        }
        switch route {
        case let .update(leadId): return update(leadId, request)
        case let .detail(leadId):
            guard let lead = store.lead(leadId) else { return (.failure(404, "lead \(leadId) not found"), false) }
            if configuration.hostility.detailOfAnotherLead {
                let ids = store.all().compactMap { $0["id"]?.intValue }
                if let index = ids.firstIndex(of: leadId), ids.count > 1, let other = store.lead(ids[index + 1 < ids.count ? index + 1 : index - 1]) {
                    return (.ok(other), false)
                }
            }
            let leftOut = configuration.hostility.detailLeavesOut
            return (.ok(.object((Self.shown(lead).objectMembers ?? []).filter { !leftOut.contains($0.0) })), false)
        case .list:
            switch LeadListQuery.parse(request.query) {
            case let .success(query):
                let page = list(query)
                if configuration.hostility.deleteFirstLeadAfterFirstPage, !deletedAfterFirstPage, let first = store.list(LeadListQuery(offset: 0, limit: 1)).first?["id"]?.intValue {
                    deletedAfterFirstPage = true
                    store.remove(first)
                }
                return (page, false)
            case let .failure(error): return (.failure(configuration.rejectionStatus, error.message), false)
            }
        case .statuses:
            guard configuration.hostility.referenceListsEchoKey else { return (.ok(.array(reference.statuses)), false) }
            return (.ok(.array(reference.statuses.map { status in
                Self.replacing("title", with: .string("Echo \(key)"), in: status)
            })), false)
        case .customFields:
            guard reference.servesCustomFields else { return (.failure(404, "not found"), false) }
            let essence = request.query.first { $0.name == "essence" }?.value
            guard let essence else { return (.failure(400, "essence is required (essence=leads)"), false) }
            guard essence == "leads" else { return (.failure(400, "unsupported essence \"\(essence)\""), false) }
            guard configuration.hostility.referenceListsEchoKey else { return (.ok(.array(reference.customFields)), false) }
            return (.ok(.array(reference.customFields.map { field in
                Self.replacing("code", with: .string("q\(key)"), in: Self.replacing("title", with: .string("T \(key)"), in: field))
            })), false)
        case let .wrongMethod(allowed):
            return (.failure(405, "method \(request.method) not allowed here; use \(allowed)"), false)
        case let .badLeadId(text):
            return (.failure(400, "leadId must be an integer > 0, not \"\(text)\""), false)
        case .notFound:
            return (.failure(404, "no such endpoint: \(request.method) \(request.path)"), false)
        }
    }

    private func update(_ leadId: Int, _ request: SimRequest) -> (SimReply, applied: Bool) {
        if let status = configuration.hostility.failingLeads[leadId] {
            return (.failure(status, "lead \(leadId) cannot be updated right now (injected)"), false)
        }
        guard store.lead(leadId) != nil else { return (.failure(404, "lead \(leadId) not found"), false) }
        guard let type = request.contentType, type.lowercased().hasPrefix("application/json") else {
            return (.failure(configuration.rejectionStatus, "Content-Type must be application/json"), false)
        }
        let body: JSONValue
        do {
            body = try JSONParser.parse(bytes: request.body)
        } catch {
            return (.failure(configuration.rejectionStatus, "the body is not JSON: \(error)"), false)
        }
        let validation = LinerUpdateValidator.validate(
            body,
            knownStatusIds: statusIds,
            knownCustomFieldIds: configuration.requireKnownCustomFields ? customFieldIds : nil
        )
        let update: LinerUpdate
        switch validation {
        case let .success(valid): update = valid
        case let .failure(problem): return (.failure(configuration.rejectionStatus, problem.message), false)
        }
        store.apply(update, to: leadId, updatedAt: ISO8601Timestamp.string(fromSeconds: configuration.now()))
        return (.ok(.array([])), true)
    }

    /// `json` (an object) with member `name` set to `value`.
    private static func replacing(_ name: String, with value: JSONValue, in json: JSONValue) -> JSONValue {
        var members = json.objectMembers ?? []
        if let index = members.firstIndex(where: { $0.0 == name }) { members[index].1 = value } else { members.append((name, value)) }
        return .object(members)
    }

    /// A lead as Liner answers it: every documented field shown, `null` when the lead has none (`customValues`: `{}`);
    /// the stored lead keeps only what it was given.
    static func shown(_ lead: JSONValue) -> JSONValue {
        guard var members = lead.objectMembers else { return lead }
        let present = Set(members.map(\.0))
        for field in LeadFields.all where !present.contains(field.name) {
            members.append((field.name, field.name == LeadFields.customValues ? .object([]) : .null))
        }
        return .object(members)
    }

    /// A page of the lead list, with the list hostilities applied.
    private func list(_ query: LeadListQuery) -> SimReply {
        let hostility = configuration.hostility
        var query = query
        if hostility.repeatPages { query.offset = 0 }
        if hostility.ignoreWindow {
            query.createdFrom = nil
            query.createdTo = nil
        }
        guard hostility.malformedLeads || hostility.endlessPages else {
            let page = store.list(query).map(Self.shown)
            guard !hostility.listLeavesOut.isEmpty else { return .ok(.array(page)) }
            return .ok(.array(page.map { lead in .object((lead.objectMembers ?? []).filter { !hostility.listLeavesOut.contains($0.0) }) }))
        }
        // Malformed elements take the first positions of the list; the real leads follow them.
        var elements: [String] = []
        let bad = hostility.malformedLeads ? SimHostility.malformedElements : []
        if query.offset < bad.count {
            elements += bad[query.offset..<min(bad.count, query.offset + query.limit)]
        }
        var realQuery = query
        realQuery.offset = max(0, query.offset - bad.count)
        realQuery.limit = query.limit - elements.count
        if realQuery.limit > 0 {
            let real = store.list(realQuery).map(Self.shown)
            elements += real.map(\.jsonText)
            if hostility.endlessPages, elements.count < query.limit {
                // Past the real leads: made-up ones with new ids, forever; each id is its place in the list, so that
                // the list is the same whichever offset it is read from.
                let first = 5_000_000 + query.offset
                let createdAt = ISO8601Timestamp.string(fromSeconds: query.createdFrom ?? 1_793_491_200)
                while elements.count < query.limit {
                    let id = first + elements.count
                    elements.append(#"{"id":\#(id),"name":"Endless \#(id)","phone":"+74951234567","createdAt":"\#(createdAt)"}"#)
                }
            }
        }
        return .raw(status: 200, body: #"{"success":true,"message":"","data":["# + elements.joined(separator: ",") + "]}")
    }

    /// The message hostilities: echoed headers and control characters in every answer's message.
    private func misbehave(_ reply: SimReply, _ request: SimRequest) -> SimReply {
        let hostility = configuration.hostility
        guard hostility.echoHeaders || hostility.controlCharacters, case .respond(let status, let headers, var envelope) = reply else {
            return reply
        }
        var parts = [envelope.message]
        if hostility.echoHeaders { parts.append(SimHostility.echo(request.headers)) }
        if hostility.controlCharacters { parts.append(SimHostility.hostileMessage) }
        envelope.message = parts.filter { !$0.isEmpty }.joined(separator: " ")
        return .respond(status: status, headers: headers, envelope: envelope)
    }

    /// `text` with every occurrence of the API key replaced, so the key never reaches the log.
    private func redacted(_ text: String) -> String {
        // The log keeps a bounded, safe excerpt (hostile messages can be 100 KB of escapes).
        let head = text.utf8.count > 8192 ? String(decoding: text.utf8.prefix(8192), as: UTF8.self) : text
        return LogSafeText.make(SecretRedactor(secret: configuration.apiKey).redact(head))
    }
}
