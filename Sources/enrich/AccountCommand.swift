import ArgumentParser
import Foundation
import LinerClient
import RulesLanguage

/// `enrich account`: the account's facts that rules are checked against.
struct AccountCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "account",
        abstract: "Save what the Liner account says about leads, to check rules against offline.",
        subcommands: [AccountPullCommand.self]
    )
}

/// `enrich account pull --out account.json`.
struct AccountPullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Save the account's lead statuses and custom fields as JSON.",
        discussion: """
        Reads GET /v2/lead-status/ (statuses with their categories) and \
        GET /v2/custom-field/?essence=leads (custom fields with their types \
        and select options) and writes them to --out, with the host they came \
        from and when. The file never holds the API key. Check rules against \
        it with: enrich check rules --account account.json

        The connection is the one of enrich run: --api-host or \
        $LINER_API_HOST, --api-key-file or $LINER_API_KEY.

        A custom-field endpoint that is not found (404) is saved as \
        "customFields": null (unknown), with a notice.

        Exit codes: 0 saved; 2 could not (configuration, a list that cannot \
        be read, a file that cannot be written); 64 usage (the command line is wrong).
        """
    )

    @Option(help: ArgumentHelp("Where to write the account's facts (- for standard output).", valueName: "file"))
    var out: String

    @OptionGroup var connection: LinerConnectionOptions

    func run() async throws {
        let client = LinerClient(configuration: try connection.clientConfiguration())
        let facts: AccountFacts
        do {
            facts = try await AccountCheck.fetch(client)
        } catch {
            try? await client.shutdown()
            throw error
        }
        try? await client.shutdown()
        let text = facts.jsonText
        if out == "-" {
            Console.output(text)
        } else {
            do {
                try InPlaceFileWriter.writeOutput(Data(text.utf8), to: out)
            } catch {
                Console.error("\(out): error: cannot write the account file: \(error.reason)\n")
                throw ExitCode(2)
            }
        }
        let fields = facts.customFields.map { "\($0.count) custom field\($0.count == 1 ? "" : "s")" } ?? "custom fields unknown"
        Console.error("saved \(facts.statuses.count) status\(facts.statuses.count == 1 ? "" : "es") and \(fields) of \(facts.host ?? "the account") to \(out == "-" ? "standard output" : out)\n")
    }
}
