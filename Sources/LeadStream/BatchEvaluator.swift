import Dispatch
import Foundation
import LeadEngine

/// Evaluates batches of records on every core, keeping input order.
///
/// Each worker owns an ``Evaluator`` (scratch memory is never shared); the engine is shared.
public final class BatchEvaluator: @unchecked Sendable {
    // @unchecked: worker `i` only ever touches `evaluators[i]` and its own slice of the results.
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

    /// Parses and evaluates `records`; the outcomes come back in the same order.
    public func evaluate(_ records: [InputRecord]) -> [LeadOutcome] {
        let count = records.count
        guard count > 0 else { return [] }
        let workers = min(evaluators.count, max(1, count / 64))
        let results = UnsafeMutableBufferPointer<LeadOutcome?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deallocate() }
        let box = ResultsBox(results)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            let evaluator = evaluators[worker]
            var index = worker * count / workers
            let end = (worker + 1) * count / workers
            while index < end {
                box.buffer[index] = outcome(records[index], evaluator)
                index += 1
            }
        }
        return results.map { $0! }
    }

    private func outcome(_ record: InputRecord, _ evaluator: Evaluator) -> LeadOutcome {
        let at = "\(inputName):\(record.line)"
        switch record.fields {
        case let .failure(error):
            return LeadOutcome(line: record.line, leadId: nil, evaluation: nil, errors: ["\(at): error: \(error.message)"])
        case let .success(fields):
            let lead: Lead
            do {
                lead = try Lead(fields: fields)
            } catch {
                let id = error.leadId.map { "lead \($0): " } ?? ""
                return LeadOutcome(line: record.line, leadId: error.leadId, evaluation: nil, errors: ["\(at): error: \(id)\(error.message)"])
            }
            let evaluation = evaluator.evaluate(lead, now: now, trace: false)
            let errors = evaluation.errors.map { "\(at): error: \($0)" }
            return LeadOutcome(line: record.line, leadId: lead.id, evaluation: evaluation, errors: errors)
        }
    }
}

/// Lets workers write disjoint slots of one buffer.
private struct ResultsBox: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<LeadOutcome?>
    init(_ buffer: UnsafeMutableBufferPointer<LeadOutcome?>) { self.buffer = buffer }
}
