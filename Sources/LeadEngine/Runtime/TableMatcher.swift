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
    /// The policy is `by first match`, `by longest prefix` (read once, not compared per lookup: comparing the
    /// enum was a call).
    private let firstMatch: Bool
    private let longestPrefix: Bool
    private let regexRows: [(row: Int, pattern: Pattern)]
    /// The trie as a dense table, when it is small enough (``denseLimit``): the bytes the keys use are numbered
    /// (`byteClass`, ``noClass`` for the others) and node `n`'s child for class `c` is `dense[n * classCount + c]`
    /// (-1: none). One load a byte instead of a search of the node's edges. Empty when the sparse edges are used.
    private let byteClass: [UInt16]
    private let classCount: Int
    private let dense: [Int32]
    /// Entries the dense table may have (4 bytes each): a table of phone prefixes (ten classes) fits with room.
    static let denseLimit = 1 << 21
    static let noClass = UInt16.max

    /// A matcher of `prefixes` and `regexes` under `policy`; its trie is read through a dense table when that has at
    /// most `denseLimit` entries (tests pass 0 to compare the sparse walk with the dense one).
    init(policy: TablePolicy, prefixes: [(row: Int, key: String)], regexes: [(row: Int, pattern: Pattern)],
         denseLimit: Int = TableMatcher.denseLimit) {
        self.policy = policy
        self.regexRows = regexes
        // Build with lists of children, then freeze into flat arrays (edges sorted by byte).
        var trie = ByteTrie()
        for (row, key) in prefixes {
            var node = 0
            for byte in key.utf8 { node = trie.child(of: node, byte: byte) }
            if trie.row[node] < 0 { trie.row[node] = row }  // the first row with a key wins; later repeats were reported
        }
        let rows = trie.row
        var edgeStart: [Int32] = [], edgeCount: [UInt16] = [], edgeBytes: [UInt8] = [], edgeTargets: [Int32] = []
        var edges: [(byte: UInt8, node: Int32)] = []
        for node in 0..<trie.count {
            trie.children(of: node, into: &edges)
            edgeStart.append(Int32(edgeBytes.count))
            edgeCount.append(UInt16(edges.count))
            for edge in edges {
                edgeBytes.append(edge.byte)
                edgeTargets.append(edge.node)
            }
        }
        self.edgeStart = edgeStart
        self.edgeCount = edgeCount
        self.edgeBytes = edgeBytes
        self.edgeTargets = edgeTargets
        nodeRow = rows.map(Int32.init)
        firstMatch = policy == .firstMatch
        longestPrefix = policy == .longestPrefix
        // The dense table, from the frozen edges.
        var byteClass = [UInt16](repeating: Self.noClass, count: 256)
        var classCount = 0
        for byte in Set(edgeBytes).sorted() {
            byteClass[Int(byte)] = UInt16(classCount)
            classCount += 1
        }
        let nodeCount = edgeStart.count
        if nodeCount * classCount <= denseLimit {
            var dense = [Int32](repeating: -1, count: nodeCount * classCount)
            for node in 0..<nodeCount {
                let start = Int(edgeStart[node])
                for edge in start..<(start + Int(edgeCount[node])) {
                    dense[node * classCount + Int(byteClass[Int(edgeBytes[edge])])] = edgeTargets[edge]
                }
            }
            self.dense = dense
        } else {
            self.dense = []
        }
        self.byteClass = byteClass
        self.classCount = classCount
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
        guard firstMatch else { return best }
        for (row, pattern) in regexRows {
            if let best, best < row { break }
            if try pattern.matches(key, scratch: scratch) { return row }
        }
        return best
    }

    /// Longest prefix: the deepest row on the path. First match: the lowest row index on the path.
    private func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let longest = longestPrefix
        var node = 0
        var best: Int32 = -1
        func consider(_ row: Int32) {
            guard row >= 0 else { return }
            if longest || best < 0 || row < best { best = row }
        }
        consider(nodeRow[0])
        if !dense.isEmpty {
            for byte in bytes {
                let byteClass = byteClass[Int(byte)]
                if byteClass == Self.noClass { break }
                let next = dense[node * classCount + Int(byteClass)]
                if next < 0 { break }
                node = Int(next)
                consider(nodeRow[node])
            }
            return best >= 0 ? Int(best) : nil
        }
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
