/// The literal scan that skips: instead of an automaton step per character, the subject is folded 16 bytes at a
/// time (SIMD) into a scratch buffer, then compared 16 bytes at a time with one chosen byte of each literal (its
/// *anchor*, a byte rare in comments: `ж` rather than `о`); only where an anchor byte occurs are the literals
/// anchored there compared in full.
///
/// It finds exactly the occurrences ``LiteralAutomaton``'s exact scan finds: each occurrence of a literal holds
/// the literal's anchor byte at the literal's anchor offset, so it is compared once, at that place. The order
/// of the positions differs (by anchor place, not by end).
struct LiteralSkipScan: Sendable {
    typealias Bytes = SIMD16<UInt8>

    /// Single anchor bytes, each repeated over a vector (compared for equality), two by two: an odd count ends with
    /// a repeat.
    private let singles: [Bytes]
    /// Runs of anchor bytes (with, between them, bytes rare enough not to matter), as pairs of vectors: the run's
    /// first byte, and its width with the high bit flipped (a byte `b` is in the run when `(b - first) ^ 0x80`,
    /// as a signed byte, is less than that), two by two like ``singles``.
    private let runs: [Bytes]
    /// The literals anchored at byte `b` whose anchor is one of their last two bytes:
    /// ``anchors``[`singleStart[b]..<singleStart[b + 1]`].
    private let singleStart: [Int32]
    /// The other literals, by ``pairHash(_:_:)`` of their anchor byte and the byte two after it:
    /// ``anchors``[`pairStart[h]..<pairStart[h + 1]`].
    private let pairStart: [Int32]
    /// One bit per (anchor byte, byte two on), 65,536 in all: set when a literal may be anchored there (every
    /// byte two on, for the literals of ``singleStart``). Most places an anchor byte occurs are ruled out by it.
    private let pairBits: [UInt64]
    /// The literals, grouped as ``singleStart`` and ``pairStart`` say.
    private let anchors: [Anchor]
    /// The (folded) bytes of each literal after its first eight, as little-endian words, zero-padded.
    private let words: [UInt64]
    /// Whether the subject is folded (caseless literals) or compared as it is.
    let folding: Bool

    /// A literal, where its anchor byte lies in it, and what it is compared with.
    struct Anchor {
        var literal: Int32
        /// The offset of the anchor byte in the literal.
        var offset: Int32
        var length: Int32
        /// Where the literal's words after the first start in ``words``.
        var rest: Int32
        /// The literal's first (up to) eight bytes, little-endian, and the mask of those bytes.
        var first: UInt64
        var firstMask: UInt64
    }

    /// Bytes after the subject in the scratch buffer: loads of 16 bytes and of literal words never leave it.
    static let padding = 32
    /// The number of buckets of ``pairStart``.
    static let pairBuckets = 4096

    /// The bucket of an anchor byte followed, two bytes on, by `next` (for Cyrillic: the next letter's trail byte).
    @inline(__always)
    static func pairHash(_ anchor: UInt8, _ next: UInt8) -> Int { (Int(anchor) &<< 4 ^ Int(next)) & (pairBuckets - 1) }

    /// `nil` when some literal is empty (it occurs everywhere; the automaton handles that).
    init?(literals: [String], folding: Bool) {
        let bytes = literals.map { Array($0.utf8) }
        guard !bytes.contains(where: \.isEmpty) else { return nil }
        self.folding = folding
        func word(_ literal: [UInt8], from first: Int) -> UInt64 {
            var word: UInt64 = 0
            for (k, byte) in literal[first..<min(first + 8, literal.count)].enumerated() { word |= UInt64(byte) << (8 * UInt64(k)) }
            return word
        }
        var words: [UInt64] = []
        var single = [[Anchor]](repeating: [], count: 256)
        var paired = [[Anchor]](repeating: [], count: Self.pairBuckets)
        var isAnchor = [Bool](repeating: false, count: 256)
        var pairBits = [UInt64](repeating: 0, count: 1 << 10)
        func setPair(_ anchor: UInt8, _ next: UInt8) {
            let bit = Int(anchor) << 8 | Int(next)
            pairBits[bit >> 6] |= 1 << UInt64(bit & 63)
        }
        for (id, (literal, offset)) in zip(bytes, Self.chooseAnchors(bytes)).enumerated() {
            let firstMask: UInt64 = literal.count >= 8 ? ~0 : (1 << (8 * UInt64(literal.count))) - 1
            let anchor = Anchor(literal: Int32(id), offset: Int32(offset), length: Int32(literal.count),
                                rest: Int32(words.count), first: word(literal, from: 0), firstMask: firstMask)
            isAnchor[Int(literal[offset])] = true
            if offset + 2 < literal.count {
                paired[Self.pairHash(literal[offset], literal[offset + 2])].append(anchor)
                setPair(literal[offset], literal[offset + 2])
            } else {
                single[Int(literal[offset])].append(anchor)
                for next in 0...255 { setPair(literal[offset], UInt8(next)) }
            }
            for first in stride(from: 8, to: literal.count, by: 8) { words.append(word(literal, from: first)) }
        }
        var anchors: [Anchor] = []
        var singleStart: [Int32] = [0]
        for list in single {
            anchors += list
            singleStart.append(Int32(anchors.count))
        }
        var pairStart: [Int32] = [Int32(anchors.count)]
        for list in paired {
            anchors += list
            pairStart.append(Int32(anchors.count))
        }
        // Anchor bytes close together become runs when the bytes between them are rare (a run costs two vector
        // instructions more than an equality, each byte between adds places to look at).
        var singles: [Bytes] = [], runs: [Bytes] = []
        var byte = 0
        while byte < 256 {
            guard isAnchor[byte] else {
                byte += 1
                continue
            }
            var last = byte, between = 0, next = byte + 1
            while next < 256, next - last <= 4 {
                if isAnchor[next] {
                    last = next
                    next += 1
                    continue
                }
                between += Self.byteWeight[next]
                if between > Self.runSlack { break }
                next += 1
            }
            if last == byte {
                singles.append(Bytes(repeating: UInt8(byte)))
            } else {
                runs.append(Bytes(repeating: UInt8(byte)))
                runs.append(Bytes(repeating: UInt8(last - byte + 1) ^ 0x80))
            }
            byte = last + 1
        }
        if singles.count % 2 == 1 { singles.append(singles[singles.count - 1]) }
        if runs.count % 4 == 2 { runs += runs[(runs.count - 2)...] }
        self.singles = singles
        self.runs = runs
        self.singleStart = singleStart
        self.pairStart = pairStart
        self.anchors = anchors
        self.words = words
        self.pairBits = pairBits
    }

    /// The most the bytes between two anchor bytes of a run may weigh (``byteWeight``).
    static let runSlack = 12

    /// For each literal, the offset of its anchor byte, chosen to make the scan cheap by an estimate of its cost
    /// per 1,000 characters of comment: each distinct anchor byte costs comparisons per 16 bytes (`keyCost`), and
    /// each place where an anchor byte occurs (``byteWeight`` per mille) costs a look (`placeCost`), and a
    /// comparison of the literal (`literalCost`) unless the byte two on tells most places apart (an anchor byte
    /// not among the literal's last two). Rare bytes, shared where that is cheaper (a few rounds of moving each
    /// literal to its cheapest byte, the others staying).
    static func chooseAnchors(_ literals: [[UInt8]]) -> [Int] {
        let keyCost = 100, placeCost = 10, literalCost = 10
        func weight(_ literal: [UInt8], _ offset: Int) -> Int {
            byteWeight[Int(literal[offset])] * (offset + 2 < literal.count ? 1 : 2)
        }
        var chosen = literals.map { literal in literal.indices.min { weight(literal, $0) < weight(literal, $1) }! }
        var count = [Int](repeating: 0, count: 256)
        for (literal, offset) in zip(literals, chosen) { count[Int(literal[offset])] += 1 }
        for _ in 0..<4 {
            for (id, literal) in literals.enumerated() {
                count[Int(literal[chosen[id]])] -= 1
                func cost(_ offset: Int) -> Int {
                    let byte = Int(literal[offset])
                    let compared = offset + 2 < literal.count ? 0 : byteWeight[byte] * literalCost
                    return compared + (count[byte] == 0 ? keyCost + byteWeight[byte] * placeCost : 0)
                }
                chosen[id] = literal.indices.min { cost($0) < cost($1) }!
                count[Int(literal[chosen[id]])] += 1
            }
        }
        return chosen
    }

    /// An estimate of how often each byte occurs in folded comments (mostly Russian, some English), per mille
    /// of characters: Cyrillic letters by their trail byte (`D0 B0`...`D0 BF` а-п, `D1 80`...`D1 8F` р-я, `D1 91`
    /// ё), ASCII letters at a third of their English frequency, lead bytes `D0` and `D1` as common as the
    /// letters. Only the order matters; bytes not listed weigh 5.
    static let byteWeight: [Int] = {
        var weight = [Int](repeating: 5, count: 256)
        let russian: [(Character, Int)] = [
            ("о", 110), ("е", 85), ("а", 80), ("и", 74), ("н", 67), ("т", 63), ("с", 55), ("р", 47), ("в", 45),
            ("л", 44), ("к", 35), ("м", 32), ("д", 30), ("п", 28), ("у", 26), ("я", 20), ("ы", 19), ("ь", 17),
            ("г", 17), ("з", 16), ("б", 16), ("ч", 14), ("й", 12), ("х", 10), ("ж", 9), ("ш", 7), ("ю", 6),
            ("ц", 5), ("щ", 4), ("э", 3), ("ф", 2), ("ъ", 1), ("ё", 2),
        ]
        for (letter, perMille) in russian { weight[Int(Array(String(letter).utf8)[1])] = perMille }
        let english: [(Character, Int)] = [
            ("e", 127), ("t", 91), ("a", 82), ("o", 75), ("i", 70), ("n", 67), ("s", 63), ("h", 61), ("r", 60),
            ("d", 43), ("l", 40), ("c", 28), ("u", 28), ("m", 24), ("w", 24), ("f", 22), ("g", 20), ("y", 20),
            ("p", 19), ("b", 15), ("v", 10), ("k", 8), ("j", 2), ("x", 2), ("q", 1), ("z", 1),
        ]
        for (letter, perMille) in english {
            let byte = Int(letter.asciiValue!)
            weight[byte] = perMille / 3
            weight[byte - 0x20] = perMille / 30
        }
        weight[0x20] = 170
        weight[0xD0] = 500
        weight[0xD1] = 500
        for byte in 0x30...0x39 { weight[byte] = 10 }
        for byte in Array(".,!?:;-()\"'").map({ Int($0.asciiValue!) }) { weight[byte] = 20 }
        return weight
    }()

    /// Marks in `hits` and lists in `positions` (neither emptied here) every occurrence of a literal in
    /// `subject` (folded first when ``folding``). Returns `false`, having listed nothing, when folding meets a
    /// character with case other than ASCII and basic Cyrillic (U+0400...U+045F): the caller's exact path then
    /// decides.
    ///
    /// `buffer` is scratch space: the folded subject, padding, then a 16-bit mask per block of where anchor bytes lie.
    func scan(_ subject: UnsafeBufferPointer<UInt8>, hits: inout [Bool], positions: inout [LiteralAutomaton.Hit],
              buffer: inout [UInt8]) -> Bool {
        let n = subject.count
        let blocks = (n + 15) >> 4
        let needed = blocks << 4 + Self.padding + 2 * blocks
        if buffer.count < needed { buffer.append(contentsOf: repeatElement(0, count: needed - buffer.count)) }
        return buffer.withUnsafeMutableBytes { scratch in
            singles.withUnsafeBufferPointer { singles in
                runs.withUnsafeBufferPointer { runs in
                    let masks = scratch.baseAddress! + (blocks << 4 + Self.padding)
                    guard Self.mark(subject, folding: folding, into: scratch.baseAddress!, masks: masks, singles: singles, runs: runs)
                    else { return false }
                    hits.withUnsafeMutableBufferPointer { hits in
                        compare(UnsafeRawPointer(scratch.baseAddress!), count: n, masks: UnsafeRawPointer(masks), hits, &positions)
                    }
                    return true
                }
            }
        }
    }

    /// Compares the literals anchored at each place `masks` marks with the (folded) `text` of `n` bytes there.
    private func compare(_ text: UnsafeRawPointer, count n: Int, masks: UnsafeRawPointer,
                         _ hits: UnsafeMutableBufferPointer<Bool>, _ positions: inout [LiteralAutomaton.Hit]) {
        singleStart.withUnsafeBufferPointer { singleStart in
          pairBits.withUnsafeBufferPointer { pairBits in
            pairStart.withUnsafeBufferPointer { pairStart in
                anchors.withUnsafeBufferPointer { anchors in
                    words.withUnsafeBufferPointer { words in
                        /// Compares the literals `anchors[from..<to]` with the text where their anchor byte is `place`.
                        func compare(_ from: Int, _ to: Int, at place: Int, _ positions: inout [LiteralAutomaton.Hit]) {
                            for a in from..<to {
                                let anchor = anchors[a]
                                let start = place &- Int(anchor.offset)
                                let length = Int(anchor.length)
                                guard start >= 0, start &+ length <= n,
                                      text.loadUnaligned(fromByteOffset: start, as: UInt64.self) & anchor.firstMask == anchor.first
                                else { continue }
                                if length > 8, !Self.same(text + (start &+ 8), words.baseAddress! + Int(anchor.rest), length &- 8) {
                                    continue
                                }
                                hits[Int(anchor.literal)] = true
                                positions.append(LiteralAutomaton.Hit(literal: anchor.literal, start: Int32(start)))
                            }
                        }
                        var block = 0
                        while block < n {
                            var bits = UInt32(masks.loadUnaligned(fromByteOffset: block >> 3, as: UInt16.self))
                            while bits != 0 {
                                let place = block &+ bits.trailingZeroBitCount
                                bits &= bits &- 1
                                let byte = text.load(fromByteOffset: place, as: UInt8.self)
                                // Two bytes on: in the padding at the end, where no literal anchored in a pair fits.
                                let next = text.load(fromByteOffset: place &+ 2, as: UInt8.self)
                                let bit = Int(byte) &<< 8 | Int(next)
                                guard pairBits[bit &>> 6] &>> UInt64(bit & 63) & 1 != 0 else { continue }
                                let from = Int(singleStart[Int(byte)]), to = Int(singleStart[Int(byte) &+ 1])
                                if from < to { compare(from, to, at: place, &positions) }
                                let pair = Self.pairHash(byte, next)
                                let pairFrom = Int(pairStart[pair]), pairTo = Int(pairStart[pair &+ 1])
                                if pairFrom < pairTo { compare(pairFrom, pairTo, at: place, &positions) }
                            }
                            block &+= 16
                        }
                    }
                }
            }
          }
        }
    }

    /// Whether the `length` bytes at `text` are those of `words` (little-endian, the last one zero-padded).
    private static func same(_ text: UnsafeRawPointer, _ words: UnsafePointer<UInt64>, _ length: Int) -> Bool {
        var at = 0, left = length, w = words
        while left > 0 {
            var word = text.loadUnaligned(fromByteOffset: at, as: UInt64.self)
            if left < 8 { word &= (1 &<< UInt64(left &* 8)) &- 1 }
            if word != w.pointee { return false }
            w += 1
            at &+= 8
            left &-= 8
        }
        return true
    }

    /// Copies `subject` into `target` (folded when `folding`, as ``fold(_:into:)``), 16 bytes at a time, and
    /// writes for each block of 16 a mask of where its bytes are anchor bytes (`singles`, `runs`: see ``singles``, ``runs``;
    /// little-endian UInt16s at `masks`). `false` when folding meets a character it leaves that has case.
    static func mark(_ subject: UnsafeBufferPointer<UInt8>, folding: Bool, into target: UnsafeMutableRawPointer,
                     masks: UnsafeMutableRawPointer, singles: UnsafeBufferPointer<Bytes>, runs: UnsafeBufferPointer<Bytes>) -> Bool {
        let n = subject.count
        guard n > 0 else { return true }
        let source = UnsafeRawPointer(subject.baseAddress!)
        var block = 0
        while block < n {
            let previous, current, next: Bytes
            if block >= 1, block &+ 17 <= n {
                previous = source.loadUnaligned(fromByteOffset: block &- 1, as: Bytes.self)
                current = source.loadUnaligned(fromByteOffset: block, as: Bytes.self)
                next = source.loadUnaligned(fromByteOffset: block &+ 1, as: Bytes.self)
            } else if block == 0, n >= 17 {
                current = source.loadUnaligned(as: Bytes.self)
                next = source.loadUnaligned(fromByteOffset: 1, as: Bytes.self)
                // The bytes before: `current` moved up by one byte, a zero first.
                let halves = unsafeBitCast(current, to: SIMD2<UInt64>.self)
                previous = unsafeBitCast(SIMD2(halves[0] &<< 8, halves[1] &<< 8 | halves[0] &>> 56), to: Bytes.self)
            } else {
                (previous, current, next) = edge(source, count: n, block: block)
            }
            var text = current
            if folding {
                let (folded, unusual) = foldBlock(previous: previous, current: current, next: next)
                text = folded
                let halves = unsafeBitCast(unusual, to: SIMD2<UInt64>.self)
                var bits: UInt32 = halves[0] | halves[1] == 0 ? 0 : self.bits(unusual)
                if n &- block < 16 { bits &= (1 << UInt32(n &- block)) &- 1 }
                while bits != 0 {
                    let at = block &+ bits.trailingZeroBitCount
                    bits &= bits &- 1
                    guard let (scalar, _) = LiteralAutomaton.decode(subject, at: at),
                          scalar.value < 0x0460 || scalar.value >= 0x0480, !CasedScalars.isCased(scalar) else { return false }
                }
            }
            target.storeBytes(of: text, toByteOffset: block, as: Bytes.self)
            var found = Bytes()
            var k = 0
            while k < singles.count {
                found |= equal(text, singles[k]) | equal(text, singles[k &+ 1])
                k &+= 2
            }
            k = 0
            while k < runs.count {
                found |= within(text, runs[k], runs[k &+ 1]) | within(text, runs[k &+ 2], runs[k &+ 3])
                k &+= 4
            }
            var bits = self.bits(found)
            if n &- block < 16 { bits &= (1 << UInt32(n &- block)) &- 1 }
            masks.storeBytes(of: UInt16(truncatingIfNeeded: bits), toByteOffset: block >> 3, as: UInt16.self)
            block &+= 16
        }
        return true
    }

    /// Folds `subject` into `scratch` as ``LiteralAutomaton/fold(_:into:)`` does (ASCII `A`-`Z`, and U+0400...U+042F
    /// to U+0430...U+045F, byte for byte the same length), 16 bytes at a time; `false` when the subject holds a
    /// character the fold does not cover and that has case (U+0460...U+047F, or a cased scalar led by a byte other
    /// than D0 or D1).
    static func fold(_ subject: UnsafeBufferPointer<UInt8>, into scratch: UnsafeMutableRawBufferPointer) -> Bool {
        let blocks = (subject.count + 15) >> 4
        precondition(scratch.count >= blocks * 18)
        return mark(subject, folding: true, into: scratch.baseAddress!, masks: scratch.baseAddress! + blocks << 4,
                    singles: UnsafeBufferPointer(start: nil, count: 0), runs: UnsafeBufferPointer(start: nil, count: 0))
    }

    /// The bytes before, at and after the block at `block` (each shifted by one), zero outside the subject's
    /// `n` bytes: the first and last blocks go through a padded copy (no load past either end of the subject).
    static func edge(_ source: UnsafeRawPointer, count n: Int, block: Int) -> (Bytes, Bytes, Bytes) {
        var edge = (Bytes(), Bytes(), Bytes())
        return withUnsafeMutableBytes(of: &edge) { edge in
            let from = max(block &- 1, 0), to = min(block &+ 17, n)
            edge.baseAddress!.advanced(by: from &- (block &- 1)).copyMemory(from: source + from, byteCount: to &- from)
            let raw = UnsafeRawPointer(edge.baseAddress!)
            return (raw.loadUnaligned(as: Bytes.self), raw.loadUnaligned(fromByteOffset: 1, as: Bytes.self),
                    raw.loadUnaligned(fromByteOffset: 2, as: Bytes.self))
        }
    }

    /// One block folded, from the bytes before, at and after it (each shifted by one): ASCII capitals get 0x20;
    /// after a D0, a trail byte 80-8F gets 0x10 (Ѐ-Џ to ѐ-џ), 90-9F 0x20 (А-П to а-п), A0-AF loses 0x20 (Р-Я to
    /// р-я); a D0 before 80-8F or A0-AF becomes D1. Also where a character starts that the fold leaves alone and
    /// that may have case: a lead byte of three or four bytes or of two other than D0 and D1, or D1 before A0-BF.
    @inline(__always)
    static func foldBlock(previous: Bytes, current: Bytes, next: Bytes) -> (folded: Bytes, unusual: Bytes) {
        let afterD0 = equal(previous, splat(0xD0))
        let high = current & splat(0xF0)
        let trail = afterD0 & ((equal(high, splat(0x80)) & splat(0x10)) | (equal(high, splat(0x90)) & splat(0x20))
                               | (equal(high, splat(0xA0)) & splat(0xE0)))
        let lead = equal(current, splat(0xD0)) & equal(next & splat(0xD0), splat(0x80)) & splat(0x01)
        let signed = unsafeBitCast(current, to: SIMD16<Int8>.self)
        let capital = unsafeBitCast((signed .> SIMD16<Int8>(repeating: 0x40)) .& (signed .< SIMD16<Int8>(repeating: 0x5B)), to: Bytes.self)
        let unusual = (equal(current & splat(0xC0), splat(0xC0)) ^ equal(current | splat(0x01), splat(0xD1)))
            | (equal(current, splat(0xD1)) & equal(next & splat(0xE0), splat(0xA0)))
        return (current &+ trail &+ lead &+ (capital & splat(0x20)), unusual)
    }

    /// 0xFF where `a` is in the run starting at `first` of the width `widthFlipped` ^ 0x80, 0 elsewhere.
    @inline(__always)
    static func within(_ a: Bytes, _ first: Bytes, _ widthFlipped: Bytes) -> Bytes {
        let offset = unsafeBitCast((a &- first) ^ splat(0x80), to: SIMD16<Int8>.self)
        return unsafeBitCast(offset .< unsafeBitCast(widthFlipped, to: SIMD16<Int8>.self), to: Bytes.self)
    }

    /// 0xFF where `a` and `b` are equal, 0 elsewhere.
    @inline(__always)
    static func equal(_ a: Bytes, _ b: Bytes) -> Bytes { unsafeBitCast(a .== b, to: Bytes.self) }

    @inline(__always)
    static func splat(_ byte: UInt8) -> Bytes { Bytes(repeating: byte) }

    /// Bit `i` set where byte `i` of `mask` has its high bit set (SSE2's `pmovmskb`, by a multiplication per half).
    @inline(__always)
    static func bits(_ mask: Bytes) -> UInt32 {
        let halves = unsafeBitCast(mask, to: SIMD2<UInt64>.self)
        let low = ((halves[0] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
        let high = ((halves[1] & 0x8080_8080_8080_8080) &* 0x0002_0408_1020_4081) >> 56
        return UInt32(truncatingIfNeeded: low | high << 8)
    }
}
