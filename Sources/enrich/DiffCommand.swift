import ArgumentParser
import Foundation
import JSON
import LeadEngine
import LeadStream
import LinerClient
import LinerRun
import RuleHarness
import RulesLanguage

struct DiffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the patches of two rulesets on the same leads, before deploying a change.",
        discussion: """
        Runs every lead of --input (or, with --source liner, of the live account: \
        read-only, nothing is sent) through the base rules and the new rules and \
        reports how many patches change, by field (with a few examples) and by rule.

          enrich diff --base rules-before --rules rules --input leads.jsonl
          enrich diff --source liner --base rules-before --rules rules \\
                      --created-from 2026-11-01T00:00:00Z --format json

        Against Liner the account's statuses resolve both rulesets' codes; the window \
        defaults to every lead created until now (--created-from, --created-to, \
        --status and --order narrow it, as for run).

        Exit codes: 0 (also when patches change, unless --fail-on-change), 1 patches \
        change and --fail-on-change is set, or input records were not leads (each \
        named by its line on standard error, and left out), 2 the rules, the input or the account \
        could not be read, 64 usage (the command line is wrong).
        """
    )

    @Option(help: "The ruleset before the change.")
    var base: String

    @Option(help: "The ruleset after the change.")
    var rules: String = "rules"

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case file, liner
    }

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "Where the leads come from: file (--input) or liner (the live account, read-only).")
    var source: Source?

    @Option(help: "The leads (JSON Lines, a JSON array or CSV; - for standard input).")
    var input: String?

    @Option(help: "The report: text or json.")
    var format: Format = .text

    @OptionGroup var window: LinerWindowOptions

    @OptionGroup var connection: LinerConnectionOptions

    @OptionGroup var time: ReferenceTime

    @OptionGroup var statuses: StatusesOption

    @Option(parsing: .unconditional, help: "Examples shown per changed field.")
    var examples: Int = 3

    @Flag(help: "Exit 1 when any patch changes (for CI gates).")
    var failOnChange = false

    var resolvedSource: Source { source ?? (input == nil ? .liner : .file) }

    func validate() throws {
        try OptionCheck.integer("--examples", examples, in: 0...1000, "examples per field")
        switch resolvedSource {
        case .file:
            if input == nil { throw ValidationError("give --input FILE, or --source liner to compare on the live account") }
            if window.usesWindowOrFilters {
                throw ValidationError("--created-from, --created-to, --status and --order filter Liner's lead list: use them with --source liner")
            }
        case .liner:
            if input != nil { throw ValidationError("--input and --source liner exclude each other") }
            if source == nil, connection.apiHost == nil, ProcessInfo.processInfo.environment[LinerClientConfiguration.hostVariable] == nil {
                // Neither leads nor an account named: say both ways, not only what the account would need.
                throw ValidationError("give --input FILE to compare on leads from a file, or --source liner with --api-host (or LINER_API_HOST) to compare on the live account")
            }
            if statuses.path != nil { throw ValidationError("--statuses is for files: against Liner the account's statuses are read from it") }
            try window.checkHoldsLeads(now: time.date, nowOption: time.now)
        }
    }

    func run() async throws {
        if resolvedSource == .liner {
            try await runLive()
            return
        }
        let baseEngine = try loadEngine(base, statuses: statuses)
        let newEngine = try loadEngine(rules, statuses: statuses)
        let reference = time.date
        let input = self.input ?? "-"
        let inputName = input == "-" ? "<stdin>" : input
        let source = try openInput(input)
        var reader = LeadStream.makeReader(for: input, source)
        let baseEvaluator = baseEngine.makeEvaluator(), newEvaluator = newEngine.makeEvaluator()
        var diff = RulesDiff(examplesPerField: examples)
        var failed = 0
        while true {
            let records = reader.next(limit: 1024)
            if records.isEmpty { break }
            for record in records {
                // Each record that is not a lead is named as `enrich run` names it (input:line), and left out.
                let lead: Lead
                do {
                    lead = try Lead(fields: try record.fields.get())
                } catch let error as RecordError {
                    failed += 1
                    Console.error("\(inputName):\(record.line): error: \(LogSafeText.printable(error.message))\n")
                    continue
                } catch let error as LeadError {
                    failed += 1
                    Console.error("\(inputName):\(record.line): error: \(error.leadId.map { "lead \($0): " } ?? "")\(LogSafeText.printable(error.message))\n")
                    continue
                } catch {
                    failed += 1
                    Console.error("\(inputName):\(record.line): error: \(LogSafeText.printable(String(describing: error)))\n")
                    continue
                }
                diff.add(base: baseEvaluator.evaluate(lead, now: reference, detail: .patch),
                         new: newEvaluator.evaluate(lead, now: reference, detail: .patch))
            }
        }
        report(diff)
        if failed > 0 { Console.error("\(failed) input records were not valid leads and were left out\n") }
        // Exit 1 when leads were left out (as `enrich run` does) or, with --fail-on-change, when a patch changed.
        if failed > 0 || (failOnChange && diff.changed > 0) { throw ExitCode(1) }
    }

    private func report(_ diff: RulesDiff) {
        Console.output(format == .json ? JSONWriter.write(diff.json()) + "\n" : diff.render())
    }

    /// `--source liner`: the live account's leads through both rulesets; GET requests only.
    private func runLive() async throws {
        let configuration = try connection.clientConfiguration()
        try await withLinerClient(configuration) { client in try await runLive(client) }
    }

    private func runLive(_ client: LinerClient) async throws {
        // The account's statuses and custom fields resolve and check both rulesets, as for runs.
        let facts = try await AccountCheck.fetch(client)
        let baseEngine = try AccountCheck.apply(facts, to: try loadEngine(base), now: time.date)
        let newEngine = try AccountCheck.apply(facts, to: try loadEngine(rules), now: time.date)
        let statusIds = try AccountCheck.statusIds(window.statuses, in: facts)
        let reference = time.date
        let span = CreationWindow(from: window.createdFrom.flatMap(Timestamp.parse), to: window.createdTo.flatMap(Timestamp.parse) ?? reference,
                                  origin: .explicit)
        let baseEvaluator = baseEngine.makeEvaluator(), newEvaluator = newEngine.makeEvaluator()
        var diff = RulesDiff(examplesPerField: examples)
        var problems = 0
        do {
            let required = baseEngine.leadFieldsUsed + newEngine.leadFieldsUsed.filter { !baseEngine.leadFieldsUsed.contains($0) }
            try await LiveLeads.forEach(client: client, query: LinerLeadQuery(orderIds: window.orders), window: span, statusIds: statusIds,
                                        requiredFields: required, problem: { message in
                                            problems += 1
                                            Console.error("error: \(message)\n")
                                        }) { lead in
                diff.add(base: baseEvaluator.evaluate(lead, now: reference, detail: .patch),
                         new: newEvaluator.evaluate(lead, now: reference, detail: .patch))
            }
        } catch {
            Console.error("error: the lead list could not be read: \(error)\n")
            throw ExitCode(2)
        }
        report(diff)
        if problems > 0 { Console.error("\(problems) list element(s) were not valid leads and were left out\n") }
        if failOnChange, diff.changed > 0 { throw ExitCode(1) }
    }
}
