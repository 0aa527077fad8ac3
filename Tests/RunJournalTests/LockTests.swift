import Foundation
import RunJournal
import Testing

@Suite("Lock")
struct LockTests {
    @Test("a second acquire in the same process fails with .locked and this process's pid")
    func sameProcess() throws {
        let scratch = try Scratch()
        let lock = try JournalLock.acquire(journalPath: scratch.journalPath)
        #expect(lock.path == scratch.journalPath + ".lock")
        #expect(lock.isHeld)
        #expect(JournalLock.holderPID(lockPath: lock.path) == getpid())

        let error = journalError { _ = try JournalLock.acquire(journalPath: scratch.journalPath) }
        #expect(error == .locked(path: lock.path, pid: getpid()))
        #expect(error?.description.contains(lock.path) == true)
        #expect(error?.description.contains("\(getpid())") == true)

        lock.release()
        #expect(!lock.isHeld)
        lock.release()  // harmless
        let again = try JournalLock.acquire(journalPath: scratch.journalPath)
        #expect(again.isHeld)
    }

    @Test("dropping the lock object releases it")
    func deinitReleases() throws {
        let scratch = try Scratch()
        do {
            let lock = try JournalLock.acquire(journalPath: scratch.journalPath)
            #expect(lock.isHeld)
        }
        let again = try JournalLock.acquire(journalPath: scratch.journalPath)
        #expect(again.isHeld)
    }

    @Test("a lock held by another process is reported with its pid, and is free once that process is SIGKILLed")
    func childKilled() throws {
        let scratch = try Scratch()
        let lockPath = JournalLock.lockPath(journalPath: scratch.journalPath)
        try FileManager.default.createDirectory(atPath: scratch.path("state"), withIntermediateDirectories: true)

        // flock(1) takes LOCK_EX on the file and, with --no-fork, execs the shell in the same process, which
        // writes its pid into the file (as a JournalLock holder does) and execs sleep, keeping the descriptor.
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        child.arguments = ["--no-fork", lockPath, "/bin/sh", "-c", #"echo $$ > "$0"; exec sleep 30"#, lockPath]
        try child.run()
        defer {
            if child.isRunning {
                kill(child.processIdentifier, SIGKILL)
                child.waitUntilExit()
            }
        }
        let pid = child.processIdentifier
        try #require(waitUntil { JournalLock.holderPID(lockPath: lockPath) == pid }, "the child never took the lock")

        let held = journalError { _ = try JournalLock.acquire(journalPath: scratch.journalPath) }
        #expect(held == .locked(path: lockPath, pid: pid))

        #expect(kill(pid, SIGKILL) == 0)
        child.waitUntilExit()
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGKILL)

        let lock = try JournalLock.acquire(journalPath: scratch.journalPath)
        #expect(lock.isHeld)
        #expect(JournalLock.holderPID(lockPath: lockPath) == getpid())
    }

    @Test(
        "a child process does not inherit the lock's descriptor (it would keep the lock alive after a crash)",
        .enabled(if: FileManager.default.fileExists(atPath: "/proc/self/fd")))
    func notInherited() throws {
        let scratch = try Scratch()
        let lock = try JournalLock.acquire(journalPath: scratch.journalPath)
        // posix_spawn with no file actions: the child gets every descriptor not marked close-on-exec.
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sleep"), strdup("30"), nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sleep", nil, nil, argv, environ)
        try #require(spawned == 0, "posix_spawn failed: \(spawned)")
        defer {
            kill(pid, SIGKILL)
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        }
        let fdDirectory = "/proc/\(pid)/fd"
        let descriptors = try FileManager.default.contentsOfDirectory(atPath: fdDirectory)
        let targets = descriptors.compactMap { try? FileManager.default.destinationOfSymbolicLink(atPath: fdDirectory + "/" + $0) }
        #expect(!targets.isEmpty)  // stdin/stdout/stderr at least: the listing works
        #expect(!targets.contains { $0.hasSuffix("journal.sqlite.lock") }, "the child holds \(targets)")
        #expect(lock.isHeld)
    }

    @Test("acquire creates the lock file's directory")
    func createsDirectory() throws {
        let scratch = try Scratch()
        let journalPath = scratch.path("x/y/journal.sqlite")
        let lock = try JournalLock.acquire(journalPath: journalPath)
        #expect(FileManager.default.fileExists(atPath: journalPath + ".lock"))
        lock.release()
        #expect(JournalLock.holderPID(lockPath: journalPath + ".lock") == nil)
    }
}
