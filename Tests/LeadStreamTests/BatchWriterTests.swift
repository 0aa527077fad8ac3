import Foundation
import Testing
@testable import LeadStream

/// ``BatchWriter``: every batch written once, in the order given, all of them by the time `finish()` returns.
@Suite struct BatchWriterTests {
    /// What the writing thread saw, kept under a lock (the test reads it after `finish()`).
    final class Written: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func add(_ text: EvaluatedText) {
            // A slow write now and then, so that the caller has to wait for the slot.
            if text.errors.hasSuffix("7\n") { Thread.sleep(forTimeInterval: 0.002) }
            lock.withLock { lines.append(text.output + text.errors) }
        }
        var all: [String] { lock.withLock { lines } }
    }

    static func batch(_ index: Int) -> EvaluatedText {
        var text = EvaluatedText()
        text.outputUTF8 = Array("{\"id\":\(index)}\n".utf8)
        text.errors = "error \(index)\n"
        return text
    }

    @Test("batches are written in order, each once, before finish() returns", arguments: [0, 1, 2, 50])
    func writesInOrder(count: Int) {
        let written = Written()
        let writer = BatchWriter { written.add($0) }
        for index in 0..<count { writer.write(Self.batch(index)) }
        writer.finish()
        #expect(written.all == (0..<count).map { "{\"id\":\($0)}\nerror \($0)\n" })
        writer.finish()  // a second call returns at once
        #expect(written.all.count == count)
    }

    @Test("a writer dropped without finish() still writes what it was given")
    func dropWrites() {
        let written = Written()
        do {
            let writer = BatchWriter { written.add($0) }
            for index in 0..<20 { writer.write(Self.batch(index)) }
        }
        #expect(written.all.count == 20)
    }

    @Test("the output's bytes and its String agree")
    func outputBytes() {
        var text = EvaluatedText()
        text.output = "{\"name\":\"Ольга 🙂\"}\n"
        #expect(text.outputUTF8 == Array("{\"name\":\"Ольга 🙂\"}\n".utf8))
        text.outputUTF8 += Array("x\n".utf8)
        #expect(text.output == "{\"name\":\"Ольга 🙂\"}\nx\n")
    }
}
