import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import RunJournal
import Testing

/// `enrich run --plan` and `enrich apply`: a plan sends nothing, apply sends exactly the plan, a lead a
/// person changed in between is held back, and a plan that was tampered with, is stale, or was made with
/// other rules or another engine is refused as a whole.
@Suite("plan, then apply", .serialized, .timeLimit(.minutes(2)))
struct PlanApplyTests {
    @Test("a plan sends nothing; it holds what each lead showed, the patch and the rule of each field, and never the key")
    func planSendsNothing() async throws {
        let bench = try await PlanBench.start()
        let plan = try await bench.plan()
        let log = await bench.simulator.requestLog()
        try await bench.stop()
        #expect(log.allSatisfy { $0.method == "GET" }, "a plan sends no update")
        let (_, patches) = try RunFixture.expected(RunFixture.leads(40), engine: bench.engine, now: bench.now)
        #expect(Set(plan.leads.map(\.leadId)) == Set(patches.keys))
        for lead in plan.leads {
            #expect(JSONWriter.write(lead.patch) == patches[lead.leadId], "lead \(lead.leadId)")
            #expect(lead.writers.count == lead.patch.objectMembers?.count, "a rule per field of lead \(lead.leadId)")
            for (key, _) in lead.patch.objectMembers ?? [] {
                #expect(lead.saw[key] != nil, "lead \(lead.leadId): the value seen of \(key)")
            }
        }
        let text = plan.fileText(signedWith: bench.key)
        #expect(!text.contains(RunFixture.apiKey))
        #expect(text.contains("\"summary\""))
        let read = try RunPlan.read(text: text, key: bench.key)
        #expect(read.leads == plan.leads)
        #expect(read.rulesDigest == RulesDigest.of(bench.engine))
        #expect(read.engineVersion == EngineVersion.current)
        try read.check(rulesDigest: RulesDigest.of(bench.engine), maximumAge: 3600)
    }

    @Test("apply sends exactly the plan; a lead a person changed since the plan is held back and reported, the others applied")
    func applyWithPersonInBetween() async throws {
        let bench = try await PlanBench.start()
        let plan = try await bench.plan()
        // A person sets the utcOffset of a lead the plan gives a utcOffset.
        let edited = try #require(plan.leads.first { $0.patch["utcOffset"] != nil })
        try await bench.personEdits(edited.leadId, #"{"utcOffset":11}"#)
        await bench.simulator.clearRequestLog()

        let (result, events) = await bench.apply(try RunPlan.read(text: plan.fileText(signedWith: bench.key), key: bench.key))
        let posts = await bench.posts()
        #expect(result.ending == .completed)
        #expect(result.exitCode == 1, "a held-back lead is reported")
        #expect(result.tally.held == 1)
        #expect(result.tally.applied == plan.leads.count - 1)
        #expect(events.problems.contains { $0.contains("lead \(edited.leadId)") && $0.contains("changed since the plan") && $0.contains("utcOffset") })
        #expect(events.output.contains { $0.contains("\"leadId\":\(edited.leadId)") && $0.contains("\"held\"") })
        // Exactly the plan's bodies, once each, none for the edited lead.
        let planned = Dictionary(uniqueKeysWithValues: plan.leads.map { ($0.leadId, JSONWriter.write($0.patch)) })
        #expect(posts.count == plan.leads.count - 1)
        #expect(!posts.contains { $0.leadId == edited.leadId })
        for post in posts { #expect(post.updateBody == planned[post.leadId ?? 0], "lead \(String(describing: post.leadId))") }
        #expect(await bench.simulator.lead(edited.leadId)?["utcOffset"] == .int(11), "the person's value stays")

        // The journal: a run of its own, under a source of its own; the held lead recorded as skipped.
        let run = try #require(try bench.journal.run(id: result.runId ?? 0))
        #expect(run.source == "plan:liner:test")
        #expect(run.mode == .apply)
        let changes = try bench.journal.changes(runId: run.id)
        #expect(changes.filter { $0.state == .applied }.count == plan.leads.count - 1)
        let held = try #require(changes.first { $0.leadId == edited.leadId })
        #expect(held.state == .skipped)
        #expect(held.message?.contains("changed since the plan") == true)
        #expect(try bench.journal.consistencyProblems().isEmpty)

        // Applying it again sends nothing: the applied leads hold their values, the edited one is still held.
        await bench.simulator.clearRequestLog()
        let (again, _) = await bench.apply(plan)
        #expect(await bench.posts().isEmpty)
        #expect(again.tally.unchanged == plan.leads.count - 1)
        #expect(again.tally.held == 1)
        try await bench.stop()
    }

    @Test("a plan edited by hand (a patch value, the digest, a lead added), or checked with another key, is refused")
    func tampered() async throws {
        let bench = try await PlanBench.start()
        let plan = try await bench.plan()
        try await bench.stop()
        let text = plan.fileText(signedWith: bench.key)
        let lead = try #require(plan.leads.first { $0.patch["priority"] != nil })
        let line = try #require(text.split(separator: "\n").first { $0.contains("\"leadId\":\(lead.leadId),") })
        let edits = [
            text.replacingOccurrences(of: String(line), with: String(line).replacingOccurrences(of: "\"priority\":9", with: "\"priority\":1")),
            text.replacingOccurrences(of: plan.rulesDigest, with: String(repeating: "0", count: 16)),
            text.replacingOccurrences(of: "\"leads\": [\n", with: "\"leads\": [\n    {\"leadId\":999,\"saw\":{},\"patch\":{\"priority\":1},\"clears\":[],\"writers\":[]},\n"),
            text.replacingOccurrences(of: EngineVersion.current, with: "9.9.9"),
        ]
        for edited in edits {
            #expect(edited != text)
            #expect(throws: PlanRefusal.tampered) { try RunPlan.read(text: edited, key: bench.key) }
        }
        let unsigned = text.split(separator: "\n").filter { !$0.contains("\"signature\"") }.joined(separator: "\n")
            .replacingOccurrences(of: "},\n}", with: "}\n}")
        #expect(throws: PlanRefusal.unsigned) { try RunPlan.read(text: unsigned, key: bench.key) }
        #expect(throws: PlanRefusal.tampered) { try RunPlan.read(text: text, key: try LinerAPIKey("another-account-key")) }
        // The layout may change (spaces, line breaks), the content may not.
        let compact = text.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: ",  \"", with: ",\"")
        #expect(try RunPlan.read(text: compact, key: bench.key).leads == plan.leads)
    }

    @Test("a stale plan, a plan dated in the future, one made with other rules or by another engine version is refused")
    func refusedAsAWhole() throws {
        let plan = RunPlan(rulesDigest: "abc", createdAt: Date().addingTimeInterval(-25 * 3600), source: "liner:test", window: nil,
                           options: .object([]), leads: [])
        #expect(throws: PlanRefusal.self) { try plan.check(rulesDigest: "abc", maximumAge: PlanMaxAge.defaultSeconds) }
        try plan.check(rulesDigest: "abc", maximumAge: 26 * 3600)
        do {
            try plan.check(rulesDigest: "abc", maximumAge: 24 * 3600)
        } catch {
            guard case .stale = error else { Issue.record("not stale: \(error)"); return }
        }
        #expect(throws: PlanRefusal.otherRules(plan: "abc", current: "def")) { try plan.check(rulesDigest: "def", maximumAge: 26 * 3600) }
        var other = plan
        other.engineVersion = "0.0.1"
        #expect(throws: PlanRefusal.otherEngine(plan: "0.0.1", current: EngineVersion.current)) {
            try other.check(rulesDigest: "abc", maximumAge: 26 * 3600)
        }
        let future = RunPlan(rulesDigest: "abc", createdAt: Date().addingTimeInterval(3600), source: "liner:test", window: nil,
                             options: .object([]), leads: [])
        #expect(throws: PlanRefusal.future(createdAt: future.createdAt)) { try future.check(rulesDigest: "abc", maximumAge: 3600) }
    }

    @Test("--max-age takes 24h, 90m, 3600s, 2d and plain seconds; refuses nan, inf, negatives, zero and units it does not know")
    func maxAge() {
        #expect(PlanMaxAge.parse("24h") == 86_400)
        #expect(PlanMaxAge.parse("90m") == 5_400)
        #expect(PlanMaxAge.parse("3600s") == 3_600)
        #expect(PlanMaxAge.parse("2d") == 172_800)
        #expect(PlanMaxAge.parse("1.5h") == 5_400)
        #expect(PlanMaxAge.parse("600") == 600)
        for bad in ["nan", "inf", "-1h", "-5", "0s", "0", "", "h", "1e3s", "24 hours", "1w", "400d", "+5m", "1.2.3h"] {
            #expect(PlanMaxAge.parse(bad) == nil, "\(bad)")
        }
    }
}
