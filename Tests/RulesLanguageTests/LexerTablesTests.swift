import BenchSupport
import Testing
@testable import RulesLanguage

/// The lexer's and the checker's shortcuts for loading large packs (keywords and symbols looked up by their bytes,
/// strings without escapes read in one piece, lines and columns found from a hint), each against what it stands for.
@Suite("Lexer tables and source positions")
struct LexerTablesTests {
    @Test("A word is a keyword exactly when Keyword(rawValue:) says so")
    func keywordsByBytes() {
        var words = Keyword.allCases.map(\.rawValue)
        for keyword in Keyword.allCases {
            words.append(keyword.rawValue + "s")
            words.append(String(keyword.rawValue.dropLast()))
            words.append(keyword.rawValue.uppercased())
        }
        var random = SplitMix64(seed: 0x1E_4E5)
        let letters = Array("abcdefghijklmnopqrstuvwxyz_0123456789".utf8)
        for _ in 0..<2_000 {
            let length = Int(random.next() % 12) + 1
            words.append(String(decoding: (0..<length).map { _ in letters[Int(random.next() % UInt64(letters.count))] }, as: UTF8.self))
        }
        for word in words {
            #expect(Keyword.spelled(ArraySlice(word.utf8)) == Keyword(rawValue: word), "\(word)")
        }
    }

    @Test("One and two bytes are a symbol exactly when Symbol(rawValue:) says so")
    func symbolsByBytes() {
        for first in UInt8.min...UInt8.max {
            let one = String(decoding: [first], as: UTF8.self)
            #expect(Symbol.spelled(first) == (first < 0x80 ? Symbol(rawValue: one) : nil), "\(first)")
            for second in UInt8.min...UInt8.max where first < 0x80 && second < 0x80 {
                #expect(Symbol.spelled(first, second) == Symbol(rawValue: String(decoding: [first, second], as: UTF8.self)))
            }
        }
    }

    /// The string literals of `text`, as the lexer makes them.
    private func strings(_ text: String) -> [[StringPart]] {
        var lexer = Lexer(file: SourceFile(path: "t.rules", text: text))
        return lexer.tokenize().compactMap { token in
            if case let .string(parts) = token.kind { return parts }
            return nil
        }
    }

    @Test("A string without escapes is its text in one part; escapes, interpolations and an unterminated string as before")
    func plainAndEscapedStrings() {
        #expect(strings(#""""#) == [[]])
        #expect(strings(#""790000" => zone("Europe/Moscow")"#) == [[.text("790000")], [.text("Europe/Moscow")]])
        #expect(strings(#""Срочно 🔥 $5""#) == [[.text("Срочно 🔥 $5")]])
        #expect(strings(#""a\"b\\c\nd""#) == [[.text("a\"b\\c\nd")]])
        #expect(strings(#""x ${name} y""#) == [[.text("x "), .capture("name", offset: 5), .text(" y")]])
        #expect(strings(#""\u{41}\t""#) == [[.text("A\t")]])
        // Unterminated: at a line break and at the end of the file, with the text up to there.
        var lexer = Lexer(file: SourceFile(path: "t.rules", text: "\"open\nrule"))
        let tokens = lexer.tokenize()
        #expect(tokens.first?.kind == .string([.text("open")]))
        #expect(lexer.diagnostics.count == 1)
        var atEnd = Lexer(file: SourceFile(path: "t.rules", text: "\"open"))
        #expect(atEnd.tokenize().first?.kind == .string([.text("open")]))
        #expect(atEnd.diagnostics.count == 1)
    }

    @Test("Random strings lex to the same text whichever way they are read")
    func randomStrings() {
        var random = SplitMix64(seed: 0x57_12)
        let pieces = ["a", "Z", "7", " ", "/", "$", "{", "}", "ж", "🔥", "\\\\", "\\\"", "\\n", "\\t", "\\$", "\\u{44F}", "${x}"]
        for _ in 0..<2_000 {
            let count = Int(random.next() % 8)
            var chosen: [String] = []
            while chosen.count < count {
                let piece = pieces[Int(random.next() % UInt64(pieces.count))]
                // `$` then `{` opens an interpolation: written only as `${x}`.
                if chosen.last == "$", piece == "{" { continue }
                chosen.append(piece)
            }
            let body = chosen.joined()
            // What the literal means, written out independently of the lexer.
            var expected: [StringPart] = []
            var text = ""
            var rest = Substring(body)
            while let first = rest.first {
                if rest.hasPrefix("${x}") {
                    if !text.isEmpty { expected.append(.text(text)); text = "" }
                    expected.append(.capture("x", offset: 0))
                    rest = rest.dropFirst(4)
                } else if rest.hasPrefix("\\u{44F}") {
                    text += "я"
                    rest = rest.dropFirst(7)
                } else if first == "\\" {
                    let escaped = rest.dropFirst().first!
                    text += escaped == "n" ? "\n" : escaped == "t" ? "\t" : String(escaped)
                    rest = rest.dropFirst(2)
                } else {
                    text.append(first)
                    rest = rest.dropFirst()
                }
            }
            if !text.isEmpty { expected.append(.text(text)) }
            #expect(strings("\"\(body)\"") == [expected], "\(body)")
        }
    }

    @Test("Line and column from a hint are the location's, for every offset and hint")
    func lineAndColumnFromHint() {
        let text = "rule \"a\" {\n  when x ~ /срочно/\r\n\n  set priority = 9 # 🔥 done\n}\n\"790\" => zone(\"Europe/Moscow\")\nlast"
        let file = SourceFile(path: "t.rules", text: text)
        let lines = text.utf8.filter { $0 == UInt8(ascii: "\n") }.count + 1
        for offset in -1...(file.bytes.count + 1) {
            let location = file.location(of: offset)
            #expect(file.lineAndColumn(of: offset) == (location.line, location.column))
            for hint in 0...(lines + 1) {
                #expect(file.lineAndColumn(of: offset, from: hint) == (location.line, location.column), "\(offset) from \(hint)")
            }
        }
        // Far from the hint: more lines than the forward steps.
        let long = SourceFile(path: "long.rules", text: String(repeating: "x\n", count: 100))
        #expect(long.lineAndColumn(of: 150, from: 1) == (76, 1))
    }
}
