import Foundation
import LeadEngine
import LinerClient
import LinerRun
import LinerSim
import RunJournal
import Testing

/// `enrich revert RUN_ID`: restores the fields a run changed, only where the lead still holds what the run
/// wrote; clears fields that were empty before only when allowed; is a run of its own, and can be reverted.
@Suite("revert a run", .serialized, .timeLimit(.minutes(2)))
struct RevertTests {
    @Test("a dry revert lists what it would restore and what it holds back, and sends nothing")
    func dryRevert() async throws {
        let bench = try await PlanBench.start()
        let applied = await bench.applyRules()
        let runId = try #require(applied.runId)
        let changes = try bench.journal.changes(runId: runId).filter { $0.state == .applied }
        #expect(!changes.isEmpty)
        await bench.simulator.clearRequestLog()
        let runsBefore = try bench.journal.runs(limit: 10).count
        let (result, events) = try await bench.revert(runId, apply: false)
        #expect(await bench.posts().isEmpty, "a dry revert sends nothing")
        #expect(try bench.journal.runs(limit: 10).count == runsBefore, "and records no run")
        #expect(result.tally.patched > 0)
        #expect(events.output.contains { $0.contains("\"patch\"") })
        // utcOffset was absent before the run on most leads: restoring it means clearing, not allowed by default.
        #expect(events.problems.contains { $0.contains("utcOffset") && $0.contains("empty before run \(runId)") })
        try await bench.stop()
    }

    @Test("revert --apply restores what still holds the run's values, holds back what a person changed, and is a run of its own; with --allow-clears it clears; a revert reverts")
    func applyRevert() async throws {
        let bench = try await PlanBench.start()
        let seed = Dictionary(uniqueKeysWithValues: RunFixture.leads(40).map { ($0["id"]!.intValue!, $0) })
        let applied = await bench.applyRules()
        let runId = try #require(applied.runId)
        let written = try bench.journal.changes(runId: runId).filter { $0.state == .applied }
        // A person changes the priority the run wrote on one lead.
        let edited = try #require(written.first { $0.patch.contains("\"priority\":9") })
        try await bench.personEdits(edited.leadId, #"{"priority":3}"#)
        await bench.simulator.clearRequestLog()

        let (first, events) = try await bench.revert(runId, apply: true)
        #expect(first.ending == .completed)
        #expect(first.exitCode == 1, "held-back fields are reported")
        #expect(events.problems.contains { $0.contains("lead \(edited.leadId)") && $0.contains("changed since run \(runId)") && $0.contains("priority") })
        #expect(await bench.simulator.lead(edited.leadId)?["priority"] == .int(3), "the person's value stays")
        let revertRun = try #require(try bench.journal.run(id: first.runId ?? 0))
        #expect(revertRun.source == "revert:\(runId)")
        #expect(revertRun.mode == .apply)
        for post in await bench.posts() {
            #expect(!post.updateBody.contains("utcOffset"), "no clear without --allow-clears: \(post.updateBody)")
        }
        // Fields that held the run's values are back to the seed's, except utcOffset that was empty.
        for change in written where change.leadId != edited.leadId {
            let lead = try #require(await bench.simulator.lead(change.leadId))
            for field in ["priority", "statusId"] where change.patch.contains("\"\(field)\"") {
                #expect(lead[field] == seed[change.leadId]?[field], "lead \(change.leadId) \(field)")
            }
        }

        // Again with --allow-clears: the utcOffsets that were absent before are cleared; the rest is already done.
        await bench.simulator.clearRequestLog()
        let (second, _) = try await bench.revert(runId, apply: true, allowClears: true)
        let clears = await bench.posts()
        #expect(!clears.isEmpty)
        #expect(clears.allSatisfy { $0.updateBody == #"{"utcOffset":null}"# }, "\(clears.map(\.updateBody))")
        #expect(second.tally.held == 1, "the person's change is still held back")
        for change in written where change.patch.contains("utcOffset") && seed[change.leadId]?["utcOffset"] == nil {
            #expect(await bench.simulator.lead(change.leadId)?["utcOffset"] ?? .null == .null, "lead \(change.leadId)")
        }

        // Reverting the first revert writes the rules' values back.
        await bench.simulator.clearRequestLog()
        let (third, _) = try await bench.revert(try #require(first.runId), apply: true)
        #expect(third.ending == .completed)
        for change in written where change.leadId != edited.leadId && change.patch.contains("\"priority\":9") {
            #expect(await bench.simulator.lead(change.leadId)?["priority"] == .int(9), "lead \(change.leadId)")
        }
        #expect(try bench.journal.consistencyProblems().isEmpty)
        #expect(try bench.journal.unsettledChanges().isEmpty)
        // A revert leaves the scheduled runs' window alone.
        #expect(try bench.journal.lastSuccessfulRun(source: "liner:test", shard: nil)?.id == runId)
        try await bench.stop()
    }

    @Test("a revert's update whose answer was lost is checked by the next run, never re-evaluated (which would undo the revert)")
    func lostRevertAnswer() async throws {
        let bench = try await PlanBench.start()
        let runId = try #require(await bench.applyRules().runId)
        let written = try #require(try bench.journal.changes(runId: runId).first { $0.patch == #"{"priority":9}"# })
        // A revert killed after sending its update, before the answer was recorded: the update landed.
        let revert = try bench.journal.beginRun(NewRun(source: "revert:\(runId)", mode: .apply, rulesDigest: "digest"))
        let ids = try bench.journal.recordPlanned(runId: revert.id, [NewChange(leadId: written.leadId, patch: #"{"priority":5}"#, base: #"{"priority":9}"#)])
        try await bench.personEdits(written.leadId, #"{"priority":5}"#)
        try bench.journal.finishRun(id: revert.id, state: .interrupted, counts: RunCounts(patched: 1), note: "killed")
        await bench.simulator.clearRequestLog()

        let next = await bench.applyRules()
        #expect(next.ending == .completed)
        #expect(!(await bench.posts()).contains { $0.leadId == written.leadId }, "the rules' value was not written back")
        #expect(await bench.simulator.lead(written.leadId)?["priority"] == .int(5))
        #expect(try bench.journal.change(id: ids[0])?.state == .verified)
        try await bench.stop()
    }

    @Test("a value from before the run that Liner does not take (a phone as typed) is held back and listed; the lead's other fields are restored")
    func unsendableBeforeValue() async throws {
        let bench = try await PlanBench.start(leads: 5)
        let leadId = 2
        // A run normalised a typed phone and wrote a priority (as the pack's phone and priority rules do).
        try await bench.personEdits(leadId, #"{"phone":"+79161234567","priority":9,"utcOffset":3}"#)
        let run = try bench.journal.beginRun(NewRun(source: "liner:test", mode: .apply, rulesDigest: "digest"))
        let ids = try bench.journal.recordPlanned(runId: run.id, [NewChange(
            leadId: leadId, patch: #"{"phone":"+79161234567","priority":9,"utcOffset":3}"#,
            base: #"{"phone":"8 (916) 123-45-67","priority":4,"utcOffset":5}"#)])
        try bench.journal.recordOutcome(ChangeOutcome(changeId: ids[0], state: .applied, attempts: 1, httpStatus: 200))
        try bench.journal.finishRun(id: run.id, state: .succeeded, counts: RunCounts(read: 1, patched: 1, applied: 1), note: nil)

        let (dry, dryEvents) = try await bench.revert(run.id, apply: false)
        #expect(dry.tally.held == 1)
        #expect(dryEvents.output.contains { $0.contains(#""patch":{"priority":4,"utcOffset":5}"#) }, "\(dryEvents.output)")
        #expect(dryEvents.problems.contains { $0.contains("lead \(leadId)") && $0.contains("cannot be sent") && $0.contains("8 (916) 123-45-67") },
                "\(dryEvents.problems)")
        await bench.simulator.clearRequestLog()

        let (applied, events) = try await bench.revert(run.id, apply: true)
        #expect(applied.ending == .completed)
        #expect(applied.exitCode == 1, "the held-back phone is reported")
        #expect(await bench.posts().map(\.updateBody) == [#"{"priority":4,"utcOffset":5}"#])
        let lead = try #require(await bench.simulator.lead(leadId))
        #expect(lead["priority"] == .int(4) && lead["utcOffset"] == .int(5))
        #expect(lead["phone"] == .string("+79161234567"), "the normalised phone stays")
        #expect(events.problems.contains { $0.contains("phone") && $0.contains("not restored") })
        let revertRun = try #require(applied.runId)
        let revertChanges = try bench.journal.changes(runId: revertRun)
        #expect(revertChanges.map(\.state).sorted { $0.rawValue < $1.rawValue } == [.applied, .skipped], "the restore applied, the phone held back: \(revertChanges)")
        let problems = try bench.journal.consistencyProblems()
        #expect(problems.isEmpty, "\(problems)")
        try await bench.stop()
    }

    @Test("a run that does not exist or was a dry run cannot be reverted")
    func nothingToRevert() async throws {
        let bench = try await PlanBench.start(leads: 5)
        #expect(throws: PreparationError.self) { try RunReversal(journal: bench.journal, runId: 42, allowClears: false) }
        try await bench.stop()
    }
}

/// A run killed with updates in flight leaves their outcome unknown; the next run settles them. A person may have
/// changed a field meanwhile, and the next run's lead list may have been read before its own updates landed.
@Suite("recovery after a killed run keeps people's edits", .serialized, .timeLimit(.minutes(2)))
struct KilledRunRecoveryTests {
    @Test("A field holding neither the killed update's value nor the value before it was changed by a person: kept, not rewritten")
    func editAfterUnknownUpdate() async throws {
        let bench = try await PlanBench.start(leads: 10)
        let planned = try await bench.plan().leads
        let change = try #require(planned.first { $0.patch["priority"]?.intValue.map { $0 > 4 } == true })
        let leadId = change.leadId
        let before = try #require(await bench.simulator.lead(leadId))
        let wrote = try #require(change.patch["priority"])
        // Run 1 sent priority (it landed), then was killed before recording the answer; then a person set 4.
        _ = try bench.killedRun([NewChange(leadId: leadId, patch: JSONWriter.write(.object([("priority", wrote)])),
                                           base: JSONWriter.write(.object([("priority", before["priority"] ?? .null)])))])
        try await bench.personEdits(leadId, #"{"priority":4}"#)
        await bench.simulator.clearRequestLog()

        let (next, events) = await bench.applyRulesTelling()
        #expect(next.ending == .completed)
        #expect(await bench.simulator.lead(leadId)?["priority"] == .int(4), "the person's value stays")
        #expect(!(await bench.posts()).contains { $0.leadId == leadId && $0.updateBody.contains("priority") })
        #expect(events.notices.contains { $0.contains("lead \(leadId): priority kept") }, "\(events.notices)")
        #expect(try bench.journal.keptEdits(leadId: leadId).map(\.field) == ["priority"])
        try await bench.stop()
    }

    @Test("A killed update that did not land (the lead holds the value before it) is written again, no edit is seen")
    func unknownUpdateThatDidNotLand() async throws {
        let bench = try await PlanBench.start(leads: 10)
        let planned = try await bench.plan().leads
        let change = try #require(planned.first { $0.patch["priority"] != nil })
        let before = try #require(await bench.simulator.lead(change.leadId))
        _ = try bench.killedRun([NewChange(leadId: change.leadId, patch: JSONWriter.write(.object([("priority", change.patch["priority"]!)])),
                                           base: JSONWriter.write(.object([("priority", before["priority"] ?? .null)])))])
        let (next, events) = await bench.applyRulesTelling()
        #expect(next.ending == .completed)
        #expect(await bench.simulator.lead(change.leadId)?["priority"] == change.patch["priority"])
        #expect(!events.notices.contains { $0.contains("kept") }, "\(events.notices)")
        try await bench.stop()
    }

    @Test("Leads the recovery re-read and updated are not evaluated again from a lead list read before those updates landed")
    func noFalseEditsFromAnOlderListCopy() async throws {
        // Every update waits 150 ms and one is in flight at a time: the lead list's last batch, read ahead at the
        // start, is evaluated after the recovery's updates of its leads landed and were recorded.
        let bench = try await PlanBench.start(leads: 40, updateDelay: .milliseconds(150))
        let all = try await bench.plan().leads
        let planned = all.filter { $0.leadId >= all.map(\.leadId).sorted()[all.count - 4] }
        #expect(planned.count == 4)
        // A killed run whose updates did not land: the next run re-evaluates those leads and sends them first.
        var unsettled: [NewChange] = []
        for change in planned {
            let before = try #require(await bench.simulator.lead(change.leadId))
            let base = JSONValue.object(change.patch.objectMembers!.map { ($0.0, before[$0.0] ?? .null) })
            unsettled.append(NewChange(leadId: change.leadId, patch: JSONWriter.write(change.patch), base: JSONWriter.write(base)))
        }
        _ = try bench.killedRun(unsettled)
        await bench.simulator.clearRequestLog()
        let (next, events) = await bench.applyRulesTelling(batchSize: 10, maxInFlight: 1)
        #expect(next.ending == .completed)
        #expect(!events.notices.contains { $0.contains("kept") }, "nobody edited anything: \(events.notices.filter { $0.contains("kept") })")
        #expect(next.tally.keptEdits == 0)
        let posted = await bench.posts().map(\.leadId)
        #expect(posted.count == Set(posted).count, "no lead updated twice: \(posted)")
        for change in planned {
            #expect(try bench.journal.keptEdits(leadId: change.leadId).isEmpty)
        }
        try await bench.stop()
    }
}

/// `enrich run --input EXPORT --apply`: the export is a copy of the leads as they were; Liner may hold newer values.
@Suite("applying an export's patches", .serialized, .timeLimit(.minutes(2)))
struct ExportApplyTests {
    @Test("A lead changed in Liner since the export (a status moved, a new phone) is held back and listed; the others are sent")
    func changedSinceTheExport() async throws {
        let bench = try await PlanBench.start(leads: 10)
        var export = ""
        for id in 1...10 { export += JSONWriter.write(try #require(await bench.simulator.lead(id))) + "\n" }
        let path = RunFixture.temporaryPath("export.jsonl")
        try export.write(toFile: path, atomically: true, encoding: .utf8)
        let planned = try await bench.plan().leads
        let moved = try #require(planned.first { $0.patch["statusId"] != nil || $0.patch["priority"] != nil })
        // After the export was taken, a manager changes one of the fields the engine would patch.
        let field = moved.patch["statusId"] != nil ? "statusId" : "priority"
        let value: JSONValue = field == "statusId" ? .int(2) : .int(1)
        try await bench.personEdits(moved.leadId, JSONWriter.write(.object([(field, value)])))
        await bench.simulator.clearRequestLog()

        let configuration = RunConfiguration(source: .file(path: path, format: nil), sourceName: "file:" + path, apply: true, now: bench.now)
        let events = RunFixture.Events()
        let result = await LinerRunner(engine: bench.engine, client: bench.client, journal: bench.journal, configuration: configuration,
                                       events: events.handle).run()
        #expect(result.ending == .completed)
        #expect(result.exitCode == 1, "the held-back lead is reported")
        #expect(await bench.simulator.lead(moved.leadId)?[field] == value, "the manager's value stays")
        let posted = await bench.posts().map(\.leadId)
        #expect(!posted.contains(moved.leadId))
        #expect(Set(posted) == Set(planned.map(\.leadId)).subtracting([moved.leadId]), "the others are sent")
        #expect(events.problems.contains { $0.contains("lead \(moved.leadId): changed in Liner since the export") && $0.contains(field) },
                "\(events.problems)")
        #expect(result.tally.held == 1)
        try await bench.stop()
    }
}

