/// A regex of a small part of PCRE2's syntax, compiled into a deterministic automaton over text of ASCII and basic
/// Cyrillic (U+0400...U+045F), to answer "does a match start exactly here" without calling PCRE2.
///
/// The comment tests of the default pack (`\bперез[вф][оа]н\w*\s+(сегодня|сейчас)`, `\b(бюджет\w*|budget)\b[^\d\n]{0,25}\d`)
/// are tried where their leading literals occur (``LeadingLiterals``), and most tries match: each was a call of
/// PCRE2's JIT, ~900 instructions with its setup, for a dozen characters' work. The automaton reads a character
/// in one table lookup and stops at the first place where a match ends (or none can).
///
/// Understood: literal characters of those two ranges (punctuation escaped or not; `\n`, `\t`, `\r`), classes of
/// them (`[вф]`, `[^\d\n]`, ranges within one of the two ranges), `\w \W \d \D \s \S`, `\b \B`, groups (plain,
/// non-capturing, named), alternation, and the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy, which give the
/// same answer to "is there a match"); a repeated group must not match the empty text. Refused too, because PCRE2
/// may stop at its match limit on them and the lead must get that error whatever the detail asked: a group repeated
/// more than once (`(a|aa)+`), and two unbounded repetitions in a row that can read the same character (`a*a*b`).
/// Anything else (anchors,
/// `.`, lookarounds, back-references, inline options, possessive quantifiers, `\p`, extended mode, PCRE2 without
/// Unicode properties), or an automaton of more than ``stateLimit`` states, makes ``init(_:caseless:)`` answer
/// `nil`, and PCRE2 runs as before.
///
/// What PCRE2 answers for such a pattern is known for those characters: with Unicode properties (PCRE2_UCP) `\w`
/// is an ASCII letter, digit or `_` or any letter of U+0400...U+045F, `\d` an ASCII digit, `\s` tab, line feed,
/// vertical tab, form feed, carriage return or space; caseless, a letter matches itself and its one other case
/// there. Where a try reads any other character (an emoji, Cyrillic beyond U+045F, a no-break space, the Kelvin
/// sign, which PCRE2 matches caselessly with `k`), the matcher says it does not know, and PCRE2 decides
/// (``matches(_:at:)``).
///
/// A class so that the evaluator reads it out of a ``RegexNode/Starts`` without copying its arrays.
final class SmallRegex: Sendable {
    /// The automaton: `transitions[state * classCount + class]` is where state `state` goes on a character of class
    /// `class` (``classes``): the next state, ``accepted`` (a match ends before the character) or ``failed`` (no
    /// match can start at the try's place). A state knows whether the character before is a word character: `\b`
    /// and `\B` are decided with the character read.
    let transitions: [Int32]
    /// The class of each character code (``code(of:)``); the end of the text is class ``classCount`` - 1.
    let classes: [UInt8]
    let classCount: Int
    /// The first state when the character before the start is not a word character (or there is none); the
    /// next one when it is.
    let start: Int32
    /// Per state: a match ends there whatever character comes next (a character the automaton does not know
    /// does not then need PCRE2).
    let acceptsBeforeAnything: [Bool]
    /// Whether the pattern has `\b` or `\B` (else the character before the start need not be known).
    let usesBoundaries: Bool
    /// Whether the pattern has a `$` (``init(wholeSubject:caseless:)``): matched at the end of the subject only, where
    /// PCRE2 also matches it before a line feed that ends the subject.
    let endsAtEnd: Bool

    /// A match ends here.
    static let accepted: Int32 = -2
    /// No match can start at the try's place.
    static let failed: Int32 = -1
    /// The number of character codes: ASCII (0...127), then U+0400...U+045F (128...223) (``rangeCodeCount`` in all),
    /// then eight codes for every other character (``otherCode(kind:)``), which only ``RegexSet`` reads.
    static let codeCount = 232
    /// The codes of characters of the two ranges.
    static let rangeCodeCount = 224
    /// What PCRE2 says of a character outside the two ranges, as bits of its kind: `\w` matches it (``wordKind``),
    /// `\s` (``spaceKind``), `\d` (``digitKind``) (see ``ScalarKinds``).
    static let wordKind: UInt8 = 1, spaceKind: UInt8 = 2, digitKind: UInt8 = 4

    /// The code standing for every character outside the two ranges of kind `kind` (its three low bits).
    static func otherCode(kind: UInt8) -> Int { rangeCodeCount + Int(kind & 7) }
    /// The most states of the automaton (of the regex as a graph: ``nodeLimit``).
    static let stateLimit = 512
    static let nodeLimit = 2048

    /// `pattern` compiled, or `nil` when it uses anything this matcher does not understand.
    convenience init?(_ pattern: String, caseless: Bool) {
        var sets: [CharacterSet] = []
        guard let node = Self.parse(pattern, caseless: caseless, sets: &sets) else { return nil }
        self.init(node, sets: sets, caseless: caseless)
    }

    /// A pattern that starts with `^` compiled as a matcher of whole subjects: ``matches(_:at:)`` at 0 answers
    /// whether it matches the subject (PCRE2 without multiline reads `^` as the subject's start, so a match can only
    /// start there), unless the pattern is an alternation (`^a|b`: the others match anywhere). Understood besides the
    /// syntax of ``init(_:caseless:)``: a `$` that ends the pattern (outside any
    /// group or alternation), the end of the subject (``endsAtEnd``: PCRE2 also takes it before a line feed that ends
    /// the subject, which the caller leaves to PCRE2); and one group that reads one character of at most
    /// ``backReferenceLimit`` characters of the two ranges, outside any other group, unrepeated, and referred back to
    /// by `\1`...`\9` after it (the digits of `^[17]?(\d)\1{9}$`): the pattern becomes the alternation of its copies,
    /// one per character, the group and each reference that character. Caseless, a group of letters is refused.
    /// `nil` for anything else: then PCRE2 runs.
    convenience init?(wholeSubject pattern: String, caseless: Bool) {
        guard pattern.unicodeScalars.first == "^" else { return nil }
        var parser = Parser(chars: Array(pattern.unicodeScalars.dropFirst()), caseless: caseless)
        parser.readsWholeSubject = true
        guard let tree = parser.alternation(), parser.index == parser.chars.count else { return nil }
        // `^a|b`: the `^` is the first alternative's only (the others match anywhere).
        if case .alternation = tree { return nil }
        guard let node = parser.expandingBackReference(tree) else { return nil }
        self.init(node, sets: parser.sets, caseless: caseless)
    }

    /// The most characters a group referred back to may read (the pattern is copied once for each).
    static let backReferenceLimit = 16

    private init?(_ node: Node, sets: [CharacterSet], caseless: Bool) {
        var graph = Graph(sets: sets, caseless: caseless)
        let accept = graph.add(.accept(0))
        guard let first = graph.compile(node, then: accept), graph.nodes.count <= Self.nodeLimit,
              let automaton = graph.automaton(from: first, codes: Self.rangeCodeCount) else { return nil }
        transitions = automaton.transitions
        acceptsBeforeAnything = automaton.acceptsBeforeAnything
        classes = automaton.classes
        classCount = automaton.classCount
        start = 0
        usesBoundaries = graph.nodes.contains { if case .boundary = $0 { true } else { false } }
        endsAtEnd = graph.endSet != nil
    }

    /// `pattern` read as a tree whose sets are numbers in `sets` (to which it adds those it needs); `nil` when it uses
    /// anything this matcher does not understand.
    static func parse(_ pattern: String, caseless: Bool, sets: inout [CharacterSet]) -> Node? {
        var parser = Parser(chars: Array(pattern.unicodeScalars), caseless: caseless)
        parser.sets = sets
        guard let node = parser.alternation(), parser.index == parser.chars.count else { return nil }
        sets = parser.sets
        return node
    }

    /// The code of a character of the two ranges, `nil` for any other.
    static func code(of scalar: Unicode.Scalar) -> Int? {
        let v = Int(scalar.value)
        if v < 0x80 { return v }
        if v >= 0x400, v <= 0x45F { return 128 + v - 0x400 }
        return nil
    }

    /// The other case of a character code (itself when it has none).
    static func otherCase(_ code: Int) -> Int {
        switch code {
        case 0x41...0x5A, 0x61...0x7A: return code ^ 0x20
        case 128..<144: return code + 0x50  // U+0400...U+040F <-> U+0450...U+045F
        case 208..<224: return code - 0x50
        case 144..<176: return code + 0x20  // U+0410...U+042F <-> U+0430...U+044F
        case 176..<208: return code - 0x20
        default: return code
        }
    }

    /// The set of one literal character (with its other case when caseless), as a set's words.
    static func words(of code: Int, caseless: Bool) -> CharacterSet {
        var words = CharacterSet(repeating: 0, count: 4)
        for c in [code, caseless ? otherCase(code) : code] { words[c >> 6] |= 1 << UInt64(c & 63) }
        return words
    }

    /// Whether some character is in both sets: a character of the two ranges, or one outside them of a kind PCRE2
    /// gives characters (none is both `\w` and `\s`, every `\d` is a `\w`).
    static func overlap(_ a: CharacterSet, _ b: CharacterSet) -> Bool {
        let possible = (0..<rangeCodeCount).map { $0 } + [0, wordKind, spaceKind, wordKind | digitKind].map { otherCode(kind: $0) }
        return possible.contains { a[$0 >> 6] & b[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
    }

    /// A pattern as a tree (what ``Parser`` reads).
    indirect enum Node {
        /// A literal character (its code).
        case character(Int)
        case set(Int)
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, minimum: Int, maximum: Int)  // maximum -1: unbounded
        case boundary(negated: Bool)
        /// `$` ending a pattern of whole subjects: the end of the subject.
        case end
        /// `\n`, a back-reference to capturing group `n`: only while parsing (``Parser/expandingBackReference(_:)``
        /// replaces it), refused by ``Graph/compile(_:then:)``.
        case backReference(Int)

        /// The fewest characters a match of the node consumes.
        var minimumLength: Int {
            switch self {
            case .set, .character: return 1
            case let .sequence(nodes): return nodes.reduce(0) { $0 + $1.minimumLength }
            case let .alternation(nodes): return nodes.map(\.minimumLength).min() ?? 0
            case let .repetition(node, minimum, _): return node.minimumLength * minimum
            case .boundary, .end: return 0
            case .backReference: return 1
            }
        }
    }

    /// A 256-bit character set.
    typealias CharacterSet = [UInt64]

    /// Reads the understood subset of PCRE2 syntax (see ``SmallRegex``); `nil` for anything else.
    struct Parser: RegexSyntaxReading {
        let chars: [Unicode.Scalar]
        let caseless: Bool
        var index = 0
        var sets: [CharacterSet] = []
        /// Whether the pattern is read for ``SmallRegex/init(wholeSubject:caseless:)`` (its `^` already read): a
        /// final `$` and a back-reference are understood.
        var readsWholeSubject = false
        /// How deep in groups the reading is (0: the pattern's own sequence or alternation).
        var depth = 0
        /// Capturing groups opened so far (plain and named: PCRE2 numbers both).
        var groupCount = 0
        /// The capturing group the last atom read was (0: it was none).
        var lastGroup = 0
        /// Per closed capturing group that reads one character: the characters it reads.
        var oneCharacterGroups: [Int: CharacterSet] = [:]
        /// Per capturing group that is an item of the pattern's own sequence, unrepeated: its position there.
        var topLevelGroups: [Int: Int] = [:]
        /// The group back-referred to (one at most).
        var referencedGroup: Int?

        init(chars: [Unicode.Scalar], caseless: Bool) {
            self.chars = chars
            self.caseless = caseless
        }

        mutating func alternation() -> Node? {
            var branches: [Node] = []
            while true {
                guard let branch = sequence() else { return nil }
                branches.append(branch)
                guard index < chars.count, chars[index] == "|" else { break }
                index += 1
            }
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        mutating func sequence() -> Node? {
            var items: [Node] = []
            while index < chars.count, chars[index] != "|", chars[index] != ")" {
                lastGroup = 0
                guard let atom = atom() else { return nil }
                let group = lastGroup, atomEnd = index
                guard let item = quantified(atom) else { return nil }
                if depth == 0, group > 0, index == atomEnd { topLevelGroups[group] = items.count }
                // Two unbounded repetitions in a row that can read the same characters (`a*a*b`) make PCRE2
                // backtrack polynomially, past its match limit on a long text: left to PCRE2, whose error the lead
                // gets (the automaton would answer where PCRE2 fails, and a trace, run by PCRE2, would disagree).
                if case let .repetition(previous, _, maximum: -1)? = items.last, case let .repetition(next, _, maximum) = item,
                   maximum != 1, let a = members(previous), let b = members(next), SmallRegex.overlap(a, b) {
                    return nil
                }
                items.append(item)
            }
            return .sequence(items)
        }

        /// One item without its quantifier.
        mutating func atom() -> Node? {
            let c = chars[index]
            switch c {
            case "(":
                index += 1
                let capturing = !(index + 1 < chars.count && chars[index] == "?" && chars[index + 1] == ":")
                guard skipGroupOpening() else { return nil }
                var group = 0
                if capturing {
                    groupCount += 1
                    group = groupCount
                }
                depth += 1
                guard let inner = alternation(), index < chars.count, chars[index] == ")" else { return nil }
                depth -= 1
                index += 1
                if group > 0, let characters = members(inner) { oneCharacterGroups[group] = characters }
                lastGroup = group
                return inner
            case "$" where readsWholeSubject && depth == 0 && index == chars.count - 1:
                index += 1
                return .end
            case "[":
                return characterClass()
            case "\\":
                guard index + 1 < chars.count else { return nil }
                let next = chars[index + 1]
                index += 2
                if next == "b" || next == "B" { return .boundary(negated: next == "B") }
                if readsWholeSubject, let digit = next.properties.numericType != nil ? Int(String(next)) : nil, (1...9).contains(digit) {
                    return backReference(to: digit)
                }
                guard let members = escape(next) else { return nil }
                if members.lazy.filter({ $0 }).count == 1, let code = members.firstIndex(of: true) { return .character(code) }
                return .set(add(members))
            case ".", "^", "$", "*", "+", "?", "{", ")", "]", "}", "|":
                return nil
            default:
                guard let code = SmallRegex.code(of: c), c.value >= 0x20 || c == "\n" || c == "\t" || c == "\r" else { return nil }
                index += 1
                return .character(code)
            }
        }

        /// The members of `\d \D \w \W \s \S \n \t \r` or an escaped ASCII punctuation character; `nil` for any other escape.
        func escape(_ c: Unicode.Scalar) -> [Bool]? {
            var members = [Bool](repeating: false, count: SmallRegex.codeCount)
            switch c {
            case "d", "D", "w", "W", "s", "S":
                for code in 0..<SmallRegex.codeCount {
                    let member: Bool
                    switch c {
                    case "d", "D": member = (code >= 0x30 && code <= 0x39) || SmallRegex.isOther(code, kind: SmallRegex.digitKind)
                    case "w", "W": member = SmallRegex.isWordCode(code)
                    default: member = code == 0x20 || (code >= 0x09 && code <= 0x0D) || SmallRegex.isOther(code, kind: SmallRegex.spaceKind)
                    }
                    members[code] = member != (c == "D" || c == "W" || c == "S")
                }
            case "n": members[0x0A] = true
            case "t": members[0x09] = true
            case "r": members[0x0D] = true
            default:
                // An escaped ASCII character that is not a letter or digit is itself.
                guard c.value < 0x80, c.value >= 0x20, !c.properties.isAlphabetic, !("0"..."9").contains(c) else { return nil }
                members[Int(c.value)] = true
            }
            return members
        }

        /// `[...]` or `[^...]` of literal characters, ranges within one of the two ranges, and escapes.
        mutating func characterClass() -> Node? {
            index += 1
            var negated = false
            if index < chars.count, chars[index] == "^" {
                negated = true
                index += 1
            }
            // `]` first (a literal there) and POSIX classes are left to PCRE2.
            guard index < chars.count, chars[index] != "]" else { return nil }
            var members = [Bool](repeating: false, count: SmallRegex.codeCount)
            while index < chars.count, chars[index] != "]" {
                let c = chars[index]
                if c == "[" { return nil }
                if c == "\\" {
                    guard index + 1 < chars.count, let escaped = escape(chars[index + 1]) else { return nil }
                    index += 2
                    // A range from an escape is left to PCRE2.
                    if index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" { return nil }
                    for code in escaped.indices where escaped[code] { members[code] = true }
                    continue
                }
                guard let low = SmallRegex.code(of: c), c.value >= 0x20 else { return nil }
                index += 1
                if index + 1 < chars.count, chars[index] == "-", chars[index + 1] != "]" {
                    let h = chars[index + 1]
                    guard h != "\\", h != "[", let high = SmallRegex.code(of: h), h.value >= 0x20, low <= high,
                          (low < 128) == (high < 128) else { return nil }
                    index += 2
                    for code in low...high { members[code] = true }
                } else {
                    members[low] = true
                }
            }
            guard index < chars.count else { return nil }
            index += 1
            if caseless {
                for code in members.indices where members[code] { members[SmallRegex.otherCase(code)] = true }
            }
            if negated {
                for code in members.indices { members[code].toggle() }
            }
            return .set(add(members, folding: false))
        }

        /// The node with the quantifier at `index` applied, if any.
        mutating func quantified(_ atom: Node) -> Node? {
            let start = index
            guard let (minimum, maximum) = quantifierBounds() else { return nil }
            // None (a `{` that is not a quantifier is a literal to PCRE2: the next atom refuses it).
            if index == start { return atom }
            // Bounds PCRE2 refuses, or large enough to make many states: left to it.
            guard minimum >= 0, minimum <= 100, maximum == -1 || (maximum >= minimum && maximum <= 100) else { return nil }
            // Lazy (`?`) gives the same answer to "is there a match"; possessive (`+`) does not.
            if index < chars.count, chars[index] == "?" { index += 1 }
            if index < chars.count, chars[index] == "+" { return nil }
            if case .boundary = atom { return nil }
            if case .end = atom { return nil }
            // A repeated part that can match nothing could loop without consuming.
            if maximum == -1, atom.minimumLength == 0 { return nil }
            // A group repeated more than once (`(a|aa)+`, `(x+x+)+`, `(a|a)+`) is the shape that backtracks
            // exponentially: left to PCRE2, so that its match limit gives the lead the same error at every detail. A
            // group that reads one character by alternatives that share none (`(\s|_)+`) is a class, and stays.
            if maximum != 1 {
                guard members(atom) != nil else { return nil }
                if case let .alternation(branches) = atom {
                    let sets = branches.compactMap(members)
                    for i in sets.indices { for j in sets.indices where j > i && SmallRegex.overlap(sets[i], sets[j]) { return nil } }
                }
            }
            return .repetition(atom, minimum: minimum, maximum: maximum)
        }

        /// The characters an item that reads exactly one character reads (a literal, a set, a group of one of them or
        /// of alternatives that are), as a set's words; `nil` for any other item.
        func members(_ node: Node) -> CharacterSet? {
            switch node {
            case let .character(code): return SmallRegex.words(of: code, caseless: caseless)
            case let .set(index): return sets[index]
            case let .backReference(group): return oneCharacterGroups[group]
            case let .sequence(items) where items.count == 1: return members(items[0])
            case let .alternation(branches):
                var union = CharacterSet(repeating: 0, count: 4)
                for branch in branches {
                    guard let words = members(branch) else { return nil }
                    for k in union.indices { union[k] |= words[k] }
                }
                return union
            default: return nil
            }
        }

        /// `\group`: understood when the group is closed, reads one character of at most
        /// ``SmallRegex/backReferenceLimit`` of the two ranges (none with another case when caseless), and is the only
        /// group referred back to.
        mutating func backReference(to group: Int) -> Node? {
            guard referencedGroup == nil || referencedGroup == group, let characters = oneCharacterGroups[group] else { return nil }
            let codes = Self.codes(of: characters)
            guard !codes.isEmpty, codes.count <= SmallRegex.backReferenceLimit,
                  !caseless || codes.allSatisfy({ SmallRegex.otherCase($0) == $0 }) else { return nil }
            referencedGroup = group
            return .backReference(group)
        }

        /// The codes of the two ranges in `characters` (the characters outside them are never read by the automaton:
        /// one there makes the answer unknown).
        static func codes(of characters: CharacterSet) -> [Int] {
            (0..<SmallRegex.rangeCodeCount).filter { characters[$0 >> 6] & (1 << UInt64($0 & 63)) != 0 }
        }

        /// `tree` without its back-references: when one was read, the pattern (a sequence) as the alternation of one
        /// copy per character of the group referred to, the group and each reference that character; `nil` when the
        /// group is not an unrepeated item of the pattern's own sequence.
        mutating func expandingBackReference(_ tree: Node) -> Node? {
            guard let group = referencedGroup else { return tree }
            guard case let .sequence(items) = tree, let position = topLevelGroups[group],
                  let characters = oneCharacterGroups[group] else { return nil }
            let branches = Self.codes(of: characters).map { code -> Node in
                var copy = items.map { Self.replacingBackReferences($0, with: code) }
                copy[position] = .character(code)
                return .sequence(copy)
            }
            return .alternation(branches)
        }

        /// `node` with every back-reference the character `code`.
        static func replacingBackReferences(_ node: Node, with code: Int) -> Node {
            switch node {
            case .backReference: return .character(code)
            case let .sequence(items): return .sequence(items.map { replacingBackReferences($0, with: code) })
            case let .alternation(branches): return .alternation(branches.map { replacingBackReferences($0, with: code) })
            case let .repetition(inner, minimum, maximum):
                return .repetition(replacingBackReferences(inner, with: code), minimum: minimum, maximum: maximum)
            case .character, .set, .boundary, .end: return node
            }
        }

        /// Adds a set (closed under case when caseless) and returns its number.
        mutating func add(_ members: [Bool], folding: Bool = true) -> Int {
            var words = CharacterSet(repeating: 0, count: 4)
            for code in members.indices where members[code] {
                for c in (folding && caseless ? [code, SmallRegex.otherCase(code)] : [code]) {
                    words[c >> 6] |= 1 << UInt64(c & 63)
                }
            }
            if let existing = sets.firstIndex(of: words) { return existing }
            sets.append(words)
            return sets.count - 1
        }
    }

    /// Whether PCRE2 (with Unicode properties) counts the character of `code` as a word character (`\w`).
    static func isWordCode(_ code: Int) -> Bool {
        (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5A) || (code >= 0x61 && code <= 0x7A) || code == 0x5F
            || (code >= 128 && code < rangeCodeCount) || isOther(code, kind: wordKind)
    }

    /// Whether `code` stands for the characters outside the two ranges whose kind has the bit `kind`.
    static func isOther(_ code: Int, kind: UInt8) -> Bool {
        code >= rangeCodeCount && UInt8(truncatingIfNeeded: code - rangeCodeCount) & kind != 0
    }

    /// The regex as a graph of nodes (Thompson's construction), then as a deterministic automaton.
    struct Graph {
        /// The most nodes ``compile(_:then:)`` makes: ``SmallRegex/nodeLimit`` for one regex, ``RegexSet/nodeLimit``
        /// for the union of a set (which was held to the first before: a set over 2,048 nodes was never built).
        var nodeLimit = SmallRegex.nodeLimit

        enum Node {
            /// Consumes one character of set `k` (of ``sets``), then goes on at the node given.
            case character(Int, Int)
            /// Goes on at every node given (alternatives, repetitions).
            case split([Int])
            /// `\b` (`negated` false) or `\B`, then the node given.
            case boundary(negated: Bool, Int)
            /// A match of the pattern given (its number in a ``RegexSet``; 0 for a ``SmallRegex``).
            case accept(Int)
        }

        var sets: [CharacterSet]
        let caseless: Bool
        var nodes: [Node] = []
        /// The set "read" at the end of the subject (``SmallRegex/Node/end``): no character is in it; the automaton's
        /// end-of-text class steps through it. `nil` when the pattern has no `$`.
        var endSet: Int?

        init(sets: [CharacterSet], caseless: Bool) {
            self.sets = sets
            self.caseless = caseless
        }

        mutating func add(_ node: Node) -> Int {
            nodes.append(node)
            return nodes.count - 1
        }

        /// The set of one literal character (with its other case when caseless).
        mutating func set(of code: Int) -> Int {
            let words = SmallRegex.words(of: code, caseless: caseless)
            if let existing = sets.firstIndex(of: words) { return existing }
            sets.append(words)
            return sets.count - 1
        }

        /// The first node of `node` followed by the node `next`; `nil` when the graph grows beyond ``nodeLimit``.
        mutating func compile(_ node: SmallRegex.Node, then next: Int) -> Int? {
            guard nodes.count <= nodeLimit else { return nil }
            switch node {
            case let .character(code):
                return add(.character(set(of: code), next))
            case let .set(k):
                return add(.character(k, next))
            case let .boundary(negated):
                return add(.boundary(negated: negated, next))
            case .end:
                if endSet == nil {
                    sets.append(CharacterSet(repeating: 0, count: 4))
                    endSet = sets.count - 1
                }
                return add(.character(endSet.unsafelyUnwrapped, next))
            case .backReference:
                return nil
            case let .sequence(items):
                var first = next
                for item in items.reversed() {
                    guard let start = compile(item, then: first) else { return nil }
                    first = start
                }
                return first
            case let .alternation(branches):
                var starts: [Int] = []
                for branch in branches {
                    guard let start = compile(branch, then: next) else { return nil }
                    starts.append(start)
                }
                return add(.split(starts))
            case let .repetition(inner, minimum, maximum):
                var first: Int
                if maximum == -1 {
                    // loop: split(inner then loop, next).
                    let loop = add(.split([]))
                    guard let body = compile(inner, then: loop) else { return nil }
                    nodes[loop] = .split([body, next])
                    first = loop
                } else {
                    // x{0,m} as split(x then split(x then ..., next), next).
                    first = next
                    for _ in 0..<(maximum - minimum) {
                        guard let body = compile(inner, then: first) else { return nil }
                        first = add(.split([body, next]))
                    }
                }
                for _ in 0..<minimum {
                    guard let body = compile(inner, then: first) else { return nil }
                    first = body
                }
                return first
            }
        }

        /// The nodes reached from `pending` without consuming a character, `\b`/`\B` decided by whether the
        /// characters before and after are word characters: the consuming nodes, and whether a match ends there.
        func closure(_ pending: [Int], before: Bool, after: Bool) -> (consuming: [Int], accepts: Bool) {
            var seen = Set<Int>(), stack = pending, consuming: [Int] = [], accepts = false
            while let node = stack.popLast() {
                guard seen.insert(node).inserted else { continue }
                switch nodes[node] {
                case .character: consuming.append(node)
                case let .split(targets): stack += targets.reversed()
                case let .boundary(negated, next): if (before != after) != negated { stack.append(next) }
                case .accept: accepts = true
                }
            }
            return (consuming.sorted(), accepts)
        }

        /// The classes of the first `codes` character codes: codes alike in every set and in being word characters
        /// share one (the class of each code, and the first code of each class); `nil` beyond 255 classes.
        func characterClasses(codes: Int) -> (classes: [UInt8], representatives: [Int])? {
            var classes = [UInt8](repeating: 0, count: codes)
            var signatures: [[Bool]: Int] = [:]
            var representatives: [Int] = []
            for code in 0..<codes {
                let signature = sets.map { $0[code >> 6] & (1 << UInt64(code & 63)) != 0 } + [SmallRegex.isWordCode(code)]
                if let known = signatures[signature] {
                    classes[code] = UInt8(known)
                } else {
                    guard representatives.count < 255 else { return nil }
                    signatures[signature] = representatives.count
                    classes[code] = UInt8(representatives.count)
                    representatives.append(code)
                }
            }
            return (classes, representatives)
        }

        /// The deterministic automaton of the graph from node `first` (subsets of nodes not yet closed, with whether
        /// the character before is a word character); `nil` beyond ``SmallRegex/stateLimit`` states. States 0 and 1
        /// start, after a character that is not a word character (or none) and after one that is.
        /// Only the first `codes` character codes are classified (the automaton reads no other).
        func automaton(from first: Int, codes: Int) -> (transitions: [Int32], acceptsBeforeAnything: [Bool], classes: [UInt8], classCount: Int)? {
            // Classes: codes alike in every set and in being word characters; the end of the text last.
            guard let (classes, representatives) = characterClasses(codes: codes) else { return nil }
            let classCount = representatives.count + 1
            // States: a pending subset of nodes, then -1 when the character before is a word character, else -2.
            var states: [[Int]] = [[first, -2], [first, -1]]
            var index: [[Int]: Int] = [[first, -2]: 0, [first, -1]: 1]
            var transitions: [Int32] = []
            var acceptsBeforeAnything: [Bool] = []
            var state = 0
            while state < states.count {
                let before = states[state].last == -1
                let pending = Array(states[state].dropLast())
                // The closure depends on the next character only through whether it is a word character; its
                // consuming nodes as (set, node after) pairs.
                let closures = [closure(pending, before: before, after: false), closure(pending, before: before, after: true)]
                acceptsBeforeAnything.append(closures[0].accepts && closures[1].accepts)
                let steps = closures.map { closure in
                    closure.consuming.map { node -> (set: Int, target: Int) in
                        guard case let .character(k, target) = nodes[node] else { preconditionFailure("a consuming node") }
                        return (k, target)
                    }
                }
                for c in 0..<classCount {
                    let code = c < representatives.count ? representatives[c] : -1
                    let after = code >= 0 && SmallRegex.isWordCode(code)
                    if closures[after ? 1 : 0].accepts {
                        transitions.append(SmallRegex.accepted)
                        continue
                    }
                    var next: [Int] = []
                    if code >= 0 {
                        for (k, target) in steps[after ? 1 : 0] where sets[k][code >> 6] & (1 << UInt64(code & 63)) != 0 {
                            next.append(target)
                        }
                    } else if let endSet {
                        // The end of the subject, read through the end set (a `$`); read again, it finds nothing more.
                        for (k, target) in steps[0] where k == endSet { next.append(target) }
                    }
                    if next.isEmpty {
                        transitions.append(SmallRegex.failed)
                        continue
                    }
                    next.sort()
                    var key: [Int] = []
                    key.reserveCapacity(next.count + 1)
                    for target in next where key.last != target { key.append(target) }
                    key.append(after ? -1 : -2)
                    if let known = index[key] {
                        transitions.append(Int32(known))
                    } else {
                        guard states.count < SmallRegex.stateLimit else { return nil }
                        index[key] = states.count
                        transitions.append(Int32(states.count))
                        states.append(key)
                    }
                }
                state += 1
            }
            return (transitions, acceptsBeforeAnything, classes, classCount)
        }
    }
}
