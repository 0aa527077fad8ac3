import BenchSupport
import PCRE2
import RulesLanguage
import Testing
@testable import LeadEngine

/// The prefix trie of a table (``TableMatcher``), built from lists of children and frozen into arrays, against a
/// plain search of its rows.
@Suite("Table matcher: the trie finds what a search of the rows finds")
struct TableMatcherTests {
    /// The winning row for `key` by searching every row: the longest key that is a prefix of it (the first of
    /// equal keys), or the first row whose key is one.
    static func searched(_ rows: [String], _ key: String, policy: TablePolicy) -> Int? {
        let matching = rows.indices.filter { key.utf8.starts(with: rows[$0].utf8) }
        switch policy {
        case .longestPrefix:
            guard let longest = matching.map({ rows[$0].utf8.count }).max() else { return nil }
            return matching.first { rows[$0].utf8.count == longest }
        default:
            return matching.first
        }
    }

    @Test("Random digit prefixes, both policies", arguments: [TablePolicy.longestPrefix, .firstMatch])
    func randomPrefixes(policy: TablePolicy) throws {
        var random = SplitMix64(seed: policy == .longestPrefix ? 0x7AB1E : 0xF125)
        let scratch = MatchScratch()
        for _ in 0..<60 {
            let rows = (0..<Int(random.next() % 40)).map { _ in
                String((0..<Int(random.next() % 5)).map { _ in Character(String(random.next() % 4 + 6)) })
            }
            let matcher = TableMatcher(policy: policy, prefixes: rows.enumerated().map { ($0.offset, $0.element) }, regexes: [])
            for _ in 0..<40 {
                let key = String((0..<Int(random.next() % 7)).map { _ in Character(String(random.next() % 4 + 6)) })
                #expect(try matcher.lookup(key, scratch: scratch) == Self.searched(rows, key, policy: policy), "\(rows) \(key)")
            }
        }
        // Keys beyond ASCII go byte by byte.
        let cyrillic = TableMatcher(policy: .longestPrefix, prefixes: [(0, "ж"), (1, "жу"), (2, "ё")], regexes: [])
        #expect(try cyrillic.lookup("жук", scratch: scratch) == 1)
        #expect(try cyrillic.lookup("ёж", scratch: scratch) == 2)
        #expect(try cyrillic.lookup("я", scratch: scratch) == nil)
    }
}
