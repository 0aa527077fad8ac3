import ArgumentParser
import Foundation
import LeadEngine
import LeadStream
import RulesLanguage

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate leads and print the update patches (a dry run: nothing is sent).",
        discussion: """
        Reads leads as JSON Lines (one lead object per line, as GET /v2/lead/detail returns it
        under "data"), a JSON array, or CSV with a header row, and writes one JSON line per lead
        whose patch is not empty:
          {"leadId": 42, "patch": {"utcOffset": 3}}
        With --explain each line also carries "changes": the rule, file:line:column, the matched
        text and captures, and old -> new for every field. A summary goes to standard error.

        Leads are evaluated on every core; output keeps input order; memory stays bounded.

        Exit codes: 0 every lead was read and evaluated; 1 some leads failed (each failure is
        on standard error with its line number and lead id; all other leads are still processed);
        2 the rules did not load or the input could not be opened.
        """
    )

    @Option(help: "The ruleset directory.")
    var rules: String = "rules"

    @Option(help: "The leads: a file path, or - for standard input.")
    var input: String

    @Option(help: "The input format (default: from the extension, else from the first character).")
    var format: InputFormatArgument?

    @OptionGroup var time: ReferenceTime

    @Flag(help: "Add the provenance of every patched field to each output line.")
    var explain = false

    @Option(help: "Leads per batch (memory grows with it).")
    var batchSize: Int = 4096

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        let engine = try loadEngine(rules)
        let reference = time.date
        let source = try openInput(input)
        let inputName = input == "-" ? "<stdin>" : input
        let reader = makeReader(source)
        let evaluator = BatchEvaluator(engine: engine, now: reference, explain: explain, inputName: inputName)
        var summary = RunSummary()
        // Reading the next batch overlaps with evaluating this one; at most two batches are held.
        let prefetch = Prefetcher(reader: reader, batchSize: batchSize)
        while true {
            let records = prefetch.next()
            if records.isEmpty { break }
            var output = ""
            var errors = ""
            for outcome in evaluator.evaluate(records) {
                summary.add(outcome)
                for message in outcome.errors { errors += message + "\n" }
                if let line = outcome.outputLine {
                    output += line
                    output += "\n"
                }
            }
            Console.output(output)
            Console.error(errors)
        }
        Console.error(summary.render())
        if summary.failed > 0 { throw ExitCode(1) }
    }

    private func makeReader(_ source: ByteSource) -> any RecordReader {
        LeadStream.makeReader(for: input, source, format: format?.value)
    }
}

/// `--format jsonl|json|csv`.
struct InputFormatArgument: ExpressibleByArgument {
    let value: InputFormat
    init?(argument: String) {
        guard let format = InputFormat(rawValue: argument) else { return nil }
        value = format
    }
    static var allValueStrings: [String] { InputFormat.allCases.map(\.rawValue) }
}
