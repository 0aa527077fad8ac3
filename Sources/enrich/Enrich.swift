import ArgumentParser
import Foundation
import LeadEngine

@main
struct Enrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Rule-based lead enrichment for Liner.",
        discussion: """
        Rules live in a directory of .rules files (see docs/language.md).
        Start with:
          enrich check rules/                 every error and warning, file:line:column
          enrich fmt rules/                   canonical form (comments kept)
          enrich lsp                          the language server, for editors
          enrich test rules/                  the tests written next to the rules
          enrich run --input leads.jsonl      dry run over an export
          enrich run --source liner --apply   enrich the account's new leads
          enrich history 1001                 what the engine did to lead 1001, and why
          enrich run --source liner --plan p.json
                                              a signed plan to review;
                                              enrich apply p.json sends it
          enrich revert 42 [--apply]          undo what run 42 changed
          enrich diff --source liner --base old/ --rules rules/
                                              a rules change's impact, read-only
          enrich account pull --out account.json
                                              the account's statuses and fields;
                                              enrich check rules/ --account account.json
        """,
        version: EngineVersion.current,
        subcommands: [CheckCommand.self, FormatCommand.self, RunCommand.self, TestCommand.self, ExplainCommand.self, DiffCommand.self,
                      HistoryCommand.self, ApplyCommand.self, RevertCommand.self, ImportCommand.self, AccountCommand.self,
                      ServeCommand.self, LSPCommand.self]
    )

    /// Runs the command as `AsyncParsableCommand.main()` does; then, when standard output or error could not be
    /// written (``Console``), ends with ``Console/outputFailureExitCode`` rather than 0 or 1 (the codes that say the
    /// command did its work; higher ones keep their meaning and their message).
    static func main() async {
        do {
            var command = try parseAsRoot(NegativeArguments.separated(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                // Help and the version, which ArgumentParser prints with `print` (a failed write unseen), written here.
                let text = fullMessage(for: error)
                if !text.isEmpty { Console.output(text + "\n") }
            } else if !Console.outputFailed || code.rawValue > 1 {
                exit(withError: error)
            }
            Foundation.exit(Console.outputFailed ? Console.outputFailureExitCode : code.rawValue)
        }
        if Console.outputFailed { Foundation.exit(Console.outputFailureExitCode) }
    }
}
