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

    /// The routes (see `Resources/openapi.json`).
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.add(middleware: ServerMiddleware(token: configuration.token, metrics: metrics))
        router.get("/healthz") { _, _ in JSONResponse.make(status: 200, .object([("status", .string("alive"))])) }
        router.get("/readyz") { _, _ in self.readiness() }
        router.get("/metrics") { _, _ in
            JSONResponse.bytes(status: 200, self.metrics.render(), contentType: "text/plain; version=0.0.4; charset=utf-8")
        }
        router.get("/openapi.json") { _, _ in JSONResponse.bytes(status: 200, self.openAPI, contentType: "application/json") }
        router.post("/v1/evaluate") { request, _ in await self.evaluate(request) }
        router.get("/") { request, _ in self.page(PageForm(query: Self.query(request))) }
        router.post("/") { request, _ in await self.pagePost(request) }
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
        let parsed: EvaluationRequest
        switch EvaluationRequest.parse(bytes, query: Self.query(request), maxBatch: configuration.maxBatch, receivedAt: received) {
        case let .success(request): parsed = request
        case let .failure(problem): return JSONResponse.make(status: problem.status, problem.json)
        }
        guard let answer = LeadEvaluation(pack: store.current).answer(parsed, deadline: deadline) else { return timedOut() }
        metrics.record(answer.tally, source: "api")
        return JSONResponse.text(status: answer.status, answer.text)
    }

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

    /// Ready when the pack serves and, when watching, the last poll of Liner completed.
    func readiness() -> Response {
        let pack = store.current
        var ready = true
        var members: [(String, JSONValue)] = [
            ("rulesDigest", .string(pack.digest)), ("loadedAt", .string(Self.iso(pack.loadedAt))),
            ("loadSeconds", .double(pack.loadSeconds)),
        ]
        if let tests = pack.tests { members.append(("tests", .string(tests))) }
        if let reload = store.lastReload { members.append(("lastReload", Self.json(reload))) }
        if watch != nil {
            let state = watchState.snapshot
            if state.lastSuccess == nil || state.degraded { ready = false }
            var watchMembers: [(String, JSONValue)] = [
                ("degraded", .bool(state.degraded)), ("consecutiveFailures", .int(state.consecutiveFailures)),
                ("lastSuccess", state.lastSuccess.map { .string(Self.iso($0)) } ?? .null),
            ]
            if let problem = state.lastProblem { watchMembers.append(("lastProblem", .string(problem))) }
            members.append(("watch", .object(watchMembers)))
        }
        members.insert(("ready", .bool(ready)), at: 0)
        return JSONResponse.make(status: ready ? 200 : 503, .object(members))
    }

    static func json(_ reload: ReloadOutcome) -> JSONValue {
        var members: [(String, JSONValue)] = [("at", .string(iso(reload.at))), ("succeeded", .bool(reload.succeeded))]
        if let digest = reload.digest { members.append(("rulesDigest", .string(digest))) }
        if let problem = reload.problem {
            members.append(("summary", .string(problem.summary)))
            members.append(("problems", .array(problem.items.map { .object([("at", .string($0.at)), ("message", .string($0.message))]) })))
        }
        return .object(members)
    }

    static func iso(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
