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
        """,
        subcommands: [CheckCommand.self, FormatCommand.self, RunCommand.self, TestCommand.self, ExplainCommand.self, DiffCommand.self, ImportCommand.self]
    )
}
