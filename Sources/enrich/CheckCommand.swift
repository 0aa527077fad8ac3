import ArgumentParser
import Foundation
import RulesLanguage

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and check a ruleset without running it.",
        discussion: """
        Reports every error and warning of every .rules file under DIR as
        path:line:column: error|warning: message, with the source line and a caret.

        Exit codes: 0 no error (warnings allowed unless --warnings-as-errors),
        1 errors found, 2 the directory or a file could not be read.
        """
    )

    @Argument(help: "The ruleset directory (or one .rules file).")
    var directory: String = "rules"

    @Flag(help: "Treat warnings as errors (exit 1 when there is any).")
    var warningsAsErrors = false

    @Option(help: "Diagnostics as text (for people) or json (for editors and CI).")
    var format: DiagnosticFormat = .text

    func run() throws {
        let result = RulesetLoader.load(directory: directory)
        for message in result.ioErrors { Console.error(message + "\n") }
        switch format {
        case .json: Console.output(DiagnosticRenderer.json(result.diagnostics))
        case .text: Console.error(Console.renderer().render(result.diagnostics))
        }
        if !result.ioErrors.isEmpty { throw ExitCode(2) }
        let failed = result.diagnostics.hasErrors || (warningsAsErrors && !result.diagnostics.isEmpty)
        if failed { throw ExitCode(1) }
        if format == .text {
            let count = result.files.count
            Console.error("checked \(count) file\(count == 1 ? "" : "s"): no errors\n")
            // People's edits win, except against these: list them, so that a reviewer sees them.
            let overriding = (result.ruleset?.writers ?? []).filter(\.overridesEdits)
            if !overriding.isEmpty {
                Console.error("\(overriding.count) rule\(overriding.count == 1 ? "" : "s") override\(overriding.count == 1 ? "s" : "") people's edits:\n")
                for writer in overriding { Console.error("  \(writer.range.location): \"\(writer.name)\"\n") }
            }
        }
    }
}
