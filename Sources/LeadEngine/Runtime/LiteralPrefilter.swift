/// One pass over a subject that tells which of many literals occur in it (Aho-Corasick over
/// UTF-8 bytes), so that a regex whose required literals are all absent is not run at all.
///
/// Literals of case-insensitive regexes are matched against the subject folded by ``CaseFold``.
/// A subject holding a cased letter outside ASCII and basic Cyrillic (where PCRE2's caseless
/// matching knows equivalences the fold does not, such as the Kelvin sign for `k`) is reported
/// as "every literal may occur": the regexes then run as usual.
struct LiteralPrefilter: Sendable {
    let caseless: Bool
    let literalCount: Int
    /// Byte -> class; classes index the transition table.
    private var byteClass = [UInt8](repeating: 0, count: 256)
    private var classCount = 1
    /// transitions[state * classCount + class] -> state.
    private var transitions: [Int32] = []
    /// Literal ids ending at each state (including via suffix links), flattened: the ids of state
    /// `s` are `outputIds[outputStart[s]..<outputStart[s + 1]]`.
    private var outputStart: [Int32] = []
    private var outputIds: [Int32] = []

    init(literals: [String], caseless: Bool) {
        self.caseless = caseless
        self.literalCount = literals.count
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
        transitions = goto.flatMap { $0 }
        outputStart = [0]
        for ids in out {
            outputIds += ids
            outputStart.append(Int32(outputIds.count))
        }
    }

    /// Marks in `hits` (one flag per literal) the literals that occur in `subject`.
    func scan(_ subject: String, hits: inout [Bool], buffer: inout [UInt8]) {
        for i in hits.indices { hits[i] = false }
        if caseless {
            guard LiteralPrefilter.fold(subject, into: &buffer) else {
                for i in hits.indices { hits[i] = true }
                return
            }
            buffer.withUnsafeBufferPointer { run($0, &hits) }
        } else {
            var copy = subject
            copy.withUTF8 { run($0, &hits) }
        }
    }

    private func run(_ bytes: UnsafeBufferPointer<UInt8>, _ hits: inout [Bool]) {
        var state = 0
        let classCount = self.classCount
        transitions.withUnsafeBufferPointer { table in
            byteClass.withUnsafeBufferPointer { classes in
                outputStart.withUnsafeBufferPointer { starts in
                    outputIds.withUnsafeBufferPointer { ids in
                        hits.withUnsafeMutableBufferPointer { found in
                            for byte in bytes {
                                state = Int(table[state &* classCount &+ Int(classes[Int(byte)])])
                                let start = Int(starts[state]), end = Int(starts[state &+ 1])
                                if start != end {
                                    for i in start..<end { found[Int(ids[i])] = true }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Folds `text` into `buffer` as UTF-8; `false` when it holds a cased letter the fold does not cover.
    static func fold(_ text: String, into buffer: inout [UInt8]) -> Bool {
        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(text.utf8.count)
        // Fast path: bytes of ASCII and of two-byte Cyrillic (lead byte D0/D1) fold without decoding.
        var copy = text
        let fast: Bool = copy.withUTF8 { bytes in
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                if b < 0x80 {
                    buffer.append(b >= 0x41 && b <= 0x5A ? b &+ 0x20 : b)
                    i += 1
                } else if (b == 0xD0 || b == 0xD1) && i + 1 < n {
                    let v = (UInt32(b & 0x1F) << 6) | UInt32(bytes[i + 1] & 0x3F)
                    let folded = v <= 0x040F ? v + 0x50 : (v <= 0x042F ? v + 0x20 : v)
                    if folded > 0x045F { return false }
                    buffer.append(UInt8(0xC0 | (folded >> 6)))
                    buffer.append(UInt8(0x80 | (folded & 0x3F)))
                    i += 2
                } else {
                    return false
                }
            }
            return true
        }
        if fast { return true }
        buffer.removeAll(keepingCapacity: true)
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x80 {
                buffer.append(UInt8(v >= 0x41 && v <= 0x5A ? v + 0x20 : v))
            } else if v >= 0x0400, v <= 0x045F {
                let folded = v <= 0x040F ? v + 0x50 : (v <= 0x042F ? v + 0x20 : v)
                buffer.append(UInt8(0xC0 | (folded >> 6)))
                buffer.append(UInt8(0x80 | (folded & 0x3F)))
            } else {
                if scalar.properties.isCased { return false }
                UTF8.encode(scalar) { buffer.append($0) }
            }
        }
        return true
    }
}
