import JSON

/// A comment in a rules file, kept aside from the tokens so that the formatter can put it back.
public struct Comment: Sendable, Hashable {
    /// The text after `#`, without the line break.
    public var text: String
    /// Byte offsets of the `#` and of the end of the comment.
    public var start: Int
    public var end: Int
    /// Whether the comment is alone on its line (otherwise it trails code).
    public var ownLine: Bool
}

/// Turns the bytes of a rules file into tokens.
///
/// Hand-written over UTF-8 bytes. It never stops at an error: it reports it, produces an
/// `.invalid` token and goes on, so the parser can report every error of a file at once.
public struct Lexer {
    let file: SourceFile
    let bytes: [UInt8]
    var position = 0
    var sawLineBreak = true
    /// Whether the previous token ends an operand (a name, a literal, `)` or `]`): then `/` divides and
    /// `-` subtracts when they follow on the same line; elsewhere `/` opens a regex and `-1` is a number.
    var afterOperand = false
    /// Whether the previous token introduces a JSON object (`given`, `patch`, `fields`).
    var expectJSON = false
    public private(set) var comments: [Comment] = []
    public private(set) var diagnostics: [Diagnostic] = []

    public init(file: SourceFile) {
        self.file = file
        self.bytes = file.bytes
        // A byte-order mark is not part of the text.
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    /// All tokens of the file, ending with `.endOfFile`.
    public mutating func tokenize() -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(bytes.count / 4)
        while true {
            let token = next()
            let atEnd: Bool
            if case .endOfFile = token.kind { atEnd = true } else { atEnd = false }
            tokens.append(token)
            if atEnd { return tokens }
        }
    }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = position + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    private mutating func report(_ message: Diagnostic.Message, _ start: Int, _ end: Int) {
        diagnostics.append(Diagnostic(message, at: SourceRange(file: file, start: start, end: end)))
    }

    /// Characters a reader cannot see where they change what the text says: a bidirectional control anywhere in a
    /// comment (it can make the code around it read differently from what runs), and in a regex any invisible
    /// character but a tab (a zero-width space there matches only itself; `\x{200B}` says it).
    private mutating func reportHiddenCharacters(in text: String, at offset: Int, regex: Bool) {
        var position = offset
        for scalar in text.unicodeScalars {
            let width = String(scalar).utf8.count
            defer { position += width }
            let bidi = (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value)
                || scalar.value == 0x200E || scalar.value == 0x200F || scalar.value == 0x061C
            if bidi || (regex && scalar != "\t" && LogSafeText.needsEscape(scalar)) {
                report(.hiddenCharacter(scalar, inRegex: regex), position, position + width)
            }
        }
    }

    private mutating func skipTrivia() {
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                position += 1
            case UInt8(ascii: "\r"):
                // CRLF is a line break as LF is. A lone CR is one for an editor but not for a reader of the file
                // that counts lines by LF: an error, so that nothing after it reads differently from what is shown.
                if peek(1) != UInt8(ascii: "\n") {
                    report(.loneCarriageReturn, position, position + 1)
                    sawLineBreak = true
                }
                position += 1
            case UInt8(ascii: "\n"):
                position += 1
                sawLineBreak = true
            case UInt8(ascii: "#"):
                let start = position
                // A comment ends at the end of its line, and at anything an editor may show as one (CR, VT, FF,
                // U+0085, U+2028, U+2029), which is then read as code (and refused): a comment never hides the code
                // an editor shows after it.
                while let b = peek(), !endsCommentLine(b) { position += 1 }
                var end = position
                if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let text = String(decoding: bytes[(start + 1)..<end], as: UTF8.self)
                reportHiddenCharacters(in: text, at: start + 1, regex: false)
                comments.append(Comment(text: text, start: start, end: end, ownLine: sawLineBreak))
            default:
                return
            }
        }
    }

    /// Whether the byte at the position, `byte`, ends a comment's line (see ``skipTrivia()``).
    private func endsCommentLine(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C: return true
        case 0xC2: return peek(1) == 0x85
        case 0xE2: return peek(1) == 0x80 && (peek(2) == 0xA8 || peek(2) == 0xA9)
        default: return false
        }
    }

    mutating func next() -> Token {
        skipTrivia()
        let atLineStart = sawLineBreak
        sawLineBreak = false
        let start = position
        guard let byte = peek() else {
            return Token(kind: .endOfFile, start: position, end: position, atLineStart: true)
        }
        let kind: TokenKind
        let operatorPosition = afterOperand && !atLineStart
        if expectJSON, byte == UInt8(ascii: "{") {
            kind = lexJSONObject()
        } else if operatorPosition, byte == UInt8(ascii: "/") {
            position += 1
            kind = .symbol(.slash)
        } else if operatorPosition, byte == UInt8(ascii: "-"), peek(1) != UInt8(ascii: ">") {
            position += 1
            kind = .symbol(.minus)
        } else {
            kind = lexToken(byte)
        }
        switch kind {
        case .keyword(.given), .keyword(.patch), .keyword(.fields): expectJSON = true
        default: expectJSON = false
        }
        switch kind {
        case .identifier, .integer, .decimal, .string, .capture, .symbol(.rightParen), .symbol(.rightBracket),
             .keyword(.true), .keyword(.false), .keyword(.null), .keyword(.status):
            afterOperand = true
        default:
            afterOperand = false
        }
        return Token(kind: kind, start: start, end: position, atLineStart: atLineStart)
    }

    private mutating func lexToken(_ byte: UInt8) -> TokenKind {
        let start = position
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            while let b = peek(), b.isIdentifierByte { position += 1 }
            if peek().map({ $0 >= 0x80 }) == true, letterLength(at: position) > 0 { return lexNonASCIIName(from: start) }
            if let keyword = Keyword.spelled(bytes[start..<position]) { return .keyword(keyword) }
            return .identifier(String(decoding: bytes[start..<position], as: UTF8.self))
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return lexNumber(negative: false)
        case UInt8(ascii: "-") where peek(1).map({ $0 >= 48 && $0 <= 57 }) == true:
            position += 1
            return lexNumber(negative: true)
        case UInt8(ascii: "\""):
            return lexString()
        case UInt8(ascii: "/"):
            return lexRegex()
        case UInt8(ascii: "$"):
            position += 1
            let nameStart = position
            while let b = peek(), b.isIdentifierByte { position += 1 }
            if position == nameStart {
                report(.expectedCaptureName, start, position)
                return .invalid
            }
            return .capture(String(decoding: bytes[nameStart..<position], as: UTF8.self))
        default:
            return lexSymbol(byte)
        }
    }

    /// The length in bytes of the letter outside ASCII that starts at `offset` (a Cyrillic or accented letter,
    /// a mark combining with one), or 0.
    private func letterLength(at offset: Int) -> Int {
        guard offset < bytes.count, bytes[offset] >= 0xC0 else { return 0 }
        var end = offset + 1
        while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
        guard let scalar = String(decoding: bytes[offset..<end], as: UTF8.self).unicodeScalars.first,
              scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark else { return 0 }
        return end - offset
    }

    /// Moves past ASCII letters, digits, `_` and letters of other alphabets: the rest of a word.
    private mutating func skipWordBytes() {
        while position < bytes.count {
            if bytes[position].isIdentifierByte { position += 1; continue }
            let length = letterLength(at: position)
            guard length > 0 else { break }
            position += length
        }
    }

    /// A name written with letters outside ASCII (`имя`, `prénom`, `nameя`): the whole word is one error, and
    /// one identifier token, so that what follows parses as it would with a valid name (one error for the word,
    /// not one per letter and more for the syntax after it).
    private mutating func lexNonASCIIName(from start: Int) -> TokenKind {
        position = start
        skipWordBytes()
        let word = String(decoding: bytes[start..<position], as: UTF8.self)
        report(.nonASCIIName(word, lookalike: Self.latinLookalike(of: word)), start, position)
        return .identifier(word)
    }

    /// Letters of other alphabets that look like Latin ones (Cyrillic and Greek), and the Latin letter each looks like.
    static let lookalikes: [Unicode.Scalar: Character] = {
        var table: [Unicode.Scalar: Character] = [:]
        let pairs = ["а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "у": "y", "х": "x", "к": "k", "і": "i", "ј": "j", "ѕ": "s",
                     "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "Х": "X",
                     "У": "Y", "І": "I", "Ј": "J", "Ѕ": "S",
                     "ο": "o", "α": "a", "ν": "v", "ι": "i", "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K",
                     "Μ": "M", "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X"]
        for (other, latin) in pairs { table[other.unicodeScalars.first!] = Character(latin) }
        return table
    }()

    /// `word` written in Latin letters when each of its other letters looks like one (`nаme` with a Cyrillic `а`):
    /// what the author meant, most likely; `nil` when some letter has no Latin look-alike.
    static func latinLookalike(of word: String) -> (latin: String, letters: [Unicode.Scalar])? {
        var latin = "", letters: [Unicode.Scalar] = []
        for scalar in word.unicodeScalars {
            if scalar.isASCII {
                latin.unicodeScalars.append(scalar)
            } else if let look = lookalikes[scalar] {
                latin.append(look)
                if !letters.contains(scalar) { letters.append(scalar) }
            } else {
                return nil
            }
        }
        return (latin, letters)
    }

    private mutating func lexSymbol(_ byte: UInt8) -> TokenKind {
        let start = position
        if let second = peek(1), let symbol = Symbol.spelled(byte, second) {
            position += 2
            return .symbol(symbol)
        }
        if let symbol = Symbol.spelled(byte) {
            position += 1
            return .symbol(symbol)
        }
        // A word in another alphabet (`имя`): one error for the word, and a name the parser goes on with.
        if byte >= 0x80, letterLength(at: start) > 0 { return lexNonASCIIName(from: start) }
        // One whole character, however many bytes it takes, so the caret covers it.
        position += 1
        while let b = peek(), b & 0xC0 == 0x80 { position += 1 }
        let text = String(decoding: bytes[start..<position], as: UTF8.self)
        report(.unexpectedCharacter(text), start, position)
        return .invalid
    }

    /// A number: digits with optional `_` between them (`1_000_000`), an optional fraction (`2.5`), and an
    /// optional scale suffix `K` (thousand) or `M` (million): `150K`, `1.5M`, `10M`. A scaled number that
    /// comes out whole is an integer (`1.5M` is 1500000).
    private mutating func lexNumber(negative: Bool) -> TokenKind {
        let digitsStart = position
        let start = negative ? digitsStart - 1 : digitsStart
        var digits = ""
        func readDigits() {
            while let b = peek() {
                if b.isDigit {
                    digits.unicodeScalars.append(Unicode.Scalar(b))
                    position += 1
                } else if b == UInt8(ascii: "_"), position > digitsStart, bytes[position - 1].isDigit, peek(1)?.isDigit == true {
                    position += 1
                } else {
                    break
                }
            }
        }
        readDigits()
        var isDecimal = false
        if peek() == UInt8(ascii: "."), peek(1)?.isDigit == true {
            isDecimal = true
            digits += "."
            position += 1
            readDigits()
        }
        var scale = 1
        if let b = peek(), b == UInt8(ascii: "K") || b == UInt8(ascii: "M"), !(peek(1)?.isIdentifierByte ?? false) {
            scale = b == UInt8(ascii: "K") ? 1_000 : 1_000_000
            position += 1
        }
        if let b = peek(), b.isIdentifierByte {
            while let b = peek(), b.isIdentifierByte { position += 1 }
            report(.malformedNumber(String(decoding: bytes[start..<position], as: UTF8.self)), start, position)
            return .invalid
        }
        let text = (negative ? "-" : "") + digits
        if scale != 1 {
            if isDecimal {
                // Exact in decimal: the fraction's digits are shifted, not multiplied in floating point.
                let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
                let fraction = parts.count > 1 ? String(parts[1]) : ""
                let shift = scale == 1_000 ? 3 : 6
                if fraction.count <= shift {
                    let whole = String(parts[0]) + fraction + String(repeating: "0", count: shift - fraction.count)
                    if let value = Int((negative ? "-" : "") + whole) { return .integer(value) }
                } else if let value = Double(text) {
                    return .decimal(value * Double(scale))
                }
            } else if let value = Int(text), case let (scaled, overflow) = value.multipliedReportingOverflow(by: scale), !overflow {
                return .integer(scaled)
            }
            report(.numberOutOfRange(String(decoding: bytes[start..<position], as: UTF8.self)), start, position)
            return .invalid
        }
        if isDecimal, let value = Double(text) { return .decimal(value) }
        if let value = Int(text) { return .integer(value) }
        report(.numberOutOfRange(text), start, position)
        return .invalid
    }

    private mutating func lexString() -> TokenKind {
        let start = position
        position += 1
        // Most strings hold no escape, interpolation or line break: their text is the bytes up to the quote.
        let plainEnd = bytes.withUnsafeBufferPointer { bytes in
            var end = position
            while end < bytes.count {
                let byte = bytes[end]
                if byte == UInt8(ascii: "\"") { return end }
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "\n") { return -1 }
                end += 1
            }
            return -1
        }
        if plainEnd >= 0 {
            let text = bytes[position..<plainEnd]
            position = plainEnd + 1
            return .string(text.isEmpty ? [] : [.text(String(decoding: text, as: UTF8.self))])
        }
        var parts: [StringPart] = []
        var buffer: [UInt8] = []
        func flush() {
            if !buffer.isEmpty { parts.append(.text(String(decoding: buffer, as: UTF8.self))); buffer.removeAll() }
        }
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                report(.unterminatedString, start, position)
                flush()
                return .string(parts)
            }
            position += 1
            switch byte {
            case UInt8(ascii: "\""):
                flush()
                return .string(parts)
            case UInt8(ascii: "\\"):
                let escapeStart = position - 1
                guard let escaped = peek(), escaped != UInt8(ascii: "\n") else { continue }
                position += 1
                switch escaped {
                case UInt8(ascii: "n"): buffer.append(10)
                case UInt8(ascii: "t"): buffer.append(9)
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "$"): buffer.append(escaped)
                case UInt8(ascii: "u") where peek() == UInt8(ascii: "{"):
                    position += 1
                    let hexStart = position
                    while let b = peek(), b.isHexDigit { position += 1 }
                    let hex = String(decoding: bytes[hexStart..<position], as: UTF8.self)
                    if peek() == UInt8(ascii: "}"), let value = UInt32(hex, radix: 16),
                       let scalar = Unicode.Scalar(value) {
                        position += 1
                        buffer.append(contentsOf: Array(String(scalar).utf8))
                    } else {
                        report(.invalidEscape("\\u{\(hex)"), escapeStart, position)
                    }
                default:
                    var end = position
                    while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
                    position = end
                    report(.invalidEscape(String(decoding: bytes[escapeStart..<end], as: UTF8.self)), escapeStart, end)
                }
            case UInt8(ascii: "$") where peek() == UInt8(ascii: "{"):
                let interpolationStart = position - 1
                position += 1
                let nameStart = position
                while let b = peek(), b.isIdentifierByte { position += 1 }
                let name = String(decoding: bytes[nameStart..<position], as: UTF8.self)
                if peek() == UInt8(ascii: "}"), !name.isEmpty {
                    position += 1
                    flush()
                    parts.append(.capture(name, offset: nameStart))
                } else {
                    report(.malformedInterpolation, interpolationStart, position)
                }
            default:
                buffer.append(byte)
            }
        }
    }

    /// A balanced `{...}` with JSON strings skipped; the JSON itself is checked when the test runs.
    ///
    /// A line that starts with a keyword that begins a statement or declaration (`expect`, `given`, `now`, `rule`, ...;
    /// outside a string) cannot be inside a JSON value: an object still open there was not closed (`given {"id": 1,`
    /// then `expect ...` on the next line). It ends there, with an error at its `{` naming that line, rather than
    /// taking the test's own `{...}` as its closing brackets and reporting a missing `}` at the end of the file.
    private mutating func lexJSONObject() -> TokenKind {
        let start = position
        var depth = 0
        var inString = false
        var atLineStart = false
        while let byte = peek() {
            if atLineStart, !inString, let word = wordOutsideJSON() {
                let line = file.location(of: position).line
                report(.unclosedJSON(before: word, line: line), start, start + 1)
                // Up to the line's start: the parser goes on with the word (`expect`, `given`, a declaration).
                return .json(String(decoding: bytes[start..<position], as: UTF8.self))
            }
            position += 1
            if inString {
                if byte == UInt8(ascii: "\\") { position += 1 } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return .json(String(decoding: bytes[start..<position], as: UTF8.self)) }
            case UInt8(ascii: "\n"): atLineStart = true; continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: break
            }
            atLineStart = false
        }
        position = min(position, bytes.count)
        report(.unterminatedJSON, start, start + 1)
        return .invalid
    }

    /// The keyword at ``position`` when it starts a statement or declaration of the rules language (`expect`,
    /// `given`, `now`, `rule`, `test`, ...): no JSON value holds one outside a string.
    private func wordOutsideJSON() -> String? {
        var end = position
        while end < bytes.count, bytes[end] == UInt8(ascii: "_") || (bytes[end] | 0x20) >= UInt8(ascii: "a") && (bytes[end] | 0x20) <= UInt8(ascii: "z")
            || bytes[end] >= UInt8(ascii: "0") && bytes[end] <= UInt8(ascii: "9") { end += 1 }
        guard end > position, let keyword = Keyword.spelled(bytes[position..<end]), Self.statementKeywords.contains(keyword) else { return nil }
        return keyword.rawValue
    }

    /// The keywords that start a line of a test or a declaration.
    private static let statementKeywords: Set<Keyword> = [.given, .now, .expect, .rule, .table, .test, .status, .transitions, .const, .import]

    private mutating func lexRegex() -> TokenKind {
        let start = position
        position += 1
        let patternStart = position
        var inClass = false
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                report(.unterminatedRegex, start, position)
                return .regex(pattern: String(decoding: bytes[patternStart..<position], as: UTF8.self), flags: "")
            }
            if byte == UInt8(ascii: "\\") {
                position += peek(1) == UInt8(ascii: "\n") || peek(1) == nil ? 1 : 2
                continue
            }
            if byte == UInt8(ascii: "[") { inClass = true }
            if byte == UInt8(ascii: "]") { inClass = false }
            if byte == UInt8(ascii: "/"), !inClass { break }
            position += 1
        }
        let pattern = String(decoding: bytes[patternStart..<position], as: UTF8.self)
        reportHiddenCharacters(in: pattern, at: patternStart, regex: true)
        position += 1
        let flagsStart = position
        // A letter of another alphabet among the flags (`/x/и`) is a flag too: the checker names it an unknown flag.
        skipWordBytes()
        return .regex(pattern: pattern, flags: String(decoding: bytes[flagsStart..<position], as: UTF8.self))
    }
}

extension UInt8 {
    var isDigit: Bool { self >= 48 && self <= 57 }
    var isHexDigit: Bool { isDigit || (self | 0x20 >= 97 && self | 0x20 <= 102) }
    var isIdentifierByte: Bool {
        isDigit || isIdentifierStart
    }
    var isIdentifierStart: Bool { (self | 0x20 >= 97 && self | 0x20 <= 122) || self == UInt8(ascii: "_") }
}
