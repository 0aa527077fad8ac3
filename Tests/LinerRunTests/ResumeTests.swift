import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import LinerWire
import RunJournal
import Testing

@Suite("resuming after a crash, incremental windows")
struct ResumeTests {
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    @Test("updates left planned by a killed run: one that landed is verified and not re-sent, one that did not is sent once")
    func unsettledUpdates() async throws {
        let seed = RunFixture.leads(30)
        let engine = try RunFixture.engine()
        let (expected, patches) = try RunFixture.expected(seed, engine: engine, now: now)
        let landed = patches.keys.sorted()[0], lost = patches.keys.sorted()[1]

        // The state a killed run leaves: both planned; `landed` reached Liner before the kill.
        var seeded = seed
        let landedIndex = seeded.firstIndex { $0["id"]?.intValue == landed }!
        seeded[landedIndex] = expected[landed]!
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seeded)
        let port = try await simulator.start()
        let journal = try RunJournal(path: RunFixture.temporaryPath("journal.sqlite"))
        let killed = try journal.beginRun(NewRun(source: "liner:test", mode: .apply, shard: nil, windowFrom: nil, windowTo: nil,
                                                 rulesDigest: "x", options: "{}", pid: 999_999, startedAt: now))
        let ids = try journal.recordPlanned(runId: killed.id, [landed, lost].map {
            NewChange(leadId: $0, patch: patches[$0]!, provenance: "[]", base: "{}")
        })

        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        let events = RunFixture.Events()
        let configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true, now: now)
        let result = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: events.handle).run()
        try await client.shutdown()
        let posts = await simulator.requestLog().filter { $0.method == "POST" }.compactMap(\.leadId)
        let final = try await RunFixture.finalState(simulator)
        await simulator.stop()

        #expect(result.ending == .completed)
        #expect(result.tally.verified == 1)
        #expect(result.tally.superseded == 1)
        #expect(!posts.contains(landed), "an update that had landed is not sent again")
        #expect(posts.filter { $0 == lost }.count == 1, "the lost one is sent exactly once")
        #expect(Set(posts) == Set(patches.keys).subtracting([landed]))
        for (id, lead) in expected { #expect(sameObject(final[id], lead), "lead \(id)") }
        let history = try journal.history(leadId: landed)
        #expect(history.map(\.change.state) == [.verified])
        #expect(try journal.runs(limit: 10).first { $0.id == killed.id }?.state == .interrupted)
        #expect(ids.count == 2)
        #expect(try journal.consistencyProblems().isEmpty)
    }

    @Test("a run with no window continues from the end of the last successful run, minus the overlap")
    func incrementalWindow() async throws {
        let seed = RunFixture.leads(50)   // created 2026-11-01T00:01Z ... 00:50Z
        let engine = try RunFixture.engine()
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let port = try await simulator.start()
        let client = LinerClient(configuration: try RunFixture.clientConfiguration(port: port))
        let journal = try RunJournal(path: RunFixture.temporaryPath("journal.sqlite"))
        let firstEnd = Timestamp.parse("2026-11-01T00:20:00Z")!
        var configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true,
                                             createdTo: firstEnd, overlap: 300, now: now)
        let first = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: { _ in }).run()
        #expect(first.window?.origin == .firstRun)
        #expect(first.tally.read == 20)

        configuration.createdTo = nil
        let second = await LinerRunner(engine: engine, client: client, journal: journal, configuration: configuration, events: { _ in }).run()
        try await client.shutdown()
        await simulator.stop()
        #expect(second.window?.origin == .incremental)
        #expect(second.window?.from == firstEnd.addingTimeInterval(-300))
        #expect(second.tally.read == 36, "leads 15...50: five minutes of overlap, both ends inclusive")
        #expect(second.tally.patched == second.tally.applied)
        #expect(first.tally.patched + second.tally.patched == Set(try RunFixture.expected(seed, engine: engine, now: now).patches.keys).count)
    }

    @Test("window planning: explicit wins; otherwise the latest successful end minus the overlap; else everything")
    func windowPlanning() {
        let now = Date(timeIntervalSince1970: 10_000)
        let explicit = CreationWindow.plan(explicitFrom: Date(timeIntervalSince1970: 5), explicitTo: nil, previousEnds: [Date(timeIntervalSince1970: 9_000)], overlap: 60, now: now)
        #expect(explicit == CreationWindow(from: Date(timeIntervalSince1970: 5), to: now, origin: .explicit))
        let incremental = CreationWindow.plan(explicitFrom: nil, explicitTo: nil, previousEnds: [Date(timeIntervalSince1970: 8_000), Date(timeIntervalSince1970: 9_000)], overlap: 60, now: now)
        #expect(incremental == CreationWindow(from: Date(timeIntervalSince1970: 8_940), to: now, origin: .incremental))
        #expect(CreationWindow.plan(explicitFrom: nil, explicitTo: nil, previousEnds: [], overlap: 60, now: now).origin == .firstRun)
    }

    @Test("--created-from/--created-to: RFC 3339 times or bare dates; impossible dates refused")
    func timestamps() {
        #expect(Timestamp.parse("2026-11-01T00:00:00Z") == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(Timestamp.parse("2026-11-01T03:00:00+03:00") == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(Timestamp.parse("2026-11-01") == Date(timeIntervalSince1970: 1_793_491_200))
        #expect(Timestamp.parse("2026-04-31") == nil)
        #expect(Timestamp.parse("2026-11-01T24:00:00Z") == nil)
        #expect(Timestamp.parse("yesterday") == nil)
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_793_491_200)) == "2026-11-01T00:00:00Z")
    }

    @Test("shards: I/N parsing and membership")
    func shards() {
        #expect(Shard(parsing: "0/4") == Shard(index: 0, count: 4))
        #expect(Shard(parsing: "4/4") == nil)
        #expect(Shard(parsing: "-1/4") == nil)
        #expect(Shard(parsing: "1/0") == nil)
        #expect(Shard(parsing: "x") == nil)
        let shards = (0..<4).map { Shard(index: $0, count: 4)! }
        for id in 1...100 { #expect(shards.filter { $0.contains(leadId: id) }.count == 1) }
    }
}
