import ArgumentParser
import Foundation
import LinerSim
import LinerWire

/// `liner-sim`: a local Liner API emulator for trying rules and runs without touching a real account.
@main
struct LinerSimCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "liner-sim",
        abstract: "A local Liner API emulator: a sandbox for enrichment runs, with optional fault injection.",
        discussion: """
            Serves the Liner API on 127.0.0.1 only:
              POST /v2/lead/update/{leadId}/   strict: documented fields, types
              GET  /v2/lead/detail/{leadId}/
              GET  /v2/lead/                   offset (0), limit (50, max 100),
                                               createdAt[0], createdAt[1],
                                               statusIds[], orderIds[]; id order
              GET  /v2/lead-status/            (also /v2/lead-statuses/)
              GET  /v2/custom-field/?essence=leads  (also /v2/custom-fields/)
            Every answer is {"success": bool, "message": string, "data": ...}.

            The API key: requests must send it as X-Api-Key. liner-sim reads it
            from --api-key-file or $LINER_API_KEY, never from the command line,
            where other users could read it in the process list. It is never
            logged.

            Faults (fractions 0...1, drawn per request from a generator seeded
            by --seed, decided before the key is checked):
              --fail-500, --fail-429, --drop   nothing is applied
              --lost-response   the update IS applied, then the connection
                                closes without an answer: after a connection
                                error a client must assume its update may
                                have landed
              --slow            held --slow-delay seconds, then handled (and
                                applied, even if the client gave up)
            The 500, 429, drop and lost-response fractions add up to <= 1.

            New leads while it runs (--create-rate): every 1/RATE seconds a
            lead is created like the seed leads in turn (their fields, the next
            free id, createdAt now), up to --create-count leads. It measures
            how soon a watcher (enrich serve --source liner) updates new leads:
            compare each lead's createdAt and updatedAt in the --dump file.

            State: --leads is JSON Lines, one lead (the shape of lead detail
            data) per line, with unique integer ids. On SIGINT or SIGTERM the
            final state is written to --dump as JSON Lines sorted by id.

            Example:
              echo test-key > key.txt
              liner-sim --leads samples/leads.jsonl --port 8089 \\
                        --api-key-file key.txt --log
              curl -H 'X-Api-Key: test-key' \\
                   -H 'Content-Type: application/json' -d '{"statusId": 5}' \\
                   http://127.0.0.1:8089/v2/lead/update/1001/
            """
    )

    @Option(name: .long, help: ArgumentHelp("Leads to serve: a JSON Lines file of lead objects.", valueName: "path"))
    var leads: String

    @Option(name: .long, help: ArgumentHelp("TCP port on 127.0.0.1; 0 picks a free port (printed at start).", valueName: "port"))
    var port: UInt16 = 8089

    @Option(name: .customLong("api-key-file"), help: ArgumentHelp(
        "File holding the API key clients must send (surrounding whitespace ignored). Default: $LINER_API_KEY.",
        valueName: "path"))
    var apiKeyFile: String?

    @Option(name: .long, help: ArgumentHelp(
        "Lead statuses: a JSON array of {id, code, title, category, sort, color, isSystem}, or a saved "
            + "/v2/lead-status/ response. Default: new=1, callback=2, no-answer=3 (in-progress), qualified=5, "
            + "appointment=6 (qualified), junk=9, do-not-call=10 (disqualified).", valueName: "path"))
    var statuses: String?

    @Option(name: .customLong("custom-fields"), help: ArgumentHelp(
        "Custom fields: a JSON array of {id, code, title, type, params}, or a saved /v2/custom-field/ "
            + "response. Default: 10 quiz (string), 11 budget (int), 12 interest (select), 13 callbackAt (datetime).",
        valueName: "path"))
    var customFields: String?

    @Option(name: .customLong("rejection-status"), help: ArgumentHelp(
        "HTTP status of a refused update (bad field, type or value). Liner's docs do not list codes; "
            + "200 makes refusals look like 200 + success:false, which clients must also handle.",
        valueName: "code"))
    var rejectionStatus: Int = 400

    @Flag(name: .customLong("allow-unknown-custom-fields"), help: "Accept customValues keys that are not configured custom field ids.")
    var allowUnknownCustomFields = false

    @Option(name: .customLong("fail-500"), help: ArgumentHelp("Fraction of requests answered 500 (nothing applied).", valueName: "fraction"))
    var fail500: Double = 0

    @Option(name: .customLong("fail-429"), help: ArgumentHelp("Fraction of requests answered 429 with Retry-After (nothing applied).", valueName: "fraction"))
    var fail429: Double = 0

    @Option(name: .customLong("retry-after"), help: ArgumentHelp("Seconds sent in Retry-After with a 429.", valueName: "seconds"))
    var retryAfter: Int = 1

    @Option(name: .long, help: ArgumentHelp("Fraction of connections closed without a response, before anything is applied.", valueName: "fraction"))
    var drop: Double = 0

    @Option(name: .customLong("lost-response"), help: ArgumentHelp(
        "Fraction of requests handled (updates applied) whose connection is then closed without a response.",
        valueName: "fraction"))
    var lostResponse: Double = 0

    @Option(name: .long, help: ArgumentHelp("Fraction of requests held for --slow-delay before being handled.", valueName: "fraction"))
    var slow: Double = 0

    @Option(name: .customLong("slow-delay"), help: ArgumentHelp("Seconds a slow request is held.", valueName: "seconds"))
    var slowDelay: Double = 20

    @Option(name: .customLong("max-rate"), help: ArgumentHelp(
        "Requests per second accepted (a bucket of a tenth of a second's worth); beyond it 429 with Retry-After: 1.",
        valueName: "n"))
    var maxRate: Double?

    @Option(name: .long, help: ArgumentHelp("Seed of the fault generator (same seed + same request order = same faults).", valueName: "n"))
    var seed: UInt64 = 1

    @Option(name: .long, help: ArgumentHelp("On SIGINT/SIGTERM, write the final state here as JSON Lines sorted by id.", valueName: "path"))
    var dump: String?

    @Option(name: .long, help: ArgumentHelp("Hostile: send every response body one byte per this many seconds (headers at once).", valueName: "seconds"))
    var drip: Double?

    @Flag(name: .customLong("repeat-pages"), help: "Hostile: the lead list ignores offset (every page is the first).")
    var repeatPages = false

    @Flag(name: .customLong("ignore-window"), help: "Hostile: the lead list ignores the createdAt window (every lead matches).")
    var ignoreWindow = false

    @Flag(name: .customLong("endless-pages"), help: "Hostile: the lead list never ends (made-up leads with new ids past the real ones).")
    var endlessPages = false

    @Flag(name: .customLong("echo-headers"), help: "Hostile: every message echoes the request headers, the API key included (JSON-, \\u-, percent-, base64- and hex-encoded).")
    var echoHeaders = false

    @Flag(name: .customLong("control-characters"), help: "Hostile: every message carries terminal escapes, CR/LF, NUL, a bidi override and 100 KB of padding.")
    var controlCharacters = false

    @Flag(name: .customLong("malformed-leads"), help: "Hostile: the list starts with elements that are not leads (ids 0, -5, \"12\", 1.5, 2^64+1, null, none; a string; 5000-deep nesting).")
    var malformedLeads = false

    @Option(name: .customLong("revoke-key-after"), help: ArgumentHelp("Hostile: after this many applied updates, every request is answered 401.", valueName: "n"))
    var revokeKeyAfter: Int?

    @Option(name: .customLong("fail-lead"), help: ArgumentHelp("Hostile: updates of lead ID are always answered with STATUS (repeatable), e.g. 1001:500.", valueName: "id:status"))
    var failLeads: [String] = []

    @Option(name: .customLong("create-rate"), help: ArgumentHelp("Create this many new leads per second while running (copies of the seed leads with new ids, createdAt now).", valueName: "per-second"))
    var createRate: Double?

    @Option(name: .customLong("create-count"), help: ArgumentHelp("Stop creating leads after this many (with --create-rate; default: no end).", valueName: "n"))
    var createCount: Int?

    @Flag(name: .customLong("log"), help: "Print one line per request to standard error (method, path, status, fault; never the key).")
    var logRequests = false

    func validate() throws {
        if let problem = faultRates.problem { throw ValidationError(problem) }
        guard rejectionStatus == 200 || (400...499).contains(rejectionStatus) else {
            throw ValidationError("--rejection-status must be 200 or a 4xx code")
        }
        if let maxRate, !(maxRate > 0) { throw ValidationError("--max-rate must be > 0") }
        guard retryAfter >= 0 else { throw ValidationError("--retry-after must be >= 0") }
        guard slowDelay >= 0, slowDelay.isFinite else { throw ValidationError("--slow-delay must be >= 0") }
        if let drip, !(drip.isFinite && drip > 0 && drip <= 3600) { throw ValidationError("--drip must be seconds within 0...3600") }
        if let revokeKeyAfter, revokeKeyAfter < 0 { throw ValidationError("--revoke-key-after must be >= 0") }
        if let createRate, !(createRate.isFinite && createRate > 0 && createRate <= 10_000) {
            throw ValidationError("--create-rate must be leads per second within 0...10000 (above 0)")
        }
        if let createCount, createCount < 1 { throw ValidationError("--create-count must be >= 1") }
        if createCount != nil, createRate == nil { throw ValidationError("--create-count needs --create-rate") }
        _ = try hostility()
    }

    /// The hostile behaviours asked for.
    func hostility() throws -> SimHostility {
        var hostility = SimHostility()
        hostility.dripInterval = drip.map { .milliseconds(Int64($0 * 1000)) }
        hostility.repeatPages = repeatPages
        hostility.endlessPages = endlessPages
        hostility.ignoreWindow = ignoreWindow
        hostility.echoHeaders = echoHeaders
        hostility.controlCharacters = controlCharacters
        hostility.malformedLeads = malformedLeads
        hostility.revokeKeyAfterUpdates = revokeKeyAfter
        for item in failLeads {
            let parts = item.split(separator: ":")
            guard parts.count == 2, let id = Int(parts[0]), id > 0, let status = Int(parts[1]), (100...599).contains(status) else {
                throw ValidationError("--fail-lead must be ID:STATUS such as 1001:500, not \"\(item)\"")
            }
            hostility.failingLeads[id] = status
        }
        return hostility
    }

    private var faultRates: FaultRates {
        FaultRates(serverError: fail500, tooManyRequests: fail429, drop: drop, lostResponse: lostResponse, slow: slow)
    }

    func run() async throws {
        let apiKey = try readAPIKey()
        let loaded = try SimSeedLoader.leads(file: leads)
        for problem in loaded.skipped {
            FileHandle.standardError.write(Data("liner-sim: \(leads): skipped \(problem)\n".utf8))
        }
        let seedLeads = loaded.leads
        var reference = SimReferenceData()
        if let statuses { reference.statuses = try SimSeedLoader.referenceList(file: statuses, what: "statuses") }
        if let customFields { reference.customFields = try SimSeedLoader.referenceList(file: customFields, what: "custom fields") }
        var printer: (@Sendable (SimRequestRecord) -> Void)?
        if logRequests {
            printer = { record in FileHandle.standardError.write(Data((record.description + "\n").utf8)) }
        }
        var configuration = LinerSimConfiguration(
            apiKey: apiKey,
            faults: faultRates,
            seed: seed,
            retryAfterSeconds: retryAfter,
            slowDelay: .milliseconds(Int64(slowDelay * 1000)),
            requireKnownCustomFields: !allowUnknownCustomFields,
            rejectionStatus: rejectionStatus,
            onRequest: printer,
            maxRequestsPerSecond: maxRate
        )
        configuration.hostility = try hostility()
        let simulator = LinerSimulator(configuration: configuration, leads: seedLeads, reference: reference)
        let signals = SignalWatcher(signals: [SIGINT, SIGTERM])
        let boundPort = try await simulator.start(port: port)
        FileHandle.standardOutput.write(Data("liner-sim listening on http://127.0.0.1:\(boundPort) (\(seedLeads.count) leads)\n".utf8))
        let creating = createRate.map { rate in
            Task { await Self.createLeads(in: simulator, like: seedLeads, rate: rate, count: createCount) }
        }
        let signal = await signals.next()
        creating?.cancel()
        await simulator.stop()
        if let dump {
            try await simulator.dumpState(to: dump)
            FileHandle.standardError.write(Data("liner-sim: signal \(signal): state written to \(dump)\n".utf8))
        }
    }

    /// `--create-rate`: a new lead every 1/`rate` seconds, like the seed leads in turn, until `count` or cancellation.
    private static func createLeads(in simulator: LinerSimulator, like templates: [JSONValue], rate: Double, count: Int?) async {
        let templates = templates.isEmpty ? [JSONValue.object([])] : templates
        let clock = ContinuousClock()
        let start = clock.now
        let interval = Duration.nanoseconds(Int64(1e9 / rate))
        var created = 0
        while count.map({ created < $0 }) ?? true, !Task.isCancelled {
            do { try await clock.sleep(until: start + interval * (created + 1)) } catch { return }
            await simulator.createLead(like: templates[created % templates.count])
            created += 1
        }
    }

    private func readAPIKey() throws -> String {
        let raw: String
        if let apiKeyFile {
            guard let data = FileManager.default.contents(atPath: apiKeyFile), let text = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read the API key file \(apiKeyFile)")
            }
            raw = text
        } else if let fromEnvironment = ProcessInfo.processInfo.environment["LINER_API_KEY"] {
            raw = fromEnvironment
        } else {
            throw ValidationError("no API key: give --api-key-file PATH or set LINER_API_KEY")
        }
        let key = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !key.isEmpty else { throw ValidationError("the API key is empty") }
        return key
    }
}
