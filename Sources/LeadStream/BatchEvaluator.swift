import Dispatch
import Foundation
import LeadEngine

/// Evaluates batches of records on every core, keeping input order.
///
/// Each worker owns an ``Evaluator`` (scratch memory is never shared); the engine is shared.
public final class BatchEvaluator: @unchecked Sendable {
    // @unchecked: worker `i` only ever touches `evaluators[i]` and its own slice box.
    private let evaluators: [Evaluator]
    private let now: Date
    private let explain: Bool
    /// The input's name in messages (`leads.jsonl`, `<stdin>`).
    private let inputName: String

    public init(engine: Engine, now: Date, explain: Bool, inputName: String, workers: Int = ProcessInfo.processInfo.activeProcessorCount) {
        self.evaluators = (0..<max(1, workers)).map { _ in engine.makeEvaluator() }
        self.now = now
        self.explain = explain
        self.inputName = inputName
    }

    /// Parses and evaluates `records` at the reference time given at `init`, or at `now` when given (a
    /// long-lived evaluator serving requests that each have their own time); the outcomes come back in the
    /// same order. Not for concurrent calls: each worker's scratch memory is reused.
    public func evaluate(_ records: [InputRecord], now: Date? = nil) -> [LeadOutcome] {
        let now = now ?? self.now
        let count = records.count
        guard count > 0 else { return [] }
        let workers = min(evaluators.count, max(1, count / 64))
        // Each worker takes a contiguous slice and fills its own box: no shared mutable memory.
        let slices = (0..<workers).map { _ in SliceBox() }
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let evaluator = evaluators[worker]
            let box = slices[worker]
            let range = (worker * count / workers)..<((worker + 1) * count / workers)
            box.outcomes.reserveCapacity(range.count)
            for index in range { box.outcomes.append(outcome(records[index], evaluator, now)) }
        }
        return slices.flatMap(\.outcomes)
    }

    private func outcome(_ record: InputRecord, _ evaluator: Evaluator, _ now: Date) -> LeadOutcome {
        let at = "\(inputName):\(record.line)"
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
            let evaluation = evaluator.evaluate(lead, now: now, detail: explain ? .provenance : .patch)
            let errors = evaluation.errors.map { "\(at): error: \($0)" }
            var outcome = LeadOutcome(line: record.line, leadId: lead.id, evaluation: evaluation, errors: errors)
            if !evaluation.patch.isEmpty { outcome.outputLine = OutputEncoder.line(for: evaluation, explain: explain) }
            return outcome
        }
    }
}

/// One worker's outcomes. Written by that worker only, read after all workers finished.
private final class SliceBox: @unchecked Sendable {
    var outcomes: [LeadOutcome] = []
}
