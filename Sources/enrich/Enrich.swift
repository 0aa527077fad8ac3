import ArgumentParser

@main
struct Enrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Rule-based lead enrichment for Liner.",
        discussion: """
        Rules live in a directory of .rules files (see docs/language.md). Start with:
          enrich check rules/        report every error and warning, with file:line:column
          enrich fmt rules/          rewrite the files in canonical form (comments kept)
          enrich test rules/         run the tests written next to the rules
          enrich run --input leads.jsonl            dry run over an export
          enrich run --source liner --apply         enrich the account's new leads (journalled)
          enrich history 1001                       what the engine changed on lead 1001, and why
          enrich account pull --out account.json    save the account's statuses and custom fields
          enrich check rules/ --account account.json   check the rules against them
        """,
        subcommands: [CheckCommand.self, FormatCommand.self, RunCommand.self, TestCommand.self, ExplainCommand.self, DiffCommand.self, HistoryCommand.self, ImportCommand.self, AccountCommand.self]
    )
}
