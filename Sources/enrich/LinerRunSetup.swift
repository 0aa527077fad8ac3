import ArgumentParser
import Foundation
import LeadEngine
import LinerClient
import LinerRun
import Logging
import RunJournal

/// `enrich run --source liner` and `enrich run --input FILE --apply`: the client, the account's statuses,
/// the journal and its lock, signals and progress around a ``LinerRunner``.
struct LinerRunSetup {
    let command: RunCommand
    var options: LinerRunOptions { command.liner }

    func run() async throws {
        let signals = SignalStop()
        var engine = try loadEngine(command.rules)
        let configuration = try options.connection.clientConfiguration()
        let client = LinerClient(configuration: configuration)
        do {
            try await run(engine: &engine, client: client, signals: signals)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
    }

    private func run(engine: inout Engine, client: LinerClient, signals: SignalStop) async throws {
        // The account's statuses and custom fields: ids for status codes, checks of the rules against both.
        let facts = try await AccountCheck.fetch(client)
        engine = try AccountCheck.apply(facts, to: engine, now: command.time.date)
        let statusIds = try AccountCheck.statusIds(options.statuses, in: facts)

        // The journal and its lock (apply runs); a dry run only reads it, for the window.
        let journalPath = options.journal ?? RunJournal.defaultPath()
        var journal: RunJournal?
        var lock: JournalLock?
        if options.apply {
            // 3 means "another run holds the journal" (cron may retry later); anything else (a read-only file
            // system, permissions, a file that is not a journal) cannot start at all: 2.
            let locked = try LinerSession.lockJournal(options.session, create: true)
            journal = locked.0
            lock = locked.1
        } else if FileManager.default.fileExists(atPath: journalPath) {
            // A dry run only reads the journal (for the incremental window); a broken one is reported, not ignored.
            do { journal = try RunJournal.openExisting(path: journalPath) } catch {
                Console.error("error: \(error)\n")
                throw ExitCode(2)
            }
        }
        defer { lock?.release() }

        let source: LeadSource
        let sourceName: String
        if let input = command.input {
            source = .file(path: input, format: command.format?.value)
            let absolute = input == "-" ? "<stdin>" : URL(fileURLWithPath: input).standardizedFileURL.path
            sourceName = "file:" + absolute
        } else {
            source = .liner(query: LinerLeadQuery(orderIds: options.orders), statusIds: statusIds)
            sourceName = "liner:" + client.configuration.baseURL.description
        }
        var runConfiguration = RunConfiguration(
            source: source, sourceName: sourceName, apply: options.apply, shard: options.shard.flatMap(Shard.init(parsing:)),
            createdFrom: options.createdFrom.flatMap(Timestamp.parse), createdTo: options.createdTo.flatMap(Timestamp.parse),
            overlap: options.overlapMinutes * 60, now: command.time.date, explain: command.explain,
            batchSize: command.input == nil ? LinerClient.maximumPageSize : min(command.batchSize, 1000),
            maxInFlight: options.connection.concurrency * 4, printApplied: !options.quietOutput, optionsJSON: optionsJSON()
        )
        runConfiguration.maximumLeads = options.maxLeads
        runConfiguration.csvDelimiter = command.csvDelimiter?.value
        runConfiguration.collectsPlan = command.plan != nil

        let runEngine = engine
        let result = await LinerSession.drive(options.session, signals: signals, apply: options.apply) { stop, events in
            LinerRunner(engine: runEngine, client: client, journal: journal, configuration: runConfiguration, stop: stop, events: events)
        }
        if let planPath = command.plan {
            try PlanWriting.write(result, to: planPath, engine: engine, key: client.configuration.apiKey, source: sourceName,
                                  options: runConfiguration.optionsJSON, protected: [command.input].compactMap { $0 }.filter { $0 != "-" })
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }

    /// The options as the journal keeps them: no key, no key file path.
    private func optionsJSON() -> String {
        var members: [(String, JSONValue)] = [
            ("rules", .string(command.rules)), ("apply", .bool(options.apply)),
            ("rate", .double(options.connection.rate)), ("concurrency", .int(options.connection.concurrency)),
            ("statuses", .array(options.statuses.map(JSONValue.string))), ("orders", .array(options.orders.map(JSONValue.int))),
            ("overlapMinutes", .double(options.overlapMinutes)),
        ]
        if let input = command.input { members.append(("input", .string(input))) }
        if let from = options.createdFrom { members.append(("createdFrom", .string(from))) }
        if let to = options.createdTo { members.append(("createdTo", .string(to))) }
        if let shard = options.shard { members.append(("shard", .string(shard))) }
        if let now = command.time.now { members.append(("now", .string(now))) }
        if let plan = command.plan { members.append(("plan", .string(plan))) }
        return JSONWriter.write(.object(members))
    }
}
