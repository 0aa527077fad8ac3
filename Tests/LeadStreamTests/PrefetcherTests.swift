import Foundation
import Testing
import LeadEngine
import LeadStream

/// The prefetcher hands over the reader's batches in order, whether the caller hands back each batch it is done
/// with (`next(after:)`, freed on the reading thread) or not (`next()`).
@Suite("Prefetcher: batches read ahead, batches handed back")
struct PrefetcherTests {
    /// A file of `count` JSON lines (ids 1...count).
    static func leads(_ count: Int) throws -> String {
        try temporaryFile((1...count).map { #"{"id":\#($0),"name":"Лид \#($0)"}"# }.joined(separator: "\n") + "\n", suffix: ".jsonl")
    }

    static func lines(_ batches: [[InputRecord]]) -> [[Int]] { batches.map { $0.map(\.line) } }

    @Test("next(after:) gives the batches next() gives, in order, and takes the batch handed back", arguments: [1, 3, 64])
    func handingBatchesBack(batchSize: Int) throws {
        let path = try Self.leads(200)
        let plain = Prefetcher(reader: JSONLinesReader(source: try ByteSource(path: path, chunkSize: 97)), batchSize: batchSize)
        var expected: [[InputRecord]] = []
        while true {
            let batch = plain.next()
            if batch.isEmpty { break }
            expected.append(batch)
        }
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
}
