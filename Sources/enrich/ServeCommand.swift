import ArgumentParser
import EnrichServer
import Foundation
import LeadEngine
import LinerClient
import LinerRun
import Logging
import RulesLanguage
import RunJournal

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve enrichment over HTTP; with --source liner, also watch the account and update new leads within seconds.",
        discussion: """
        Routes (described by the OpenAPI document at /openapi.json):
          POST /v1/evaluate   a lead -> {"leadId", "patch", "changes",
                              "errors", "rulesDigest"}; {"leads": [...]}
                              -> {"results": [...]}; ?explain=true adds
                              the trace, ?now= sets the reference time
          GET  /healthz       alive
          GET  /readyz        pack loaded (last reload), Liner polled
          GET  /metrics       Prometheus text format
          GET  /              a page: paste a lead or give its id; its
                              patch, the rule (file:line:column) behind
                              each field, the trace, its history

        The patch is the one `enrich run` prints for the same lead and --now. \
        Changes under --rules are reloaded: loaded, checked (against the account when \
        watching) and, with --require-tests, tested; swapped in only when clean. A \
        broken pack leaves the old one serving and is reported in /readyz, the \
        metrics (enrich_pack_reload_failing) and the log, at file:line:column.

        Loopback (127.0.0.1) by default. On any other address --token-file is \
        required: every route but the probes, /openapi.json and the empty page \
        then needs Authorization: Bearer TOKEN.

        Watching Liner (--source liner; host and key as for `enrich run`):
          enrich serve --rules rules --port 8080 --source liner --apply --poll 10
        every --poll seconds one run over the newest leads, with every guarantee of \
        `enrich run --apply` (journal, retries, rate limit, resume, people's edits); \
        the journal's lock is held while serving. A Liner outage: polls back off \
        (up to 5 minutes), /readyz answers 503 and the metrics say degraded; the \
        window of a failed poll is read again, nothing is lost.

        SIGTERM/SIGINT: requests and updates in flight finish and are recorded; exit 0.

        Exit codes: 0 stopped by a signal after finishing; 2 could not start (rules, \
        journal, account, address); 3 another run holds the journal; 64 usage (bad options).
        """
    )

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case liner
    }

    @Option(help: "The ruleset directory (watched: changes are reloaded).")
    var rules: String = "rules"

    @Option(help: "The address to listen on. Anything but loopback needs --token-file.")
    var host: String = "127.0.0.1"

    @Option(parsing: .unconditional, help: "The TCP port (0: any free port, printed at start).")
    var port: Int = 8080

    @Option(name: .customLong("token-file"), help: ArgumentHelp("A file holding the bearer token requests must carry (required off loopback). Never pass the token itself.", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("max-body"), parsing: .unconditional, help: ArgumentHelp("The largest request body taken, in bytes.", valueName: "bytes"))
    var maxBody: Int = 16 << 20

    @Option(name: .customLong("max-batch"), parsing: .unconditional, help: ArgumentHelp("The most leads in one {\"leads\": [...]} request.", valueName: "n"))
    var maxBatch: Int = 10_000

    @Option(name: .customLong("request-timeout"), parsing: .unconditional, help: ArgumentHelp("Seconds one request may take, its body included.", valueName: "seconds"))
    var requestTimeout: Double = 30

    @Option(name: .customLong("reload-interval"), parsing: .unconditional, help: ArgumentHelp("Seconds between looks at the rules directory.", valueName: "seconds"))
    var reloadInterval: Double = 2

    @Flag(name: .customLong("require-tests"), help: "Run the pack's tests (tests/ included) at start and at each reload; refuse a pack whose tests fail or that has none.")
    var requireTests = false

    @OptionGroup var statusList: StatusesOption

    @Option(help: "Watch a Liner account: liner.")
    var source: Source?

    @Option(parsing: .unconditional, help: ArgumentHelp("Seconds between polls of the account's new leads.", valueName: "seconds"))
    var poll: Double = 10

    @Option(name: .customLong("overlap-minutes"), parsing: .unconditional, help: "Each poll starts this many minutes before the end of the last successful one.")
    var overlapMinutes: Double = 2

    @Flag(help: "Send the patches to Liner. Without it each poll is a dry run (recorded in the journal, nothing sent).")
    var apply = false

    @Option(parsing: .unconditional, help: ArgumentHelp("Only leads whose id % N == I (one server per shard, each with its own journal).", valueName: "I/N"))
    var shard: String?

    @Option(name: .customLong("status"), help: ArgumentHelp("Only leads in this status (a code; repeatable).", valueName: "code"))
    var statuses: [String] = []

    @Option(name: .customLong("order"), help: ArgumentHelp("Only leads of this order id (repeatable).", valueName: "id"))
    var orders: [Int] = []

    /// The connection and the journal, as for `enrich run` (--progress and --quiet-output do not apply).
    @OptionGroup var session: LinerSessionOptions

    func validate() throws {
        try OptionCheck.integer("--port", port, in: 0...65_535, "a TCP port")
        try OptionCheck.integer("--max-body", maxBody, in: 1_024...1 << 30, "bytes")
        try OptionCheck.integer("--max-batch", maxBatch, in: 1...1_000_000, "leads")
        try OptionCheck.number("--request-timeout", requestTimeout, in: 0.1...3_600, "seconds")
        try OptionCheck.number("--reload-interval", reloadInterval, in: 0.1...3_600, "seconds")
        try OptionCheck.number("--poll", poll, in: 1...86_400, "seconds")
        try OptionCheck.number("--overlap-minutes", overlapMinutes, in: 0...10_080, "minutes")
        if let shard, Shard(parsing: shard) == nil { throw ValidationError("--shard must be I/N with 0 <= I < N, e.g. 0/4, not \"\(shard)\"") }
        if source == nil, apply || shard != nil || !statuses.isEmpty || !orders.isEmpty {
            throw ValidationError("--apply, --shard, --status and --order are for watching an account: add --source liner")
        }
        if source != nil, statusList.path != nil {
            throw ValidationError("--statuses is for serving without an account: with --source liner the account's statuses are read from it")
        }
        if tokenFile == nil, !ServerConfiguration.isLoopback(host) {
            throw ValidationError("--host \(host) is not a loopback address: give --token-file FILE (a bearer token every request must carry), or listen on 127.0.0.1")
        }
    }

    func run() async throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
            return handler
        }
        let logger = Logger(label: "enrich-serve")
        var configuration = ServerConfiguration(host: host, port: port)
        configuration.maxBodyBytes = maxBody
        configuration.maxBatch = maxBatch
        configuration.requestTimeout = .milliseconds(Int64(requestTimeout * 1000))
        configuration.reloadInterval = .milliseconds(Int64(reloadInterval * 1000))
        configuration.token = try readToken()

        guard source == .liner else {
            var preparation = PackPreparation.offline(statuses: nil)
            if let path = statusList.path { preparation = .offline(statuses: try readStatusList(path)) }
            if let path = session.journal, FileManager.default.fileExists(atPath: path) {
                do { configuration.journal = try RunJournal.openExisting(path: path) } catch {
                    Console.error("error: \(error)\n")
                    throw ExitCode(2)
                }
            }
            try await serve(configuration, loader: PackLoader(directory: rules, preparation: preparation, requireTests: requireTests),
                            watch: nil, logger: logger)
            return
        }
        let client = LinerClient(configuration: try session.connection.clientConfiguration())
        do {
            try await watchAndServe(configuration, client: client, logger: logger)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }

    private func watchAndServe(_ configuration: ServerConfiguration, client: LinerClient, logger: Logger) async throws {
        var configuration = configuration
        let facts = try await AccountCheck.fetch(client)
        let statusIds = try AccountCheck.statusIds(statuses, in: facts)
        let (journal, lock) = try LinerSession.lockJournal(session, create: true)
        defer { lock.release() }
        configuration.journal = journal
        let settings = WatchSettings(
            client: client, journal: journal, sourceName: "liner:" + client.configuration.baseURL.description, statusIds: statusIds,
            orderIds: orders, shard: shard.flatMap(Shard.init(parsing:)), overlap: overlapMinutes * 60,
            poll: .milliseconds(Int64(poll * 1000)), apply: apply, maxInFlight: session.connection.concurrency * 4, optionsJSON: optionsJSON()
        )
        try await serve(configuration, loader: PackLoader(directory: rules, preparation: .account(facts), requireTests: requireTests),
                        watch: settings, logger: logger)
    }

    private func serve(_ configuration: ServerConfiguration, loader: PackLoader, watch: WatchSettings?, logger: Logger) async throws {
        let server: EnrichServer
        do {
            server = try EnrichServer(configuration: configuration, loader: loader, watch: watch, logger: logger)
        } catch let problem as PackProblem {
            Console.error("error: \(problem.summary)\n" + problem.items.map { $0.line + "\n" }.joined())
            throw ExitCode(2)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        let pack = server.store.current
        logger.info("rules loaded", metadata: ["digest": "\(pack.digest)", "files": "\(pack.fileCount)", "tests": "\(pack.tests ?? "not run")"])
        let host = configuration.host
        do {
            try await server.run { port in
                Console.error("enrich serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(port) (rules \(pack.digest))\n")
            }
        } catch {
            Console.error("error: cannot serve on \(host):\(configuration.port): \(error)\n")
            throw ExitCode(2)
        }
    }

    /// The token from --token-file, trimmed; exit 2 when the file cannot be read or is empty. Never printed.
    private func readToken() throws -> String? {
        guard let tokenFile else { return nil }
        let text: String
        do { text = try WholeFile.text(tokenFile, "the token file (--token-file)", limit: 64 << 10) } catch {
            // The failure names the path and the reason, never the file's content.
            Console.error("\(error)\n")
            throw ExitCode(2)
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty, !token.contains(where: \.isNewline) else {
            Console.error("error: --token-file \(tokenFile): the file must hold one non-empty line\n")
            throw ExitCode(2)
        }
        return token
    }

    /// The options as the journal keeps them: no key, no token.
    private func optionsJSON() -> String {
        var members: [(String, JSONValue)] = [
            ("command", .string("serve")), ("rules", .string(rules)), ("apply", .bool(apply)), ("poll", .double(poll)),
            ("rate", .double(session.connection.rate)), ("concurrency", .int(session.connection.concurrency)),
            ("statuses", .array(statuses.map(JSONValue.string))), ("orders", .array(orders.map(JSONValue.int))),
            ("overlapMinutes", .double(overlapMinutes)),
        ]
        if let shard { members.append(("shard", .string(shard))) }
        return JSONWriter.write(.object(members))
    }
}
