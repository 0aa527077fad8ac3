import ArgumentParser
import Foundation
import Hashing
import LeadEngine
import LinerClient
import LinerRun
import RulesLanguage
import RunJournal

struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Send a plan made by `enrich run --plan FILE`, exactly, through the journal.",
        discussion: """
        The plan is refused as a whole (nothing sent, exit 2) when its signature \
        does not match (the file was edited, or made with another API key), when \
        it was made with other rules than --rules loads or by another engine \
        version, against another --api-host, or longer ago than --max-age.

        Each lead is re-read just before its update: a lead whose planned fields \
        no longer hold the values the plan saw (someone changed it since) is not \
        sent and is listed; a lead already holding the planned values counts as \
        unchanged, so applying a plan twice sends nothing twice. The run is \
        journalled with the source plan:<the plan's source>, which the \
        incremental windows of scheduled runs do not see. Failed updates are not \
        put in the retry set: apply the plan again (or make a new one).

        Standard output: one JSON line per lead sent ({"leadId", "patch", \
        "outcome"}) or held back ({"leadId", "held", "fields"}); standard error: \
        the reasons and the summary.

        Exit codes: 0 every planned lead applied (or already holding its \
        values); 1 some leads held back or failed; 2 plan refused or could not \
        start; 3 another run holds the journal; 4 stopped early; 64 usage; \
        130/143 interrupted.
        """
    )

    @Argument(help: "The plan file.")
    var file: String

    @Option(help: "The ruleset directory: it must be the one the plan was made with.")
    var rules: String = "rules"

    @Option(name: .customLong("max-age"), help: ArgumentHelp("Refuse a plan older than this (by the wall clock): 24h, 90m, 3600s, 2d.", valueName: "age"))
    var maxAge: String = "24h"

    @OptionGroup var session: LinerSessionOptions

    func validate() throws {
        if PlanMaxAge.parse(maxAge) == nil {
            throw ValidationError("--max-age must be a positive duration of at most 365d such as 24h, 90m or 3600s, not \"\(maxAge)\"")
        }
        if session.newJournal {
            throw ValidationError("--new-journal is for runs: apply records its run in the existing journal, or starts one")
        }
    }

    func run() async throws {
        let signals = SignalStop()
        let engine = try loadEngine(rules)
        let configuration = try LinerSession.clientConfiguration(session)
        let text: String
        do {
            text = try WholeFile.text(file, "the plan")
        } catch {
            Console.error("\(error)\nnothing was sent\n")
            throw ExitCode(2)
        }
        let plan: RunPlan
        do {
            plan = try RunPlan.read(text: text, key: configuration.apiKey)
            try plan.check(rulesDigest: RulesDigest.of(engine), maximumAge: PlanMaxAge.parse(maxAge) ?? PlanMaxAge.defaultSeconds)
            let host = "liner:" + configuration.baseURL.description
            if plan.source.hasPrefix("liner:"), plan.source != host { throw PlanRefusal.otherAccount(plan: plan.source, current: host) }
        } catch {
            Console.error("error: \(file): \(error)\nnothing was sent\n")
            throw ExitCode(2)
        }
        Console.error("plan \(file): \(plan.leads.count) lead(s), made \(Timestamp.format(plan.createdAt)) from \(plan.source)\n")
        let (journal, lock) = try LinerSession.lockJournal(session, create: true)
        defer { lock.release() }
        let client = LinerClient(configuration: configuration)
        var runConfiguration = RunConfiguration(
            source: .prepared(PlanApplication(plan: plan)), sourceName: "plan:" + plan.source, apply: true,
            maxInFlight: session.concurrency * 4, printApplied: !session.quietOutput,
            optionsJSON: JSONWriter.write(.object([
                ("plan", .string(URL(fileURLWithPath: file).standardizedFileURL.path)), ("planCreatedAt", .string(Timestamp.format(plan.createdAt))),
                ("planSHA256", .string(hexString(SHA256.hash(Array(text.utf8))))), ("planLeads", .int(plan.leads.count)),
                ("rules", .string(rules)), ("rate", .double(session.rate)), ("concurrency", .int(session.concurrency)),
            ]))
        )
        runConfiguration.retrySource = nil
        runConfiguration.rulesDigest = plan.rulesDigest
        let result = await LinerSession.drive(session, signals: signals, apply: true) { stop, events in
            LinerRunner(engine: engine, client: client, journal: journal, configuration: runConfiguration, stop: stop, events: events)
        }
        do { try await client.shutdown() } catch { Console.error("note: the HTTP client did not shut down cleanly: \(error)\n") }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
