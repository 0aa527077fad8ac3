import BenchSupport
import Testing
@testable import LeadEngine

/// ``FixedArray`` (the evaluator's state arrays, read and written through pointers) against `Array`, the type it
/// replaced: the same elements after the same random writes, and every element deinitialized with its storage.
@Suite struct FixedArrayTests {
    @Test func randomWritesAgreeWithAnArray() {
        var random = SplitMix64(seed: 0x15_1001)
        for count in [0, 1, 2, 7, 64] {
            let storage = FixedArrayStorage()
            let fixed = storage.make(repeating: Value.missing, count: count)
            let numbers = storage.make(repeating: UInt32(0), count: count)
            var array = [Value](repeating: .missing, count: count)
            var plain = [UInt32](repeating: 0, count: count)
            #expect(fixed.count == count && fixed.indices == array.indices)
            guard count > 0 else { continue }
            for step in 0..<500 {
                let index = random.below(count)
                // Texts long enough to live on the heap: a wrong retain or release would show as a wrong text.
                let value: Value = switch random.below(4) {
                case 0: .string("text \(step) " + String(repeating: "x", count: random.below(40)))
                case 1: .int(step)
                case 2: .list([.string("element \(step) of a list, long enough")])
                default: .missing
                }
                fixed[index] = value
                array[index] = value
                numbers[index] &+= UInt32(step)
                plain[index] &+= UInt32(step)
            }
            #expect((0..<count).map { fixed[$0] } == array)
            #expect((0..<count).map { numbers[$0] } == plain)
            #expect(fixed.withUnsafeBufferPointer { Array($0) } == array)
            // A copy of a fixed array is a view of the same elements.
            let view = fixed
            view[0] = .string("through the view")
            #expect(fixed[0] == .string("through the view"))
        }
    }

    /// Every element is deinitialized when the storage goes: none leaks, none is freed twice.
    @Test func theStorageDeinitializesItsElements() {
        let counter = Counter()
        do {
            let storage = FixedArrayStorage()
            let tracked = storage.make(repeating: Tracked(counter), count: 5)
            tracked[2] = Tracked(counter)
            let empty = storage.make(repeating: Tracked(counter), count: 0)
            #expect(empty.count == 0)
            #expect(counter.alive == 2, "one element shared by four slots, one of its own")
        }
        #expect(counter.alive == 0)
    }

    final class Counter {
        var alive = 0
    }

    final class Tracked {
        let counter: Counter
        init(_ counter: Counter) {
            self.counter = counter
            counter.alive += 1
        }
        deinit { counter.alive -= 1 }
    }
}
