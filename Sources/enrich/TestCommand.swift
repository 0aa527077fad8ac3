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

    @Option(help: "Fail when rule or table-row coverage is below this percentage.")
    var minCoverage: Double?

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
        if coverage || minCoverage != nil { Console.error(report.coverage.render()) }
        var failed = report.failed > 0
        if let minCoverage, report.coverage.writerPercent < minCoverage || report.coverage.rowPercent < minCoverage {
            Console.error(String(format: "coverage below %.1f%%\n", minCoverage))
            failed = true
        }
        if failed { throw ExitCode(1) }
    }
}
