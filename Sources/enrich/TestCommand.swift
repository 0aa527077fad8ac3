import ArgumentParser
import Foundation
import LeadEngine
import RuleHarness
import RulesLanguage

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test blocks of a ruleset.",
        discussion: """
        Tests live next to the rules (see docs/language.md, "Tests"). A failing test prints its \
        name and location, the difference between the expected and the actual patch, and the rule \
        (file:line:column) that wrote each actual field. The last line is "N passed, N failed". \
        A test without `now` runs at 2026-01-15T12:00:00Z.

        Files under a `tests/` subdirectory of the ruleset hold tests only (the default pack keeps \
        the generated tests of its phone tables there, one per table row): `enrich run` and the \
        other commands do not load them, `enrich test` does (unless --no-tests-directories).

        Example (what CI runs):
          enrich test rules --min-coverage 95 --min-row-coverage 95

        Exit codes: 0 all tests passed (and coverage met --min-coverage), 1 a test failed or \
        coverage is below the bar, 2 the rules did not load, 64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, junit, json
    }

    @Argument(help: "The ruleset directory.")
    var directory: String = "rules"

    @Option(help: ArgumentHelp(
        "Run only matching tests; the others count as skipped. TEXT: tests whose name contains it (case-insensitive); file:TEXT: tests in files whose path contains it; rule:NAME: tests that name the rule in 'expect fires' or in which it fires. Repeatable (a test runs when it matches any); a filter that matches no test fails the run.",
        valueName: "filter"))
    var filter: [String] = []

    @Option(help: "Output format: text, junit (XML) or json.")
    var format: Format = .text

    @Flag(help: "Print which rules and table rows never fired in any test.")
    var coverage = false

    @Option(parsing: .unconditional, help: "Fail when the share of rules and tables that won a field in some test is below this percentage.")
    var minCoverage: Double?

    @Option(parsing: .unconditional, help: "Fail when the share of table rows that won at least once is below this percentage.")
    var minRowCoverage: Double?

    @Flag(name: .shortAndLong, help: "List passing tests too.")
    var verbose = false

    @Flag(inversion: .prefixedNo, help: "Also load the test-only files under tests/ subdirectories (the generated tests of the pack's phone tables).")
    var testsDirectories = true

    @OptionGroup var statuses: StatusesOption

    func validate() throws {
        if let minCoverage { try OptionCheck.number("--min-coverage", minCoverage, in: 0...100, "a percentage") }
        if let minRowCoverage { try OptionCheck.number("--min-row-coverage", minRowCoverage, in: 0...100, "a percentage") }
    }

    func run() throws {
        let engine = try loadEngine(directory, statuses: statuses, includeTests: testsDirectories)
        let report = TestRunner(engine: engine).run(filters: filter.map(TestFilter.init))
        if !report.unmatchedFilters.isEmpty {
            for message in report.unmatchedFilters { Console.error("error: \(message)\n") }
            throw ExitCode(1)
        }
        switch format {
        case .text: Console.output(report.text(verbose: verbose))
        case .junit: Console.output(report.junit())
        case .json: Console.output(report.json())
        }
        if coverage || minCoverage != nil || minRowCoverage != nil { Console.error(report.coverage.render(maxRows: coverage ? 50 : 0)) }
        let shortfalls = report.coverage.shortfalls(minWriterPercent: minCoverage, minRowPercent: minRowCoverage)
        for line in shortfalls { Console.error(line + "\n") }
        if report.failed > 0 || !shortfalls.isEmpty { throw ExitCode(1) }
    }
}

/// `loadEngine(_:statuses:)` with the test-only files under `tests/` subdirectories loaded too
/// (``RulesetLoader/load(directory:now:includeTests:)``); the same diagnostics and exit codes.
private func loadEngine(_ directory: String, statuses: StatusesOption, includeTests: Bool) throws -> Engine {
    guard includeTests else { return try loadEngine(directory, statuses: statuses) }
    let loaded = RulesetLoader.load(directory: directory, includeTests: true)
    guard let ruleset = loaded.ruleset, loaded.ioErrors.isEmpty else {
        for message in loaded.ioErrors { Console.error(message + "\n") }
        Console.error(Console.renderer().render(loaded.diagnostics))
        throw ExitCode(2)
    }
    var engine = Engine(ruleset: ruleset)
    if let path = statuses.path {
        engine = try resolveStatuses(engine, account: try readStatusList(path), source: path)
    }
    try requireStatusIds(engine, remedy: "give --statuses FILE (the account's GET /v2/lead-status/ saved as JSON)")
    return engine
}
