import Foundation
import LinerWire

extension LinerClient {
    /// `POST /v2/lead/update/{leadId}/` with `body` sent byte for byte (the JSON of the patch, built by the
    /// caller with its keys in the caller's order; it is never re-encoded).
    ///
    /// With ``LinerClientConfiguration/validateUpdates`` the body is first checked against the API facts and a
    /// bad one is refused without a request (``LinerCallOutcome/invalidRequest(_:)``, no attempts).
    /// Whatever the configuration, a body that would clear a field (`""` or `null`, at the top level or in
    /// `customValues`) is refused without a request unless `clears` names that field: in Liner an empty value
    /// erases what the lead holds, so only a clear that was asked for may go out (`JSONValue.accidentalClears(in:clears:)`, the one definition of what empties a field).
    ///
    /// - Parameter clears: the fields the caller means to clear, as `name` or `customValues[ID]`.
    /// - Returns: the report of a successful update.
    /// - Throws: ``LinerCallError`` with the report otherwise; its ``LinerCallReport/delivery`` tells whether the
    ///   update may have been applied all the same.
    @discardableResult
    public func update(leadId: Int, body: String, clears: Set<String> = []) async throws(LinerCallError) -> LinerCallReport {
        try await update(leadId: leadId, bodyBytes: Array(body.utf8), clears: clears)
    }

    /// ``update(leadId:body:clears:)`` with the body as bytes.
    @discardableResult
    public func update(leadId: Int, body: Data, clears: Set<String> = []) async throws(LinerCallError) -> LinerCallReport {
        try await update(leadId: leadId, bodyBytes: Array(body), clears: clears)
    }

    /// ``update(leadId:body:clears:)`` with the body as a value (a patch the caller holds as `JSONValue`): it is
    /// checked as it is and written once, compactly, keys in the value's order; never parsed back from text.
    ///
    /// `proceed` is asked just before each attempt goes on the wire, after the rate limit and a connection slot
    /// were waited for: when it says `false` (a run was asked to stop), the call ends there as
    /// ``LinerCallOutcome/cancelled``, with no attempt when none went out. An update waiting its turn is so never
    /// sent after a stop, while one on the wire is left to finish.
    @discardableResult
    public func update(
        leadId: Int, patch: JSONValue, clears: Set<String> = [], proceed: (@Sendable () -> Bool)? = nil
    ) async throws(LinerCallError) -> LinerCallReport {
        try await send(leadId: leadId, json: patch, bodyBytes: Array(JSONWriter.write(patch).utf8), clears: clears, proceed: proceed)
    }

    private func update(leadId: Int, bodyBytes: [UInt8], clears: Set<String>) async throws(LinerCallError) -> LinerCallReport {
        let path = "/v2/lead/update/\(leadId)/"
        guard leadId > 0 else { throw refused("POST", path, "leadId must be > 0, not \(leadId)") }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bodyBytes)
        } catch {
            throw refused("POST", path, "the body is not JSON: \(error)")
        }
        return try await send(leadId: leadId, json: json, bodyBytes: bodyBytes, clears: clears)
    }

    /// Checks `json` (the body's value) and sends `bodyBytes` (its text).
    private func send(
        leadId: Int, json: JSONValue, bodyBytes: [UInt8], clears: Set<String>, proceed: (@Sendable () -> Bool)? = nil
    ) async throws(LinerCallError) -> LinerCallReport {
        let path = "/v2/lead/update/\(leadId)/"
        guard leadId > 0 else { throw refused("POST", path, "leadId must be > 0, not \(leadId)") }
        let accidental = JSONValue.accidentalClears(in: json, clears: clears)
        if !accidental.isEmpty {
            throw refused("POST", path, "the body would clear \(accidental.joined(separator: ", ")), which no clear asked for")
        }
        if configuration.validateUpdates, case let .failure(problem) = LinerUpdateValidator.validate(json) {
            throw refused("POST", path, sanitize(problem.message))
        }
        let (report, _) = await perform(CallRequest(method: .POST, path: path, body: bodyBytes, proceed: proceed))
        guard report.succeeded else { throw LinerCallError(report: report) }
        return report
    }

    /// `GET /v2/lead/detail/{leadId}/`: one lead. An answer about another lead (its `id` is not `leadId`: a cache
    /// or a balancer mixing answers up) is an invalid response: what it says is not this lead's state, and a
    /// revert or a plan compared against it would write over somebody's edit of the wrong lead.
    ///
    /// `requiredFields`: fields the answer must show (the rules' ``LeadEngine/Engine/leadFieldsUsed``; Liner's detail
    /// shows every field of a lead, `null` when empty). An answer that leaves one out is invalid: what the lead holds
    /// there is unknown, and evaluating it as empty would let a `fill` write over a value the answer did not show.
    public func lead(id leadId: Int, requiredFields: [String] = []) async throws(LinerCallError) -> LinerReply<LinerLead> {
        let path = "/v2/lead/detail/\(leadId)/"
        guard leadId > 0 else { throw refused("GET", path, "leadId must be > 0, not \(leadId)") }
        let (report, envelope) = await perform(CallRequest(method: .GET, path: path))
        let data = try successData(report, envelope)
        switch LinerLead.read(data, redactor: redactor) {
        case let .success(lead):
            guard lead.id == leadId else { throw invalid(report, "the answer is lead \(lead.id), not lead \(leadId)") }
            let leftOut = lead.leftOut(requiredFields)
            guard leftOut.isEmpty else {
                throw invalid(report, "the lead's detail leaves out \(leftOut.joined(separator: ", ")), which the rules use: "
                              + "what the lead holds there is unknown")
            }
            return LinerReply(value: lead, report: report)
        case let .failure(problem): throw invalid(report, "the lead \(problem)")
        }
    }

    /// `GET /v2/lead/`: one page of leads matching `query`, in the server's (id) order.
    ///
    /// - Parameters:
    ///   - offset: leads to skip (>= 0).
    ///   - limit: page size, 1...100.
    public func leadPage(_ query: LinerLeadQuery = LinerLeadQuery(), offset: Int = 0, limit: Int = 100) async throws(LinerCallError) -> LinerReply<[LinerLead]> {
        guard offset >= 0, (1...Self.maximumPageSize).contains(limit) else {
            throw refused("GET", "/v2/lead/", "offset must be >= 0 and limit within 1...\(Self.maximumPageSize)")
        }
        let page = try await leadListPage(query, offset: offset, limit: limit)
        guard page.malformed.isEmpty else {
            throw invalid(page.report, "element \(page.malformed[0].position) of data is not a lead: \(page.malformed[0].reason)")
        }
        return LinerReply(value: page.leads, report: page.report)
    }

    /// `GET /v2/lead/` read element by element: the leads that can be read, and every element that cannot
    /// (``LinerLeadPage/malformed``) with why, so that one bad lead costs one lead, not the page.
    public func leadListPage(_ query: LinerLeadQuery = LinerLeadQuery(), offset: Int = 0, limit: Int = 100) async throws(LinerCallError) -> LinerLeadPage {
        guard offset >= 0, (1...Self.maximumPageSize).contains(limit) else {
            throw refused("GET", "/v2/lead/", "offset must be >= 0 and limit within 1...\(Self.maximumPageSize)")
        }
        let call = CallRequest(method: .GET, path: "/v2/lead/", query: query.items(offset: offset, limit: limit), list: true)
        let (report, answer) = await performReading(call)
        guard report.succeeded, case let .list(list)? = answer else { throw LinerCallError(report: report) }
        guard let elements = list.elements else {
            throw invalid(report, "data is \(list.data?.preciseTypeName ?? "missing"), not an array of leads")
        }
        var page = LinerLeadPage(offset: offset, leads: [], report: report, elementCount: elements.count)
        for (index, element) in elements.enumerated() {
            let problem: String
            switch element {
            case let .malformed(reason):
                problem = "is not valid JSON: \(sanitize(reason))"
            case let .value(json):
                switch LinerLead.read(json, bytes: list.elementBytes[index], redactor: redactor) {
                case let .success(lead):
                    page.leads.append(lead)
                    continue
                case let .failure(reason): problem = reason.description
                }
            }
            page.malformed.append(LinerMalformedLead(offset: offset, position: index + 1, reason: problem))
        }
        return page
    }

    /// The largest `limit` the API accepts.
    public static let maximumPageSize = 100

    /// All leads matching `query`, page by page (see ``LinerLeadPages``); a lead that leaves out one of
    /// `requiredFields` is read again by its detail, and not delivered when that leaves it out too.
    public func leadPages(
        _ query: LinerLeadQuery = LinerLeadQuery(), pageSize: Int = 100, startOffset: Int = 0,
        maximumLeads: Int = LinerLeadPages.defaultMaximumLeads, requiredFields: [String] = []
    ) -> LinerLeadPages {
        LinerLeadPages(client: self, query: query, pageSize: pageSize, startOffset: startOffset, maximumLeads: maximumLeads,
                       requiredFields: requiredFields)
    }

    /// The account's lead statuses; tries each of ``LinerClientConfiguration/statusPaths`` in turn on a 404.
    public func statuses() async throws(LinerCallError) -> LinerReply<[LinerLeadStatus]> {
        let (data, report) = try await firstFound(configuration.statusPaths, query: [])
        guard let elements = data.arrayElements else { throw invalid(report, "data is \(data.preciseTypeName), not an array") }
        var statuses: [LinerLeadStatus] = []
        for element in elements {
            guard let status = LinerLeadStatus(json: element) else { throw invalid(report, "a status without an integer id and a code") }
            guard !holdsKey(element) else { throw invalid(report, "status \(status.id) holds the API key (the server echoes request headers?)") }
            statuses.append(status)
        }
        return LinerReply(value: statuses, report: report)
    }

    /// The custom fields of leads (`essence=leads`); tries each of ``LinerClientConfiguration/customFieldPaths``
    /// in turn on a 404.
    public func customFields() async throws(LinerCallError) -> LinerReply<[LinerCustomField]> {
        let (data, report) = try await firstFound(configuration.customFieldPaths, query: [("essence", "leads")])
        guard let elements = data.arrayElements else { throw invalid(report, "data is \(data.preciseTypeName), not an array") }
        var fields: [LinerCustomField] = []
        for element in elements {
            guard let field = LinerCustomField(json: element) else { throw invalid(report, "a custom field without an integer id and a type") }
            guard !holdsKey(element) else { throw invalid(report, "custom field \(field.id) holds the API key (the server echoes request headers?)") }
            fields.append(field)
        }
        return LinerReply(value: fields, report: report)
    }

    // MARK: - Helpers

    /// Whether a reference list's element holds the API key in any encoding the redactor knows: its texts are
    /// printed in notes and saved by `enrich account pull`, so such an answer is refused whole.
    private func holdsKey(_ element: JSONValue) -> Bool {
        redactor.contains(element.jsonText)
    }

    private func firstFound(_ paths: [String], query: [(String, String)]) async throws(LinerCallError) -> (JSONValue, LinerCallReport) {
        var lastError: LinerCallError?
        for path in paths {
            let (report, envelope) = await perform(CallRequest(method: .GET, path: path, query: query))
            if case .rejected(404, _) = report.outcome {
                lastError = LinerCallError(report: report)
                continue
            }
            return (try successData(report, envelope), report)
        }
        throw lastError ?? refused("GET", "(no path configured)", "no path to try")
    }

    private func successData(_ report: LinerCallReport, _ envelope: LinerEnvelope?) throws(LinerCallError) -> JSONValue {
        guard report.succeeded, let envelope else { throw LinerCallError(report: report) }
        return envelope.data
    }

    private func refused(_ method: String, _ path: String, _ reason: String) -> LinerCallError {
        LinerCallError(report: LinerCallReport(method: method, path: path, attempts: [], outcome: .invalidRequest(reason), duration: .zero))
    }

    private func invalid(_ report: LinerCallReport, _ reason: String) -> LinerCallError {
        var report = report
        report.outcome = .invalidResponse(reason)
        return LinerCallError(report: report)
    }
}
