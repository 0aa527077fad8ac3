import ArgumentParser
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
}
