import PCRE2

/// What PCRE2 (UTF, Unicode properties, caseless) says of characters outside ASCII and U+0400...U+045F, the
/// characters a ``RegexSet`` reads by its own tables: whether `\w`, `\s`, `\d` match each, and whether it matches
/// caselessly some letter of those two ranges (the Kelvin sign U+212A is `k`, long s U+017F is `s`, U+1C80 is `в`),
/// which a ``RegexSet`` cannot judge.
///
/// Asked of PCRE2 itself, not of a table of Unicode properties here, so the answers are those of the PCRE2 the
/// engine links, whatever its version (10.43 counts marks and connector punctuation as `\w`, 10.42 not). The
/// blocks where comments' characters mostly come from (``blocks``: Latin-1 to Arabic, general punctuation to
/// dingbats, emoji) are asked at load, a run of characters per call; any other character when first met
/// (``kind(of:scratch:)``, which each evaluator remembers).
struct ScalarKinds: Sendable {
    /// The kind of a character: ``SmallRegex/wordKind``, ``SmallRegex/spaceKind``, ``SmallRegex/digitKind``, and this bit
    /// when it caselessly matches a letter of the two ranges.
    static let foldsIntoRanges: UInt8 = 8

    /// The blocks asked at load: (first scalar, end, where its kinds start in ``kinds``). Every two-byte scalar;
    /// general punctuation to dingbats and the variation selectors (three bytes); the emoji (four bytes).
    static let blocks: [(lower: UInt32, upper: UInt32, offset: Int)] = [
        (0x80, 0x800, 0), (threeByteLower, threeByteUpper, threeByteOffset), (variationLower, variationUpper, variationOffset),
        (fourByteLower, fourByteUpper, fourByteOffset),
    ]
    static let threeByteLower: UInt32 = 0x2000, threeByteUpper: UInt32 = 0x2C00, threeByteOffset = 0x780
    static let variationLower: UInt32 = 0xFE00, variationUpper: UInt32 = 0xFE10, variationOffset = 0x780 + 0xC00
    static let fourByteLower: UInt32 = 0x1F000, fourByteUpper: UInt32 = 0x1FB00, fourByteOffset = 0x780 + 0xC00 + 0x10

    /// The kinds of the scalars of ``blocks``, one block after another.
    let kinds: [UInt8]
    /// `\w+`, `\s+`, `\d+` and the letters of the two ranges (caseless), with the pack's options.
    private let word: Pattern, space: Pattern, digit: Pattern, letter: Pattern

    /// The four patterns compiled and every scalar of ``blocks`` asked; `nil` when PCRE2 fails (it is then not
    /// known what it would say, and regexes keep their usual path).
    init?() {
        do {
            var options = Pattern.Options(caseInsensitive: true)
            options.jit = true
            word = try Pattern(#"\w+"#, options: options)
            space = try Pattern(#"\s+"#, options: options)
            digit = try Pattern(#"\d+"#, options: options)
            letter = try Pattern(#"[a-zA-Z\x{400}-\x{45F}]+"#, options: options)
            var kinds: [UInt8] = []
            let scratch = MatchScratch()
            for block in Self.blocks {
                let scalars = (block.lower..<block.upper).map { Unicode.Scalar($0)! }
                var text = ""
                text.unicodeScalars.append(contentsOf: scalars)
                // The scalar at each UTF-8 offset of the text.
                var scalarAt = [Int](repeating: -1, count: text.utf8.count + 1)
                var offset = 0
                for (index, scalar) in scalars.enumerated() {
                    scalarAt[offset] = index
                    offset += UTF8.width(scalar)
                }
                var blockKinds = [UInt8](repeating: 0, count: scalars.count)
                for (pattern, bit) in [(word, SmallRegex.wordKind), (space, SmallRegex.spaceKind), (digit, SmallRegex.digitKind),
                                       (letter, Self.foldsIntoRanges)] {
                    var start = 0
                    while start < text.utf8.count, try pattern.matches(text, from: start, scratch: scratch),
                          let range = scratch.byteRange(0), !range.isEmpty {
                        for byte in range where scalarAt[byte] >= 0 { blockKinds[scalarAt[byte]] |= bit }
                        start = range.upperBound
                    }
                }
                kinds += blockKinds
            }
            self.kinds = kinds
        } catch {
            return nil
        }
    }

    /// The kind of `scalar` from ``kinds``, or `nil` when it is in none of the ``blocks``.
    @inline(__always)
    func tabled(_ value: UInt32) -> UInt8? {
        for block in Self.blocks where value >= block.lower && value < block.upper {
            return kinds[block.offset + Int(value - block.lower)]
        }
        return nil
    }

    /// The kind of any scalar, asking PCRE2 when it is not in the ``blocks``; `nil` when PCRE2 fails.
    func kind(of scalar: Unicode.Scalar, scratch: MatchScratch) -> UInt8? {
        if let known = tabled(scalar.value) { return known }
        let text = String(Character(scalar))
        var kind: UInt8 = 0
        for (pattern, bit) in [(word, SmallRegex.wordKind), (space, SmallRegex.spaceKind), (digit, SmallRegex.digitKind),
                               (letter, Self.foldsIntoRanges)] {
            do {
                if try pattern.matches(text, scratch: scratch) { kind |= bit }
            } catch {
                return nil
            }
        }
        return kind
    }
}
