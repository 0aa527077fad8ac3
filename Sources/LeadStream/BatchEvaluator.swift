import Foundation
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
    /// The input's name in messages (`leads.jsonl`, `<stdin>`).
    private let inputName: String

    public init(engine: Engine, now: Date, explain: Bool, inputName: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.evaluators = (0..<max(1, workers)).map { _ in engine.makeEvaluator() }
        self.threads = WorkerThreads(count: evaluators.count)
        self.now = now
        self.explain = explain
        self.inputName = inputName
    }

    /// Parses and evaluates `records` at the reference time given at `init`, or at `now` when given (a
    /// long-lived evaluator serving requests that each have their own time); the outcomes come back in the
    /// same order. Not for concurrent calls: each worker's scratch memory is reused.
    public func evaluate(_ records: [InputRecord], now: Date? = nil) -> [LeadOutcome] {
        let now = now ?? self.now
        let detail = self.detail
        let parts = run(records) { part, range, evaluator in
            part.outcomes.reserveCapacity(range.count)
            for index in range {
                // The evaluations are kept (in the outcomes): each its own `Evaluation`.
                let outcome = outcome(records[index], makeLine: true) { lead in
                    let evaluation = evaluator.evaluate(lead, now: now, detail: detail)
                    return (evaluation, evaluation.errors)
                }
                part.outcomes.append(outcome)
            }
        }
        return parts.flatMap(\.outcomes)
    }

    /// Parses and evaluates `records` for a run over a file: the workers write the output lines and the error
    /// lines and count the outcomes, each for its own part; the parts are joined in input order.
    public func evaluateToText(_ records: [InputRecord]) -> EvaluatedText {
        let detail = self.detail, explain = self.explain
        let parts = run(records) { part, range, evaluator in
            // Every lead of the part is evaluated into one buffer, and counted and written from it: nothing is
            // allocated per lead once the buffer has grown (the outcome holds no evaluation).
            var buffer = EvaluationBuffer()
            for index in range {
                var evaluated = false
                let outcome = outcome(records[index], makeLine: false) { lead in
                    evaluator.evaluate(lead, now: now, detail: detail, into: &buffer)
                    evaluated = true
                    return (nil, buffer.errors)
                }
                if evaluated {
                    part.tally.add(outcome, evaluatedInto: buffer, names: &part.names)
                } else {
                    part.tally.add(outcome, names: &part.names)
                }
                for message in outcome.errors {
                    part.errors += message
                    part.errors += "\n"
                }
                // The line is written straight into the part (the outcome carries none).
                if evaluated, !buffer.patch.isEmpty {
                    OutputEncoder.write(buffer, explain: explain, into: &part.output)
                    part.output.append(0x0A)
                }
            }
        }
        var text = EvaluatedText()
        for part in parts {
            text.output += String(decoding: part.output, as: UTF8.self)
            text.errors += part.errors
            text.tally.add(part.tally)
            text.tally.add(part.names)
        }
        return text
    }

    /// Splits `records` into one contiguous part per worker and runs `body` on each, side by side.
    private func run(_ records: [InputRecord], _ body: (Part, Range<Int>, Evaluator) -> Void) -> [Part] {
        let count = records.count
        guard count > 0 else { return [] }
        let workers = min(evaluators.count, max(1, count / 64))
        // Each worker fills its own part: no shared mutable memory.
        let parts = (0..<workers).map { _ in Part() }
        threads.run(parts: workers) { worker in
            let range = (worker * count / workers)..<((worker + 1) * count / workers)
            body(parts[worker], range, evaluators[worker])
        }
        return parts
    }

    /// The level of detail of the evaluations: provenance for `--explain` (its changes name what the regexes
    /// matched).
    private var detail: EvaluationDetail { explain ? .provenance : .patch }

    /// What became of `record`, a lead evaluated by `evaluate`: it returns the evaluation to keep in the outcome
    /// (`nil` when the caller reads it where `evaluate` put it) and the evaluation's errors. The output line is made
    /// only when `makeLine` and the outcome holds the evaluation (a run over a file writes it itself).
    private func outcome(_ record: InputRecord, makeLine: Bool,
                         evaluate: (Lead) -> (evaluation: Evaluation?, errors: [LeadError])) -> LeadOutcome {
        // Named only when there is an error to say (most leads have none).
        var at: String { "\(inputName):\(record.line)" }
        switch record.fields {
        case let .failure(error):
            return LeadOutcome(line: record.line, leadId: nil, evaluation: nil, errors: ["\(at): error: \(error.message)"], outputLine: nil)
        case let .success(fields):
            let lead: Lead
            do {
                lead = try Lead(fields: fields)
            } catch {
                let id = error.leadId.map { "lead \($0): " } ?? ""
                return LeadOutcome(line: record.line, leadId: error.leadId, evaluation: nil, errors: ["\(at): error: \(id)\(error.message)"],
                                   outputLine: nil)
            }
            let (evaluation, leadErrors) = evaluate(lead)
            let errors = leadErrors.isEmpty ? [] : leadErrors.map { "\(at): error: \($0)" }
            var outcome = LeadOutcome(line: record.line, leadId: lead.id, evaluation: evaluation, errors: errors)
            if makeLine, let evaluation, !evaluation.patch.isEmpty {
                outcome.outputLine = OutputEncoder.line(for: evaluation, explain: explain)
            }
            return outcome
        }
    }
}

/// What a batch of a run over a file printed and counted (``BatchEvaluator/evaluateToText(_:)``).
public struct EvaluatedText: Sendable {
    /// The output lines of the leads whose patch is not empty, in input order, each ending in a line break.
    public var output = ""
    /// The error lines (input problems, per-lead errors), in input order, each ending in a line break.
    public var errors = ""
    /// The batch's counts.
    public var tally = RunTally()
}

/// One worker's share of a batch. Written by that worker only, read after all workers finished.
private final class Part: @unchecked Sendable {
    var outcomes: [LeadOutcome] = []
    /// The output lines as UTF-8 (one `String` is made of them when the batch is joined).
    var output: [UInt8] = []
    var errors = ""
    var tally = RunTally()
    /// The field and rule names of `tally`'s outcomes, counted apart until the part is joined.
    var names = NameCounts()
}
