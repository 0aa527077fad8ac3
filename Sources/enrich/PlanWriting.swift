import ArgumentParser
import Foundation
import LeadEngine
import LinerClient
import LinerRun
import RulesLanguage

/// `enrich run --plan FILE`: the plan of a finished dry run, signed and written atomically.
enum PlanWriting {
    /// `protected`: the files the run read (its `--input`), which the plan must not replace.
    static func write(_ result: RunResult, to path: String, engine: Engine, key: LinerAPIKey, source: String, options: String,
                      protected: [String]) throws {
        guard result.ending == .completed else {
            Console.error("error: the run did not finish: no plan written to \(path)\n")
            throw ExitCode(result.exitCode == 0 ? 4 : result.exitCode)
        }
        let plan: RunPlan
        do {
            plan = try RunPlan(changes: result.planned, rulesDigest: RulesDigest.of(engine), createdAt: Date(), source: source,
                               window: result.window, options: try JSONParser.parse(options))
        } catch {
            Console.error("error: the plan could not be made: \(error)\n")
            throw ExitCode(2)
        }
        do {
            try InPlaceFileWriter.writeOutput(Data(plan.fileText(signedWith: key).utf8), to: path, notOver: protected)
        } catch {
            Console.error("error: cannot write the plan to \(path): \(error.reason)\n")
            throw ExitCode(2)
        }
        let fields = plan.summary.fields.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" }
        Console.error("plan: \(plan.leads.count) lead(s) to update written to \(path)"
            + (fields.isEmpty ? "" : " (\(fields.joined(separator: ", ")))")
            + "; nothing was sent. Review it, then: enrich apply \(path)\n")
    }
}
