/// One pass over a subject that tells which of many literals occur in it (Aho-Corasick over
/// UTF-8 bytes), so that a regex whose required literals are all absent is not run at all.
///
/// Literals of case-insensitive regexes are matched against the subject folded by ``CaseFold``.
/// A subject holding a cased letter outside ASCII and basic Cyrillic (where PCRE2's caseless
/// matching knows equivalences the fold does not, such as the Kelvin sign for `k`) is reported
/// as "every literal may occur": the regexes then run as usual.
final class LiteralPrefilter: Sendable {
    /// The automaton, in a class so that the evaluator reading a prefilter out of its program (while it writes the
    /// hits into its own arrays, which makes Swift copy what it reads) copies one reference, not eight arrays.
    let automaton: LiteralAutomaton
    var caseless: Bool { automaton.caseless }
    var literalCount: Int { automaton.literalCount }
    typealias Hit = LiteralAutomaton.Hit

    init(literals: [String], caseless: Bool) {
        automaton = LiteralAutomaton(literals: literals, caseless: caseless)
    }

    /// See ``LiteralAutomaton/scan(_:hits:positions:buffer:)``.
    @discardableResult
    func scan(_ subject: String, hits: inout [Bool], positions: inout [Hit], buffer: inout [UInt8]) -> Bool {
        automaton.scan(subject, hits: &hits, positions: &positions, buffer: &buffer)
    }

    /// See ``LiteralAutomaton/scan(utf8:hits:positions:buffer:)``.
    @discardableResult
    func scan(utf8 subject: UnsafeBufferPointer<UInt8>, hits: inout [Bool], positions: inout [Hit], buffer: inout [UInt8]) -> Bool {
        automaton.scan(utf8: subject, hits: &hits, positions: &positions, buffer: &buffer)
    }

    /// See ``LiteralAutomaton/fold(_:into:)``.
    static func fold(_ text: String, into buffer: inout [UInt8]) -> Bool { LiteralAutomaton.fold(text, into: &buffer) }
}

/// The Aho-Corasick automaton of a ``LiteralPrefilter``: its tables and the scan.
struct LiteralAutomaton: Sendable {
    let caseless: Bool
    let literalCount: Int
    /// The literals, in id order.
    let literals: [String]
    /// Byte -> class; classes index the transition table.
    private var byteClass = [UInt8](repeating: 0, count: 256)
    private var classCount = 1
    /// transitions[state * classCount + class] -> the next state, as its bitwise complement when literals end
    /// there: the scan looks at outputs only where some literal ends.
    private var transitions: [Int32] = []
    /// For caseless scans, one step per ASCII or basic Cyrillic character, its fold included: a row of 256 per
    /// state, `steps[state << 8 + b]` for an ASCII byte `b` (read folded: `A` as `a`), `steps[state << 8 + 128 + c]`
    /// for the two UTF-8 bytes of the scalar U+0400 + c (c < 128). Each entry is the next state shifted left by
    /// 8 (so that it indexes its row directly), as its bitwise complement when literals end there;
    /// ``unfoldable`` for the scalars folded otherwise (U+0460 and up). Empty when the table would be large
    /// (over 2^20 entries).
    private var steps: [Int32] = []
    /// In ``steps``: the scalar is not folded byte for byte (the scan stops and the slow fold decides).
    static let unfoldable = Int32.min
    /// For caseless scans: the class of each ASCII byte after folding (`A` has the class of `a`).
    private var asciiClass = [UInt8](repeating: 0, count: 128)
    /// Literal ids ending at each state (including via suffix links), flattened: the ids of state
    /// `s` are `outputIds[outputStart[s]..<outputStart[s + 1]]`.
    private var outputStart: [Int32] = []
    private var outputIds: [Int32] = []
    /// Each literal's length in bytes.
    private var literalLengths: [Int32] = []
    /// Per state: the one literal ending there (its id, and its length in the high 32 bits), or -1 when none or
    /// several do: the scan records it in place, without a call of ``Tables/emit(_:end:_:_:)``.
    private var singleOutputs: [Int64] = []

    /// Where a literal occurs in a scanned subject: its id and the UTF-8 offset of its first byte.
    struct Hit {
        var literal: Int32
        var start: Int32
    }

    init(literals: [String], caseless: Bool) {
        self.caseless = caseless
        self.literalCount = literals.count
        self.literals = literals
        self.literalLengths = literals.map { Int32($0.utf8.count) }
        // Classes: each byte used by a literal gets its own class; all others share class 0.
        for literal in literals {
            for byte in literal.utf8 where byteClass[Int(byte)] == 0 {
                byteClass[Int(byte)] = UInt8(classCount)
                classCount += 1
            }
        }
        // The trie.
        var goto: [[Int32]] = [[Int32](repeating: -1, count: classCount)]
        var out: [[Int32]] = [[]]
        for (id, literal) in literals.enumerated() {
            var state = 0
            for byte in literal.utf8 {
                let c = Int(byteClass[Int(byte)])
                if goto[state][c] < 0 {
                    goto.append([Int32](repeating: -1, count: classCount))
                    out.append([])
                    goto[state][c] = Int32(goto.count - 1)
                }
                state = Int(goto[state][c])
            }
            out[state].append(Int32(id))
        }
        // Breadth-first: failure links, and the full transition function.
        var fail = [Int](repeating: 0, count: goto.count)
        var queue: [Int] = []
        for c in 0..<classCount {
            if goto[0][c] < 0 { goto[0][c] = 0 } else {
                fail[Int(goto[0][c])] = 0
                queue.append(Int(goto[0][c]))
            }
        }
        var head = 0
        while head < queue.count {
            let state = queue[head]
            head += 1
            out[state] += out[fail[state]]
            for c in 0..<classCount {
                let next = goto[state][c]
                if next < 0 {
                    goto[state][c] = goto[fail[state]][c]
                } else {
                    fail[Int(next)] = Int(goto[fail[state]][c])
                    queue.append(Int(next))
                }
            }
        }
        transitions = goto.flatMap { row in row.map { target in out[Int(target)].isEmpty ? target : ~target } }
        for b in 0..<128 { asciiClass[b] = byteClass[b >= 0x41 && b <= 0x5A ? b + 0x20 : b] }
        if caseless, goto.count * 256 <= 1 << 20 {
            steps = [Int32](repeating: 0, count: goto.count * 256)
            func encode(_ target: Int32) -> Int32 { out[Int(target)].isEmpty ? target << 8 : ~(target << 8) }
            for state in goto.indices {
                for b in 0..<128 { steps[state << 8 + b] = encode(goto[state][Int(asciiClass[b])]) }
                for c in 0..<128 {
                    let folded = Self.cyrillicFold[c]
                    guard folded != 0 else {
                        steps[state << 8 + 128 + c] = Self.unfoldable
                        continue
                    }
                    // No literal ends after a lead byte (literals are whole UTF-8), so only the second step can output.
                    let middle = goto[state][Int(byteClass[Int(folded >> 8)])]
                    steps[state << 8 + 128 + c] = encode(goto[Int(middle)][Int(byteClass[Int(folded & 0xFF)])])
                }
            }
        }
        singleOutputs = out.map { ids in ids.count == 1 ? Int64(literalLengths[Int(ids[0])]) << 32 | Int64(ids[0]) : -1 }
        outputStart = [0]
        for ids in out {
            outputIds += ids
            outputStart.append(Int32(outputIds.count))
        }
    }

    /// Marks in `hits` (one flag per literal) the literals that occur in `subject`, and lists in `positions`
    /// every occurrence (in the order they end). Returns `false` when the subject holds a letter whose caseless
    /// equivalents the fold does not know: then every literal is marked and no position is listed.
    ///
    /// Offsets in the folded text are offsets in `subject`: the fold maps each character to one of the same
    /// UTF-8 length.
    @discardableResult
    func scan(_ subject: String, hits: inout [Bool], positions: inout [Hit], buffer: inout [UInt8]) -> Bool {
        // The scan writes hits through a pointer, unchecked: one check here that every literal has its flag.
        precondition(hits.count >= literalCount, "LiteralAutomaton.scan: fewer hit flags than literals")
        for i in hits.indices { hits[i] = false }
        positions.removeAll(keepingCapacity: true)
        var copy = subject
        if caseless {
            // Most subjects are ASCII and basic Cyrillic: folded byte by byte as they are scanned, in one pass.
            let done = copy.withUTF8 { bytes in withTables { $0.run(bytes, folding: true, &hits, &positions) } }
            if done { return true }
            for i in hits.indices { hits[i] = false }
            positions.removeAll(keepingCapacity: true)
            guard LiteralAutomaton.fold(subject, into: &buffer) else {
                for i in hits.indices { hits[i] = true }
                return false
            }
            buffer.withUnsafeBufferPointer { bytes in _ = withTables { $0.run(bytes, folding: false, &hits, &positions) } }
        } else {
            copy.withUTF8 { bytes in _ = withTables { $0.run(bytes, folding: false, &hits, &positions) } }
        }
        return true
    }

    /// ``scan(_:hits:positions:buffer:)`` of a subject given as its UTF-8 (valid: a text value of the lead), not as a
    /// `String`; a subject the fold does not read byte by byte is made a `String` for ``fold(_:into:)``.
    @discardableResult
    func scan(utf8 subject: UnsafeBufferPointer<UInt8>, hits: inout [Bool], positions: inout [Hit], buffer: inout [UInt8]) -> Bool {
        precondition(hits.count >= literalCount, "LiteralAutomaton.scan: fewer hit flags than literals")
        for i in hits.indices { hits[i] = false }
        positions.removeAll(keepingCapacity: true)
        if caseless {
            if withTables({ $0.run(subject, folding: true, &hits, &positions) }) { return true }
            for i in hits.indices { hits[i] = false }
            positions.removeAll(keepingCapacity: true)
            guard LiteralAutomaton.fold(String(decoding: subject, as: UTF8.self), into: &buffer) else {
                for i in hits.indices { hits[i] = true }
                return false
            }
            buffer.withUnsafeBufferPointer { bytes in _ = withTables { $0.run(bytes, folding: false, &hits, &positions) } }
        } else {
            _ = withTables { $0.run(subject, folding: false, &hits, &positions) }
        }
        return true
    }

    /// The automaton's tables as raw buffers, for the scanning loop.
    private struct Tables {
        let transitions: UnsafeBufferPointer<Int32>
        let byteClass: UnsafeBufferPointer<UInt8>
        let outputStart: UnsafeBufferPointer<Int32>
        let outputIds: UnsafeBufferPointer<Int32>
        let lengths: UnsafeBufferPointer<Int32>
        let classCount: Int
        let cyrillicFold: UnsafeBufferPointer<UInt16>
        let steps: UnsafeBufferPointer<Int32>
        let asciiClass: UnsafeBufferPointer<UInt8>
        let singleOutputs: UnsafeBufferPointer<Int64>

        /// Runs the automaton over `bytes` (folding ASCII and basic Cyrillic on the way when `folding`), marking
        /// hits and listing positions. Returns `false`, part-way, when folding meets a byte it cannot fold so.
        ///
        /// Folding costs no step of its own: with ``steps`` (``runFolded(_:_:_:)``) an ASCII character or a basic
        /// Cyrillic letter is one lookup, which folds it; without, an ASCII byte's class is read folded
        /// (``asciiClass``) and a Cyrillic letter is folded by ``cyrillicFold`` and fed byte by byte. `bytes`, when
        /// `folding`, is valid UTF-8 (a subject's).
        func run(_ bytes: UnsafeBufferPointer<UInt8>, folding: Bool, _ hits: inout [Bool], _ positions: inout [Hit]) -> Bool {
            var state = 0
            func feed(_ byte: UInt8, _ offset: Int, _ hits: inout [Bool], _ positions: inout [Hit]) {
                step(transitions[state &* classCount &+ Int(byteClass[Int(byte)])], offset, &hits, &positions)
            }
            /// Moves to `next` (encoded as in ``transitions``), the byte at `offset` being the last one read.
            func step(_ next: Int32, _ offset: Int, _ hits: inout [Bool], _ positions: inout [Hit]) {
                if next >= 0 {
                    state = Int(next)
                    return
                }
                state = Int(~next)
                let start = Int(outputStart[state]), end = Int(outputStart[state &+ 1])
                for i in start..<end {
                    let id = Int(outputIds[i])
                    hits[id] = true
                    positions.append(Hit(literal: Int32(id), start: Int32(offset &+ 1) &- lengths[id]))
                }
            }
            let n = bytes.count
            guard folding else {
                for offset in 0..<n { feed(bytes[offset], offset, &hits, &positions) }
                return true
            }
            if !steps.isEmpty, n > 0 {
                return hits.withUnsafeMutableBufferPointer { hits in
                    withUnsafeTemporaryAllocation(of: Hit.self, capacity: Found.capacity) { found in
                        var found = Found(hits: hits, pending: found.baseAddress!)
                        defer { found.flush(into: &positions) }
                        return runFolded(bytes, &found, &positions)
                    }
                }
            }
            var i = 0
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    step(transitions[state &* classCount &+ Int(asciiClass[Int(b)])], i, &hits, &positions)
                    i &+= 1
                } else if b | 1 == 0xD1 && i &+ 1 < n {
                    let folded = cyrillicFold[Int(b & 1) << 6 | Int(bytes[i &+ 1] & 0x3F)]
                    if folded == 0 { return false }
                    feed(UInt8(truncatingIfNeeded: folded >> 8), i, &hits, &positions)
                    feed(UInt8(truncatingIfNeeded: folded), i &+ 1, &hits, &positions)
                    i &+= 2
                } else {
                    // Another character: passed through unchanged unless it has case (then the slow fold decides).
                    guard let (scalar, length) = LiteralAutomaton.decode(bytes, at: i), !CasedScalars.isCased(scalar) else { return false }
                    for k in 0..<length { feed(bytes[i &+ k], i &+ k, &hits, &positions) }
                    i &+= length
                }
            }
            return true
        }

        /// ``run(_:folding:_:_:)`` folding, with ``steps``: a step per ASCII or basic Cyrillic character, in a loop
        /// kept small (the outputs, rare, in ``emit(_:end:_:_:)``; the tables and the bytes read through pointers).
        /// `bytes` is valid UTF-8 (a lead byte is followed by its trail bytes).
        private func runFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ found: inout Found, _ positions: inout [Hit]) -> Bool {
            let text = bytes.baseAddress!, n = bytes.count
            let steps = steps.baseAddress!
            var row = 0
            var i = 0
            while i < n {
                let b = text[i]
                let next: Int32
                if b < 0x80 {
                    next = steps[row &+ Int(b)]
                    i &+= 1
                } else if b | 1 == 0xD1 {
                    // Column 128 + (the lead's low bit) << 6 + the trail's six bits: the trail byte (80...BF) plus 40 for D1.
                    next = steps[row &+ Int((b &<< 6) &+ text[i &+ 1])]
                    i &+= 2
                } else {
                    // Another character: passed through unchanged unless it has case (then the slow fold decides).
                    guard let (scalar, length) = LiteralAutomaton.decode(bytes, at: i), !CasedScalars.isCased(scalar) else { return false }
                    var state = row &>> 8
                    for _ in 0..<length {
                        let next = transitions[state &* classCount &+ Int(byteClass[Int(text[i])])]
                        i &+= 1
                        if next >= 0 {
                            state = Int(next)
                        } else {
                            state = Int(~next)
                            emit(state, end: i, &found, &positions)
                        }
                    }
                    row = state &<< 8
                    continue
                }
                if next >= 0 {
                    row = Int(next)
                } else {
                    if next == LiteralAutomaton.unfoldable { return false }
                    row = Int(~next)
                    // One literal ending here (the commonest case) is recorded in place.
                    let single = singleOutputs[row &>> 8]
                    if single >= 0, found.count < Found.capacity {
                        found.add(Int(single & 0xFFFF_FFFF), start: Int32(truncatingIfNeeded: i) &- Int32(truncatingIfNeeded: single &>> 32))
                    } else {
                        emit(row &>> 8, end: i, &found, &positions)
                    }
                }
            }
            return true
        }

        /// Marks and lists (in `found`) the literals ending at `state`, which the automaton reached with the byte
        /// before `end`.
        @inline(never)
        private func emit(_ state: Int, end: Int, _ found: inout Found, _ positions: inout [Hit]) {
            for i in Int(outputStart[state])..<Int(outputStart[state &+ 1]) {
                let id = Int(outputIds[i])
                if found.count == Found.capacity { found.flush(into: &positions) }
                found.add(id, start: Int32(end) &- lengths[id])
            }
        }
    }

    /// What ``Tables/runFolded(_:_:_:)`` found: the hit flags, and the latest occurrences in a small buffer
    /// appended to the positions now and then (appending one by one checked the array's uniqueness each time).
    private struct Found {
        static let capacity = 64
        let hits: UnsafeMutableBufferPointer<Bool>
        let pending: UnsafeMutablePointer<Hit>
        var count = 0

        init(hits: UnsafeMutableBufferPointer<Bool>, pending: UnsafeMutablePointer<Hit>) {
            self.hits = hits
            self.pending = pending
        }

        /// Marks literal `id` as found and buffers its occurrence from `start` (the buffer has room).
        @inline(__always)
        mutating func add(_ id: Int, start: Int32) {
            hits[id] = true
            pending[count] = Hit(literal: Int32(truncatingIfNeeded: id), start: start)
            count &+= 1
        }

        /// Appends the buffered occurrences to `positions` and empties the buffer.
        mutating func flush(into positions: inout [Hit]) {
            positions.append(contentsOf: UnsafeBufferPointer(start: pending, count: count))
            count = 0
        }
    }

    /// The fold of the scalars U+0400...U+047F (UTF-8 `D0 80`...`D1 BF`), indexed by the low bit of the lead
    /// byte and the trail byte's six bits: the folded scalar's two UTF-8 bytes (lead << 8 | trail), or 0 when it
    /// is beyond basic Cyrillic (U+0460 and up, where the fold is not byte for byte).
    private static let cyrillicFold: [UInt16] = (0..<128).map { index in
        let v = UInt32(0x400 + index)
        let folded = v <= 0x040F ? v + 0x50 : (v <= 0x042F ? v + 0x20 : v)
        guard folded <= 0x045F else { return 0 }
        return UInt16(0xC0 | (folded >> 6)) << 8 | UInt16(0x80 | (folded & 0x3F))
    }

    /// The scalar whose UTF-8 encoding starts at `bytes[i]` (a lead byte of a 2- to 4-byte sequence in valid
    /// UTF-8), and its length.
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
        let b = bytes[i]
        let length = b >= 0xF0 ? 4 : (b >= 0xE0 ? 3 : (b >= 0xC0 ? 2 : 0))
        guard length > 0, i &+ length <= bytes.count else { return nil }
        var value = UInt32(b) & (length == 2 ? 0x1F : (length == 3 ? 0x0F : 0x07))
        for k in 1..<length { value = value << 6 | UInt32(bytes[i &+ k] & 0x3F) }
        return Unicode.Scalar(value).map { ($0, length) }
    }

    private func withTables<R>(_ body: (Tables) -> R) -> R {
        transitions.withUnsafeBufferPointer { transitions in
            byteClass.withUnsafeBufferPointer { byteClass in
                outputStart.withUnsafeBufferPointer { outputStart in
                    outputIds.withUnsafeBufferPointer { outputIds in
                        literalLengths.withUnsafeBufferPointer { lengths in
                            Self.cyrillicFold.withUnsafeBufferPointer { cyrillicFold in
                                steps.withUnsafeBufferPointer { steps in
                                    asciiClass.withUnsafeBufferPointer { asciiClass in
                                        singleOutputs.withUnsafeBufferPointer { singleOutputs in
                                            body(Tables(transitions: transitions, byteClass: byteClass, outputStart: outputStart,
                                                        outputIds: outputIds, lengths: lengths, classCount: classCount,
                                                        cyrillicFold: cyrillicFold, steps: steps, asciiClass: asciiClass,
                                                        singleOutputs: singleOutputs))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Folds `text` into `buffer` as UTF-8; `false` when it holds a cased letter the fold does not cover. (The
    /// scan folds ASCII and basic Cyrillic on the fly; this is for subjects that hold other characters too.)
    static func fold(_ text: String, into buffer: inout [UInt8]) -> Bool {
        buffer.reserveCapacity(text.utf8.count)
        buffer.removeAll(keepingCapacity: true)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                buffer.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
            } else if v >= 0x0400, v < 0x0480, case let folded = cyrillicFold[Int(v - 0x0400)], folded != 0 {
                buffer.append(UInt8(truncatingIfNeeded: folded >> 8))
                buffer.append(UInt8(truncatingIfNeeded: folded))
            } else {
                if scalar.properties.isCased { return false }
                UTF8.encode(scalar) { buffer.append($0) }
            }
        }
        return true
    }
}

/// Whether a scalar has case (`Unicode.Scalar.Properties.isCased`), read from a table for the scalars below
/// U+3000 and the emoji and symbol planes' U+1F000...U+1FAFF (punctuation such as `—`, `«`, `№` and emoji
/// appear in comments; asking the scalar's properties costs about 300 instructions each time).
enum CasedScalars {
    private static let ranges: [Range<UInt32>] = [0x0000..<0x3000, 0x1F000..<0x1FB00]
    /// One bit per scalar of each range, in order.
    private static let bits: [UInt64] = {
        var bits: [UInt64] = []
        for range in ranges {
            var words = [UInt64](repeating: 0, count: (range.count + 63) / 64)
            for value in range {
                if let scalar = Unicode.Scalar(value), scalar.properties.isCased {
                    let offset = Int(value - range.lowerBound)
                    words[offset >> 6] |= 1 << UInt64(offset & 63)
                }
            }
            bits += words
        }
        return bits
    }()

    static func isCased(_ scalar: Unicode.Scalar) -> Bool {
        var base = 0
        for range in ranges {
            if range.contains(scalar.value) {
                let offset = Int(scalar.value - range.lowerBound) + base
                return bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
            }
            base += (range.count + 63) / 64 * 64
        }
        return scalar.properties.isCased
    }
}
