import Foundation
import Synchronization

/// Where requests' CPU work (reading a body's JSON, evaluating its leads, writing the answer) runs: on threads of
/// its own, at most ``width`` requests at once, the others waiting their turn until their deadline.
///
/// The server's tasks (probes, `/metrics`, request bodies being read, answers being written) run on Swift's
/// cooperative pool, one thread per core. Evaluating there, a few large batches held every thread of the pool
/// and `/healthz` waited behind them for tens of seconds; a request waiting for a thread was not even reading
/// its body, so its connection was closed at the idle timeout instead of being answered 503. Here a waiting
/// request is a suspended task: it holds no thread, and when its deadline passes it gets its 503.
final class EvaluationGate: Sendable {
    /// How many requests evaluate at once.
    let width: Int
    private let state: Mutex<State>

    private struct State: ~Copyable {
        var free: Int
        /// Requests waiting for a turn, first come first served.
        var waiting: [(id: Int, turn: CheckedContinuation<Bool, Never>)] = []
        var lastId = 0
    }

    /// A gate letting `width` requests (at least one) evaluate at once.
    init(width: Int) {
        self.width = max(1, width)
        state = Mutex(State(free: max(1, width)))
    }

    /// `work`'s result, computed on a thread outside the cooperative pool; `nil` when no turn came before
    /// `deadline` (then `work` never runs).
    func run<T: Sendable>(until deadline: ContinuousClock.Instant, _ work: @escaping @Sendable () -> T) async -> T? {
        guard await turn(until: deadline) else { return nil }
        if ContinuousClock.now >= deadline {
            leave()
            return nil
        }
        let result = await withCheckedContinuation { (done: CheckedContinuation<T, Never>) in
            // A thread of its own (tens of microseconds to start), not a shared pool: an evaluation blocks its
            // thread while a batch's workers run, and a shared pool (Dispatch's global queues) starved by such
            // waits left single leads queued past their deadline.
            let thread = Thread { done.resume(returning: work()) }
            thread.name = "enrich-evaluation"
            thread.stackSize = 8 << 20
            thread.start()
        }
        leave()
        return result
    }

    /// Waits for a turn: `true` when one came, `false` when `deadline` passed first.
    private func turn(until deadline: ContinuousClock.Instant) async -> Bool {
        let id: Int? = state.withLock { state in
            if state.free > 0 {
                state.free -= 1
                return nil
            }
            state.lastId += 1
            return state.lastId
        }
        guard let id else { return true }
        let timer = Task {
            do { try await Task.sleep(until: deadline) } catch { return }   // cancelled: the turn came
            self.expire(id)
        }
        let granted = await withCheckedContinuation { (turn: CheckedContinuation<Bool, Never>) in
            let answer = state.withLock { state -> Bool? in
                // A turn may have been given back between the first look and now; and the timer may have
                // fired already (then it found nothing to expire).
                if state.free > 0 {
                    state.free -= 1
                    return true
                }
                if ContinuousClock.now >= deadline { return false }
                state.waiting.append((id, turn))
                return nil
            }
            if let answer { turn.resume(returning: answer) }
        }
        timer.cancel()
        return granted
    }

    /// The deadline of waiting request `id` passed: it leaves the queue without a turn (unless it just got one).
    private func expire(_ id: Int) {
        let turn = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            guard let index = state.waiting.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiting.remove(at: index).turn
        }
        turn?.resume(returning: false)
    }

    /// A request is done: its turn goes to the first one waiting, or back to the gate.
    private func leave() {
        let next = state.withLock { state -> CheckedContinuation<Bool, Never>? in
            if state.waiting.isEmpty {
                state.free += 1
                return nil
            }
            return state.waiting.removeFirst().turn
        }
        next?.resume(returning: true)
    }
}
