import ArgumentParser
import Foundation
import LeadEngine
import LinerRun
import RunJournal
import RuleHarness
import RulesLanguage

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what every rule did with one lead, and why.",
        discussion: """
        For each rule and table in evaluation order: whether it fired; if not, the first part of \
        its condition that was false and the value it saw; what its regexes matched; what it \
        wrote and whether that won or lost to a higher-precedence rule. Then the final patch.

        With --journal, fields the engine wrote to this lead in earlier runs and that \
        the lead now holds differently (a person changed them) are kept, as a run \
        would keep them: each such write says "kept: changed by a person since run N".

        Examples:
          enrich explain --rules rules --lead '{"id": 1, "phone": "8 495 123-45-67"}'
          enrich explain --rules rules --lead @lead.json --format json
          enrich explain --rules rules --lead @lead.json --journal journal.sqlite

        Exit codes:
          0  the lead was evaluated without an error
          1  the lead has errors (a value that cannot be sent, a number beyond
             64 bits...):
             explained as usual, and each error also on standard error
          2  could not start (rules, the lead, the journal)
          64 usage (an unknown option, a bad value, a missing argument)
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "The ruleset directory.")
    var rules: String = "rules"

    @Option(help: "The lead as JSON, or @PATH to read it from a file.")
    var lead: String

    @OptionGroup var time: ReferenceTime

    @OptionGroup var statuses: StatusesOption

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(help: ArgumentHelp("A run journal: keep the fields people changed since the engine wrote them, as runs do.", valueName: "path"))
    var journal: String?

    func run() throws {
        let engine = try loadEngine(rules, statuses: statuses)
        var text = lead
        if lead.hasPrefix("@") {
            let path = String(lead.dropFirst())
            do { text = try WholeFile.text(path, "the lead file") } catch {
                Console.error("\(error)\n")
                throw ExitCode(2)
            }
        }
        let parsed: Lead
        do {
            parsed = try Lead(json: try JSONParser.parse(text))
        } catch {
            Console.error("error: the lead is not valid: \(error)\n")
            throw ExitCode(2)
        }
        var edited = EditedFields.none
        if let journal {
            do {
                edited = try PeopleEdits.load(RunJournal.openExisting(path: journal), leadIds: [parsed.id]).editedFields(of: parsed)
            } catch {
                Console.error("error: \(error)\n")
                throw ExitCode(2)
            }
        }
        let evaluation = engine.makeEvaluator().evaluate(parsed, now: time.date, detail: .trace, keeping: edited)
        Console.output(format == .json ? Explanation.json(evaluation) : Explanation.text(evaluation))
        if !evaluation.errors.isEmpty {
            for error in evaluation.errors { Console.error("error: \(error)\n") }
            throw ExitCode(1)
        }
    }
}
