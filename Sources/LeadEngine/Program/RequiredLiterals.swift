/// Finds literal strings that every match of a regex must contain: "at least one of these".
///
/// Conservative by construction: when the pattern uses anything this reader does not fully
/// understand (inline flags, lookarounds, `\Q...\E`, extended mode, non-Cyrillic non-ASCII letters),
/// it answers `nil` and the regex simply always runs. A wrong answer would make a rule silently
/// not fire, so every doubt means `nil`.
enum RequiredLiterals {
    /// The literal set for `pattern`, folded when `caseless`; `nil` when none can be promised.
    static func extract(from pattern: String, caseless: Bool, extended: Bool) -> [String]? {
        guard !extended else { return nil }
        var parser = Reader(chars: Array(pattern.unicodeScalars))
        guard case let .oneOf(literals) = parser.parseAlternation(), parser.index == parser.chars.count,
              !literals.isEmpty else { return nil }
        let folded = literals.map { caseless ? CaseFold.fold($0) : $0 }
        // Too short a literal filters nothing; too many make the automaton large for little gain.
        guard folded.allSatisfy({ $0.utf8.count >= 2 }), folded.count <= 64 else { return nil }
        return Array(Set(folded)).sorted()
    }

    /// What a piece of pattern requires of every match.
    enum Outcome {
        /// The reader does not understand the pattern: promise nothing.
        case giveUp
        /// A match need not contain any literal.
        case nothing
        /// Every match contains at least one of these.
        case oneOf([String])
    }

    /// A small recursive reader of PCRE syntax.
    private struct Reader: RegexSyntaxReading {
        let chars: [Unicode.Scalar]
        var index = 0

        mutating func parseAlternation() -> Outcome {
            var union: [String] = []
            var anyBranchNeedsNothing = false
            while true {
                switch parseSequence() {
                case .giveUp: return .giveUp
                case .nothing: anyBranchNeedsNothing = true
                case let .oneOf(literals): union += literals
                }
                guard index < chars.count, chars[index] == "|" else { break }
                index += 1
            }
            return anyBranchNeedsNothing ? .nothing : .oneOf(union)
        }

        /// A sequence until `|`, `)` or the end: the best requirement among its literal runs and groups.
        mutating func parseSequence() -> Outcome {
            var candidates: [[String]] = []
            var run = ""
            func endRun() {
                if !run.isEmpty { candidates.append([run]) }
                run = ""
            }
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                let c = chars[index]
                switch c {
                case "(":
                    endRun()
                    index += 1
                    guard skipGroupOpening() else { return .giveUp }
                    let inner = parseAlternation()
                    if case .giveUp = inner { return .giveUp }
                    guard index < chars.count, chars[index] == ")" else { return .giveUp }
                    index += 1
                    guard let (minimum, _) = quantifier() else { return .giveUp }
                    if minimum > 0, case let .oneOf(literals) = inner { candidates.append(literals) }
                case "\\":
                    guard index + 1 < chars.count else { return .giveUp }
                    let next = chars[index + 1]
                    index += 2
                    if next.properties.isAlphabetic || next.properties.numericType != nil {
                        // Classes (\w \d \s \b ...), anchors, back-references, \p{...}: not literal.
                        guard "bBwWdDsShHvVRNXAzZGK".unicodeScalars.contains(next) || next == "p" || next == "P" else {
                            return .giveUp  // \x, \Q, \E, \k, \g, \1, \n... : give up rather than guess
                        }
                        if next == "p" || next == "P" { guard skipBraces() else { return .giveUp } }
                        endRun()
                        guard quantifier() != nil else { return .giveUp }
                    } else {
                        guard appendLiteral(next, to: &run, candidates: &candidates) else { return .giveUp }
                    }
                case "[":
                    endRun()
                    guard skipClass() else { return .giveUp }
                    guard quantifier() != nil else { return .giveUp }
                case ".", "^", "$":
                    endRun()
                    index += 1
                    guard quantifier() != nil else { return .giveUp }
                case "*", "+", "?", "{":
                    return .giveUp  // a quantifier with nothing before it
                default:
                    index += 1
                    guard appendLiteral(c, to: &run, candidates: &candidates) else { return .giveUp }
                }
            }
            endRun()
            // The best requirement: the one whose shortest literal is longest, then the fewest literals.
            let best = candidates.max { a, b in
                let (ma, mb) = (a.map(\.utf8.count).min() ?? 0, b.map(\.utf8.count).min() ?? 0)
                return ma != mb ? ma < mb : a.count > b.count
            }
            return best.map(Outcome.oneOf) ?? .nothing
        }

        /// Adds a literal character to the current run, applying a quantifier that follows it.
        mutating func appendLiteral(_ c: Unicode.Scalar, to run: inout String, candidates: inout [[String]]) -> Bool {
            guard CaseFold.isSupported(c) else { return false }
            guard let (minimum, maximum) = quantifier() else { return false }
            if minimum == 0 {
                if !run.isEmpty { candidates.append([run]) }
                run = ""
            } else {
                run.unicodeScalars.append(c)
                if maximum != 1 {
                    candidates.append([run])
                    run = ""
                }
            }
            return true
        }
    }
}

/// Case folding for the prefilter: ASCII and the basic Cyrillic block, where PCRE2's caseless
/// matching pairs each letter with exactly one other case.
enum CaseFold {
    /// Whether `c` may appear in a prefilter literal.
    static func isSupported(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 0x20 && c.value < 0x7F) || (0x0400...0x045F).contains(c.value)
    }

    static func fold(_ c: Unicode.Scalar) -> Unicode.Scalar {
        switch c.value {
        case 0x41...0x5A: return Unicode.Scalar(c.value + 0x20)!
        case 0x0400...0x040F: return Unicode.Scalar(c.value + 0x50)!
        case 0x0410...0x042F: return Unicode.Scalar(c.value + 0x20)!
        default: return c
        }
    }

    static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for c in text.unicodeScalars { out.append(fold(c)) }
        return String(out)
    }
}
