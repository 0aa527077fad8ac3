import Foundation
import LeadEngine
import LeadStream
import Synchronization

/// ``BatchEvaluator``s of one engine, lent to one request at a time and given back: a request pays neither for
/// an evaluator's scratch memory nor for starting its worker threads. Single leads take one-worker evaluators;
/// batches take evaluators with a worker per core.
final class EvaluatorPool: Sendable {
    private let engine: Engine
    private let singles = Mutex<[BatchEvaluator]>([])
    private let batches = Mutex<[BatchEvaluator]>([])
    /// The most kept idle of each kind; more are made when requests overlap and dropped when given back.
    private static let singleCapacity = 64
    private static let batchCapacity = 4

    init(engine: Engine) {
        self.engine = engine
    }

    /// Runs `body` with a one-worker evaluator no one else uses meanwhile.
    func single<T>(_ body: (BatchEvaluator) -> T) -> T {
        lend(singles, capacity: Self.singleCapacity, workers: 1, body)
    }

    /// Runs `body` with an evaluator with a worker per core that no one else uses meanwhile.
    func batch<T>(_ body: (BatchEvaluator) -> T) -> T {
        lend(batches, capacity: Self.batchCapacity, workers: ProcessInfo.processInfo.activeProcessorCount, body)
    }

    private func lend<T>(_ idle: borrowing Mutex<[BatchEvaluator]>, capacity: Int, workers: Int, _ body: (BatchEvaluator) -> T) -> T {
        // explain: true asks for the provenance (the "changes" of `enrich run --explain`), not the trace.
        let evaluator = idle.withLock { $0.popLast() }
            ?? BatchEvaluator(engine: engine, now: Date(), explain: true, inputName: "leads", workers: workers)
        let result = body(evaluator)
        idle.withLock { if $0.count < capacity { $0.append(evaluator) } }
        return result
    }
}
