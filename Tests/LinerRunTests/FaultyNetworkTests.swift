import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import LinerWire
import RunJournal
import Testing

@Suite("apply runs against the emulator")
struct FaultyNetworkTests {
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("10% 500s, 5% 429s, 2% timeouts, 1% drops, 1% lost answers: every intended patch lands, nothing else changes, nothing stale")
    func faultyNetwork() async throws {
        let seed = RunFixture.leads(400)
        let engine = try RunFixture.engine()
        let (expected, patches) = try RunFixture.expected(seed, engine: engine, now: now)
        #expect(patches.count > 100)
        let simulator = LinerSimulator(
            configuration: LinerSimConfiguration(
                apiKey: RunFixture.apiKey,
                faults: FaultRates(serverError: 0.10, tooManyRequests: 0.05, drop: 0.01, lostResponse: 0.01, slow: 0.02),
                seed: 11, retryAfterSeconds: 0, slowDelay: .milliseconds(700)
            ),
            leads: seed
        )
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port, timeout: .milliseconds(400)))
        let journalPath = RunFixture.temporaryPath("journal.sqlite")
        let journal = try RunJournal(path: journalPath)
        let events = RunFixture.Events()
        let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true, now: now)
        let result = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: events.handle).run()

        // A second run settles whatever the first could not know (lost answers) and must send nothing new
        // for leads that already hold their values.
        let second = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: events.handle).run()
        try await client.shutdown()
        // Slow requests the client gave up on are still being handled: let them land before reading the state.
        try await Task.sleep(for: .milliseconds(900))
        let final = try await RunFixture.finalState(simulator)
        let log = await simulator.requestLog()
        await simulator.stop()

        #expect(result.ending == .completed)
        #expect(result.tally.read == 400)
        #expect(result.tally.patched == patches.count)
        #expect(result.tally.retries > 0, "faults were injected, so some calls were retried")
        #expect(second.ending == .completed)
        #expect(second.tally.patched == 0, "after the first run every lead holds its values")
        for (id, lead) in expected {
            #expect(sameObject(final[id], lead), "lead \(id): \(String(describing: final[id])) != \(lead)")
        }
        // Every update the emulator applied carried exactly the intended patch of its lead.
        let appliedUpdates = log.filter { $0.applied }
        #expect(Set(appliedUpdates.compactMap(\.leadId)) == Set(patches.keys))
        for update in appliedUpdates {
            #expect(update.updateBody == patches[update.leadId ?? 0], "lead \(String(describing: update.leadId)) got \(update.updateBody)")
        }
        #expect(try journal.consistencyProblems().isEmpty)
    }

    @Test("a dry run reads and prints but never sends an update")
    func dryRunSendsNothing() async throws {
        let seed = RunFixture.leads(120)
        let engine = try RunFixture.engine()
        let (_, patches) = try RunFixture.expected(seed, engine: engine, now: now)
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        let events = RunFixture.Events()
        let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: false, now: now)
        let result = await LinerRunner(engine: engine, client: client, journal: nil, configuration: configuration, events: events.handle).run()
        try await client.shutdown()
        let log = await simulator.requestLog()
        await simulator.stop()
        #expect(result.ending == .completed)
        #expect(log.allSatisfy { $0.method == "GET" })
        #expect(events.output.count == patches.count)
        #expect(events.output.first?.hasPrefix(#"{"leadId":"#) == true)
    }

    @Test("shards split the leads by id without overlap; a status filter keeps only leads in that status")
    func shardsAndStatusFilter() async throws {
        let seed = RunFixture.leads(90)
        let engine = try RunFixture.engine()
        let (_, patches) = try RunFixture.expected(seed, engine: engine, now: now)
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        var sent: [[Int]] = []
        for index in 0..<3 {
            let journal = try RunJournal(path: RunFixture.temporaryPath("journal.sqlite"))
            await simulator.clearRequestLog()
            let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true,
                                                 shard: Shard(index: index, count: 3), now: now)
            _ = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: { _ in }).run()
            sent.append(await simulator.requestLog().filter { $0.method == "POST" }.compactMap(\.leadId))
        }
        for (index, ids) in sent.enumerated() {
            #expect(ids.allSatisfy { $0 % 3 == index })
        }
        #expect(sent.flatMap { $0 }.sorted() == patches.keys.sorted())

        // Only leads in status 2 (every 7th lead): none of them is "new", so only table/priority changes.
        let fresh = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let freshPort = try await fresh.start()
        let freshClient = LinerClient(configuration: try RunFixture.clientConfiguration(port: freshPort))
        let events = RunFixture.Events()
        let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: [2]), sourceName: "liner:test", apply: false, now: now)
        let result = await LinerRunner(engine: engine, client: freshClient, journal: nil, configuration: configuration, events: events.handle).run()
        #expect(result.tally.read == seed.filter { $0["statusId"]?.intValue == 2 }.count)
        let listed = await fresh.requestLog().filter { $0.path.hasPrefix("/v2/lead?") }
        #expect(!listed.isEmpty)
        #expect(listed.allSatisfy { !$0.path.contains("statusIds") }, "statuses are filtered as read, not by the server")
        try await client.shutdown()
        try await freshClient.shutdown()
        await simulator.stop()
        await fresh.stop()
    }
}
