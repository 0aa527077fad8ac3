/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Equatable {
    case identifier(String)
    case keyword(Keyword)
    case integer(Int)
    case decimal(Double)
    /// A string literal, with its `${capture}` interpolations already split out.
    case string([StringPart])
    /// A regex literal `/pattern/flags`: pattern text as written (escapes kept) and flag letters.
    case regex(pattern: String, flags: String)
    /// `$name`: a named capture of the rule's condition.
    case capture(String)
    case symbol(Symbol)
    /// A JSON object written after `given`, `patch` or `fields`, as raw text.
    case json(String)
    case endOfFile
    /// Text that is not a token; the lexer has already reported why.
    case invalid
}

/// One piece of a string literal.
public enum StringPart: Sendable, Hashable {
    case text(String)
    /// `${name}`: the text of a named capture; `offset` is the byte offset of `name` in the file.
    case capture(String, offset: Int)

    /// Structural equality: a capture's byte offset does not count.
    public static func == (l: StringPart, r: StringPart) -> Bool {
        switch (l, r) {
        case let (.text(a), .text(b)): return a == b
        case let (.capture(a, _), .capture(b, _)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case let .text(text): hasher.combine(0); hasher.combine(text)
        case let .capture(name, _): hasher.combine(1); hasher.combine(name)
        }
    }
}

/// Reserved words of the rules language.
public enum Keyword: String, Sendable, CaseIterable {
    case rule, table, status, transitions, const, test, `import`
    case when, set, fill, clear, move, precedence
    case from, by, longest, prefix, first, match
    case and, or, not, `in`, `is`, empty, missing, present
    case `true`, `false`, null
    case given, now, expect, patch, fields, untouched, fires, error
    /// `let NAME = EXPRESSION` in a rule (see `RuleDeclaration.bindings`).
    case `let`
}

extension Keyword {
    /// The keywords by the length of their spelling, for ``spelled(_:)``.
    private static let byLength: [[(keyword: Keyword, spelling: [UInt8])]] = {
        var table: [[(keyword: Keyword, spelling: [UInt8])]] = []
        for keyword in allCases {
            let spelling = Array(keyword.rawValue.utf8)
            while table.count <= spelling.count { table.append([]) }
            table[spelling.count].append((keyword, spelling))
        }
        return table
    }()

    /// The keyword spelled by `word` (the bytes of an identifier), if any: what `Keyword(rawValue:)` says of its
    /// text, without making a string of it first.
    static func spelled(_ word: ArraySlice<UInt8>) -> Keyword? {
        guard word.count < byLength.count, let first = word.first else { return nil }
        for candidate in byLength[word.count] where candidate.spelling[0] == first && candidate.spelling.elementsEqual(word) {
            return candidate.keyword
        }
        return nil
    }
}

/// Punctuation and operators.
public enum Symbol: String, Sendable, CaseIterable {
    case leftBrace = "{", rightBrace = "}", leftParen = "(", rightParen = ")"
    case leftBracket = "[", rightBracket = "]", comma = ",", colon = ":", dot = "."
    case assign = "=", equal = "==", notEqual = "!=", less = "<", lessEqual = "<="
    case greater = ">", greaterEqual = ">=", tilde = "~", notTilde = "!~"
    case arrow = "->", fatArrow = "=>"
    /// Arithmetic: `-` and `/` are operators only right after an operand on the same line (see `Lexer`).
    case plus = "+", minus = "-", star = "*", slash = "/"
}

/// A token and where it stands.
public struct Token: Sendable, Equatable {
    public var kind: TokenKind
    /// Byte offsets in the file.
    public var start: Int
    public var end: Int
    /// Whether a line break (or the start of the file) comes right before this token.
    public var atLineStart: Bool

    public static func == (lhs: Token, rhs: Token) -> Bool {
        lhs.kind == rhs.kind && lhs.start == rhs.start && lhs.end == rhs.end
    }
}

extension TokenKind {
    /// How the token is named in "expected X, found Y" messages.
    var display: String {
        switch self {
        case let .identifier(name): return "'\(name)'"
        case let .keyword(keyword): return "'\(keyword.rawValue)'"
        case let .integer(value): return "number \(value)"
        case let .decimal(value): return "number \(value)"
        case .string: return "a string"
        case .regex: return "a regex"
        case let .capture(name): return "'$\(name)'"
        case let .symbol(symbol): return "'\(symbol.rawValue)'"
        case .json: return "a JSON object"
        case .endOfFile: return "end of file"
        case .invalid: return "invalid text"
        }
    }
}

extension Symbol {
    /// The symbols spelled with two ASCII bytes, indexed by `first << 7 | second`, for ``spelled(_:_:)``.
    private static let twoBytes: [Symbol?] = {
        var table = [Symbol?](repeating: nil, count: 128 * 128)
        for symbol in allCases {
            let spelling = Array(symbol.rawValue.utf8)
            if spelling.count == 2 { table[Int(spelling[0]) << 7 | Int(spelling[1])] = symbol }
        }
        return table
    }()

    /// The symbols spelled with one byte, indexed by that byte, for ``spelled(_:)``.
    private static let oneByte: [Symbol?] = {
        var table = [Symbol?](repeating: nil, count: 128)
        for symbol in allCases {
            let spelling = Array(symbol.rawValue.utf8)
            if spelling.count == 1 { table[Int(spelling[0])] = symbol }
        }
        return table
    }()

    /// The symbol spelled `first` `second`, if any.
    static func spelled(_ first: UInt8, _ second: UInt8) -> Symbol? {
        first < 128 && second < 128 ? twoBytes[Int(first) << 7 | Int(second)] : nil
    }

    /// The symbol spelled with the one byte `byte`, if any.
    static func spelled(_ byte: UInt8) -> Symbol? {
        byte < 128 ? oneByte[Int(byte)] : nil
    }
}
