import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import LinerWire
import RunJournal
import Testing

/// Runs against servers that misbehave for good (``SimHostility``): each test shows one fault class of
/// docs/reliability.md and fails on the code before it was handled.
@Suite("apply runs against hostile servers", .serialized, .timeLimit(.minutes(2)))
struct HostileServerTests {
    let now = Date(timeIntervalSince1970: 1_795_600_000)

    struct Outcome {
        var result: RunResult
        var events: RunFixture.Events
        var journal: RunJournal
        var log: [SimRequestRecord]
        var simulator: LinerSimulator
    }

    /// One apply run (or `runs` in a row, on one journal) against a simulator with `hostility`.
    func run(
        leads: Int = 60, seed: [JSONValue]? = nil, hostility: SimHostility, faults: FaultRates = FaultRates(), runs: Int = 1,
        timeout: Duration = .seconds(3), configure: (inout RunConfiguration) -> Void = { _ in }
    ) async throws -> [Outcome] {
        var simConfiguration = LinerSimConfiguration(apiKey: RunFixture.apiKey, faults: faults, seed: 4, retryAfterSeconds: 0)
        simConfiguration.hostility = hostility
        let simulator = LinerSimulator(configuration: simConfiguration, leads: seed ?? RunFixture.leads(leads))
        let port = try await simulator.start()
        var clientConfiguration = try RunFixture.clientConfiguration(port: port, timeout: timeout)
        clientConfiguration.retry.maxAttempts = 3
        let client = LinerClient(configuration: clientConfiguration)
        let journal = try RunJournal(path: RunFixture.temporaryPath("journal.sqlite"))
        var configuration = RunConfiguration(source: .liner(query: LinerLeadQuery(), statusIds: []), sourceName: "liner:test", apply: true, now: now)
        configure(&configuration)
        var outcomes: [Outcome] = []
        for _ in 0..<runs {
            let events = RunFixture.Events()
            let result = await LinerRunner(engine: try RunFixture.engine(), client: client, journal: journal,
                                           configuration: configuration, events: events.handle).run()
            outcomes.append(Outcome(result: result, events: events, journal: journal, log: await simulator.requestLog(), simulator: simulator))
        }
        try await client.shutdown()
        await simulator.stop()
        return outcomes
    }

    @Test("a key revoked mid-run (401): the run is not successful, stops, and its window is read again")
    func revokedKey() async throws {
        var hostility = SimHostility()
        hostility.revokeKeyAfterUpdates = 5
        let outcome = try await run(hostility: hostility)[0]
        #expect(outcome.result.ending == .aborted)
        #expect(outcome.result.exitCode == 4)
        #expect(outcome.result.notes.joined().contains("refused the API key"))
        let runs = try outcome.journal.runs(limit: 10)
        #expect(runs.first?.state == .failed, "a run whose updates were refused for the key must not count for the window")
        // It stopped sending at the first refusal: at most the requests already on the wire then (the client sends
        // 8 at once) were refused, not every update queued behind them (up to 32 in flight) nor one per lead.
        let refused = outcome.log.filter { $0.status == 401 }.count
        #expect(refused >= 1 && refused <= 8, "\(refused) requests refused")
    }

    @Test("a lead whose update keeps failing goes to the retry set; the window moves on; retried with backoff, then given up")
    func leadThatKeepsFailing() async throws {
        var hostility = SimHostility()
        hostility.failingLeads = [6: 500, 12: 404, 18: 422]
        let outcomes = try await run(hostility: hostility, runs: 3) { configuration in
            configuration.retryBackoff = RetryBackoff(initial: 0, maximum: 0, maximumFailures: 2)
        }
        let first = outcomes[0]
        #expect(first.result.ending == .completed)
        #expect(first.result.exitCode == 1, "failed updates are reported")
        let runs = try first.journal.runs(limit: 10)
        #expect(runs.allSatisfy { $0.state == .succeeded }, "lead failures do not hold the window back: \(runs.map(\.state))")
        // The second run starts its window from the first one's end (minus the overlap), not from the beginning.
        #expect(runs.count == 3)
        #expect(runs[1].windowFrom != nil, "the second run continued from the first")
        // Only lead 6 (500) is retried; 404 and 422 are final.
        let retries = try first.journal.retryLeads(source: "liner:test", shard: nil)
        #expect(retries.map(\.leadId) == [6])
        #expect(retries.first?.state == .givenUp, "two failures with a cap of 2")
        #expect(retries.first?.failures == 2)
        #expect(try first.journal.retryEntries(leadId: 6).map(\.state) == [.givenUp], "enrich history shows it")
        // The later runs re-read lead 6 alone (GET detail) rather than the account, and tried its update again.
        let secondLog = outcomes[1].log.dropFirst(outcomes[0].log.count)
        #expect(secondLog.contains { $0.path == "/v2/lead/detail/6" })
        #expect(secondLog.filter { $0.method == "POST" }.allSatisfy { $0.leadId == 6 })
        // Given up: the third run does not try it again, and says so.
        let thirdLog = outcomes[2].log.dropFirst(outcomes[1].log.count)
        #expect(!thirdLog.contains { $0.leadId == 6 })
        #expect(outcomes[2].result.notes.joined().contains("given up on"))
        #expect(first.events.problems.contains { $0.contains("lead 12") && $0.contains("404") })
        #expect(first.events.problems.contains { $0.contains("lead 18") && $0.contains("422") })
    }

    @Test("malformed leads in a page are reported with page and position and skipped; the page and the run go on")
    func malformedLeads() async throws {
        var hostility = SimHostility()
        hostility.malformedLeads = true
        let outcome = try await run(leads: 150, hostility: hostility)[0]
        #expect(outcome.result.ending == .completed)
        #expect(outcome.result.exitCode == 1)
        #expect(outcome.result.tally.read == 150, "every real lead was read")
        #expect(outcome.result.tally.invalid == SimHostility.malformedElementCount)
        let problems = outcome.events.problems.filter { $0.contains("lead list at offset 0, element") }
        #expect(problems.count == SimHostility.malformedElementCount)
        #expect(problems.contains { $0.contains("nested too deeply") || $0.contains("nested") })
        #expect(problems.contains { $0.contains("\"12\"") })
        #expect(try outcome.journal.runs(limit: 1).first?.state == .succeeded)
    }

    @Test("a server that ignores offset (the same page again) stops the run with a clear message")
    func repeatedPages() async throws {
        var hostility = SimHostility()
        hostility.repeatPages = true
        let outcome = try await run(leads: 250, hostility: hostility)[0]
        #expect(outcome.result.ending == .aborted)
        #expect(outcome.result.exitCode == 4)
        #expect(outcome.result.notes.joined().contains("repeats itself"))
        // The simulator's log writes the list's path without its trailing slash.
        let listed = outcome.log.filter { $0.path.hasPrefix("/v2/lead?") }.count
        #expect(listed >= 2 && listed <= 3, "\(listed) list requests")
    }

    @Test("a list that leaves a field out does not make it empty: the lead's detail is read and a person's value kept")
    func listLeavingFieldsOut() async throws {
        // Every lead holds the utcOffset a manager set (5); the list leaves it out, the detail shows it.
        let seed = RunFixture.leads(40).map { lead -> JSONValue in
            .object((lead.objectMembers ?? []).filter { $0.0 != "utcOffset" } + [("utcOffset", .int(5))])
        }
        var hostility = SimHostility()
        hostility.listLeavesOut = ["utcOffset"]
        let outcome = try await run(seed: seed, hostility: hostility)[0]
        #expect(outcome.result.exitCode == 0)
        let updates = outcome.log.filter { $0.method == "POST" }
        #expect(!updates.isEmpty, "the other rules still write")
        #expect(updates.allSatisfy { !$0.updateBody.contains("utcOffset") }, "\(updates.map(\.updateBody))")
        for id in 1...40 { #expect(await outcome.simulator.lead(id)?["utcOffset"] == .int(5), "lead \(id)") }
        #expect(outcome.log.filter { $0.path.hasPrefix("/v2/lead/detail/") }.count == 40)
        #expect(outcome.result.notes.joined().contains("read again by their detail")
                || outcome.events.notices.joined().contains("read again by their detail"))
    }

    @Test("a field left out by the list and by the detail is unknown: the lead is not evaluated, no fill writes over it, exit 1")
    func detailLeavingFieldsOut() async throws {
        // Every lead holds the utcOffset a manager set (5); the list and the detail both leave it out.
        let seed = RunFixture.leads(30).map { lead -> JSONValue in
            .object((lead.objectMembers ?? []).filter { $0.0 != "utcOffset" } + [("utcOffset", .int(5))])
        }
        var hostility = SimHostility()
        hostility.listLeavesOut = ["utcOffset"]
        hostility.detailLeavesOut = ["utcOffset"]
        let outcome = try await run(seed: seed, hostility: hostility)[0]
        // Before: each lead was evaluated as if utcOffset were empty, and the fill wrote over the 5 (exit 0).
        let updates = outcome.log.filter { $0.method == "POST" }
        #expect(updates.isEmpty, "\(updates.map(\.updateBody))")
        for id in 1...30 { #expect(await outcome.simulator.lead(id)?["utcOffset"] == .int(5), "lead \(id)") }
        #expect(outcome.result.exitCode == 1)
        #expect(outcome.result.tally.invalid == 30, "\(outcome.result.tally)")
        #expect(outcome.events.problems.joined().contains("leaves out utcOffset, which the rules use"), "\(outcome.events.problems.prefix(2))")
    }

    @Test("a lead deleted while the list is read: no other lead is skipped")
    func deletionWhileListing() async throws {
        // Every field the rules use is in each element (null when empty): no lead is read again by its detail.
        let seed = RunFixture.leads(150).map { lead -> JSONValue in
            guard lead["utcOffset"] == nil else { return lead }
            return .object((lead.objectMembers ?? []) + [("utcOffset", .null)])
        }
        var hostility = SimHostility()
        hostility.deleteFirstLeadAfterFirstPage = true
        let outcome = try await run(seed: seed, hostility: hostility) { $0.batchSize = 50 }[0]
        #expect(outcome.result.tally.read == 150, "lead 1 read before it was deleted, and every other one")
        // Lead 1's own update finds it deleted (404); every other lead that needs a patch got it.
        let patches = try RunFixture.expected(seed, engine: try RunFixture.engine(), now: now).patches.filter { !$0.value.isEmpty }
        let updated = Set(outcome.log.filter { $0.method == "POST" && $0.applied }.compactMap(\.leadId))
        let missed = Set(patches.keys).subtracting(updated).subtracting([1])
        #expect(missed.isEmpty, "leads never updated: \(missed.sorted())")
        #expect(patches.count > 100)
    }

    @Test("a list that never ends stops at the lead bound")
    func endlessPages() async throws {
        var hostility = SimHostility()
        hostility.endlessPages = true
        let outcome = try await run(leads: 30, hostility: hostility) { $0.maximumLeads = 700 }[0]
        #expect(outcome.result.ending == .aborted)
        #expect(outcome.result.exitCode == 4)
        #expect(outcome.result.notes.joined().contains("does not end"))
    }

    @Test("a server that ignores the createdAt window (an old lead in a recent window) stops the run")
    func ignoredWindow() async throws {
        var hostility = SimHostility()
        hostility.ignoreWindow = true
        // The fixture's leads are created from 2026-11-01 on, a minute apart; ask for the last ten minutes of them.
        let outcome = try await run(leads: 3000, hostility: hostility) {
            $0.createdFrom = Date(timeIntervalSince1970: 1_793_491_200 + 2990 * 60)
        }[0]
        #expect(outcome.result.ending == .aborted)
        #expect(outcome.result.exitCode == 4)
        #expect(outcome.result.notes.joined().contains("ignores the createdAt window"), "\(outcome.result.notes)")
        #expect(outcome.log.filter { $0.method == "POST" }.isEmpty, "nothing was sent for leads outside the window")
    }

    @Test("a body dripping one byte a second is cut off by --timeout (the whole request), and the run goes on")
    func drippingBody() async throws {
        var hostility = SimHostility()
        hostility.dripInterval = .milliseconds(300)
        let clock = ContinuousClock()
        let started = clock.now
        let outcome = try await run(leads: 5, hostility: hostility, timeout: .milliseconds(800))[0]
        let elapsed = clock.now - started
        #expect(outcome.result.ending == .aborted, "the list cannot be read in time")
        #expect(outcome.result.notes.joined().contains("timed out"))
        // 3 attempts of 0.8 s plus short backoffs: far below one byte a second over a whole page.
        #expect(elapsed < .seconds(8), "\(elapsed)")
    }

    @Test("a server echoing the headers (JSON, \\u, percent, base64, hex) and control characters: no key, no raw control in messages, journal or history")
    func echoedHeadersAndControlCharacters() async throws {
        var hostility = SimHostility()
        hostility.echoHeaders = true
        hostility.controlCharacters = true
        hostility.failingLeads = [6: 500, 7: 400, 8: 200]
        let outcome = try await run(hostility: hostility, faults: FaultRates(serverError: 0.2))[0]
        var texts = outcome.events.problems + outcome.events.notices + outcome.events.output + outcome.result.notes
        for change in try outcome.journal.changes(runId: outcome.result.runId ?? 0) {
            texts.append(change.message ?? "")
            texts.append(change.note ?? "")
        }
        for entry in try outcome.journal.retryLeads(source: "liner:test", shard: nil) { texts.append(entry.lastError) }
        #expect(texts.contains { $0.contains("request headers") }, "the echo reached the messages")
        for text in texts {
            for encoding in KeyEncodings.all(RunFixture.apiKey) {
                #expect(!text.contains(encoding), "an encoding of the key leaked: \(encoding)")
            }
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0 == "\u{7F}" || $0 == "\u{202E}" || $0 == "\u{85}" },
                    "a raw control character in \(text.prefix(80))")
            #expect(text.utf8.count < 3000, "a message of \(text.utf8.count) bytes")
        }
    }
}

/// The encodings of a key that a server may echo, for tests that look for leaks.
enum KeyEncodings {
    static func all(_ key: String) -> [String] {
        var encodings = [key]
        encodings.append(key.replacingOccurrences(of: "/", with: "\\/"))
        encodings.append(key.unicodeScalars.map { String(format: "\\u%04x", $0.value) }.joined())
        encodings.append(key.utf8.map { String(format: "%%%02X", $0) }.joined())
        encodings.append(key.utf8.map { String(format: "%02x", $0) }.joined())
        // Base64 of the key at each of the three alignments inside a longer text: the stable middle part.
        for pad in 0..<3 {
            let encoded = Data((String(repeating: "x", count: pad) + key).utf8).base64EncodedString()
            let skip = (pad * 4 + 2) / 3 + 1
            let middle = encoded.dropFirst(skip).dropLast(4)
            if middle.count >= 8 { encodings.append(String(middle)) }
        }
        return encodings
    }
}

