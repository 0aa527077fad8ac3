import Foundation
import Testing
import LeadEngine
@testable import LeadStream

/// The prefetcher hands over the reader's batches in order, whether the caller hands back each batch it is done
/// with (`next(after:)`, freed on the reading thread) or not (`next()`).
@Suite("Prefetcher: batches read ahead, batches handed back")
struct PrefetcherTests {
    /// A file of `count` JSON lines (ids 1...count).
    static func leads(_ count: Int) throws -> String {
        try temporaryFile((1...count).map { #"{"id":\#($0),"name":"Лид \#($0)"}"# }.joined(separator: "\n") + "\n", suffix: ".jsonl")
    }

    static func lines(_ batches: [[InputRecord]]) -> [[Int]] { batches.map { $0.map(\.line) } }

    /// Every batch of the file at `path` as a one-batch-ahead prefetcher gives them with `next()`: what the other
    /// ways of reading must give.
    static func plainBatches(_ path: String, batchSize: Int) throws -> [[InputRecord]] {
        let plain = Prefetcher(reader: JSONLinesReader(source: try ByteSource(path: path, chunkSize: 97)), batchSize: batchSize)
        var batches: [[InputRecord]] = []
        while true {
            let batch = plain.next()
            if batch.isEmpty { return batches }
            batches.append(batch)
        }
    }

    @Test("next(after:) gives the batches next() gives, in order, and takes the batch handed back", arguments: [1, 3, 64])
    func handingBatchesBack(batchSize: Int) throws {
        let path = try Self.leads(200)
        let expected = try Self.plainBatches(path, batchSize: batchSize)
        let prefetch = Prefetcher(reader: JSONLinesReader(source: try ByteSource(path: path, chunkSize: 97)), batchSize: batchSize)
        var got: [[InputRecord]] = []
        var done: [InputRecord] = []
        while true {
            let batch = prefetch.next(after: &done)
            #expect(done.isEmpty)
            if batch.isEmpty { break }
            got.append(batch)
            done = batch
        }
        #expect(Self.lines(got) == Self.lines(expected))
        #expect(Self.lines(got).joined().map { $0 } == Array(1...200))
        #expect(got.joined().map { try? $0.fields.get()["id"] } == (1...200).map { JSONValue.int($0) })
        // After the end: nothing more, and what is handed back then stays with the caller.
        done = got[0]
        #expect(prefetch.next(after: &done).isEmpty)
        #expect(done.count == got[0].count)
    }

    /// A file mixing leads `Lead(checkedText:)` reads, lines it does not (a string id, malformed JSON, no object) and
    /// blank lines.
    static func mixedLeads(_ count: Int) throws -> String {
        try temporaryFile((1...count).map { line in
            switch line % 11 {
            case 3: return #"{"id":"\#(line)","name":"строка"}"#
            case 5: return #"{"id":\#(line),"name":}"#
            case 7: return "[\(line)]"
            case 9: return "   "
            default: return #"{"id":\#(line),"name":"Лид \#(line)","priority":\#(line % 5)}"#
            }
        }.joined(separator: "\n") + "\n", suffix: ".jsonl")
    }

    @Test("Read many batches ahead, with the leads read on the reading thread: the same records in the same order",
          arguments: [1, 3, 64, 1_000], [1, 2, 7, 10_000])
    func readingAheadKeepsOrder(batchSize: Int, ahead: Int) throws {
        let path = try Self.mixedLeads(300)
        let expected = try Self.plainBatches(path, batchSize: batchSize)
        let source = try ByteSource(path: path, chunkSize: 97)
        let prefetch = Prefetcher(batchSize: batchSize, ahead: ahead, readingLeads: true) { JSONLinesReader(source: source) }
        var got: [[InputRecord]] = []
        var done: [InputRecord] = []
        while true {
            let batch = prefetch.next(after: &done)
            if batch.isEmpty { break }
            got.append(batch)
            done = batch
        }
        #expect(Self.lines(got) == Self.lines(expected))
        let records = got.joined(), raw = expected.joined()
        #expect(records.map { try? $0.fields.get() } == raw.map { try? $0.fields.get() })
        // Each record gives the lead or the error the worker would have made of the raw text.
        for (read, text) in zip(records, raw) {
            switch (BatchEvaluator.lead(of: read, inputName: "x"), BatchEvaluator.lead(of: text, inputName: "x")) {
            case let (.success(a), .success(b)): #expect(a == b)
            case let (.failure(a), .failure(b)): #expect(a.outcome.errors == b.outcome.errors)
            default: Issue.record("line \(read.line): read ahead and read by the worker differ")
            }
        }
    }

    /// A reader that counts the records it gave and tells when it is freed (by the reading thread, as it ends).
    final class WatchedReader: RecordReader {
        var inner: JSONLinesReader
        let freed: Flag
        init(_ inner: JSONLinesReader, freed: Flag) { self.inner = inner; self.freed = freed }
        func next(limit: Int) -> [InputRecord] { inner.next(limit: limit) }
        deinit { freed.set() }
    }

    final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    /// Dropped before the end of the input, after one batch taken or none, with the thread holding batches read
    /// ahead: the thread ends (its reader freed) and the program goes on. libdispatch stopped the test process
    /// (SIGILL in `_dispatch_semaphore_dispose`) when the thread ended holding permits of a semaphore made with `ahead`.
    @Test("A prefetcher dropped while its thread reads ahead stops, its reader freed; the input is not read to its end",
          arguments: [0, 1, 2], [1, 3, 8])
    func droppedWhileReadingAhead(taken: Int, ahead: Int) throws {
        let path = try Self.mixedLeads(2_000)
        let made = Flag(), freed = Flag()
        var got: [[InputRecord]] = []
        do {
            let source = try ByteSource(path: path, chunkSize: 97)
            let prefetch = Prefetcher(batchSize: 10, ahead: ahead, readingLeads: true) {
                made.set()
                return WatchedReader(JSONLinesReader(source: source), freed: freed)
            }
            for _ in 0..<taken { got.append(prefetch.next()) }
            // The reader made, and time for the thread to fill every slot it has, before the prefetcher goes.
            let deadline = Date().addingTimeInterval(10)
            while !made.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
            #expect(made.isSet)
            Thread.sleep(forTimeInterval: 0.05)
        }
        if taken > 0 {
            #expect(got[0].map(\.line) == Array(1...12).filter { $0 % 11 != 9 }.prefix(10).map { $0 })
        }
        let deadline = Date().addingTimeInterval(10)
        while !freed.isSet && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(freed.isSet, "the reading thread did not end within 10 s of the prefetcher being dropped")
    }
}
