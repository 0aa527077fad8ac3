/// Which named groups of a regex can leave their capture empty in a match: a group whose body can
/// match the empty string (`(?<n>\w*)`, `(?<n>a|)`), or one that need not take part in a match (an
/// optional group `(?<n>a)?`, a group in one branch of an alternation, in a negative lookaround).
///
/// A structural reading of PCRE2 syntax (escapes, classes, quantifiers, group kinds, inline
/// options, `x` mode). It errs on the side of "can be empty": back references, recursion and
/// subroutine calls count as able to match nothing, and a pattern with a construct it does not
/// model (conditional groups, `(*ACCEPT)`) makes every group suspect. Run it on patterns that
/// PCRE2 compiled: syntax errors are PCRE2's to report.
enum RegexCaptures {
    /// Why a named group's capture can be empty.
    enum Reason: Equatable {
        /// Its body can match the empty string.
        case matchesEmpty
        /// It need not take part in a match (then the capture reads as empty).
        case optional
        /// The pattern uses a construct this reading does not model.
        case notAnalysed

        /// The reason in words, for a diagnostic: "capture $n can match the empty string".
        func text(_ name: String) -> String {
            switch self {
            case .matchesEmpty: return "capture $\(name) can match the empty string"
            case .optional: return "capture $\(name) is optional in its regex (a '?', '*', '{0,…}' or one branch of a '|')"
            case .notAnalysed: return "capture $\(name) sits in a regex too intricate to prove it captures something"
            }
        }
    }

    /// What the reading found about a pattern's named groups.
    struct Analysis {
        /// Named groups whose capture can be empty, and why (a name given to several groups: the
        /// first reason found). Names absent from it always capture at least one character.
        var empty: [String: Reason] = [:]
        /// Named groups every capture of which holds a digit (`\d` or a class of 0-9 only), so
        /// that `digits($name)` is never empty.
        var holdDigits: Set<String> = []
        /// Every named group the reading found (one inside an unmodelled construct may be missing).
        var found: Set<String> = []

        /// Why the capture of group `name` (a name PCRE2 reports for the pattern) can be empty, or
        /// `nil` when it always captures something. A group the reading did not find is suspect.
        func reason(for name: String) -> Reason? {
            found.contains(name) ? empty[name] : .notAnalysed
        }
    }

    /// Reads `pattern` (compiled with the `x` flag when `extended`).
    static func analyse(_ pattern: String, extended: Bool) -> Analysis {
        var scanner = Scanner(Array(pattern.unicodeScalars), extended: extended)
        _ = scanner.alternation()
        var result = Analysis()
        for group in scanner.groups where group.digit && !scanner.unmodelled {
            result.holdDigits.insert(group.name)
        }
        for group in scanner.groups {
            result.found.insert(group.name)
            let reason: Reason?
            if scanner.unmodelled { reason = .notAnalysed } else if group.optional { reason = .optional } else if group.nullable {
                reason = .matchesEmpty
            } else {
                reason = nil
            }
            if let reason, result.empty[group.name] == nil { result.empty[group.name] = reason }
            if !group.digit { result.holdDigits.remove(group.name) }
        }
        return result
    }

    /// What a part of a pattern can match: the empty string; only text that holds a digit.
    struct Shape {
        var nullable: Bool
        var digit: Bool
        /// Zero-width (anchors, assertions) or not modelled.
        static let empty = Shape(nullable: true, digit: false)
        /// One character.
        static let character = Shape(nullable: false, digit: false)
        /// One digit.
        static let digitCharacter = Shape(nullable: false, digit: true)
    }

    /// A recursive-descent reading of the pattern that records, per named group, whether its body
    /// can match the empty string and whether it can be left out of a match.
    private struct Scanner {
        let chars: [Unicode.Scalar]
        var i = 0
        var extended: Bool
        var groups: [(name: String, nullable: Bool, optional: Bool, digit: Bool)] = []
        /// Set by constructs that are not modelled: every group is then reported.
        var unmodelled = false

        init(_ chars: [Unicode.Scalar], extended: Bool) {
            self.chars = chars
            self.extended = extended
        }

        var current: Unicode.Scalar? { i < chars.count ? chars[i] : nil }

        func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }

        /// Branches separated by `|`, up to `)` or the end.
        mutating func alternation() -> Shape {
            let first = groups.count
            var shape = sequence()
            var branches = 1
            while current == "|" {
                i += 1
                branches += 1
                let branch = sequence()
                shape.nullable = shape.nullable || branch.nullable
                shape.digit = shape.digit && branch.digit
            }
            if branches > 1 { markOptional(from: first) }
            return shape
        }

        mutating func markOptional(from first: Int) {
            for index in first..<groups.count { groups[index].optional = true }
        }

        /// Items up to `|`, `)` or the end: empty when all of them can be, a digit when one must be.
        mutating func sequence() -> Shape {
            var shape = Shape(nullable: true, digit: false)
            while true {
                skipExtendedSpace()
                guard let c = current, c != "|", c != ")" else { return shape }
                let first = groups.count
                var item = atom()
                skipExtendedSpace()
                if let (minimum, maximum) = quantifier() {
                    if minimum == 0 {
                        item = .empty
                        markOptional(from: first)
                    }
                    if maximum == 0 { markOptional(from: first) }
                }
                shape.nullable = shape.nullable && item.nullable
                shape.digit = shape.digit || item.digit
            }
        }

        /// In `x` mode, white space and `#` comments between items mean nothing.
        mutating func skipExtendedSpace() {
            guard extended else { return }
            while let c = current {
                if c.properties.isWhitespace {
                    i += 1
                } else if c == "#" {
                    while let d = current, d != "\n" { i += 1 }
                } else {
                    return
                }
            }
        }

        /// A quantifier at the cursor (with its lazy or possessive mark): its bounds, or `nil`.
        mutating func quantifier() -> (Int, Int?)? {
            guard let c = current else { return nil }
            var bounds: (Int, Int?)
            switch c {
            case "*": bounds = (0, nil); i += 1
            case "+": bounds = (1, nil); i += 1
            case "?": bounds = (0, 1); i += 1
            case "{":
                guard let (parsed, length) = braces() else { return nil }
                bounds = parsed
                i += length
            default: return nil
            }
            if current == "?" || current == "+" { i += 1 }
            return bounds
        }

        /// `{n}`, `{n,}`, `{n,m}`, `{,m}` (spaces allowed inside), or `nil` when the brace is a literal.
        func braces() -> ((Int, Int?), Int)? {
            var j = i + 1
            var numbers: [Int?] = [nil]
            var sawDigit = false
            while j < chars.count, chars[j] != "}" {
                let c = chars[j]
                if let digit = Int(String(c)), c.isASCII {
                    numbers[numbers.count - 1] = (numbers[numbers.count - 1] ?? 0) &* 10 &+ digit
                    sawDigit = true
                } else if c == "," && numbers.count == 1 {
                    numbers.append(nil)
                } else if c != " " {
                    return nil
                }
                j += 1
            }
            guard j < chars.count, sawDigit else { return nil }
            let minimum = numbers[0] ?? 0
            let maximum = numbers.count == 1 ? numbers[0] : numbers[1]
            return ((minimum, maximum), j - i + 1)
        }

        /// One item.
        mutating func atom() -> Shape {
            let c = chars[i]
            switch c {
            case "\\": return escape()
            case "[": return characterClass() ? .digitCharacter : .character
            case "(": return group()
            case "^", "$":
                i += 1
                return .empty
            default:
                i += 1
                return .character
            }
        }

        /// An escape outside a class. 
        mutating func escape() -> Shape {
            guard let e = peek(1) else {
                i += 1
                return .character
            }
            i += 2
            switch e {
            case "Q":
                let start = i
                while i < chars.count, !(chars[i] == "\\" && peek(1) == "E") { i += 1 }
                let empty = i == start
                if i < chars.count { i += 2 }
                return empty ? .empty : .character
            case "E", "b", "B", "A", "z", "Z", "G", "K":
                return .empty
            case "1", "2", "3", "4", "5", "6", "7", "8", "9":
                // A back reference (or an octal escape): as empty as the group it refers to.
                while let d = current, d.isASCII, d.properties.numericType != nil { i += 1 }
                return .empty
            case "g", "k":
                // \g{n} \g<n> \g'n' \gN \g-N \k<n> \k{n} \k'n': back references and subroutine calls.
                if let open = current, open == "{" || open == "<" || open == "'" {
                    let close: Unicode.Scalar = open == "{" ? "}" : open == "<" ? ">" : "'"
                    while let d = current, d != close { i += 1 }
                    if current != nil { i += 1 }
                } else {
                    if current == "-" || current == "+" { i += 1 }
                    while let d = current, d.isASCII, d.properties.numericType != nil { i += 1 }
                }
                return .empty
            case "x", "o", "p", "P", "N":
                // \x{..}, \o{..}, \p{..}, \N{U+..}: one character (\N alone too).
                if current == "{" {
                    while let d = current, d != "}" { i += 1 }
                    if current != nil { i += 1 }
                } else if e == "x" {
                    var n = 0
                    while n < 2, let d = current, d.properties.isASCIIHexDigit { i += 1; n += 1 }
                } else if e == "p" || e == "P" {
                    if current != nil { i += 1 }
                }
                return .character
            case "d":
                return .digitCharacter
            case "c":
                if current != nil { i += 1 }
                return .character
            default:
                return .character
            }
        }

        /// `[...]`, with `^`, a leading `]`, escapes and POSIX classes. Returns whether it holds
        /// digits only (`[0-9]`, `[\d]`, `[0-5]`).
        @discardableResult
        mutating func characterClass() -> Bool {
            i += 1
            var digitsOnly = true
            if current == "^" { i += 1; digitsOnly = false }
            if current == "]" { i += 1; digitsOnly = false }
            while let c = current, c != "]" {
                let isDigit = c >= "0" && c <= "9"
                let isRange = c == "-" && i > 0 && chars[i - 1] >= "0" && chars[i - 1] <= "9" && peek(1).map({ $0 >= "0" && $0 <= "9" }) == true
                if !(isDigit || isRange || (c == "\\" && peek(1) == "d")) { digitsOnly = false }
                if c == "\\" {
                    if peek(1) == "Q" {
                        i += 2
                        while i < chars.count, !(chars[i] == "\\" && peek(1) == "E") { i += 1 }
                        if i < chars.count { i += 2 }
                        continue
                    }
                    i += 2
                } else if c == "[", peek(1) == ":" || peek(1) == "." || peek(1) == "=" {
                    let kind = chars[i + 1]
                    i += 2
                    while i < chars.count, !(chars[i] == kind && peek(1) == "]") { i += 1 }
                    i += 2
                } else {
                    i += 1
                }
            }
            if current != nil { i += 1 }
            return digitsOnly
        }

        /// Skips to the `)` that closes the construct at the cursor (balanced), for unmodelled constructs.
        mutating func skipBalanced() {
            var depth = 0
            while let c = current {
                if c == "\\" { i += 2; continue }
                if c == "[" { characterClass(); continue }
                if c == "(" { depth += 1 }
                if c == ")" {
                    depth -= 1
                    if depth == 0 { i += 1; return }
                }
                i += 1
            }
        }

        /// Skips to just after the next `)` (comments, verbs, callouts, recursion).
        mutating func skipPastParenthesis() {
            while let c = current, c != ")" { i += 1 }
            if current != nil { i += 1 }
        }

        /// Reads a name up to `close` and steps over `close`.
        mutating func name(until close: Unicode.Scalar) -> String {
            var text = String.UnicodeScalarView()
            while let c = current, c != close { text.append(c); i += 1 }
            if current != nil { i += 1 }
            return String(text)
        }

        /// A parenthesised construct. 
        mutating func group() -> Shape {
            let start = i
            i += 1
            var named: String?
            var lookaround = false
            var negative = false
            if current == "*" {
                // (*VERB), (*VERB:NAME), or an alphabetic assertion such as (*pla:...).
                var word = String.UnicodeScalarView()
                var j = i + 1
                while j < chars.count, chars[j] != ")", chars[j] != ":" { word.append(chars[j]); j += 1 }
                let verb = String(word)
                if verb == "ACCEPT" { unmodelled = true }
                let positive: Set = ["pla", "plb", "positive_lookahead", "positive_lookbehind", "napla", "naplb",
                                     "non_atomic_positive_lookahead", "non_atomic_positive_lookbehind"]
                let negatives: Set = ["nla", "nlb", "negative_lookahead", "negative_lookbehind"]
                let plain: Set = ["atomic", "sr", "script_run", "asr", "atomic_script_run"]
                if j < chars.count, chars[j] == ":", verb.first.map({ $0 >= "a" && $0 <= "z" }) == true {
                    i = j + 1
                    if positive.contains(verb) || negatives.contains(verb) {
                        lookaround = true
                        negative = negatives.contains(verb)
                    } else if !plain.contains(verb) {
                        unmodelled = true
                    }
                } else {
                    i = start
                    skipPastParenthesis()
                    return .empty
                }
            } else if current == "?" {
                i += 1
                guard let kind = current else { return .empty }
                switch kind {
                case ":", ">", "|":
                    i += 1
                case "=", "*":
                    i += 1
                    lookaround = true
                case "!":
                    i += 1
                    lookaround = true
                    negative = true
                case "<" where peek(1) == "=" || peek(1) == "!" || peek(1) == "*":
                    negative = peek(1) == "!"
                    lookaround = true
                    i += 2
                case "<", "'":
                    i += 1
                    named = name(until: kind == "<" ? ">" : "'")
                case "P" where peek(1) == "<":
                    i += 2
                    named = name(until: ">")
                case "#", "C", "R", "&", "P", "+", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9":
                    // Comments, callouts, recursion, subroutine calls and named back references.
                    i = start
                    skipPastParenthesis()
                    return .empty
                case "-" where peek(1).map({ $0 >= "0" && $0 <= "9" }) == true:
                    // A relative subroutine call, (?-1).
                    i = start
                    skipPastParenthesis()
                    return .empty
                case "(":
                    // A conditional group: not modelled.
                    unmodelled = true
                    i = start
                    skipBalanced()
                    return .empty
                default:
                    // Inline options: (?i) (?x-s) (?^) for the rest of the group, or (?i:...).
                    var on = true
                    var setsExtended: Bool?
                    while let c = current, c != ")", c != ":" {
                        if c == "-" { on = false } else if c == "^" { setsExtended = false } else if c == "x" { setsExtended = on }
                        i += 1
                    }
                    if current == ")" {
                        i += 1
                        if let setsExtended { extended = setsExtended }
                        return .empty
                    }
                    i += 1
                    let saved = extended
                    if let setsExtended { extended = setsExtended }
                    let shape = alternation()
                    extended = saved
                    if current == ")" { i += 1 }
                    return shape
                }
            }
            let saved = extended
            let first = groups.count
            if let named { groups.append((named, false, false, false)) }
            let shape = alternation()
            extended = saved
            if current == ")" { i += 1 }
            if named != nil {
                groups[first].nullable = shape.nullable
                groups[first].digit = shape.digit
            }
            if negative { markOptional(from: first) }
            return lookaround ? .empty : shape
        }
    }
}
