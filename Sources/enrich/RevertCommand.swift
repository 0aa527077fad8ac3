import ArgumentParser
import Foundation
import LeadEngine
import LinerClient
import LinerRun
import RunJournal

struct RevertCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Undo what a run changed, from the journal's before-values (dry unless --apply).",
        discussion: """
        For each field the run changed (its updates that were applied or \
        verified), re-reads the lead and restores the value from before the run, \
        only where the lead still holds what the run wrote. Fields someone changed \
        since are listed and left alone. A field that was empty before the run \
        can only be restored by clearing it: that is done with --allow-clears, \
        otherwise listed. Fields already back at their old value need nothing.

        Without --apply nothing is sent: the lines show what would be. With \
        --apply the revert is a run of its own in the journal (source \
        revert:RUN_ID), each patch recorded before it is sent; it can be reverted \
        in turn. Updates of the run whose outcome is unknown are not reverted.

        Exit codes: 0 everything restored (or already restored); 1 some fields \
        held back or updates failed; 2 no such run, or could not start; 3 \
        another run holds the journal; 4 stopped early; 64 usage; 130/143 \
        interrupted.
        """
    )

    @Argument(help: "The run to undo (see the journal, or enrich history LEAD_ID).")
    var runId: Int64

    @Flag(help: "Send the restoring updates. Without it nothing is sent.")
    var apply = false

    @Flag(name: .customLong("allow-clears"), help: "Clear the fields that were empty before the run (otherwise they are listed, not restored).")
    var allowClears = false

    @OptionGroup var session: LinerSessionOptions

    func validate() throws {
        guard runId > 0 else { throw ValidationError("the run id must be > 0, not \(runId)") }
        if session.newJournal { throw ValidationError("--new-journal makes no sense for revert: the run is in the existing journal") }
    }

    func run() async throws {
        let signals = SignalStop()
        let configuration = try LinerSession.clientConfiguration(session)
        let journal: RunJournal
        var lock: JournalLock?
        if apply {
            let locked = try LinerSession.lockJournal(session, create: false)
            journal = locked.0
            lock = locked.1
        } else {
            do { journal = try RunJournal.openExisting(path: session.journal ?? RunJournal.defaultPath()) } catch {
                Console.error("error: \(error)\n")
                throw ExitCode(2)
            }
        }
        defer { lock?.release() }
        let reversal: RunReversal
        do {
            reversal = try RunReversal(journal: journal, runId: runId, allowClears: allowClears)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        let run = reversal.run
        Console.error("revert of run \(run.id) (\(run.source), started \(Timestamp.format(run.startedAt)), \(run.state.rawValue)): "
            + "\(reversal.landed) update(s) landed" + (apply ? "" : "; dry run: nothing is sent (--apply sends)") + "\n")
        if reversal.unsettled > 0 {
            Console.error("note: \(reversal.unsettled) update(s) of run \(run.id) have an unknown outcome: not reverted (the next run settles them; revert again then)\n")
        }
        let client = LinerClient(configuration: configuration)
        var runConfiguration = RunConfiguration(
            source: .prepared(reversal), sourceName: reversal.sourceName, apply: apply,
            maxInFlight: session.concurrency * 4, printApplied: !session.quietOutput,
            optionsJSON: JSONWriter.write(.object([
                ("revertOf", .int(Int(run.id))), ("allowClears", .bool(allowClears)),
                ("rate", .double(session.rate)), ("concurrency", .int(session.concurrency)),
            ]))
        )
        runConfiguration.retrySource = nil
        runConfiguration.rulesDigest = run.rulesDigest
        // A revert evaluates no rule: the runner gets an engine without any.
        let engine = try Engine(source: "", path: "<revert>")
        let runJournal: RunJournal? = apply ? journal : nil
        let result = await LinerSession.drive(session, signals: signals, apply: apply) { stop, events in
            LinerRunner(engine: engine, client: client, journal: runJournal, configuration: runConfiguration, stop: stop, events: events)
        }
        do { try await client.shutdown() } catch { Console.error("note: the HTTP client did not shut down cleanly: \(error)\n") }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}
