import ArgumentParser

@main
struct Enrich: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enrich",
        abstract: "Rule-based lead enrichment for Liner.",
        subcommands: []
    )
}
