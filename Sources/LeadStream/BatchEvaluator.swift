import Foundation
import JSON
import LeadEngine

/// Evaluates batches of records on every core, keeping input order.
///
/// Each worker owns an ``Evaluator`` (scratch memory is never shared); the engine is shared. The workers are
/// threads of the batch evaluator's own (see ``WorkerThreads``), started on first use.
public final class BatchEvaluator: @unchecked Sendable {
    // @unchecked: worker `i` only ever touches `evaluators[i]` and its own part; `threads` is used by one caller
    // at a time (a batch evaluator evaluates one batch at a time).
    private let evaluators: [Evaluator]
    private let threads: WorkerThreads
    private let now: Date
    private let explain: Bool
    /// Whether an evaluation without `explain` records its changes (``Evaluation/changes``: old values, rules,
    /// locations), or only the patch and each change's field and rule (``EvaluationDetail/patchOnly``).
    private let recordsChanges: Bool
    /// The input's name in messages (`leads.jsonl`, `<stdin>`).
    private let inputName: String

    /// A batch evaluator of `engine`'s rules at reference time `now`. With `explain` each evaluation records its
    /// provenance (what the regexes matched); without it, it records its changes when `recordsChanges` (what a run
    /// against Liner plans from: the old values it checks before sending), else only what the patch needs (`enrich
    /// run` over a file, which prints patches and counts fields and rules: ``EvaluationDetail/patchOnly``).
    public init(engine: Engine, now: Date, explain: Bool, inputName: String, recordsChanges: Bool = true,
                workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.evaluators = (0..<max(1, workers)).map { _ in engine.makeEvaluator() }
        self.threads = WorkerThreads(count: evaluators.count)
        self.now = now
        self.explain = explain
        self.recordsChanges = recordsChanges
        self.inputName = inputName
    }

    /// Parses and evaluates `records` at the reference time given at `init`, or at `now` when given (a
    /// long-lived evaluator serving requests that each have their own time); the outcomes come back in the
    /// same order. Not for concurrent calls: each worker's scratch memory is reused.
    public func evaluate(_ records: [InputRecord], now: Date? = nil) -> [LeadOutcome] {
        let now = now ?? self.now
        let parts = run(records) { part, range, evaluator in
            part.outcomes.reserveCapacity(range.count)
            for index in range {
                if index + 1 < range.upperBound { records.withUnsafeBufferPointer { $0[index + 1].prefetch() } }
                part.outcomes.append(outcome(records[index], evaluator, now, makeLine: true))
            }
        }
        return parts.flatMap(\.outcomes)
    }

    /// Parses and evaluates `records` for a run over a file: the workers write the output lines and the error
    /// lines and count the outcomes, each for its own part; the parts are joined in input order.
    public func evaluateToText(_ records: [InputRecord]) -> EvaluatedText {
        let detail = self.detail, explain = self.explain, inputName = self.inputName
        let parts = run(records) { part, range, evaluator in
            // Every lead of the part is evaluated into one buffer, and counted and written from it: nothing is
            // allocated per lead for its evaluation once the buffer has grown.
            var buffer = EvaluationBuffer()
            for index in range {
                // The next lead's memory on its way while this one is evaluated (see ``InputRecord/prefetch()``).
                if index + 1 < range.upperBound { records.withUnsafeBufferPointer { $0[index + 1].prefetch() } }
                let record = records[index]
                switch Self.lead(of: record, inputName: inputName) {
                case let .failure(refused):
                    part.tally.add(refused.outcome, names: &part.names)
                    for message in refused.outcome.errors {
                        part.errors += message
                        part.errors += "\n"
                    }
                case let .success(lead):
                    evaluator.evaluate(lead, now: now, detail: detail, into: &buffer)
                    part.tally.add(evaluatedInto: buffer, names: &part.names)
                    for error in buffer.errors {
                        part.errors += "\(inputName):\(record.line): error: \(LogSafeText.printable(error.description))\n"
                    }
                    // The line is written straight into the part.
                    if !buffer.patch.isEmpty {
                        OutputEncoder.write(buffer, explain: explain, into: &part.output)
                        part.output.append(0x0A)
                    }
                }
            }
        }
        var text = EvaluatedText()
        text.outputUTF8.reserveCapacity(parts.reduce(0) { $0 + $1.output.count })
        for part in parts {
            text.outputUTF8 += part.output
            text.errors += part.errors
            text.tally.add(part.tally)
            text.tally.add(part.names)
        }
        return text
    }

    /// Splits `records` into contiguous parts and runs `body` on each, the workers side by side, each taking the next
    /// part as it finishes one: a worker slowed down (its core shared with the reading thread, longer leads) takes
    /// fewer, so that neither waits long for the other at the batch's end, as with one part per worker.
    private func run(_ records: [InputRecord], _ body: (Part, Range<Int>, Evaluator) -> Void) -> [Part] {
        let count = records.count
        guard count > 0 else { return [] }
        let workers = min(evaluators.count, max(1, count / 64))
        // About 256 records a part (at most 8 a worker, at least one), each filled by the one worker that took it:
        // no shared mutable memory but the counter.
        let partCount = workers == 1 ? 1 : max(workers, min(count / 256, workers * 8))
        let parts = (0..<partCount).map { _ in Part() }
        let next = PartCounter(count: partCount)
        threads.run(parts: workers) { worker in
            while let index = next.take() {
                let range = (index * count / partCount)..<((index + 1) * count / partCount)
                body(parts[index], range, evaluators[worker])
            }
        }
        return parts
    }

    /// The level of detail of the evaluations: provenance for `--explain` (its changes name what the regexes
    /// matched), else the changes when they are asked for, else only what the patch needs (nothing here reads which
    /// writers fired).
    private var detail: EvaluationDetail { explain ? .provenance : recordsChanges ? .patch : .patchOnly }

    /// What became of `record`; its output line is made only when `makeLine` (a run over a file writes it itself).
    private func outcome(_ record: InputRecord, _ evaluator: Evaluator, _ now: Date, makeLine: Bool) -> LeadOutcome {
        let lead: Lead
        switch Self.lead(of: record, inputName: inputName) {
        case let .success(read): lead = read
        case let .failure(refused): return refused.outcome
        }
        let evaluation = evaluator.evaluate(lead, now: now, detail: detail)
        let errors = evaluation.errors.isEmpty ? [] : evaluation.errors.map {
            "\(inputName):\(record.line): error: \(LogSafeText.printable($0.description))"
        }
        var outcome = LeadOutcome(line: record.line, leadId: lead.id, evaluation: evaluation, errors: errors)
        if makeLine, !evaluation.patch.isEmpty { outcome.outputLine = OutputEncoder.line(for: evaluation, explain: explain) }
        return outcome
    }

    /// Why a record is no lead, as the outcome that says so.
    struct Refusal: Error {
        let outcome: LeadOutcome
    }

    /// The lead in `record`, or the outcome of a record that is none. JSON text is read lazily when it can be
    /// (``Lead/init(checkedText:)``, here or already on the reading thread: ``InputRecord/readingLead()``; fields
    /// decoded when the rules read them); otherwise, and for every problem, by
    /// ``Lead/init(fields:)``, which says what is wrong.
    static func lead(of record: InputRecord, inputName: String) -> Result<Lead, Refusal> {
        switch record.content {
        case let .lead(lead, _): return .success(lead)
        case let .json(bytes): if let lead = Lead(checkedText: bytes) { return .success(lead) }
        case .irregularJSON, .fields: break
        }
        // Named only when there is an error to say (most leads have none).
        var at: String { "\(inputName):\(record.line)" }
        switch record.fields {
        case let .failure(error):
            return .failure(Refusal(outcome: LeadOutcome(line: record.line, leadId: nil, evaluation: nil,
                                                         errors: ["\(at): error: \(LogSafeText.printable(error.message))"], outputLine: nil)))
        case let .success(fields):
            do {
                return .success(try Lead(fields: fields))
            } catch {
                let id = error.leadId.map { "lead \($0): " } ?? ""
                return .failure(Refusal(outcome: LeadOutcome(line: record.line, leadId: error.leadId, evaluation: nil,
                                                             errors: ["\(at): error: \(id)\(LogSafeText.printable(error.message))"], outputLine: nil)))
            }
        }
    }
}

/// What a batch of a run over a file printed and counted (``BatchEvaluator/evaluateToText(_:)``).
public struct EvaluatedText: Sendable {
    /// The output lines of the leads whose patch is not empty, in input order, each ending in a line break, as
    /// UTF-8: what a run writes as it is (the encoder wrote valid UTF-8, which is not checked again).
    public var outputUTF8: [UInt8] = []
    /// ``outputUTF8`` as a `String`.
    public var output: String {
        get { String(decoding: outputUTF8, as: UTF8.self) }
        set { outputUTF8 = Array(newValue.utf8) }
    }
    /// The error lines (input problems, per-lead errors), in input order, each ending in a line break.
    public var errors = ""
    /// The batch's counts.
    public var tally = RunTally()
}

/// One worker's share of a batch. Written by that worker only, read after all workers finished.
private final class Part: @unchecked Sendable {
    var outcomes: [LeadOutcome] = []
    /// The output lines as UTF-8 (the parts' bytes are joined in input order).
    var output: [UInt8] = []
    var errors = ""
    var tally = RunTally()
    /// The field and rule names of `tally`'s outcomes, counted apart until the part is joined.
    var names = NameCounts()
}

/// The next part of a batch for a worker to take (``BatchEvaluator``): each index once, in order.
private final class PartCounter: @unchecked Sendable {
    // @unchecked: `next` is read and written under `lock` only.
    private let lock = NSLock()
    private var next = 0
    private let count: Int

    init(count: Int) { self.count = count }

    /// The next part's index, `nil` when every part is taken.
    func take() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        next += 1
        return next - 1
    }
}
