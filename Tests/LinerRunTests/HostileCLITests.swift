import Foundation
import LinerRun
import LinerSim
import RunJournal
import Testing

/// The enrich binary under faults an operator meets: odd option values, a broken journal, signals while a
/// server drips. Each shows one fault class of docs/reliability.md.
@Suite("the enrich binary under operator faults", .serialized, .timeLimit(.minutes(2)))
struct HostileCLITests {
    let now = "2026-11-25T09:00:00Z"

    func setup() throws -> KillTests.Setup { try KillTests().setup() }

    func arguments(_ setup: KillTests.Setup, port: UInt16, extra: [String] = []) -> [String] {
        ["run", "--rules", setup.rules, "--source", "liner", "--apply", "--journal", setup.journal,
         "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--now", now, "--progress", "none"] + extra
    }

    @Test("absurd option values exit 64 naming the option, never crash or hang", arguments: [
        ["--timeout", "nan"], ["--timeout", "inf"], ["--timeout", "1e300"], ["--timeout", "-1"], ["--timeout", "0"],
        ["--rate", "inf"], ["--rate", "nan"], ["--rate", "0"], ["--rate", "1e-300"], ["--rate", "-5"],
        ["--shard", "0/9223372036854775807"], ["--shard", "-1/4"], ["--shard", "4/4"], ["--concurrency", "0"],
        ["--concurrency", "-3"], ["--max-attempts", "0"], ["--overlap-minutes", "nan"], ["--progress-interval", "inf"],
        ["--batch-size", "0"], ["--max-leads", "0"], ["--order", "-1"],
        // Windows that hold nothing (issue 13, item 6): later than --created-to, or than --now.
        ["--created-from", "2026-12-01T00:00:00Z", "--created-to", "2026-11-01T00:00:00Z"], ["--created-from", "2027-01-01T00:00:00Z"],
    ])
    func optionValues(_ option: [String]) async throws {
        let setup = try setup()
        let run = try EnrichProcess(arguments(setup, port: 9, extra: option), directory: setup.directory)
        let status = await run.wait()
        #expect(status == 64, "\(option): exit \(status), \(run.stderr)")
        #expect(run.stderr.contains(option[0]), "\(option): \(run.stderr)")
    }

    @Test("an empty journal file or another database is refused (exit 2, file untouched); --new-journal keeps it aside")
    func brokenJournal() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(20))
        let port = try await simulator.start()
        let setup = try setup()
        try FileManager.default.createDirectory(atPath: (setup.journal as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: setup.journal, contents: Data())
        let refused = try EnrichProcess(arguments(setup, port: port), directory: setup.directory)
        #expect(await refused.wait() == 2, "\(refused.stderr)")
        #expect(refused.stderr.contains(setup.journal) && refused.stderr.contains("empty"), "\(refused.stderr)")
        #expect((try FileManager.default.attributesOfItem(atPath: setup.journal)[.size] as? NSNumber)?.intValue == 0)
        #expect(await simulator.requestLog().filter { $0.method == "POST" }.isEmpty, "nothing was sent")

        try "not a database".write(toFile: setup.journal, atomically: true, encoding: .utf8)
        let foreign = try EnrichProcess(arguments(setup, port: port), directory: setup.directory)
        #expect(await foreign.wait() == 2, "\(foreign.stderr)")
        #expect(try String(contentsOfFile: setup.journal, encoding: .utf8) == "not a database")

        let afresh = try EnrichProcess(arguments(setup, port: port, extra: ["--new-journal"]), directory: setup.directory)
        #expect(await afresh.wait() == 0, "\(afresh.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: (setup.journal as NSString).deletingLastPathComponent)
            .filter { $0.hasPrefix("journal.sqlite.replaced-") }
        #expect(kept.count == 1, "\(kept)")
        #expect(try RunJournal.openExisting(path: setup.journal).runs(limit: 5).count == 1)
        await simulator.stop()
    }

    @Test("a journal that cannot be written (read-only directory) exits 2 with the path and the reason, not 3")
    func readOnlyJournal() async throws {
        let setup = try setup()
        var directory = setup.directory + "/readonly"
        if getuid() == 0 {
            // Root writes through permissions: a directory that is a file cannot be written by anyone.
            FileManager.default.createFile(atPath: directory, contents: Data("a file".utf8))
            directory += "/sub"
        } else {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            chmod(directory, 0o555)
        }
        defer { chmod(setup.directory + "/readonly", 0o755) }
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(5))
        let port = try await simulator.start()
        let run = try EnrichProcess(["run", "--rules", setup.rules, "--source", "liner", "--apply", "--journal", directory + "/journal.sqlite",
                                     "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--now", now], directory: setup.directory)
        let status = await run.wait()
        await simulator.stop()
        #expect(status == 2, "\(status) \(run.stderr)")
        #expect(run.stderr.contains(directory), "\(run.stderr)")
    }

    @Test("SIGTERM while the run is starting (the account's statuses drip): exits 143 at once, says nothing was sent, sends nothing")
    func signalWhileStarting() async throws {
        var configuration = LinerSimConfiguration(apiKey: RunFixture.apiKey)
        configuration.hostility.dripInterval = .seconds(1)
        configuration.hostility.dripPaths = ["/v2/lead-status"]
        let simulator = LinerSimulator(configuration: configuration, leads: RunFixture.leads(5))
        let port = try await simulator.start()
        let setup = try setup()
        let run = try EnrichProcess(arguments(setup, port: port, extra: ["--timeout", "600"]), directory: setup.directory)
        // Before this fix the signal, coming before the run's handlers existed, killed the process by its default action.
        try await Task.sleep(for: .seconds(1.5))
        let clock = ContinuousClock()
        let signalled = clock.now
        kill(run.process.processIdentifier, SIGTERM)
        let status = await run.wait()
        let elapsed = clock.now - signalled
        await simulator.stop()
        #expect(elapsed < .seconds(3), "exited \(elapsed) after the signal: \(run.stderr)")
        #expect(status == 143, "\(status): \(run.stderr)")
        #expect(run.stderr.contains("SIGTERM before the run started: nothing was sent"), "\(run.stderr)")
        let log = await simulator.requestLog()
        #expect(log.allSatisfy { $0.method == "GET" }, "\(log)")
        #expect(log.contains { $0.path.hasPrefix("/v2/lead-status") }, "the statuses were not asked for: \(log)")
    }

    @Test("SIGTERM twice while a server drips (the page, or the updates): the process exits quickly, 143, and frees the journal",
          arguments: [["/v2/lead"], (1...20).map { "/v2/lead/update/\($0)" }])
    func signalDuringDrip(_ paths: [String]) async throws {
        var configuration = LinerSimConfiguration(apiKey: RunFixture.apiKey)
        configuration.hostility.dripInterval = .seconds(1)
        configuration.hostility.dripPaths = Set(paths)
        let simulator = LinerSimulator(configuration: configuration, leads: RunFixture.leads(20))
        let port = try await simulator.start()
        let setup = try setup()
        // A generous timeout, so that only the signals can end the run early.
        let run = try EnrichProcess(arguments(setup, port: port, extra: ["--timeout", "600"]), directory: setup.directory)
        try await Task.sleep(for: .seconds(2))
        let clock = ContinuousClock()
        let signalled = clock.now
        kill(run.process.processIdentifier, SIGTERM)
        try await Task.sleep(for: .milliseconds(300))
        if run.process.isRunning { kill(run.process.processIdentifier, SIGTERM) }
        let status = await run.wait()
        let elapsed = clock.now - signalled
        #expect(elapsed < .seconds(5), "exited \(elapsed) after the signal: \(run.stderr)")
        #expect(status == 143, "\(status): \(run.stderr)")
        // The lock is free again: a later run can take it.
        let lock = try JournalLock.acquire(journalPath: setup.journal)
        lock.release()
        await simulator.stop()
    }
}
