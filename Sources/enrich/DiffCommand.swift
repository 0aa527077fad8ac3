import ArgumentParser
import Foundation
import LeadEngine
import LeadStream
import RuleHarness
import RulesLanguage

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Compare the patches of two rulesets on the same leads, before deploying a change.",
        discussion: """
        Runs every lead of --input through the base rules and the new rules and reports how many
        patches change, by field (with a few examples) and by rule.

        Exit codes: 0 (also when patches change, unless --fail-on-change), 1 patches change and
        --fail-on-change is set, 2 the rules or the input could not be loaded.
        """
    )

    @Option(help: "The ruleset before the change.")
    var base: String

    @Option(help: "The ruleset after the change.")
    var rules: String = "rules"

    @Option(help: "The leads (JSON Lines, a JSON array or CSV; - for standard input).")
    var input: String

    @OptionGroup var time: ReferenceTime

    @OptionGroup var statuses: StatusesOption

    @Option(help: "Examples shown per changed field.")
    var examples: Int = 3

    @Flag(help: "Exit 1 when any patch changes (for CI gates).")
    var failOnChange = false

    func validate() throws {
        try OptionCheck.integer("--examples", examples, in: 0...1000, "examples per field")
    }

    func run() throws {
        let baseEngine = try loadEngine(base, statuses: statuses)
        let newEngine = try loadEngine(rules, statuses: statuses)
        let reference = time.date
        let source = try openInput(input)
        var reader = LeadStream.makeReader(for: input, source)
        let baseEvaluator = baseEngine.makeEvaluator(), newEvaluator = newEngine.makeEvaluator()
        var diff = RulesDiff(examplesPerField: examples)
        var failed = 0
        while true {
            let records = reader.next(limit: 1024)
            if records.isEmpty { break }
            for record in records {
                guard case let .success(fields) = record.fields, let lead = try? Lead(fields: fields) else {
                    failed += 1
                    continue
                }
                diff.add(base: baseEvaluator.evaluate(lead, now: reference, detail: .patch),
                         new: newEvaluator.evaluate(lead, now: reference, detail: .patch))
            }
        }
        Console.output(diff.render())
        if failed > 0 { Console.error("\(failed) input records were not valid leads and were left out (see enrich run)\n") }
        if failOnChange, diff.changed > 0 { throw ExitCode(1) }
    }
}
