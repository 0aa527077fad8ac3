import ArgumentParser
import Foundation
import RuleHarness

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test blocks of a ruleset.",
        discussion: """
        Tests live next to the rules (see docs/language.md, "Tests"). A failing test prints its
        name and location, the difference between the expected and the actual patch, and the rule
        (file:line:column) that wrote each actual field. The last line is "N passed, N failed".
        A test without `now` runs at 2026-01-15T12:00:00Z.

        Exit codes: 0 all tests passed (and coverage met --min-coverage), 1 a test failed or
        coverage is below the bar, 2 the rules did not load.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, junit, json
    }

    @Argument(help: "The ruleset directory.")
    var directory: String = "rules"

    @Option(help: "Run only tests whose name contains this text (case-insensitive); the others count as skipped.")
    var filter: String?

    @Option(help: "Output format: text, junit (XML) or json.")
    var format: Format = .text

    @Flag(help: "Print which rules and table rows never fired in any test.")
    var coverage = false

    @Option(help: "Fail when the share of rules and tables that fired is below this percentage.")
    var minCoverage: Double?

    @Option(help: "Fail when the share of table rows that won at least once is below this percentage.")
    var minRowCoverage: Double?

    @Flag(name: .shortAndLong, help: "List passing tests too.")
    var verbose = false

    func run() throws {
        let engine = try loadEngine(directory)
        let report = TestRunner(engine: engine).run(filter: filter)
        switch format {
        case .text: Console.output(report.text(verbose: verbose))
        case .junit: Console.output(report.junit())
        case .json: Console.output(report.json())
        }
        if coverage || minCoverage != nil || minRowCoverage != nil { Console.error(report.coverage.render(maxRows: coverage ? 50 : 0)) }
        var failed = report.failed > 0
        if let minCoverage, report.coverage.writerPercent < minCoverage {
            Console.error(String(format: "rule coverage below %.1f%%\n", minCoverage))
            failed = true
        }
        if let minRowCoverage, report.coverage.rowPercent < minRowCoverage {
            Console.error(String(format: "table-row coverage below %.1f%%\n", minRowCoverage))
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}
