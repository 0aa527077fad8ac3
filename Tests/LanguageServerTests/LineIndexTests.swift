import Testing
@testable import LanguageServer

@Suite struct LineIndexTests {
    @Test func countsUTF16UnitsForCyrillicAndEmoji() {
        // "а" is 2 UTF-8 bytes and 1 UTF-16 unit; "👍" 4 bytes and 2 units; "🇷🇺" two scalars of 4 bytes, 4 units.
        let text = "x = \"а👍🇷🇺b\"\nсм"
        let index = LineIndex(text)
        let bytes = Array(text.utf8)
        let b = bytes.firstIndex(of: UInt8(ascii: "b"))!
        #expect(index.position(of: b) == Position(line: 0, character: 5 + 1 + 2 + 4))
        #expect(index.offset(of: Position(line: 0, character: 12)) == b)
        let secondLine = bytes.firstIndex(of: UInt8(ascii: "\n"))! + 1
        #expect(index.position(of: secondLine + 2) == Position(line: 1, character: 1))
        #expect(index.offset(of: Position(line: 1, character: 1)) == secondLine + 2)
    }

    @Test func roundTripsEveryCharacterBoundary() {
        let text = "rule \"тест 🙂\" {\r\n  when name ~ /ё+/i # коммент 🇷🇺\n}\n"
        let index = LineIndex(text)
        var offset = 0
        for scalar in text.unicodeScalars {
            #expect(index.offset(of: index.position(of: offset)) == offset || scalar == "\n", "offset \(offset)")
            offset += String(scalar).utf8.count
        }
    }

    @Test func clampsPositionsPastTheEndAndInsideSurrogatePairs() {
        let index = LineIndex("a👍b\r\nc")
        #expect(index.offset(of: Position(line: 0, character: 2)) == 1, "inside the pair: the emoji's start")
        #expect(index.offset(of: Position(line: 0, character: 99)) == 6, "past the line: before \\r\\n")
        #expect(index.offset(of: Position(line: 9, character: 0)) == 9, "past the text: its end")
        #expect(index.position(of: 2) == Position(line: 0, character: 1), "inside a character: its start")
        #expect(index.endPosition == Position(line: 1, character: 1))
    }

    @Test func appliesIncrementalEditsInUTF16() {
        let text = "x = \"🙂й\"\nzz"
        let edited = DocumentStore.applying(TextRange(start: Position(line: 0, character: 7), end: Position(line: 1, character: 1)), "Ё\ny", to: text)
        #expect(edited == "x = \"🙂Ё\nyz")
        #expect(DocumentStore.applying(nil, "new", to: text) == "new")
    }

    @Test func convertsFileURIs() {
        #expect(DocumentURI.path(of: "file:///work/rules/10%20phone.rules") == "/work/rules/10 phone.rules")
        #expect(DocumentURI.path(of: "file://localhost/tmp/%D0%BF.rules") == "/tmp/п.rules")
        #expect(DocumentURI.path(of: "untitled:Untitled-1") == nil)
        #expect(DocumentURI.path(of: "file:///bad%zz") == nil)
        #expect(DocumentURI.uri(ofPath: "/tmp/п 1.rules") == "file:///tmp/%D0%BF%201.rules")
        #expect(DocumentURI.path(of: DocumentURI.uri(ofPath: "/a/б#?.rules")) == "/a/б#?.rules")
    }
}
