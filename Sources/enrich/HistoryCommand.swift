import ArgumentParser
import Foundation
import LeadEngine
import LinerWire
import RunJournal

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show every change the engine made (or tried to make) to a lead, when, and by which rule.",
        discussion: """
        Reads the run journal written by `enrich run --apply`. Each change lists its run, its time, \
        its outcome (applied, rejected with Liner's message, unknown, verified by a later run, ...) \
        and, per field, old -> new and the rule (file:line:column) that wrote it.

        Exit codes: 0 shown (also when the lead has no change); 2 the journal cannot be read; \
        64 usage.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The lead id.")
    var leadId: Int

    @Option(help: ArgumentHelp("The run journal (default: $ENRICH_JOURNAL, else ~/.local/state/liner-enrich/journal.sqlite).", valueName: "path"))
    var journal: String?

    @Option(help: "Output format: text or json (one object per change).")
    var format: Format = .text

    func validate() throws {
        guard leadId > 0 else { throw ValidationError("the lead id must be > 0, not \(leadId)") }
    }

    func run() throws {
        let path = journal ?? RunJournal.defaultPath()
        let entries: [HistoryEntry]
        let retries: [RetryLead]
        let kept: [KeptEdit]
        do {
            let journal = try RunJournal.openExisting(path: path)
            entries = try journal.history(leadId: leadId)
            retries = try journal.retryEntries(leadId: leadId)
            kept = try journal.keptEdits(leadId: leadId)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        switch format {
        case .json:
            Console.output(entries.map { JSONWriter.write(json($0)) + "\n" }.joined())
            Console.output(retries.map { JSONWriter.write(json($0)) + "\n" }.joined())
            Console.output(kept.map { JSONWriter.write(json($0)) + "\n" }.joined())
        case .text:
            Console.output(text(entries) + text(retries) + text(kept))
        }
    }

    private func text(_ entries: [HistoryEntry]) -> String {
        guard !entries.isEmpty else { return "lead \(leadId): no change recorded in this journal\n" }
        var out = "lead \(leadId): \(entries.count) change\(entries.count == 1 ? "" : "s")\n"
        for entry in entries {
            let change = entry.change
            let run = entry.run
            let tries = change.attempts == 1 ? "1 attempt" : "\(change.attempts) attempts"
            out += "\n\(iso(change.updatedAt))  \(change.state.rawValue) (\(tries))  run \(run.id), \(run.source)"
            if let shard = run.shard { out += ", shard \(shard)" }
            out += "\n"
            // Messages come from servers: shown with control characters made visible (journals written by older
            // versions kept them raw).
            if let message = change.message, !message.isEmpty { out += "  \(LogSafeText.make(message))\n" }
            let provenance = (try? JSONParser.parse(change.provenance)) ?? .array([])
            if case let .array(fields) = provenance {
                for field in fields {
                    let name = field["field"].flatMap(string) ?? "?"
                    let old = field["old"].map(JSONWriter.write) ?? "null"
                    let new = field["new"].map(JSONWriter.write) ?? "null"
                    let rule = field["rule"].flatMap(string) ?? "?"
                    let at = field["at"].flatMap(string) ?? "?"
                    out += "  \(name): \(old) -> \(new)   by \"\(rule)\" (\(at))\n"
                }
            }
        }
        return out
    }

    /// Fields runs left alone because a person had changed them.
    private func text(_ kept: [KeptEdit]) -> String {
        guard !kept.isEmpty else { return "" }
        var out = "\nkept (people's edits win):\n"
        for edit in kept {
            out += "  \(iso(edit.at))  run \(edit.runId) kept \(edit.field) = \(LogSafeText.make(edit.leadValue)): changed by a person since run "
                + "\(edit.writtenInRun) (the engine had written \(LogSafeText.make(edit.engineValue)))"
            if let rule = edit.rule { out += "; \"\(rule)\" does not override edits" }
            out += "\n"
        }
        return out
    }

    private func json(_ edit: KeptEdit) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("leadId", .int(edit.leadId)), ("kept", .string(edit.field)), ("run", .int(Int(edit.runId))),
            ("writtenInRun", .int(Int(edit.writtenInRun))), ("engineValue", .string(edit.engineValue)),
            ("leadValue", .string(edit.leadValue)), ("at", .string(iso(edit.at))),
        ]
        if let rule = edit.rule { members.append(("rule", .string(rule))) }
        return .object(members)
    }

    /// The lead's place in the retry set, if any.
    private func text(_ retries: [RetryLead]) -> String {
        var out = ""
        for entry in retries {
            let shard = entry.shard.isEmpty ? "" : ", shard \(entry.shard)"
            switch entry.state {
            case .waiting:
                out += "\nin the retry set of \(entry.source)\(shard): \(entry.failures) failed attempt(s) since \(iso(entry.firstFailedAt)), "
                    + "next try at \(iso(entry.nextAttemptAt))\n"
            case .givenUp:
                out += "\ngiven up on in \(entry.source)\(shard) after \(entry.failures) failed attempts (\(iso(entry.firstFailedAt)) .. "
                    + "\(iso(entry.lastFailedAt)))\n"
            }
            out += "  last error: \(LogSafeText.make(entry.lastError))\n"
        }
        return out
    }

    private func json(_ entry: RetryLead) -> JSONValue {
        .object([
            ("leadId", .int(entry.leadId)), ("retry", .string(entry.state.rawValue)), ("source", .string(entry.source)),
            ("shard", .string(entry.shard)), ("failures", .int(entry.failures)), ("firstFailedAt", .string(iso(entry.firstFailedAt))),
            ("lastFailedAt", .string(iso(entry.lastFailedAt))), ("nextAttemptAt", .string(iso(entry.nextAttemptAt))),
            ("lastError", .string(LogSafeText.make(entry.lastError))),
        ])
    }

    private func json(_ entry: HistoryEntry) -> JSONValue {
        let change = entry.change
        var members: [(String, JSONValue)] = [
            ("leadId", .int(change.leadId)), ("run", .int(Int(entry.run.id))), ("source", .string(entry.run.source)),
            ("state", .string(change.state.rawValue)), ("attempts", .int(change.attempts)),
            ("plannedAt", .string(iso(change.createdAt))), ("settledAt", .string(iso(change.updatedAt))),
            ("patch", (try? JSONParser.parse(change.patch)) ?? .string(change.patch)),
            ("changes", (try? JSONParser.parse(change.provenance)) ?? .array([])),
        ]
        if let status = change.httpStatus { members.append(("httpStatus", .int(status))) }
        if let message = change.message { members.append(("message", .string(LogSafeText.make(message)))) }
        return .object(members)
    }

    private func string(_ value: JSONValue) -> String? {
        if case let .string(text) = value { return text }
        return nil
    }

    /// Dates as the journal writes them (`2026-11-25T09:00:00.123Z`): they come from it, to the millisecond.
    private func iso(_ date: Date) -> String { JournalTime.string(from: date) }
}
