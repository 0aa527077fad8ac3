import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// The engine against the reference interpreter (Tests/LeadEngineTests/Reference) on random rulesets and
/// random leads: the same patch bytes at every level of detail, the same provenance, errors and fired writers.
@Suite struct ReferencePropertyTests {
    /// Reference times: winter and summer (zones differ: Berlin is +1 or +2, St John's -4 or -3).
    static let times = [winter, summer, Date(timeIntervalSince1970: 1_782_864_000)]

    @Test func theEngineAgreesWithTheReferenceOnRandomRulesetsAndLeads() throws {
        var rulesets = RandomRulesets(seed: 0x15_2026)
        var leads = RandomLeads(seed: 0x15_1515)
        var times = SplitMix64(seed: 15)
        var loaded = 0, skipped = 0, pairs = 0, mismatches = 0
        var patched = 0, withErrors = 0, withClears = 0, withMoves = 0, fromTables = 0, withMatches = 0
        var skipReasons: [String: Int] = [:]
        for _ in 0..<600 {
            let text = rulesets.ruleset()
            let engine: Engine
            do {
                engine = try Engine(source: text, path: "random.rules")
            } catch {
                skipped += 1
                for diagnostic in error.errors { skipReasons[diagnostic.message.code, default: 0] += 1 }
                continue
            }
            loaded += 1
            let comparison = DifferentialComparison(engine)
            let disorder = comparison.reference.orderProblems()
            #expect(disorder.isEmpty, "writers out of dependency order: \(disorder)\n\(text)")
            for _ in 0..<16 {
                pairs += 1
                let json = leads.lead(id: pairs)
                let lead = try Lead(json: try JSONParser.parse(json))
                let now = times.chance(1) ? Date(timeIntervalSince1970: .nan) : times.pick(Self.times)
                let edited = rulesets.edited()
                let (difference, expected) = comparison.compare(lead, now: now, edited: edited)
                if let difference {
                    mismatches += 1
                    if mismatches <= 3 {
                        Issue.record("""
                            the engine and the reference differ
                            rules:
                            \(text)
                            lead: \(json)
                            now: \(now.timeIntervalSince1970)
                            edited by people: \(edited.sorted())
                            \(difference)
                            """)
                    }
                }
                if expected.patchBody != "{}" { patched += 1 }
                if !expected.errors.isEmpty { withErrors += 1 }
                if !expected.clears.isEmpty { withClears += 1 }
                if expected.changes.contains(where: { $0.field == "statusId" }) { withMoves += 1 }
                if expected.changes.contains(where: { $0.tableRow != nil }) { fromTables += 1 }
                if expected.changes.contains(where: { !$0.matches.isEmpty }) { withMatches += 1 }
            }
        }
        print("reference property test: \(loaded) rulesets loaded, \(skipped) skipped \(skipReasons.sorted { $0.key < $1.key }); "
            + "\(pairs) leads compared, \(mismatches) mismatches; \(patched) patched, \(withErrors) with errors, "
            + "\(withClears) with clears, \(withMoves) moved, \(fromTables) from tables, \(withMatches) with regex provenance")
        #expect(mismatches == 0)
        // The generator must keep producing valid rulesets and leads that exercise every kind of outcome;
        // otherwise the comparison proves little.
        #expect(loaded * 10 >= (loaded + skipped) * 7, "too many random rulesets fail to check: \(skipReasons)")
        #expect(patched * 3 >= pairs)
        #expect(withErrors * 100 >= pairs)
        #expect(withClears * 100 >= pairs)
        #expect(withMoves * 100 >= pairs)
        #expect(fromTables * 50 >= pairs)
        #expect(withMatches * 25 >= pairs)
    }
}
