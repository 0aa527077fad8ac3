import BenchSupport
import Testing
@testable import LeadEngine

/// ``StatusCodeTable`` (a search by halves) against the dictionary it is made from, on random id sets and lookups.
@Suite struct StatusCodeTableTests {
    @Test func theTableAnswersAsTheDictionary() {
        var random = SplitMix64(seed: 0x57A7)
        for _ in 0..<300 {
            var codes: [Int: String] = [:]
            for _ in 0..<random.below(20) { codes[random.below(60) - 5] = "code\(random.below(1_000))" }
            let table = StatusCodeTable(codes)
            for id in -8..<64 { #expect(table.code(for: id) == codes[id], "\(codes) \(id)") }
            #expect(table.code(for: .max) == codes[.max] && table.code(for: .min) == codes[.min])
        }
    }
}

/// ``StatusCodeTable/ids(withCodeIn:)`` (a `move`'s statuses checked by id): an id is among them exactly when its code
/// is in the set.
@Suite struct StatusCodeTableMoveTests {
    @Test func theIdsAreThoseWhoseCodeIsInTheSet() {
        var random = SplitMix64(seed: 0x30E)
        for _ in 0..<300 {
            var codes: [Int: String] = [:]
            for _ in 0..<random.below(20) { codes[random.below(60) - 5] = "code\(random.below(12))" }
            let table = StatusCodeTable(codes)
            let from = Set((0..<random.below(5)).map { _ in "code\(random.below(14))" })
            let ids = table.ids(withCodeIn: from)
            #expect(ids == ids.sorted())
            for id in -8..<64 { #expect(ids.contains(id) == (table.code(for: id).map(from.contains) ?? false), "\(codes) \(from) \(id)") }
        }
    }
}
