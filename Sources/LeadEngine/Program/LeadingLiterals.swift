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
        guard !extended else { return nil }
        var reader = Reader(chars: Array(pattern.unicodeScalars))
        guard case let .startsWith(literals) = reader.alternation(), reader.index == reader.chars.count,
              !literals.isEmpty else { return nil }
        let folded = literals.map { caseless ? CaseFold.fold($0) : $0 }
        // A one-byte literal occurs everywhere; too many make the scan's automaton large for little gain.
        guard folded.allSatisfy({ $0.utf8.count >= 2 }), folded.count <= 64 else { return nil }
        return Array(Set(folded)).sorted()
    }

    /// What a piece of pattern says about how its matches start.
    enum Outcome: Equatable {
        /// The reader does not understand the pattern.
        case giveUp
        /// Understood, but a match may start with something that is not a literal (or be empty).
        case unknownStart
        /// Every match starts with one of these.
        case startsWith([String])
    }

    /// One element of a sequence, with its quantifier.
    private struct Item {
        enum Kind {
            case literal(Unicode.Scalar)
            case group(Outcome)
            /// `\b`, `\B`, `^`, `$`, `\A`, `\z`, `\Z`, `\G`: they consume nothing.
            case zeroWidth
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
            var union: [String] = []
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
            while let first = rest.first, case .zeroWidth = first.kind { rest = rest.dropFirst() }
            guard let first = rest.first else { return .unknownStart }  // may match the empty string
            switch first.kind {
            case let .literal(c) where first.minimum >= 1:
                // The literal run: this character, then those that must follow it once each.
                var run = String(c)
                guard first.maximum == 1 else { return .startsWith([run]) }
                for item in rest.dropFirst() {
                    guard case let .literal(next) = item.kind, item.minimum >= 1 else { break }
                    run.unicodeScalars.append(next)
                    if item.maximum != 1 { break }
                }
                return .startsWith([run])
            case let .literal(c):
                // Optional: the match starts with it, or with what follows.
                guard case let .startsWith(after) = start(of: rest.dropFirst()) else { return .unknownStart }
                return .startsWith([String(c)] + after)
            case let .group(inner) where first.minimum >= 1:
                return inner
            case let .group(inner):
                guard case let .startsWith(literals) = inner,
                      case let .startsWith(after) = start(of: rest.dropFirst()) else { return .unknownStart }
                return .startsWith(literals + after)
            case .other, .zeroWidth:
                return .unknownStart
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
                    if "bBAzZG".unicodeScalars.contains(next) {
                        kind = .zeroWidth
                    } else if "wWdDsShHvVRNX".unicodeScalars.contains(next) {
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
