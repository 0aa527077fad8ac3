import FlyingFox
import Foundation
import LinerWire

/// A local Liner API emulator on 127.0.0.1.
///
/// It serves `POST /v2/lead/update/{id}/`, `GET /v2/lead/detail/{id}/`, `GET /v2/lead/`, `GET /v2/lead-status/`
/// (also `/v2/lead-statuses/`) and `GET /v2/custom-field/?essence=leads` (also `/v2/custom-fields/`), checks
/// `X-Api-Key`, validates updates like ``LinerUpdateValidator``, injects the faults of ``FaultRates`` and keeps a
/// request log. Typical test use:
///
/// ```swift
/// let sim = LinerSimulator(configuration: .init(apiKey: "k"), leads: leads)
/// let port = try await sim.start()
/// defer { Task { await sim.stop() } }
/// ```
public actor LinerSimulator {
    private let core: SimCore
    private let slowDelay: Duration
    private let drip: Duration?
    private let dripPaths: Set<String>?
    private let updateDelay: Duration?
    private var server: HTTPServer?
    private var serverTask: Task<Void, any Error>?
    /// The port the simulator listens on, once started.
    public private(set) var port: UInt16?

    /// A simulator serving `leads` (lead objects with unique integer `id`s) and `reference` data.
    public init(configuration: LinerSimConfiguration, leads: [JSON.JSONValue], reference: SimReferenceData = SimReferenceData()) {
        self.core = SimCore(configuration: configuration, leads: leads, reference: reference)
        self.slowDelay = configuration.slowDelay
        self.drip = configuration.hostility.dripInterval
        self.updateDelay = configuration.hostility.updateDelay
        self.dripPaths = configuration.hostility.dripPaths.map { Set($0.map(Self.trimmedPath)) }
    }

    /// `http://127.0.0.1:PORT`, once started.
    public var baseURL: String? { port.map { "http://127.0.0.1:\($0)" } }

    /// Starts listening on 127.0.0.1:`port` (0 picks a free port) and returns the port.
    public func start(port requested: UInt16 = 0) async throws -> UInt16 {
        if let port { return port }
        let core = self.core
        let slowDelay = self.slowDelay
        let drip = self.drip
        let dripPaths = self.dripPaths
        let updateDelay = self.updateDelay
        let configuration = HTTPServer.Configuration(
            address: try sockaddr_in.inet(ip4: "127.0.0.1", port: requested),
            timeout: 3600,
            logger: .disabled
        )
        let server = HTTPServer(config: configuration, handler: ClosureHTTPHandler { request in
            let dripping = dripPaths.map { $0.contains(Self.trimmedPath(request.path)) } ?? true
            if let updateDelay, request.method == .POST { try? await Task.sleep(for: updateDelay) }   // a test's delay: cancellation only ends it early
            return try await Self.serve(request, core: core, slowDelay: slowDelay, drip: dripping ? drip : nil)
        })
        let task = Task { try await server.run() }
        do {
            try await server.waitUntilListening(timeout: 10)
        } catch {
            task.cancel()
            throw SimStartError(message: "cannot listen on 127.0.0.1:\(requested): \(error)")
        }
        guard case let .ip4(_, boundPort)? = await server.listeningAddress else {
            task.cancel()
            throw SimStartError(message: "cannot tell which port 127.0.0.1 was bound to")
        }
        self.server = server
        self.serverTask = task
        self.port = boundPort
        return boundPort
    }

    /// Stops listening; requests in flight are cut off. The state stays readable.
    public func stop() async {
        await server?.stop(timeout: 0)
        serverTask?.cancel()
        server = nil
        serverTask = nil
        port = nil
    }

    /// The request log in arrival order (methods, paths, statuses, faults; never headers or the API key).
    public func requestLog() async -> [SimRequestRecord] { await core.requestLog() }

    /// Empties the request log.
    public func clearRequestLog() async { await core.clearLog() }

    /// The current state of lead `id`.
    public func lead(_ id: Int) async -> JSON.JSONValue? { await core.lead(id) }

    /// `lead` as the emulator answers it (list and detail), as Liner does: every documented field shown, `null` when
    /// the lead has none.
    public static func answered(_ lead: JSON.JSONValue) -> JSON.JSONValue { SimCore.shown(lead) }

    /// Creates a lead while the simulator runs, as a new lead arrives in an account: `template`'s members with
    /// the next free id and `createdAt` now (`id`, `createdAt` and `updatedAt` of the template are dropped).
    /// Returns the lead as stored.
    @discardableResult
    public func createLead(like template: JSON.JSONValue) async -> JSON.JSONValue { await core.createLead(like: template) }

    /// All leads, sorted by id.
    public func leads() async -> [JSON.JSONValue] { await core.allLeads() }

    /// The current state as JSON Lines (one lead per line, sorted by id, each line ending in `\n`).
    public func stateJSONLines() async -> String {
        await core.allLeads().map { $0.jsonText + "\n" }.joined()
    }

    /// Writes ``stateJSONLines()`` to `path` (atomically).
    public func dumpState(to path: String) async throws {
        let text = await stateJSONLines()
        try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    // MARK: - HTTP glue

    private static func serve(_ request: HTTPRequest, core: SimCore, slowDelay: Duration, drip: Duration?) async throws -> HTTPResponse {
        let body = try await request.bodyData
        var headers: [(String, String)] = []
        for (name, value) in request.headers { headers.append((name.rawValue, value)) }
        let simRequest = SimRequest(
            method: request.method.rawValue,
            path: request.path,
            query: request.query.map { (name: $0.name, value: $0.value) },
            apiKey: request.headers[HTTPHeader("X-Api-Key")],
            contentType: request.headers[.contentType],
            body: Array(body),
            headers: headers
        )
        let ticket = await core.arrive()
        if ticket.draw.slow {
            try? await Task.sleep(for: slowDelay)
        }
        switch await core.handle(simRequest, ticket: ticket) {
        case .drop:
            return HTTPResponse(webSocket: DropConnection())
        case let .respond(status, headers, envelope):
            return response(status, headers, Array(envelope.jsonText.utf8), drip: drip)
        case let .raw(status, text):
            return response(status, [:], Array(text.utf8), drip: drip)
        }
    }

    private static func response(_ status: Int, _ headers: [String: String], _ body: [UInt8], drip: Duration?) -> HTTPResponse {
        var httpHeaders = HTTPHeaders()
        httpHeaders[.contentType] = "application/json; charset=utf-8"
        for (name, value) in headers { httpHeaders[HTTPHeader(name)] = value }
        let code = HTTPStatusCode(status, phrase: reasonPhrase(status))
        if let drip {
            return HTTPResponse(statusCode: code, headers: httpHeaders,
                                body: HTTPBodySequence(from: DripBody(bytes: body, interval: drip), count: body.count, suggestedBufferSize: 1))
        }
        return HTTPResponse(statusCode: code, headers: httpHeaders, body: Data(body))
    }

    private static func trimmedPath(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }

    private static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 200: return "OK"
        case 400: return "Bad Request"
        case 401: return "Unauthorized"
        case 404: return "Not Found"
        case 405: return "Method Not Allowed"
        case 429: return "Too Many Requests"
        case 500: return "Internal Server Error"
        default: return "Status"
        }
    }
}

/// The simulator could not start listening.
public struct SimStartError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
