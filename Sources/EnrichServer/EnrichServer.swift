import Foundation
import Hummingbird
import LeadEngine
import Logging
import ServiceLifecycle

/// `enrich serve`: the evaluation API, the page, the probes and metrics, the rules watch (hot reload) and,
/// when configured, the Liner watch loop, run together until SIGTERM or SIGINT (then: in-flight requests and
/// updates finish and are recorded, and ``run()`` returns).
public struct EnrichServer: Sendable {
    public let configuration: ServerConfiguration
    public let store: PackStore
    public let reloader: PackReloader
    public let metrics: ServerMetrics
    public let watch: WatchSettings?
    public let watchState = WatchState()
    let openAPI: [UInt8]
    let logger: Logger
    /// Where evaluations run (never on the cooperative pool the probes need), a request per core at once.
    let gate = EvaluationGate(width: ProcessInfo.processInfo.activeProcessorCount)

    /// A server for the pack `loader` loads now; throws ``PackProblem`` when it does not load, or when the
    /// OpenAPI document cannot be found.
    public init(configuration: ServerConfiguration, loader: PackLoader, watch: WatchSettings?, logger: Logger) throws {
        let pack: LoadedPack
        switch loader.load() {
        case let .success(loaded): pack = loaded
        case let .failure(problem): throw problem
        }
        self.configuration = configuration
        self.store = PackStore(pack)
        self.metrics = ServerMetrics()
        self.reloader = PackReloader(loader: loader, store: store, metrics: metrics, logger: logger)
        self.watch = watch
        self.logger = logger
        self.openAPI = try OpenAPIDocument.load()
        metrics.packLoaded(pack, reloaded: false)
    }

    /// A route: its method, its path and what answers it.
    typealias Route = (method: HTTPRequest.Method, path: String, handler: @Sendable (Request) async -> Response)

    /// The routes (see `Resources/openapi.json`), the one list the router and the `405` answers are made from.
    func routes() -> [Route] {
        [
            (.get, "/healthz", { _ in JSONResponse.make(status: 200, .object([("status", .string("alive"))])) }),
            (.get, "/readyz", { request in self.readiness(detailed: self.carriesToken(request)) }),
            (.get, "/metrics", { _ in
                JSONResponse.bytes(status: 200, self.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
            }),
            (.get, "/openapi.json", { _ in JSONResponse.bytes(status: 200, self.openAPI, contentType: "application/json") }),
            (.post, "/v1/evaluate", { request in await self.evaluate(request) }),
            (.get, "/", { request in self.page(PageForm(query: Self.query(request)), detailed: self.carriesToken(request)) }),
            (.post, "/", { request in await self.pagePost(request) }),
        ]
    }

    /// The router: every route of ``routes()``, `HEAD` wherever `GET` is served (the same headers, no body), and
    /// `405 Method Not Allowed` with `Allow` for a known path asked with another method.
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self, options: .autoGenerateHeadEndpoints)
        let routes = routes()
        var allowed: [String: [HTTPRequest.Method]] = [:]
        for route in routes {
            allowed[route.path, default: []].append(route.method)
            if route.method == .get { allowed[route.path, default: []].append(.head) }
        }
        router.add(middleware: ServerMiddleware(token: configuration.token, metrics: metrics, allowed: allowed))
        for route in routes {
            let handler = route.handler
            router.on(RouterPath(route.path), method: route.method) { request, _ in await handler(request) }
        }
        return router
    }

    /// The Hummingbird application with the rules watch and the Liner watch as its services.
    public func application(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        var services: [any Service] = [RulesWatch(directory: reloader.loader.directory, interval: configuration.reloadInterval, reloader: reloader)]
        if let watch {
            services.append(LinerWatch(settings: watch, store: store, state: watchState, metrics: metrics, logger: logger))
        }
        let timeout = configuration.requestTimeout
        return Application(
            router: router(),
            // Idle connections (a client that stops sending mid-request) are closed after the request timeout.
            server: .http1(configuration: .init(idleTimeout: .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))),
            configuration: ApplicationConfiguration(address: .hostname(configuration.host, port: configuration.port), serverName: "enrich"),
            services: services,
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then finishes what is in flight and returns.
    public func run(onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        try await application(onServerRunning: onServerRunning).runService(gracefulShutdownSignals: [.sigterm, .sigint])
    }

    // MARK: - Evaluation

    func evaluate(_ request: Request) async -> Response {
        let deadline = ContinuousClock.now + configuration.requestTimeout
        let received = Date()
        let bytes: [UInt8]
        do {
            bytes = try await BodyReading.collect(request, limit: configuration.maxBodyBytes, deadline: deadline)
        } catch BodyReading.Failure.tooLarge {
            return JSONResponse.make(status: 413, RequestProblem(status: 413, "the body is larger than \(configuration.maxBodyBytes) bytes (--max-body)").json)
        } catch BodyReading.Failure.timedOut {
            return timedOut()
        } catch {
            return JSONResponse.make(status: 400, RequestProblem(status: 400, "the body could not be read: \(error)").json)
        }
        let query = Self.query(request)
        let (store, maxBatch) = (store, configuration.maxBatch)
        let work = { @Sendable () -> Result<EvaluationAnswer, RequestProblem>? in
            switch EvaluationRequest.parse(bytes, query: query, maxBatch: maxBatch, receivedAt: received) {
            case let .success(request):
                return LeadEvaluation(pack: store.current).answer(request, deadline: deadline).map { .success($0) }
            case let .failure(problem):
                return .failure(problem)
            }
        }
        // A small body (a lead, a few hundred at most: a millisecond or so) is answered where it was read; a thread
        // of its own would cost more than the evaluation (p99 of single leads at 1,000/s went from ~3 to ~7 ms).
        let answered: Result<EvaluationAnswer, RequestProblem>?? = bytes.count <= Self.inlineBodyLimit ? .some(work()) : await gate.run(until: deadline, work)
        switch answered {
        case nil, nil?:
            return timedOut()
        case let .failure(problem)??:
            return JSONResponse.make(status: problem.status, problem.json)
        case let .success(answer)??:
            metrics.record(answer.tally, source: "api")
            return JSONResponse.text(status: answer.status, answer.text)
        }
    }

    /// The largest body evaluated on the task that read it rather than through ``gate``.
    static let inlineBodyLimit = 64 << 10

    /// The query parameters (percent-decoded; the last of a repeated one wins).
    static func query(_ request: Request) -> [String: String] {
        var query: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { query[String(key)] = String(value) }
        return query
    }

    private func timedOut() -> Response {
        let seconds = Double(configuration.requestTimeout.components.seconds)
        return JSONResponse.make(status: 503, .object([("error", .string("the request took longer than \(seconds) s (--request-timeout)"))]))
    }

    // MARK: - Probes

    /// Whether `request` may see details of the open routes (the probes, the page): no token is configured, or it
    /// carries the token.
    func carriesToken(_ request: Request) -> Bool {
        configuration.token.map { Authorization.accepts(request, token: $0) } ?? true
    }

    /// Ready when the pack serves and, when watching, the last poll of Liner completed. Without `detailed` (a
    /// token is configured and the probe does not carry it) the reload's problems and the watch's last problem,
    /// which name files, rules and hosts, are left out.
    func readiness(detailed: Bool = true) -> Response {
        let pack = store.current
        var ready = true
        var members: [(String, JSONValue)] = [
            ("rulesDigest", .string(pack.digest)), ("loadedAt", .string(Self.iso(pack.loadedAt))),
            ("loadSeconds", .double(pack.loadSeconds)),
        ]
        if let tests = pack.tests { members.append(("tests", .string(tests))) }
        if let reload = store.lastReload { members.append(("lastReload", Self.json(reload, detailed: detailed))) }
        if watch != nil {
            let state = watchState.snapshot
            if state.lastSuccess == nil || state.degraded { ready = false }
            var watchMembers: [(String, JSONValue)] = [
                ("degraded", .bool(state.degraded)), ("consecutiveFailures", .int(state.consecutiveFailures)),
                ("lastSuccess", state.lastSuccess.map { .string(Self.iso($0)) } ?? .null),
            ]
            if let problem = state.lastProblem, detailed { watchMembers.append(("lastProblem", .string(problem))) }
            members.append(("watch", .object(watchMembers)))
        }
        members.insert(("ready", .bool(ready)), at: 0)
        return JSONResponse.make(status: ready ? 200 : 503, .object(members))
    }

    static func json(_ reload: ReloadOutcome, detailed: Bool = true) -> JSONValue {
        var members: [(String, JSONValue)] = [("at", .string(iso(reload.at))), ("succeeded", .bool(reload.succeeded))]
        if let digest = reload.digest { members.append(("rulesDigest", .string(digest))) }
        if let problem = reload.problem, detailed {
            members.append(("summary", .string(problem.summary)))
            members.append(("problems", .array(problem.items.map { .object([("at", .string($0.at)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
