import ArgumentParser
import Foundation
import LinerClient
import LinerRun
import RunJournal

/// What `run`, `apply` and `revert` share: the client, the journal and its lock, and a runner driven under
/// signals with a progress display. Every failure is printed and becomes the documented exit code.
enum LinerSession {
    /// The client configuration from the options and the environment; exit 2 when it is incomplete.
    static func clientConfiguration(_ options: LinerSessionOptions) throws -> LinerClientConfiguration {
        try options.connection.clientConfiguration()
    }

    /// Takes the journal's lock (exit 3 when another run holds it, 2 when it cannot be taken) and opens the
    /// journal: created when missing if `create`, else it must exist (exit 2).
    static func lockJournal(_ options: LinerSessionOptions, create: Bool) throws -> (RunJournal, JournalLock) {
        let path = options.journal ?? RunJournal.defaultPath()
        let lock: JournalLock
        do {
            lock = try JournalLock.acquire(journalPath: path)
        } catch {
            Console.error("error: \(error)\n")
            if case .locked = error { throw ExitCode(3) }
            throw ExitCode(2)
        }
        do {
            if !create { return (try RunJournal.openExisting(path: path), lock) }
            let opened = try RunJournal.openForRun(path: path, startAfresh: options.newJournal)
            if let movedAside = opened.movedAside {
                Console.error("note: a new journal was started at \(path); the old file is kept as \(movedAside)\n")
            }
            return (opened.journal, lock)
        } catch {
            Console.error("error: \(error)\n")
            lock.release()
            throw ExitCode(2)
        }
    }

    /// Runs `makeRunner`'s runner to its end under SIGINT/SIGTERM (`signals`, installed when the command
    /// started), with progress on standard error; prints the summary and returns the result.
    static func drive(
        _ options: LinerSessionOptions, signals: SignalStop, apply: Bool,
        makeRunner: (StopRequest, @escaping @Sendable (RunEvent) -> Void) -> LinerRunner
    ) async -> RunResult {
        let display = ProgressDisplay(mode: options.progress, interval: options.progressInterval)
        let runner = makeRunner(signals.stop) { event in display.handle(event) }
        signals.runStarting()
        let task = Task { await runner.run() }
        signals.runStarted { task.cancel() }
        let result = await task.value
        signals.runEnded()
        display.finish()
        Console.error(result.render(apply: apply))
        return result
    }
}
