import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import RunJournal

/// A simulator, a client, a journal and the runs of plan, apply and revert tests.
struct PlanBench {
    let now = Date(timeIntervalSince1970: 1_795_600_000)
    let simulator: LinerSimulator
    let client: LinerClient
    let journal: RunJournal
    let engine: Engine
    let key: LinerAPIKey

    static func start(leads: Int = 40, updateDelay: Duration? = nil) async throws -> PlanBench {
        // With `updateDelay`, every update waits that long before the emulator handles it (reads do not).
        var simConfiguration = LinerSimConfiguration(apiKey: RunFixture.apiKey)
        simConfiguration.hostility.updateDelay = updateDelay
        let simulator = LinerSimulator(configuration: simConfiguration, leads: RunFixture.leads(leads))
        let port = try await simulator.start()
        let configuration = try RunFixture.clientConfiguration(port: port)
        return PlanBench(simulator: simulator, client: LinerClient(configuration: configuration),
                         journal: try RunJournal(path: RunFixture.temporaryPath("journal.sqlite")), engine: try RunFixture.engine(),
                         key: configuration.apiKey)
    }

    func stop() async throws {
        try await client.shutdown()
        await simulator.stop()
    }

    /// A dry run collecting its patches, and the plan made of them.
    func plan(createdAt: Date = Date()) async throws -> RunPlan {
        var configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: false, now: now)
        configuration.collectsPlan = true
        let result = await LinerRunner(engine: engine, client: client, journal: nil, configuration: configuration, events: { _ in }).run()
        precondition(result.ending == .completed)
        return try RunPlan(changes: result.planned, rulesDigest: RulesDigest.of(engine), createdAt: createdAt, source: "liner:test",
                           window: result.window, options: .object([("now", .string(Timestamp.format(now)))]))
    }

    /// Applies `plan` through the journal.
    func apply(_ plan: RunPlan) async -> (RunResult, RunFixture.Events) {
        var configuration = RunConfiguration(source: .prepared(PlanApplication(plan: plan)), sourceName: "plan:" + plan.source, apply: true, now: now)
        configuration.retrySource = nil
        configuration.rulesDigest = plan.rulesDigest
        let events = RunFixture.Events()
        let result = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: events.handle).run()
        return (result, events)
    }

    /// A scheduled apply run of the rules.
    func applyRules() async -> RunResult {
        await applyRulesTelling().result
    }

    /// A scheduled apply run of the rules, and what it told.
    func applyRulesTelling(batchSize: Int = 100, maxInFlight: Int = 32) async -> (result: RunResult, events: RunFixture.Events) {
        var configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true, now: now)
        configuration.batchSize = batchSize
        configuration.maxInFlight = maxInFlight
        let events = RunFixture.Events()
        let result = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: events.handle).run()
        return (result, events)
    }

    /// A run killed after recording `changes` as planned (their outcome unknown to the journal).
    func killedRun(_ changes: [NewChange]) throws -> [Int64] {
        let run = try journal.beginRun(NewRun(source: "liner:test", mode: .apply, rulesDigest: "digest"))
        let ids = try journal.recordPlanned(runId: run.id, changes)
        try journal.finishRun(id: run.id, state: .interrupted, counts: RunCounts(patched: changes.count), note: "killed")
        return ids
    }

    /// Reverts run `runId`: a dry run unless `apply`.
    func revert(_ runId: Int64, apply: Bool, allowClears: Bool = false) async throws -> (RunResult, RunFixture.Events) {
        let reversal = try RunReversal(journal: journal, runId: runId, allowClears: allowClears)
        var configuration = RunConfiguration(source: .prepared(reversal), sourceName: reversal.sourceName, apply: apply, now: now)
        configuration.retrySource = nil
        configuration.rulesDigest = reversal.run.rulesDigest
        let events = RunFixture.Events()
        let result = await LinerRunner(engine: try Engine(source: "", path: "<revert>"), client: client, journal: apply ? journal : nil,
                                       configuration: configuration, events: events.handle).run()
        return (result, events)
    }

    /// A person changes a lead in Liner (an update sent by someone else).
    func personEdits(_ leadId: Int, _ body: String) async throws {
        let report = try await client.update(leadId: leadId, body: body)
        precondition(report.outcome == .succeeded, "the edit was refused: \(report.outcome)")
    }

    /// Updates the simulator received since the log was last cleared.
    func posts() async -> [SimRequestRecord] { await simulator.requestLog().filter { $0.method == "POST" } }
}
