import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// The default pack (rules/) through the engine and through the reference interpreter
/// (Tests/LeadEngineTests/Reference): the benchmark's generated leads and the given lead of every test of the
/// pack must give byte-identical patches and identical provenance, errors and fired writers. Every other lead is
/// read from its text lazily (``Lead/init(checkedText:)``: fields decoded when read), the rest decoded up front.
///
/// The corpus has `DIFFERENTIAL_LEADS` leads (20,000 by default, the CI run; `scripts/differential.sh` runs
/// 100,000 and more in a release build).
@Suite struct PackDifferentialTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules").path
    /// engine-bench's reference time (2025-11-25), and one in summer.
    static let times = [Date(timeIntervalSince1970: 1_764_057_600), summer]
    /// The reference time of a pack test without `now` (the test runner's, RuleHarness.TestRunner.defaultNow).
    static let testDefaultNow = Date(timeIntervalSince1970: 1_768_478_400)

    static var corpusSize: Int {
        ProcessInfo.processInfo.environment["DIFFERENTIAL_LEADS"].flatMap { Int($0) } ?? 20_000
    }

    /// The lead in `json`, read lazily when `lazily` and the text allows it (else as `Lead(json:)` reads it, which
    /// also says why a lead is refused); a lazy lead must equal the decoded one.
    static func lead(_ json: String, lazily: Bool) throws -> Lead {
        let decoded = try Lead(json: try JSONParser.parse(json))
        guard lazily, let lazy = Lead(checkedText: Array(json.utf8)) else { return decoded }
        #expect(lazy == decoded, "\(json)")
        return lazy
    }

    @Test func thePackAgreesWithTheReferenceOnTheBenchmarkLeads() throws {
        let comparison = DifferentialComparison(try Engine(directory: Self.root))
        var random = SplitMix64(seed: LeadGenerator.benchmarkSeed)
        var mismatches = 0, patched = 0
        let count = Self.corpusSize
        for id in 1...count {
            let json = LeadGenerator.lead(id: id, &random)
            let lead = try Self.lead(json, lazily: id % 2 == 1)
            let now = Self.times[id % 2]
            // The levels of detail of `enrich run` (only what the patch needs, or with provenance for --explain-style
            // output), and the patch with every writer run.
            let (difference, expected) = comparison.compare(lead, now: now, details: [.patchOnly, .patch, .provenance])
            if let difference {
                mismatches += 1
                if mismatches <= 3 { Issue.record("lead \(json) at \(now):\n\(difference)") }
            }
            if expected.patchBody != "{}" { patched += 1 }
        }
        print("pack differential: \(count) generated leads compared, \(mismatches) mismatches, \(patched) patched")
        #expect(mismatches == 0)
        #expect(patched * 2 > count, "the corpus should mostly give patches")
    }

    @Test func thePackAgreesWithTheReferenceOnEveryPackTestLead() throws {
        let result = RulesetLoader.load(directory: Self.root, includeTests: true)
        let ruleset = try #require(result.ruleset, "\(result.diagnostics.filter { $0.severity == .error }.prefix(3))")
        let comparison = DifferentialComparison(Engine(ruleset: ruleset))
        var mismatches = 0, compared = 0, refused = 0
        for test in ruleset.tests {
          for row in test.rows {
            let lead: Lead
            do {
                lead = try Self.lead(row.given, lazily: compared % 2 == 1)
            } catch {
                refused += 1  // a test of a lead the engine refuses: nothing to evaluate
                continue
            }
            let now = row.now.flatMap(Checker.parseISO8601) ?? Self.testDefaultNow
            compared += 1
            // `enrich test` evaluates with a trace.
            if let difference = comparison.mismatch(lead, now: now, details: [.trace, .patch, .patchOnly]) {
                mismatches += 1
                if mismatches <= 3 { Issue.record("test \"\(test.name.text)\" (\(row.range.location)):\n\(difference)") }
            }
          }
        }
        print("pack differential: \(compared) pack test leads compared, \(refused) refused, \(mismatches) mismatches")
        #expect(mismatches == 0)
        #expect(compared > 30_000)
    }
}
