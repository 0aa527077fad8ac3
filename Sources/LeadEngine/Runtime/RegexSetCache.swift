import PCRE2

/// An evaluator's deterministic automaton of a ``RegexSet``, built lazily (as RE2 does): a state is the set of graph
/// nodes pending after the characters read, and whether the last one is a word character; a state and its
/// transitions are made the first time a subject reaches them, then reused for every later subject, so that in steady
/// state a subject is read a table lookup per character, allocating nothing.
///
/// The search is unanchored: every pattern's start is active at every place (``RegexSet/startSteps``). A pattern
/// whose match ends in a state (before the character read) is left out of the next state, its start there too: its
/// bit is in the answer already, and what it could still match adds nothing (a pattern ending in `\w*` would
/// otherwise end a match at every letter after). A state still depends on the characters read only, not on which
/// patterns matched before it. The search stops once every pattern has matched.
struct RegexSetCache {
    /// The most states kept: beyond, the cache is emptied and that subject's answer is not known (the regexes take
    /// their usual path).
    static let stateLimit = 4096

    /// Per state, a row of ``RegexSet/width`` entries (a column per class, and ``RegexSet/unknownColumn``):
    /// `UInt32.max` when not yet built, else the byte offset of the next state's row in this array
    /// (`state * width * 4`), its low bit set when a pattern's match ends before the character read (``matched``).
    ///
    /// A byte offset, not an index: the scan's next load is at the column's address (known before the transition
    /// is: it depends on the character only) plus the entry, so a transition is one load after another with no
    /// arithmetic between them (a shift and a multiply-add before, on the path every character waits on).
    private(set) var rows: [UInt32] = []
    /// Per state * 2 + (the next character is a word character): the patterns whose match ends there.
    private(set) var matched: [UInt64] = []
    /// Per state * 2 + (the next character is a word character): the steps of its nodes (not the starts').
    private var steps: [[RegexSet.Step]] = []
    /// Per state: whether the character before is a word character.
    private var wordBefore: [Bool] = []
    /// A state's pending nodes, then -1 when the character before is a word character, else -2 -> the state.
    private var index: [[Int32]: Int32] = [:]
    /// The kinds of characters met outside ``ScalarKinds/blocks`` (asked of PCRE2 once).
    private var otherKinds: [UInt32: UInt8] = [:]
    private var marks: [UInt32] = []
    private var markGeneration: UInt32 = 0
    /// How many states were made, and how many times the cache was emptied (for measuring).
    private(set) var statesMade = 0
    private(set) var flushes = 0

    init() {}

    /// Which patterns of `set` match somewhere in the UTF-8 `bytes` (valid UTF-8): bit `i` for pattern `i`; `nil` when
    /// it is not known (a character that folds into the two ranges, PCRE2 failing on a character, too many states).
    mutating func run(_ bytes: UnsafeBufferPointer<UInt8>, _ set: RegexSet, scratch: MatchScratch) -> UInt64? {
        if rows.isEmpty { reset(set) }
        var row = 0, position = 0, answer: UInt64 = 0
        while true {
            let stop = rows.withUnsafeBufferPointer { rows in
                matched.withUnsafeBufferPointer { matched in
                    set.asciiColumns.withUnsafeBufferPointer { ascii in
                        set.twoByteColumns.withUnsafeBufferPointer { twoByte in
                            set.pairColumns.withUnsafeBufferPointer { pairs in
                                set.classIsWord.withUnsafeBufferPointer { words in
                                    set.tabledColumns.withUnsafeBufferPointer { tabled in
                                        let t = Tables(rows: UnsafeRawPointer(rows.baseAddress!), matched: matched.baseAddress!, ascii: ascii.baseAddress!,
                                                       twoByte: twoByte.baseAddress!, pairs: pairs.baseAddress!, words: words.baseAddress!,
                                                       tabled: tabled.baseAddress!, shift: set.widthShift + 2, all: set.allPatterns)
                                        // Up to four bytes before the end every character's bytes are there: read unchecked.
                                        let stop = Self.scan(bytes, bytes.count &- 3, checked: false, &position, &row, &answer, t)
                                        guard case .end = stop else { return stop }
                                        return Self.scan(bytes, bytes.count, checked: true, &position, &row, &answer, t)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            switch stop {
            case .end: return answer | matched[(row >> (set.widthShift + 2)) * 2]
            case .allMatched: return answer
            case .slow:
                // A character the scan does not know the column of, or a transition not built yet.
                guard let (code, length) = character(at: position, in: bytes, set, scratch: scratch) else { return nil }
                let c = Int(set.classOfCode[code])
                if rows[(row >> 2) + c] == .max {
                    guard build(row >> (set.widthShift + 2), c, set) else {
                        flushes += 1
                        reset(set)
                        return nil
                    }
                }
                let entry = rows[(row >> 2) + c]
                if entry & 1 != 0 {
                    answer |= matched[(row >> (set.widthShift + 2)) * 2 + Int(set.classIsWord[c])]
                    if answer == set.allPatterns { return answer }
                }
                row = Int(entry & ~1)
                position += length
            }
        }
    }

    /// Why ``scan(_:_:_:_:_:)`` stopped.
    enum Stop {
        /// At the end of the text.
        case end
        /// Every pattern has matched.
        case allMatched
        /// At a character the slow path must read (its column or its transition is not known yet, or it cannot be
        /// judged).
        case slow
    }

    /// The tables the scan reads, as pointers (see ``RegexSet``).
    struct Tables {
        /// ``RegexSetCache/rows``, read at byte offsets.
        let rows: UnsafeRawPointer
        let matched: UnsafePointer<UInt64>
        let ascii: UnsafePointer<UInt8>
        let twoByte: UnsafePointer<UInt8>
        let pairs: UnsafePointer<UInt8>
        let words: UnsafePointer<UInt8>
        let tabled: UnsafePointer<UInt8>
        /// ``RegexSet/widthShift`` plus 2: a row's byte offset shifted right by it is its state.
        let shift: Int
        let all: UInt64
    }

    /// Reads `bytes` from `position` up to `limit` (a character starting before it is read whole) in state `row` (its
    /// row's byte offset in ``rows``) while the transitions are built and the characters' columns are in the tables, adding to `answer` the
    /// patterns that match; leaves `position` at the character where it stopped. Unless `checked`, every character
    /// starting before `limit` must have its bytes in `bytes` (`limit` at most the count less three: valid UTF-8).
    ///
    /// An entry's low bit is set both for a transition where a match ends and for one not built (all ones): the common step
    /// tests one bit.
    @inline(__always)
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>, _ limit: Int, checked: Bool, _ position: inout Int,
                             _ row: inout Int, _ answer: inout UInt64, _ t: Tables) -> Stop {
        guard let text = bytes.baseAddress else { return .end }
        let n = bytes.count
        var i = position, r = row, found = answer
        defer {
            position = i
            row = r
            answer = found
        }
        while i < limit {
            var start = i
            let b = text[i]
            let c: Int
            // The rare cases (three or four bytes; a match ends or the transition is not built) are hinted as such, so
            // that the loop's registers go to the common step's values.
            if b < 0x80 {
                c = Int(t.ascii[Int(b)])
                i &+= 1
            } else if _slowPath(b >= 0xE0) {
                guard let (column, length) = tabledColumn(text, i, n, t.tabled) else { return .slow }
                c = column
                i &+= length
            } else if !checked, text[i &+ 2] & 0xE0 == 0xC0 {
                // Two characters of two bytes each (a lead byte C2...DF, its trail byte; the text is valid UTF-8, so a
                // lead byte at `i + 2` starts the next one): Cyrillic text's commonest step. Both read with one load;
                // the first stepped through here unless its transition is a rare one, which the step below takes.
                let word = UInt32(littleEndian: UnsafeRawPointer(text + i).loadUnaligned(as: UInt32.self))
                let first = Int(t.pairs[Int(word & RegexSet.pairMask)])
                let entry = Self.entry(t.rows, r, first)
                if _fastPath(entry & 1 == 0) {
                    r = Int(entry)
                    start = i &+ 2
                    c = Int(t.pairs[Int(word &>> 16 & RegexSet.pairMask)])
                    i &+= 4
                } else {
                    c = first
                    i &+= 2
                }
            } else {
                // Two bytes (a lead byte C2...DF and its trail byte): the scalar's column, by the two bytes.
                if checked, i &+ 1 >= n { return .slow }
                c = Int(t.twoByte[(Int(b) &<< 8 | Int(text[i &+ 1])) &- 0x8000])
                i &+= 2
            }
            let entry = Self.entry(t.rows, r, c)
            if _slowPath(entry & 1 != 0) {
                if entry == .max {
                    i = start
                    return .slow
                }
                found |= t.matched[(r &>> t.shift) &* 2 &+ Int(t.words[c])]
                if found == t.all {
                    return .allMatched
                }
                r = Int(entry & ~1)
            } else {
                // The entry is the next row's offset as it is: nothing between this load and the next one.
                r = Int(entry)
            }
        }
        return .end
    }

    /// The entry of column `c` in the row at byte offset `r` of `rows`: the column's address first (it depends on the
    /// character only), then the row's offset added by the load itself.
    @inline(__always)
    private static func entry(_ rows: UnsafeRawPointer, _ r: Int, _ c: Int) -> UInt32 {
        (rows + c &* 4).load(fromByteOffset: r, as: UInt32.self)
    }

    /// The column (``RegexSet/tabledColumns``) of the scalar of three or four bytes whose UTF-8 starts at `text[i]`, and
    /// its length, when it is in ``ScalarKinds/blocks``; `nil` for any other (or a truncated sequence).
    @inline(__always)
    private static func tabledColumn(_ text: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ tabled: UnsafePointer<UInt8>) -> (Int, Int)? {
        let b = UInt32(text[i])
        if b < 0xF0 {
            guard i &+ 2 < n else { return nil }
            let v = (b & 0x0F) << 12 | UInt32(text[i &+ 1] & 0x3F) << 6 | UInt32(text[i &+ 2] & 0x3F)
            if v >= ScalarKinds.threeByteLower, v < ScalarKinds.threeByteUpper {
                return (Int(tabled[ScalarKinds.threeByteOffset &+ Int(v &- ScalarKinds.threeByteLower)]), 3)
            }
            if v >= ScalarKinds.variationLower, v < ScalarKinds.variationUpper {
                return (Int(tabled[ScalarKinds.variationOffset &+ Int(v &- ScalarKinds.variationLower)]), 3)
            }
            return nil
        }
        guard b < 0xF5, i &+ 3 < n else { return nil }
        let v = (b & 0x07) << 18 | UInt32(text[i &+ 1] & 0x3F) << 12 | UInt32(text[i &+ 2] & 0x3F) << 6 | UInt32(text[i &+ 3] & 0x3F)
        if v >= ScalarKinds.fourByteLower, v < ScalarKinds.fourByteUpper {
            return (Int(tabled[ScalarKinds.fourByteOffset &+ Int(v &- ScalarKinds.fourByteLower)]), 4)
        }
        return nil
    }

    /// The code (``SmallRegex/code(of:)`` or ``SmallRegex/otherCode(kind:)``) of the character at byte `i` of `bytes`,
    /// and its length; `nil` when the answer cannot be known with it.
    private mutating func character(at i: Int, in bytes: UnsafeBufferPointer<UInt8>, _ set: RegexSet,
                                    scratch: MatchScratch) -> (Int, Int)? {
        guard let (scalar, length) = LiteralAutomaton.decode(bytes, at: i) ?? (bytes[i] < 0x80 ? (Unicode.Scalar(bytes[i]), 1) : nil)
        else { return nil }
        if let code = SmallRegex.code(of: scalar) { return (code, length) }
        var kind: UInt8
        if let tabled = set.kinds.tabled(scalar.value) {
            kind = tabled
        } else if let known = otherKinds[scalar.value] {
            kind = known
        } else {
            guard let asked = set.kinds.kind(of: scalar, scratch: scratch) else { return nil }
            otherKinds[scalar.value] = asked
            kind = asked
        }
        if set.caseless, kind & ScalarKinds.foldsIntoRanges != 0 { return nil }
        return (SmallRegex.otherCode(kind: kind), length)
    }

    /// Empties the cache: only the two start states (nothing pending, the character before a word character or not).
    private mutating func reset(_ set: RegexSet) {
        rows.removeAll(keepingCapacity: true)
        matched.removeAll(keepingCapacity: true)
        steps.removeAll(keepingCapacity: true)
        wordBefore.removeAll(keepingCapacity: true)
        index.removeAll(keepingCapacity: true)
        if marks.count != set.nodes.count { marks = [UInt32](repeating: 0, count: set.nodes.count) }
        _ = makeState([], wordBefore: false, set)
        _ = makeState([], wordBefore: true, set)
    }

    /// A new state of `pending` nodes (sorted, distinct): its row of unbuilt transitions, and what it reaches without
    /// reading a character.
    private mutating func makeState(_ pending: [Int32], wordBefore before: Bool, _ set: RegexSet) -> Int32 {
        let state = Int32(wordBefore.count)
        index[pending + [before ? -1 : -2]] = state
        wordBefore.append(before)
        rows.append(contentsOf: repeatElement(.max, count: set.width))
        for after in [false, true] {
            var own: [RegexSet.Step] = []
            let found = RegexSet.closure(set.nodes, pending, before: before, after: after, marks: &marks,
                                         generation: &markGeneration, into: &own)
            let start = (before ? 2 : 0) + (after ? 1 : 0)
            matched.append(found | set.startMatches[start])
            steps.append(own)
        }
        statesMade += 1
        return state
    }

    /// Builds the transition of state `state` on class `c`; `false` when that needs a state beyond ``stateLimit``.
    private mutating func build(_ state: Int, _ c: Int, _ set: RegexSet) -> Bool {
        let after = set.classIsWord[c] != 0
        let before = wordBefore[state]
        let code = set.representatives[c]
        // The patterns whose match ends here go no further (see the type's documentation).
        let ended = matched[state * 2 + (after ? 1 : 0)]
        var targets: [Int32] = []
        for step in steps[state * 2 + (after ? 1 : 0)]
        where set.contains(step.set, code) && ended >> UInt64(set.patternOfNode[Int(step.target)]) & 1 == 0 {
            targets.append(step.target)
        }
        for step in set.startSteps[(before ? 2 : 0) + (after ? 1 : 0)]
        where set.contains(step.set, code) && ended >> UInt64(set.patternOfNode[Int(step.target)]) & 1 == 0 {
            targets.append(step.target)
        }
        targets.sort()
        var pending: [Int32] = []
        pending.reserveCapacity(targets.count)
        for target in targets where pending.last != target { pending.append(target) }
        let next: Int32
        if let known = index[pending + [after ? -1 : -2]] {
            next = known
        } else {
            guard wordBefore.count < Self.stateLimit else { return false }
            next = makeState(pending, wordBefore: after, set)
        }
        rows[state * set.width + c] = UInt32(Int(next) * set.width * 4) | (ended != 0 ? 1 : 0)
        return true
    }
}
