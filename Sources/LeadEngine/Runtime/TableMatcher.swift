import PCRE2
import RulesLanguage

/// Finds a table's winning row for a key string.
///
/// Literal prefixes live in a byte trie (one walk along the key finds every prefix row), so the
/// cost of a lookup depends on the key's length, not on the number of rows. Regex rows (only
/// with `by first match`) are tried in order, and only those that come before the best prefix row.
///
/// A class, immutable once built: a lookup reads the trie in place (as a struct of six arrays it was copied,
/// six retains and releases, for every lookup that walked a key).
final class TableMatcher: Sendable {
    /// Trie nodes: per node, its edges as a contiguous range in `edgeBytes`/`edgeTargets`, sorted by byte.
    private let edgeStart: [Int32]
    private let edgeCount: [UInt16]
    private let edgeBytes: [UInt8]
    private let edgeTargets: [Int32]
    /// The row ending at each node, or -1.
    private let nodeRow: [Int32]
    private let policy: TablePolicy
    private let regexRows: [(row: Int, pattern: Pattern)]

    init(policy: TablePolicy, prefixes: [(row: Int, key: String)], regexes: [(row: Int, pattern: Pattern)]) {
        self.policy = policy
        self.regexRows = regexes
        // Build with lists of children (first child, next sibling), then freeze into flat arrays.
        var nodeByte: [UInt8] = [0], firstChild: [Int32] = [-1], nextSibling: [Int32] = [-1], rows: [Int] = [-1]
        for (row, key) in prefixes {
            var node = 0
            for byte in key.utf8 {
                var child = Int(firstChild[node])
                while child >= 0, nodeByte[child] != byte { child = Int(nextSibling[child]) }
                if child < 0 {
                    child = nodeByte.count
                    nodeByte.append(byte)
                    firstChild.append(-1)
                    nextSibling.append(firstChild[node])
                    rows.append(-1)
                    firstChild[node] = Int32(child)
                }
                node = child
            }
            if rows[node] < 0 { rows[node] = row }  // the first row with a key wins; later repeats were reported
        }
        var edgeStart: [Int32] = [], edgeCount: [UInt16] = [], edgeBytes: [UInt8] = [], edgeTargets: [Int32] = []
        var edges: [(byte: UInt8, target: Int32)] = []
        for node in nodeByte.indices {
            edges.removeAll(keepingCapacity: true)
            var child = firstChild[node]
            while child >= 0 {
                edges.append((nodeByte[Int(child)], child))
                child = nextSibling[Int(child)]
            }
            edges.sort { $0.byte < $1.byte }
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(UInt16(edges.count))
            for edge in edges {
                edgeBytes.append(edge.byte)
                edgeTargets.append(edge.target)
            }
        }
        self.edgeStart = edgeStart
        self.edgeCount = edgeCount
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        nodeRow = rows.map(Int32.init)
    }

    /// The winning row for `key`, or `nil`. Throws when a regex row exceeds the match limit.
    func lookup(_ key: String, scratch: MatchScratch) throws(PCRE2Error) -> Int? {
        var best: Int?
        var utf8 = key.utf8
        let found: Int?? = utf8.withContiguousStorageIfAvailable { bytes in walk(bytes) }
        if let found { best = found } else {
            var copy = key
            copy.makeContiguousUTF8()
            utf8 = copy.utf8
            best = utf8.withContiguousStorageIfAvailable { walk($0) } ?? nil
        }
        guard policy == .firstMatch else { return best }
        for (row, pattern) in regexRows {
            if let best, best < row { break }
            if try pattern.matches(key, scratch: scratch) { return row }
        }
        return best
    }

    /// Longest prefix: the deepest row on the path. First match: the lowest row index on the path.
    private func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var node = 0
        var best: Int32 = -1
        func consider(_ row: Int32) {
            guard row >= 0 else { return }
            if policy == .longestPrefix || best < 0 || row < best { best = row }
        }
        consider(nodeRow[0])
        for byte in bytes {
            let start = Int(edgeStart[node]), count = Int(edgeCount[node])
            var next = -1
            for edge in start..<(start + count) where edgeBytes[edge] == byte {
                next = Int(edgeTargets[edge])
                break
            }
            if next < 0 { break }
            node = next
            consider(nodeRow[node])
        }
        return best >= 0 ? Int(best) : nil
    }
}
