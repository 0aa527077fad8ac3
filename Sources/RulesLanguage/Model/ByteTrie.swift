/// A trie of byte strings being built: node 0 is the root, each node has a row (`-1` when none) and its children
/// (a few at most: digits) form a list through `nextSibling` from its `firstChild`, no array per node. The checker
/// finds duplicate and shadowed prefix rows with it; the engine builds a table's matcher from it.
package struct ByteTrie {
    /// Per node: the byte that leads to it from its parent (0 for the root), its first child and next sibling
    /// (`-1`: none), and the row ending there (`-1`: none).
    package private(set) var byte: [UInt8] = [0]
    package private(set) var firstChild: [Int32] = [-1]
    package private(set) var nextSibling: [Int32] = [-1]
    package var row: [Int] = [-1]

    package init() {}

    /// The child of `node` reached by `byte`, added when missing.
    package mutating func child(of node: Int, byte: UInt8) -> Int {
        var child = Int(firstChild[node])
        while child >= 0 {
            if self.byte[child] == byte { return child }
            child = Int(nextSibling[child])
        }
        child = self.byte.count
        self.byte.append(byte)
        firstChild.append(-1)
        nextSibling.append(firstChild[node])
        row.append(-1)
        firstChild[node] = Int32(child)
        return child
    }

    /// The children of `node` as (byte, node) pairs sorted by byte, in `edges` (emptied first: one buffer serves
    /// every node).
    package func children(of node: Int, into edges: inout [(byte: UInt8, node: Int32)]) {
        edges.removeAll(keepingCapacity: true)
        var child = firstChild[node]
        while child >= 0 {
            edges.append((byte[Int(child)], child))
            child = nextSibling[Int(child)]
        }
        edges.sort { $0.byte < $1.byte }
    }

    /// How many nodes the trie has.
    package var count: Int { byte.count }
}
