/// Finds literal strings one of which every match of a regex STARTS with, at the match's first byte.
///
/// Where a regex has such literals and the subject's literal scan (``LiteralPrefilter``) says where they
/// occur, the evaluator runs the regex only at those places, anchored (`PCRE2_ANCHORED`), in order: the first
/// place with a match gives the match an unanchored search would have found (that search tries every start
/// position in order, and no match can start anywhere else). A comment of 300 bytes is then searched at the
/// two or three places where a keyword occurs, not along its whole length.
///
/// Conservative like ``RequiredLiterals``: anything this reader does not fully understand (lookarounds, inline
/// flags, back-references, `\Q...\E`, extended mode, letters outside ASCII and basic Cyrillic) means `nil`, and
/// the regex is searched as usual.
enum LeadingLiterals {
    /// The literal set for `pattern`, folded when `caseless`; `nil` when none can be promised.
    static func extract(from pattern: String, caseless: Bool, extended: Bool) -> [String]? {
        extractStarts(from: pattern, caseless: caseless, extended: extended)?.map(\.literal)
    }

    /// ``extract(from:caseless:extended:)`` with, for each literal, whether every match starting with it has `\b`
    /// right before it (written before the literal, at the start of its branch) while the literal starts with a
    /// word character: then a place where a word character precedes the literal cannot start a match.
    static func extractStarts(from pattern: String, caseless: Bool, extended: Bool) -> [Start]? {
        guard !extended else { return nil }
        var reader = Reader(chars: Array(pattern.unicodeScalars))
        guard case let .startsWith(starts) = reader.alternation(), reader.index == reader.chars.count,
              !starts.isEmpty else { return nil }
        // A literal reached both with and without `\b` before it (or white space after it) needs none.
        var merged: [String: Start] = [:]
        for start in starts {
            let literal = caseless ? CaseFold.fold(start.literal) : start.literal
            let boundary = start.afterWordBoundary && literal.unicodeScalars.first.map(Self.isWordCharacter) == true
            let earlier = merged[literal]
            merged[literal] = Start(literal: literal, afterWordBoundary: (earlier?.afterWordBoundary ?? true) && boundary,
                                    beforeWhiteSpace: (earlier?.beforeWhiteSpace ?? true) && start.beforeWhiteSpace)
        }
        // A one-byte literal occurs everywhere; too many make the scan's automaton large for little gain.
        guard merged.keys.allSatisfy({ $0.utf8.count >= 2 }), merged.count <= 64 else { return nil }
        return merged.keys.sorted().map { merged[$0]! }
    }

    /// A letter, digit or `_` of the characters a literal may hold (ASCII and basic Cyrillic): what PCRE2's `\w`
    /// matches among them.
    static func isWordCharacter(_ c: Unicode.Scalar) -> Bool {
        c == "_" || ("0"..."9").contains(c) || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
            || (0x0400...0x045F).contains(c.value)
    }

    /// A literal a match may start with, whether `\b` comes right before it, and whether at least one white-space
    /// character (`\s`) must come right after it.
    struct Start: Equatable {
        var literal: String
        var afterWordBoundary: Bool
        var beforeWhiteSpace = false
        /// The literal is the whole of its branch (nothing but zero-width items before it, nothing after it).
        var whole = false
    }

    /// What a piece of pattern says about how its matches start.
    enum Outcome: Equatable {
        /// The reader does not understand the pattern.
        case giveUp
        /// Understood, but a match may start with something that is not a literal (or be empty).
        case unknownStart
        /// Every match starts with one of these.
        case startsWith([Start])
    }

    /// One element of a sequence, with its quantifier.
    private struct Item {
        enum Kind {
            case literal(Unicode.Scalar)
            case group(Outcome)
            /// `\B`, `^`, `$`, `\A`, `\z`, `\Z`, `\G`: they consume nothing.
            case zeroWidth
            /// `\b`: consumes nothing; a word character cannot both precede it and start a match after it.
            case wordBoundary
            /// `\s`: one white-space character (otherwise as ``other``).
            case whiteSpace
            /// A class, `.`, `\w`, `\d`, `\s`...: something other than a fixed literal.
            case other
        }
        var kind: Kind
        var minimum: Int
        var maximum: Int
    }

    private struct Reader: RegexSyntaxReading {
        let chars: [Unicode.Scalar]
        var index = 0

        mutating func alternation() -> Outcome {
            var union: [Start] = []
            var unknown = false
            while true {
                switch sequence() {
                case .giveUp: return .giveUp
                case .unknownStart: unknown = true
                case let .startsWith(literals): union += literals
                }
                guard index < chars.count, chars[index] == "|" else { break }
                index += 1
            }
            return unknown ? .unknownStart : .startsWith(union)
        }

        mutating func sequence() -> Outcome {
            var items: [Item] = []
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                guard let item = nextItem() else { return .giveUp }
                items.append(item)
            }
            return Self.start(of: items[...])
        }

        /// How a match of `items` (a sequence) starts.
        static func start(of items: ArraySlice<Item>) -> Outcome {
            var rest = items
            // Zero-width items at the start hold at the match's start, whichever literal it starts with.
            var boundary = false
            while let first = rest.first {
                if case .wordBoundary = first.kind, first.minimum >= 1 {
                    boundary = true
                } else if case .zeroWidth = first.kind {
                } else if case .wordBoundary = first.kind {
                } else {
                    break
                }
                rest = rest.dropFirst()
            }
            func marked(_ starts: [Start]) -> Outcome {
                .startsWith(starts.map { start in
                    var start = start
                    start.afterWordBoundary = start.afterWordBoundary || boundary
                    return start
                })
            }
            guard let first = rest.first else { return .unknownStart }  // may match the empty string
            switch first.kind {
            case let .literal(c) where first.minimum >= 1:
                // The literal run: this character, then those that must follow it once each.
                var run = String(c)
                guard first.maximum == 1 else { return marked([Start(literal: run, afterWordBoundary: false)]) }
                // Whether the run is followed by `\s` at least once (known only when the run ends at that item), and
                // whether it is all there is (each character once).
                var whiteSpaceAfter = false
                var whole = true
                for item in rest.dropFirst() {
                    guard case let .literal(next) = item.kind, item.minimum >= 1 else {
                        if case .whiteSpace = item.kind, item.minimum >= 1 { whiteSpaceAfter = true }
                        whole = false
                        break
                    }
                    run.unicodeScalars.append(next)
                    if item.maximum != 1 {
                        whole = false
                        break
                    }
                }
                return marked([Start(literal: run, afterWordBoundary: false, beforeWhiteSpace: whiteSpaceAfter, whole: whole)])
            case let .literal(c):
                // Optional: the match starts with it, or with what follows.
                guard case let .startsWith(after) = start(of: rest.dropFirst()) else { return .unknownStart }
                return marked([Start(literal: String(c), afterWordBoundary: false)] + after)
            case let .group(inner) where first.minimum >= 1:
                guard case let .startsWith(starts) = inner else { return inner }
                if first.maximum == 1, let joined = Self.joined(starts, then: start(of: rest.dropFirst())) { return marked(joined) }
                // A word of the group is the whole of this sequence only when the group, once, is all there is.
                let last = rest.count == 1 && first.maximum == 1
                return marked(starts.map { start in
                    var start = start
                    start.whole = start.whole && last
                    return start
                })
            case let .group(inner):
                guard case let .startsWith(literals) = inner,
                      case let .startsWith(after) = start(of: rest.dropFirst()) else { return .unknownStart }
                // `(на|по)?ху`: the word and what follows it, or what follows alone.
                if first.maximum == 1, let joined = Self.joined(literals, then: .startsWith(after)) { return marked(joined + after) }
                // Something follows the group's words: none of them is the whole sequence.
                return marked(literals.map { start in
                    var start = start
                    start.whole = false
                    return start
                } + after)
            case .other, .zeroWidth, .wordBoundary, .whiteSpace:
                return .unknownStart
            }
        }

        /// A group that is a choice of whole words (`(на|по)`), present once, followed by a sequence that starts with
        /// literals: the words joined to those literals (`наху`, `поху`), longer and so found in fewer places. `nil`
        /// when not so (or when the product would be large). A `\b` after the words is left out of the joined literal's
        /// marks: it is inside it, and a mark can only be dropped safely, never made up.
        static func joined(_ words: [Start], then after: Outcome) -> [Start]? {
            guard words.allSatisfy(\.whole), case let .startsWith(next) = after, !next.isEmpty,
                  words.count * next.count <= 16 else { return nil }
            return words.flatMap { word in
                next.map { Start(literal: word.literal + $0.literal, afterWordBoundary: word.afterWordBoundary,
                                 beforeWhiteSpace: $0.beforeWhiteSpace, whole: $0.whole) }
            }
        }

        /// The item at `index` with its quantifier; `nil` when the reader does not understand it.
        mutating func nextItem() -> Item? {
            let c = chars[index]
            let kind: Item.Kind
            switch c {
            case "(":
                index += 1
                guard skipGroupOpening() else { return nil }
                let inner = alternation()
                guard inner != .giveUp, index < chars.count, chars[index] == ")" else { return nil }
                index += 1
                kind = .group(inner)
            case "\\":
                guard index + 1 < chars.count else { return nil }
                let next = chars[index + 1]
                index += 2
                if next.properties.isAlphabetic || next.properties.numericType != nil {
                    if next == "b" {
                        kind = .wordBoundary
                    } else if "BAzZG".unicodeScalars.contains(next) {
                        kind = .zeroWidth
                    } else if next == "s" {
                        kind = .whiteSpace
                    } else if "wWdDShHvVRNX".unicodeScalars.contains(next) {
                        kind = .other
                    } else {
                        return nil  // \x, \p, \Q, \E, \k, \g, \1, \n...: give up rather than guess
                    }
                } else {
                    guard CaseFold.isSupported(next) else { return nil }
                    kind = .literal(next)
                }
            case "[":
                guard skipClass() else { return nil }
                kind = .other
            case ".":
                index += 1
                kind = .other
            case "^", "$":
                index += 1
                kind = .zeroWidth
            case "*", "+", "?", "{":
                return nil  // a quantifier with nothing before it
            default:
                guard CaseFold.isSupported(c) else { return nil }
                index += 1
                kind = .literal(c)
            }
            guard let (minimum, maximum) = quantifier() else { return nil }
            return Item(kind: kind, minimum: minimum, maximum: maximum)
        }
    }
}
