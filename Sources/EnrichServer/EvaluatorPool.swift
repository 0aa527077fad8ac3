import Foundation
import LeadEngine
import LeadStream
import Synchronization

/// One-worker ``BatchEvaluator``s of one engine, lent to one request at a time and given back, so that a
/// single lead does not pay for making an evaluator's scratch memory.
final class EvaluatorPool: Sendable {
    private let engine: Engine
    private let idle = Mutex<[BatchEvaluator]>([])
    /// The most kept idle; more are made when requests overlap and dropped when given back.
    private static let capacity = 64

    init(engine: Engine) {
        self.engine = engine
    }

    /// Runs `body` with an evaluator no one else uses meanwhile.
    func with<T>(_ body: (BatchEvaluator) -> T) -> T {
        let evaluator = idle.withLock { $0.popLast() }
            ?? BatchEvaluator(engine: engine, now: Date(), explain: true, inputName: "leads", workers: 1)
        defer { idle.withLock { if $0.count < Self.capacity { $0.append(evaluator) } } }
        return body(evaluator)
    }
}
