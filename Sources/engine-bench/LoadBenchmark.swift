import Foundation
import LeadEngine
import RulesLanguage

/// `engine-bench load RULES_DIR [REPEATS]`: how long loading a pack takes, by phase, best of `REPEATS` runs each:
/// reading and parsing its files (``Parser/parse(_:)``), checking them (``RulesetLoader/check(parsed:root:includeTests:now:account:)``),
/// and compiling the checked ruleset (``Engine/init(ruleset:)``); then the whole of ``Engine/init(directory:)``.
enum LoadBenchmark {
    static func run(rules: String, repeats: Int) throws {
        var errors: [String] = []
        let paths = RulesetLoader.rulesFiles(in: rules, errors: &errors)
        guard errors.isEmpty else {
            print(errors.joined(separator: "\n"))
            exit(1)
        }
        var best = [Double](repeating: .infinity, count: 4)
        for _ in 0..<max(1, repeats) {
            var start = DispatchTime.now().uptimeNanoseconds
            var sources: [SourceFile] = []
            for path in paths {
                let text = try String(contentsOfFile: path, encoding: .utf8)
                sources.append(SourceFile(path: path, text: text))
            }
            let parsed = sources.map(Parser.parse)
            best[0] = min(best[0], milliseconds(start))
            start = DispatchTime.now().uptimeNanoseconds
            let result = RulesetLoader.check(parsed: parsed, root: rules)
            best[1] = min(best[1], milliseconds(start))
            guard let ruleset = result.ruleset else {
                print("the pack does not load: \(result.diagnostics.count) diagnostics")
                exit(1)
            }
            start = DispatchTime.now().uptimeNanoseconds
            let engine = Engine(ruleset: ruleset)
            best[2] = min(best[2], milliseconds(start))
            withExtendedLifetime(engine) {}
            start = DispatchTime.now().uptimeNanoseconds
            let whole = try Engine(directory: rules)
            best[3] = min(best[3], milliseconds(start))
            withExtendedLifetime(whole) {}
        }
        print(String(format: "read + parse %.1f ms, check %.1f ms, compile %.1f ms; Engine(directory:) %.1f ms (best of %d)",
                     best[0], best[1], best[2], best[3], max(1, repeats)))
    }
}
