import Foundation
import LeadEngine
import LinerRun
import LinerSim
import RunJournal
import Testing

/// Runs the built `enrich` binary against an in-process emulator.
struct EnrichProcess {
    static let binary: URL = {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("enrich").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("enrich")
    }()

    let process = Process()
    let stdoutPath: String
    let stderrPath: String

    init(_ arguments: [String], directory: String, environment extra: [String: String] = [:]) throws {
        stdoutPath = directory + "/out-\(UUID().uuidString).txt"
        stderrPath = directory + "/err-\(UUID().uuidString).txt"
        FileManager.default.createFile(atPath: stdoutPath, contents: nil)
        FileManager.default.createFile(atPath: stderrPath, contents: nil)
        process.executableURL = Self.binary
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.removeValue(forKey: "LINER_API_KEY")
        environment.removeValue(forKey: "LINER_API_HOST")
        environment.merge(extra) { _, new in new }
        process.environment = environment
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Waits for the exit on a thread of its own: blocking the test's executor would stall the emulator
    /// and every other test sharing the (two-thread) cooperative pool.
    func wait() async -> Int32 {
        let process = self.process
        return await withCheckedContinuation { continuation in
            Thread {
                process.waitUntilExit()
                continuation.resume(returning: process.terminationStatus)
            }.start()
        }
    }

    var stdout: String { (try? String(contentsOfFile: stdoutPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: stderrPath, encoding: .utf8)) ?? "" }
}

@Suite("the enrich binary against the emulator", .serialized)
struct KillTests {
    let now = "2026-11-25T09:00:00Z"

    struct Setup {
        var directory: String
        var rules: String
        var keyFile: String
        var journal: String
    }

    func setup() throws -> Setup {
        let directory = NSTemporaryDirectory() + "enrich-kill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory + "/rules", withIntermediateDirectories: true)
        try RunFixture.rules.write(toFile: directory + "/rules/test.rules", atomically: true, encoding: .utf8)
        try (RunFixture.apiKey + "\n").write(toFile: directory + "/key.txt", atomically: true, encoding: .utf8)
        return Setup(directory: directory, rules: directory + "/rules", keyFile: directory + "/key.txt", journal: directory + "/state/journal.sqlite")
    }

    /// A generous timeout: this suite is about kills. (With 2 s, the emulator answering slowly under the load of the
    /// parallel suites made the client retry an update that had in fact landed, and the check that every update
    /// is applied once failed for reasons that are not the kills'.)
    func arguments(_ setup: Setup, port: UInt16, rate: Int) -> [String] {
        ["run", "--rules", setup.rules, "--source", "liner", "--apply", "--journal", setup.journal,
         "--api-host", "http://127.0.0.1:\(port)", "--api-key-file", setup.keyFile, "--rate", String(rate),
         "--concurrency", "8", "--timeout", "10", "--now", now, "--progress", "log", "--progress-interval", "0.5"]
    }

    @Test("SIGKILL at random points 12 times, then a full run: exact final state, each update applied once, consistent journal, key nowhere")
    func killedRuns() async throws {
        let seed = RunFixture.leads(500)
        let engine = try RunFixture.engine()
        let (expected, patches) = try RunFixture.expected(seed, engine: engine, now: Timestamp.parse(now)!)
        let simulator = LinerSimulator(
            configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey, faults: FaultRates(serverError: 0.05), seed: 3),
            leads: seed
        )
        let port = try await simulator.start()
        let setup = try setup()
        var generator = SystemRandomNumberGenerator()
        var transcripts = ""
        var killed = 0
        var killedMidRun = 0
        var attempts = 0
        while killed < 12 && attempts < 30 {
            attempts += 1
            let run = try EnrichProcess(arguments(setup, port: port, rate: 30), directory: setup.directory)
            // Every third run is killed early (starting up, reading the account, opening the journal); the others
            // once they print their first patch, so mid-run however slowly the loaded machine starts them.
            let early = attempts % 3 == 0
            if early {
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...800, using: &generator)))
            } else {
                let deadline = Date().addingTimeInterval(60)
                while run.process.isRunning, run.stdout.isEmpty, Date() < deadline {
                    try await Task.sleep(for: .milliseconds(20))
                }
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...1_500, using: &generator)))
            }
            if run.process.isRunning {
                let printed = !run.stdout.isEmpty
                kill(run.process.processIdentifier, SIGKILL)
                killed += 1
                if printed { killedMidRun += 1 }
            }
            _ = await run.wait()
            transcripts += run.stdout + run.stderr
        }
        let last = try EnrichProcess(arguments(setup, port: port, rate: 400), directory: setup.directory)
        let status = await last.wait()
        transcripts += last.stdout + last.stderr
        let final = try await RunFixture.finalState(simulator)
        let log = await simulator.requestLog()
        await simulator.stop()

        #expect(killed >= 10, "at least 10 runs were killed mid-way (\(killed))")
        #expect(status == 0, "\(last.stderr)")
        for (id, lead) in expected { #expect(sameObject(final[id], lead), "lead \(id)") }
        let applied = log.filter(\.applied)
        for update in applied { #expect(update.updateBody == patches[update.leadId ?? 0], "lead \(String(describing: update.leadId))") }
        var perLead: [Int: Int] = [:]
        for update in applied { perLead[update.leadId ?? 0, default: 0] += 1 }
        #expect(Set(perLead.keys) == Set(patches.keys))
        let resent = perLead.values.filter { $0 > 1 }.count
        #expect(resent == 0, "\(resent) leads got their update more than once")

        let journal = try RunJournal.openExisting(path: setup.journal)
        #expect(try journal.consistencyProblems().isEmpty)
        #expect(try journal.unsettledChanges().isEmpty)
        let runs = try journal.runs(limit: 100)
        // A run killed before it opened the journal left no trace; every other killed run is marked interrupted.
        #expect(runs.first?.state == .succeeded)
        #expect(runs.dropFirst().allSatisfy { $0.state == .interrupted || $0.state == .succeeded })
        // A run killed after it printed a patch had begun its run in the journal: each is marked interrupted. One
        // killed while starting may or may not have got that far.
        let interrupted = runs.filter { $0.state == .interrupted }.count
        #expect(interrupted <= killed)
        #expect(interrupted >= killedMidRun, "\(interrupted) runs marked interrupted, \(killedMidRun) killed mid-run")
        #expect(killedMidRun >= 6, "only \(killedMidRun) runs were killed mid-run")

        // The key appears in no output and no file the runs wrote.
        #expect(!transcripts.contains(RunFixture.apiKey))
        for name in try FileManager.default.contentsOfDirectory(atPath: setup.directory + "/state") {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: setup.directory + "/state/" + name))
            #expect(bytes.range(of: Data(RunFixture.apiKey.utf8)) == nil, "\(name) holds the key")
        }
    }

    /// The journal is created by a run at a moment no test controls; a kill there must not leave a file the next
    /// run refuses (an empty or schema-less `journal.sqlite` is refused, rightly, as a truncated journal). Each
    /// round watches the journal's directory and kills the run as soon as anything but the lock appears, a
    /// little later each round, so that the kills sweep the whole creation.
    @Test("a run SIGKILLed while it creates its journal leaves nothing the next run refuses, and no stray file")
    func killedWhileCreatingTheJournal() async throws {
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: RunFixture.leads(50))
        let port = try await simulator.start()
        var caught = 0
        for round in 0..<16 {
            let setup = try setup()
            let state = setup.directory + "/state"
            let run = try EnrichProcess(arguments(setup, port: port, rate: 400), directory: setup.directory)
            let appeared = waitForJournalFiles(in: state, while: run.process)
            if appeared, run.process.isRunning {
                if round > 0 { usleep(useconds_t(round * 250)) }
                kill(run.process.processIdentifier, SIGKILL)
                caught += 1
            }
            _ = await run.wait()
            do {
                let lock = try JournalLock.acquire(journalPath: setup.journal)
                defer { lock.release() }
                let opened = try RunJournal.openForRun(path: setup.journal)
                #expect(opened.movedAside == nil)
                #expect(try opened.journal.consistencyProblems().isEmpty, "round \(round)")
            } catch {
                Issue.record("round \(round): the next run could not open the journal: \(error)")
            }
            let left = (try? FileManager.default.contentsOfDirectory(atPath: state)) ?? []
            #expect(left.allSatisfy { !$0.contains(".creating") }, "round \(round): \(left)")
        }
        await simulator.stop()
        #expect(caught >= 8, "only \(caught) of 16 runs were killed while their journal was being created")
    }

    /// Polls `directory` until a file other than the journal's lock is there (true), or the process ends (false).
    private func waitForJournalFiles(in directory: String, while process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let names = try? FileManager.default.contentsOfDirectory(atPath: directory),
               names.contains(where: { !$0.hasSuffix(".lock") }) {
                return true
            }
            usleep(100)
        }
        return false
    }

    @Test("a second run on the same journal is refused with exit 3 while the first holds the lock; SIGTERM stops the first with 143 and a summary")
    func lockAndSigterm() async throws {
        let seed = RunFixture.leads(400)
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let port = try await simulator.start()
        let setup = try setup()
        let first = try EnrichProcess(arguments(setup, port: port, rate: 40), directory: setup.directory)
        try await Task.sleep(for: .milliseconds(1_500))
        let second = try EnrichProcess(arguments(setup, port: port, rate: 40), directory: setup.directory)
        #expect(await second.wait() == 3)
        #expect(second.stderr.contains("lock") || second.stderr.contains("another run"), "\(second.stderr)")
        kill(first.process.processIdentifier, SIGTERM)
        #expect(await first.wait() == 143)
        #expect(first.stderr.contains("interrupted"), "\(first.stderr)")
        await simulator.stop()
        let journal = try RunJournal.openExisting(path: setup.journal)
        #expect(try journal.runs(limit: 10).first?.state == .interrupted)
        #expect(try journal.consistencyProblems().isEmpty)
    }

    @Test("a dry run of the binary sends no update and prints the same lines as a file run")
    func dryRunBinary() async throws {
        let seed = RunFixture.leads(60)
        let simulator = LinerSimulator(configuration: LinerSimConfiguration(apiKey: RunFixture.apiKey), leads: seed)
        let port = try await simulator.start()
        let setup = try setup()
        var args = arguments(setup, port: port, rate: 100)
        args.removeAll { $0 == "--apply" }
        let run = try EnrichProcess(args, directory: setup.directory)
        #expect(await run.wait() == 0, "\(run.stderr)")
        let log = await simulator.requestLog()
        await simulator.stop()
        #expect(log.allSatisfy { $0.method == "GET" })
        let leadsFile = setup.directory + "/leads.jsonl"
        try seed.map(\.jsonText).joined(separator: "\n").write(toFile: leadsFile, atomically: true, encoding: .utf8)
        let fileRun = try EnrichProcess(["run", "--rules", setup.rules, "--input", leadsFile, "--now", now], directory: setup.directory)
        #expect(await fileRun.wait() == 0)
        #expect(run.stdout == fileRun.stdout)
        #expect(!run.stdout.isEmpty)
    }
}
