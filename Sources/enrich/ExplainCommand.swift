import ArgumentParser
import Foundation
import LeadEngine
import RuleHarness
import RulesLanguage

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Show what every rule did with one lead, and why.",
        discussion: """
        For each rule and table in evaluation order: whether it fired; if not, the first part of
        its condition that was false and the value it saw; what its regexes matched; what it
        wrote and whether that won or lost to a higher-precedence rule. Then the final patch.

        Examples:
          enrich explain --rules rules --lead '{"id": 1, "phone": "8 495 123-45-67"}'
          enrich explain --rules rules --lead @lead.json --format json
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

    func run() throws {
        let engine = try loadEngine(rules, statuses: statuses)
        var text = lead
        if lead.hasPrefix("@") {
            let path = String(lead.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else {
                Console.error("\(path): error: cannot read the lead file\n")
                throw ExitCode(2)
            }
            text = String(decoding: data, as: UTF8.self)
        }
        let parsed: Lead
        do {
            parsed = try Lead(json: try JSONParser.parse(text))
        } catch {
            Console.error("error: the lead is not valid: \(error)\n")
            throw ExitCode(2)
        }
        let evaluation = engine.makeEvaluator().evaluate(parsed, now: time.date, detail: .trace)
        Console.output(format == .json ? Explanation.json(evaluation) : Explanation.text(evaluation))
    }
}
