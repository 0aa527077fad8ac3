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
    /// Whether a lookup reads the key as text, not only its bytes (``walk(_:)``): regex rows, under `by first match`.
    let needsText: Bool
    /// The trie as a dense table, when it is small enough (``denseLimit``): the bytes the keys use are numbered
    /// (`byteClass`, ``noClass`` for the others), and only the nodes with children have a line of it, numbered
    /// breadth first (the root's is first; the first levels, which every lookup reads, lie together at the start).
    /// A line is `lineWidth` entries, `classCount + 1`, and is named by the offset of its first entry: its entry for
    /// class `c` is the child's line (`>= 0`), ``noChild``, or for a child without children (a leaf: most nodes of a
    /// table of phone numbers) `-2 - row`, where `row` is the winning row of a key ending there (the walk ends there
    /// without reading another line); its last entry is the winning row of a key that ends at its node or leaves the
    /// trie after it, -1 when none (the deepest row on the path under `by longest prefix`, the lowest row index under
    /// `by first match`). One load a byte, no multiplication, and one more at the end in the same line. The Russian
    /// registry's 40,822 nodes take 6,092 lines (268 KB, not 1.8 MB with a line per node and an array of rows).
    /// Empty when the sparse edges are used.
    private let byteClass: [UInt16]
    private let lineWidth: Int
    private let dense: [Int32]
    /// Entries the dense table may have (4 bytes each): a table of phone prefixes (ten classes) fits with room.
    static let denseLimit = 1 << 21
    static let noClass = UInt16.max
    /// The dense table's entry for a byte that leads nowhere from a node.
    static let noChild: Int32 = -1

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
        needsText = policy == .firstMatch && !regexes.isEmpty
        // The dense table, from the frozen edges.
        var byteClass = [UInt16](repeating: Self.noClass, count: 256)
        var classCount = 0
        for byte in Set(edgeBytes).sorted() {
            byteClass[Int(byte)] = UInt16(classCount)
            classCount += 1
        }
        // The winning row of a key ending at each node: a child's number is above its parent's, so the nodes in
        // order see their parent's answer final.
        var pathBest = nodeRow
        for node in 0..<edgeStart.count {
            let start = Int(edgeStart[node])
            for edge in start..<(start + Int(edgeCount[node])) {
                let child = Int(edgeTargets[edge])
                pathBest[child] = Self.better(pathBest[node], nodeRow[child], longestPrefix: policy == .longestPrefix)
            }
        }
        // The nodes with children, breadth first: their lines.
        var line = [Int32](repeating: Self.noChild, count: edgeStart.count)
        var parents: [Int] = [0]
        line[0] = 0
        var next = 0
        while next < parents.count {
            let node = parents[next]
            next += 1
            let start = Int(edgeStart[node])
            for edge in start..<(start + Int(edgeCount[node])) {
                let child = Int(edgeTargets[edge])
                guard edgeCount[child] > 0 else { continue }
                line[child] = Int32(parents.count)
                parents.append(child)
            }
        }
        let lineWidth = classCount + 1
        if classCount > 0, parents.count * lineWidth <= denseLimit {
            var dense = [Int32](repeating: Self.noChild, count: parents.count * lineWidth)
            for (index, node) in parents.enumerated() {
                let start = Int(edgeStart[node])
                for edge in start..<(start + Int(edgeCount[node])) {
                    let child = Int(edgeTargets[edge])
                    // A leaf's row is a row of its key (leaves end keys), so its entry is below noChild.
                    dense[index * lineWidth + Int(byteClass[Int(edgeBytes[edge])])] =
                        edgeCount[child] > 0 ? line[child] * Int32(lineWidth) : -2 - pathBest[child]
                }
                dense[index * lineWidth + classCount] = pathBest[node]
            }
            self.dense = dense
        } else {
            self.dense = []
        }
        self.byteClass = byteClass
        self.lineWidth = lineWidth
    }

    /// The winning row for `key`, or `nil`. Throws when a regex row exceeds the match limit.
    func lookup(_ key: String, scratch: MatchScratch) throws(PCRE2Error) -> Int? {
        // `withUTF8` reads a small string's bytes where they are and a native one's in place (the walk through
        // `withContiguousStorageIfAvailable`, with its fallback, cost as much as the walk itself).
        var text = key
        let best = text.withUTF8 { walk($0) }
        guard firstMatch else { return best }
        for (row, pattern) in regexRows {
            if let best, best < row { break }
            if try pattern.matches(key, scratch: scratch) { return row }
        }
        return best
    }

    /// The winning row of a path whose shorter part wins `parent` and whose last node ends row `own` (-1: none):
    /// under `by longest prefix` the deeper one, else the lower index.
    static func better(_ parent: Int32, _ own: Int32, longestPrefix: Bool) -> Int32 {
        guard own >= 0 else { return parent }
        guard parent >= 0, !longestPrefix else { return own }
        return Swift.min(parent, own)
    }

    /// The winning prefix row for a key of these UTF-8 bytes, or `nil`: the whole answer of ``lookup(_:scratch:)``
    /// when ``needsText`` is false. Longest prefix: the deepest row on the path. First match: the lowest row index
    /// on the path.
    func walk(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let longest = longestPrefix
        var node = 0
        var best: Int32 = -1
        func consider(_ row: Int32) {
            guard row >= 0 else { return }
            if longest || best < 0 || row < best { best = row }
        }
        if !dense.isEmpty {
            // Every entry names a line inside the table and every byte a class entry (built so): read unchecked.
            let lastEntry = lineWidth - 1
            return dense.withUnsafeBufferPointer { dense in
                byteClass.withUnsafeBufferPointer { byteClass in
                    var line = 0
                    for byte in bytes {
                        let byteClass = byteClass[Int(byte)]
                        if byteClass == Self.noClass { break }
                        let next = dense[line &+ Int(byteClass)]
                        if next >= 0 {
                            line = Int(next)
                        } else if next == Self.noChild {
                            break
                        } else {
                            return Int(-2 - next)
                        }
                    }
                    let row = dense[line &+ lastEntry]
                    return row >= 0 ? Int(row) : nil
                }
            }
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
