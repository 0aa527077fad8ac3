import BenchSupport
import Testing
@testable import LeadStream

@Suite("Run tallies: names counted by a worker")
struct NameCountsTests {
    /// Names drawn at random, equal names sometimes in strings of their own (not the same object), Cyrillic and
    /// long ones too: the counts reaching a tally are those of counting into its dictionaries directly.
    @Test("counting in a short list gives the dictionary's counts (random names)")
    func sameAsDictionary() {
        let pool = ["priority", "phone", "utcOffset", "customValues[12]", "Russian numbers by registry range",
                    "Срочно: перезвонить", "statusId", "Phone as E.164"]
        var random = SplitMix64(seed: 3)
        var names = NameCounts()
        var expected: [String: Int] = [:]
        for _ in 0..<5_000 {
            var name = random.pick(pool)
            // The same text in storage of its own: equality, not identity, must decide.
            if random.chance(30) { name = String(decoding: Array(name.utf8), as: UTF8.self) }
            names.fields.add(name)
            names.rules.add(name + "!")
            expected[name, default: 0] += 1
        }
        var tally = RunTally()
        tally.add(names)
        tally.add(names)
        #expect(tally.fields == expected.mapValues { $0 * 2 })
        #expect(tally.rules == Dictionary(uniqueKeysWithValues: expected.map { ($0.key + "!", $0.value * 2) }))
        #expect(names.fields.names.count == pool.count)
    }
}
