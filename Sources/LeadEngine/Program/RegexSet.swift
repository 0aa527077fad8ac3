/// The regex tests of one subject (the same subject key and case sensitivity as a ``LiteralPrefilter``) that a
/// ``SmallRegex`` understands and whose answer alone is read (no captures): one automaton over the union of their
/// patterns, which reads the subject once and says which of them match somewhere (a bit per pattern).
///
/// This is the program's part, shared by the evaluators: the patterns as one graph of nodes (``SmallRegex/Graph``,
/// each pattern ending in its own ``SmallRegex/Graph/Node/accept(_:)``), the character classes, and what the start
/// of every pattern reaches without reading a character. The deterministic automaton is built lazily by each
/// evaluator from the states its subjects reach (``RegexSetCache``): the union of a pack's comment tests, searched
/// unanchored, has too many states to build them all.
///
/// A character is read in one step: ASCII and U+0400...U+045F by their own class, any other by its kind
/// (``ScalarKinds``: what PCRE2 says `\w`, `\s`, `\d` are for it). A character that PCRE2 matches caselessly with a
/// letter of those two ranges (the Kelvin sign is `k`) makes the automaton answer "not known" for that subject.
final class RegexSet: Sendable {
    /// A step the automaton may take from a node: reading a character of set `set`, on to node `target`.
    struct Step: Hashable {
        let set: Int32
        let target: Int32
    }

    /// The patterns are read caselessly (then a character in ``ScalarKinds`` folding into the two ranges is not known).
    let caseless: Bool
    /// How many patterns: bit `i` of an answer is pattern `i`.
    let patternCount: Int
    /// Every pattern's bit.
    let allPatterns: UInt64
    let nodes: [SmallRegex.Graph.Node]
    /// Per node, the pattern it belongs to (each pattern's nodes follow its ``SmallRegex/Graph/Node/accept(_:)``).
    let patternOfNode: [UInt8]
    let sets: [SmallRegex.CharacterSet]
    /// What every pattern's first node reaches without reading a character, per (the character before is a word
    /// character) * 2 + (the next one is): the steps, and the patterns that match there.
    let startSteps: [[Step]]
    let startMatches: [UInt64]
    /// The class of each character code (``SmallRegex/code(of:)``, ``SmallRegex/otherCode(kind:)``): codes alike in
    /// every set and in being word characters share one.
    let classOfCode: [UInt8]
    let classCount: Int
    /// Per class: 1 when its characters are word characters, else 0.
    let classIsWord: [UInt8]
    /// Per class: one of its codes.
    let representatives: [Int]
    /// A row of the automaton has a column per class and one more (``unknownColumn``, never built): the column of a
    /// character the automaton cannot judge, which sends the scan to the slow path (that says so). Rounded up to a
    /// power of two (the columns past ``unknownColumn`` are never read), so that a row start gives its state with a
    /// shift (``widthShift``): the scan looks up a state's matches at every transition where one ends, and a division
    /// there is a `div` instruction of 10 to 40 cycles.
    let width: Int
    /// `width` is `1 << widthShift`.
    let widthShift: Int
    var unknownColumn: Int { classCount }
    /// The column of every ASCII character, by its byte.
    let asciiColumns: [UInt8]
    /// The column of every scalar of two UTF-8 bytes (U+0080...U+07FF) by its bytes, `(lead << 8 | trail) - 0x8000`
    /// (lead bytes from 80, so that any byte below E0 has its row): its class, or ``unknownColumn`` (also for pairs
    /// that are no such scalar).
    let twoByteColumns: [UInt8]
    /// The same columns by the two bytes as a little-endian 16-bit word holds them, masked with ``pairMask``:
    /// `(trail & 0x3F) << 8 | (lead & 0x1F)` (see ``pairIndex(_:)``), so that the scan reads two characters of two bytes
    /// each with one 32-bit load and finds each one's column with a mask (and a shift). Built from ``twoByteColumns``:
    /// the two tables never disagree. Leads C0 and C1 (no scalar: overlong) map to ``unknownColumn``.
    let pairColumns: [UInt8]
    /// The bits of a little-endian pair of UTF-8 bytes (a lead 110xxxxx, a trail 10xxxxxx) that index ``pairColumns``.
    static let pairMask: UInt32 = 0x3F1F
    /// The column of the scalars of ``ScalarKinds/blocks`` of three and four bytes, laid out as ``ScalarKinds/kinds``.
    let tabledColumns: [UInt8]
    /// What PCRE2 says of characters outside the two ranges.
    let kinds: ScalarKinds

    /// The most nodes of the graph of all patterns.
    static let nodeLimit = 8192

    /// The union of `patterns` (at most 64), or `nil` when one is not understood or the graph is too large.
    init?(patterns: [String], caseless: Bool, kinds: ScalarKinds) {
        guard !patterns.isEmpty, patterns.count <= 64 else { return nil }
        var sets: [SmallRegex.CharacterSet] = []
        var trees: [SmallRegex.Node] = []
        for pattern in patterns {
            guard let tree = SmallRegex.parse(pattern, caseless: caseless, sets: &sets) else { return nil }
            trees.append(tree)
        }
        var graph = SmallRegex.Graph(sets: sets, caseless: caseless)
        graph.nodeLimit = Self.nodeLimit
        var firsts: [Int32] = []
        for (number, tree) in trees.enumerated() {
            let accept = graph.add(.accept(number))
            guard let first = graph.compile(tree, then: accept), graph.nodes.count <= Self.nodeLimit else { return nil }
            firsts.append(Int32(first))
        }
        // Classes over every code (the other characters' too).
        guard let (classOfCode, representatives) = graph.characterClasses(codes: SmallRegex.codeCount) else { return nil }
        self.caseless = caseless
        self.patternCount = patterns.count
        self.allPatterns = patterns.count == 64 ? ~0 : (1 << UInt64(patterns.count)) - 1
        self.nodes = graph.nodes
        var pattern: UInt8 = 0
        self.patternOfNode = graph.nodes.map { node in
            if case let .accept(number) = node { pattern = UInt8(number) }
            return pattern
        }
        self.sets = graph.sets
        self.classOfCode = classOfCode
        self.classCount = representatives.count
        self.representatives = representatives
        self.classIsWord = representatives.map { SmallRegex.isWordCode($0) ? 1 : 0 }
        self.kinds = kinds
        let columns = representatives.count + 1
        self.widthShift = Int.bitWidth - (columns - 1).leadingZeroBitCount
        self.width = 1 << widthShift
        let unknown = UInt8(representatives.count)
        /// The column of a scalar outside the two ranges of kind `kind`.
        func column(_ kind: UInt8) -> UInt8 {
            caseless && kind & ScalarKinds.foldsIntoRanges != 0 ? unknown : classOfCode[SmallRegex.otherCode(kind: kind)]
        }
        self.asciiColumns = (0..<0x80).map { classOfCode[$0] }
        self.twoByteColumns = (0..<0x6000).map { index in
            let lead = UInt32(0x80 + (index >> 8)), trail = UInt32(index & 0xFF)
            guard lead >= 0xC2, trail >= 0x80, trail < 0xC0 else { return unknown }
            let value = (lead & 0x1F) << 6 | (trail & 0x3F)
            if let code = SmallRegex.code(of: Unicode.Scalar(value)!) { return classOfCode[code] }
            return column(kinds.kinds[Int(value) - 0x80])
        }
        let twoByte = self.twoByteColumns
        self.pairColumns = (0...Int(Self.pairMask)).map { index in
            let lead = 0xC0 | (index & 0x1F), trail = 0x80 | (index >> 8 & 0x3F)
            return lead < 0xC2 ? unknown : twoByte[(lead << 8 | trail) - 0x8000]
        }
        self.tabledColumns = kinds.kinds.enumerated().map { offset, kind in offset < 0x780 ? unknown : column(kind) }
        var startSteps: [[Step]] = [], startMatches: [UInt64] = []
        var marks = [UInt32](repeating: 0, count: graph.nodes.count), generation: UInt32 = 0
        for before in [false, true] {
            for after in [false, true] {
                var steps: [Step] = []
                startMatches.append(Self.closure(graph.nodes, firsts, before: before, after: after, marks: &marks,
                                                 generation: &generation, into: &steps))
                startSteps.append(steps)
            }
        }
        self.startSteps = startSteps
        self.startMatches = startMatches
    }

    /// Whether set `set` holds character code `code`.
    @inline(__always)
    func contains(_ set: Int32, _ code: Int) -> Bool {
        sets[Int(set)][code >> 6] & (1 << UInt64(code & 63)) != 0
    }

    /// Walks from the nodes `pending` through every node reached without reading a character (`\b`/`\B` decided by
    /// whether the characters before and after are word characters), appending to `steps` the consuming nodes' steps;
    /// returns the patterns whose match ends there. `marks` (a number per node) and `generation` say which nodes the
    /// walk has seen.
    static func closure(_ nodes: [SmallRegex.Graph.Node], _ pending: some Sequence<Int32>, before: Bool, after: Bool,
                        marks: inout [UInt32], generation: inout UInt32, into steps: inout [Step]) -> UInt64 {
        generation &+= 1
        if generation == 0 {
            for i in marks.indices { marks[i] = 0 }
            generation = 1
        }
        var stack = Array(pending.reversed()), matched: UInt64 = 0
        while let node = stack.popLast() {
            guard marks[Int(node)] != generation else { continue }
            marks[Int(node)] = generation
            switch nodes[Int(node)] {
            case let .character(set, target): steps.append(Step(set: Int32(set), target: Int32(target)))
            case let .split(targets): stack += targets.reversed().map { Int32($0) }
            case let .boundary(negated, next): if (before != after) != negated { stack.append(Int32(next)) }
            case let .accept(pattern): matched |= 1 << UInt64(pattern)
            }
        }
        return matched
    }
}
