import ArgumentParser
import Foundation
import LeadEngine
import LeadStream
import LinerRun
import RulesLanguage

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Evaluate leads and print their update patches; with --apply, send them to Liner.",
        discussion: """
        Leads come from a file (--input: JSON Lines, one lead object per line as \
        GET /v2/lead/detail returns it under "data"; a JSON array; or CSV with a \
        header row) or from a Liner account (--source liner). Without --apply \
        nothing is sent: one JSON line is printed per lead whose patch is not \
        empty:
          {"leadId": 42, "patch": {"utcOffset": 3}}
        With --explain each line also carries "changes": the rule, \
        file:line:column, the matched text and captures, and old -> new for \
        every field. A summary goes to standard error.

        Against Liner (host from --api-host or $LINER_API_HOST, key from \
        --api-key-file or $LINER_API_KEY; never on the command line):
          enrich run --source liner              dry run, incremental window
          enrich run --source liner --apply      send the patches (journalled)
          enrich run --source liner --apply --status new \\
                     --created-from 2026-11-01T00:00:00Z
          enrich run --input export.jsonl --apply      apply to an export
          enrich run --source liner --apply --shard 0/4   lead id % 4 == 0
          enrich run --source liner --plan plan.json    a signed plan to review,
                                                        then: enrich apply plan.json

        Every apply run is recorded in the journal (--journal; default \
        $ENRICH_JOURNAL, else ~/.local/state/liner-enrich/journal.sqlite): \
        each patch before it is sent, each answer. A run without \
        --created-from continues from the end of the last successful run of \
        the same source and shard, minus --overlap-minutes. A killed run is \
        picked up by the next one: updates whose answer never came are checked \
        against the lead before anything is sent. Two runs on one journal \
        never overlap. See `enrich history LEAD_ID`.

        SIGINT/SIGTERM: stop taking leads, finish and record the requests in \
        flight, print the summary, exit 128+signal. A second signal cancels \
        the requests in flight.

        Exit codes:
          0  every lead read and evaluated (and every patch applied)
          1  some leads or updates failed (each on standard error with its
             position or lead id; the rest went on)
          2  could not start (rules, input, configuration, status codes)
          3  another run holds the journal
          4  the run stopped early (the lead list could not be read, or the
             journal could not be written)
          64  usage: the command line is wrong (the message says which option)
          74  standard output or error could not be written (said on the other)
          130/143  interrupted by SIGINT/SIGTERM
        """
    )

    enum Source: String, ExpressibleByArgument, CaseIterable {
        case file, liner
    }

    @Option(help: "The ruleset directory.")
    var rules: String = "rules"

    @Option(help: "Where the leads come from: file (--input) or liner (the account's lead list).")
    var source: Source?

    @Option(help: "The leads: a file path, or - for standard input.")
    var input: String?

    @Option(help: "The input format (default: from the extension, else from the first character).")
    var format: InputFormatArgument?

    @Option(name: .customLong("csv-delimiter"), help: ArgumentHelp("The CSV delimiter: , ; tab or | (default: found in the header row, or named by a sep= line).", valueName: "char"))
    var csvDelimiter: CSVDelimiterArgument?

    @OptionGroup var time: ReferenceTime

    @Flag(help: "Add the provenance of every patched field to each output line.")
    var explain = false

    @Option(parsing: .unconditional, help: "Leads per batch (memory grows with it); Liner pages hold at most 100.")
    var batchSize: Int = 4096

    /// --statuses FILE: ids for the status codes the rules declare without one (dry runs over a file).
    @OptionGroup var statusList: StatusesOption

    @Option(help: ArgumentHelp("Write a reviewable, signed plan of the patches to FILE and send nothing; `enrich apply FILE` sends it.", valueName: "file"))
    var plan: String?

    @OptionGroup var liner: LinerRunOptions

    func validate() throws {
        try OptionCheck.integer("--batch-size", batchSize, in: 1...1_000_000, "leads")
        switch resolvedSource {
        case .file:
            if input == nil { throw ValidationError("give --input FILE (or --source liner to read the leads from Liner)") }
        case .liner:
            if input != nil { throw ValidationError("--input and --source liner exclude each other") }
        }
        if plan != nil, liner.apply {
            throw ValidationError("--plan and --apply exclude each other: --plan sends nothing, `enrich apply FILE` sends the plan")
        }
        // Before the run, not after it: the plan would replace the input, a device, a pipe or a directory.
        if let plan, let problem = InPlaceFileWriter.problemWritingOutput(to: plan, notOver: [input].compactMap { $0 }.filter { $0 != "-" }) {
            throw ValidationError("--plan \(plan): \(problem)")
        }
        if statusList.path != nil, resolvedSource == .liner || liner.apply || plan != nil {
            throw ValidationError("--statuses is for dry runs over a file: against Liner the account's statuses are read from it")
        }
        if resolvedSource == .file && liner.usesWindowOrFilters {
            throw ValidationError("--created-from, --created-to, --status and --order filter Liner's lead list: use them with --source liner")
        }
        if csvDelimiter != nil, resolvedSource == .liner {
            throw ValidationError("--csv-delimiter is for --input files")
        }
        try liner.window.checkHoldsLeads(now: time.date, nowOption: time.now)
    }

    var resolvedSource: Source { source ?? (input == nil ? .liner : .file) }

    func run() async throws {
        if resolvedSource == .liner || liner.apply || plan != nil {
            try await LinerRunSetup(command: self).run()
            return
        }
        try runFile(input ?? "-")
    }

    /// A dry run over a file: parallel, ordered, nothing sent, no journal.
    ///
    /// The reading thread opens and reads the input, and reads its first leads' text (``InputRecord/readingLead()``),
    /// while this thread loads the rules (~50 ms, when the workers cannot start yet). What is said keeps its order:
    /// the rules' problems (and then nothing more), then an input that cannot be opened, then the leads'.
    private func runFile(_ input: String) throws {
        let opened: Result<Prefetcher, ByteSource.OpenError> = Result { () throws(ByteSource.OpenError) in
            let source = try ByteSource(path: input)
            let format = format?.value, csvDelimiter = csvDelimiter?.value
            return Prefetcher(batchSize: batchSize, ahead: Self.batchesAhead(batchSize: batchSize), readingLeads: true) {
                LeadStream.makeReader(for: input, source, format: format, csvDelimiter: csvDelimiter)
            }
        }
        let engine = try loadEngine(rules, statuses: statusList)
        let prefetch: Prefetcher
        switch opened {
        case let .success(started): prefetch = started
        case let .failure(error): throw inputNotOpened(error)
        }
        let reference = time.date
        let inputName = input == "-" ? "<stdin>" : input
        // Patches and the summary's fields and rules: no change's old value or location is read (unless explained).
        let evaluator = BatchEvaluator(engine: engine, now: reference, explain: explain, inputName: inputName, recordsChanges: false)
        var summary = RunTally()
        // Reading the next batches and writing the one before overlap with evaluating this one.
        let writer = BatchWriter { text in
            Console.output(utf8: text.outputUTF8)
            Console.error(text.errors)
        }
        // The batch evaluated last, handed back to be freed on the reading thread.
        var done: [InputRecord] = []
        while true {
            let records = prefetch.next(after: &done)
            if records.isEmpty { break }
            // The workers wrote the lines and counted; here they are only passed on, in input order.
            let text = evaluator.evaluateToText(records)
            summary.add(text.tally)
            writer.write(text)
            done = records
        }
        writer.finish()
        Console.error(summary.render())
        if summary.invalid > 0 { throw ExitCode(1) }
    }
}

extension RunCommand {
    /// How many batches of `batchSize` leads a run over a file reads ahead: about 32,768 leads (~18 MB of JSON Lines
    /// with their layouts, ~1 KB a lead), what the reading thread reads and lays out in the ~50 ms the rules take to
    /// load (~1.7 us a lead); at least one batch.
    static func batchesAhead(batchSize: Int) -> Int { max(1, 32_768 / max(1, batchSize)) }
}

/// `--csv-delimiter , | ; | tab | |`.
struct CSVDelimiterArgument: ExpressibleByArgument {
    let value: CSVDelimiter
    init?(argument: String) {
        guard let delimiter = CSVDelimiter(argument: argument) else { return nil }
        value = delimiter
    }
    static var allValueStrings: [String] { [",", ";", "tab", "|"] }
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
