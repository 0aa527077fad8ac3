import Testing
import PCRE2

@Suite("Captures: byte offsets become correct String indices")
struct CaptureTests {
    @Test("Named and numbered groups in a Cyrillic subject")
    func cyrillicCaptures() throws {
        let budget = try Pattern(#"бюджет[:\s]*(?<rub>\d[\d\s]*\d)\s*(?<unit>руб|₽)"#, options: .init(caseInsensitive: true))
        let subject = "Ответы квиза: Бюджет: 150 000 ₽, срок — месяц"
        let match = try #require(try budget.firstMatch(in: subject))
        #expect(match.text == "Бюджет: 150 000 ₽")
        #expect(match["rub"] == "150 000")
        #expect(match[1] == "150 000")
        #expect(match["unit"] == "₽")
        #expect(match[2] == "₽")
        #expect(match.groupNumbers == ["rub": 1, "unit": 2])
        let range = try #require(match.ranges[1])
        #expect(subject.distance(from: subject.startIndex, to: range.lowerBound) == 22)
    }

    @Test("Emoji and combined characters before the capture do not shift it")
    func emojiCaptures() throws {
        let pattern = try Pattern(#"(?<who>[\p{L}]+)\s*(?<emoji>\p{Extended_Pictographic})"#)
        let subject = "👨‍👩‍👧 семья 🔥 огонь"
        let match = try #require(try pattern.firstMatch(in: subject))
        #expect(match["who"] == "семья")
        #expect(match["emoji"] == "🔥")
    }

    @Test("A group that did not take part is nil, an unknown name is nil")
    func unsetGroup() throws {
        let pattern = try Pattern(#"(?<a>x)|(?<b>y)"#)
        let match = try #require(try pattern.firstMatch(in: "y"))
        #expect(match["a"] == nil)
        #expect(match["b"] == "y")
        #expect(match["nope"] == nil)
        #expect(match[7] == nil)
        #expect(pattern.groupNames == [nil, "a", "b"])
    }

    @Test("A scratch reads the last match's groups without allocating a Match")
    func scratchAccessors() throws {
        let scratch = MatchScratch(capacity: 1)
        let pattern = try Pattern(#"(?<d>\d+)-(\d+)"#)
        let subject = "№ 12-345"
        #expect(try pattern.matches(subject, scratch: scratch))
        #expect(scratch.substring(named: "d", in: subject) == "12")
        #expect(scratch.substring(2, in: subject) == "345")
        #expect(scratch.byteRange(1) == 4..<6)   // "№ " is 3 + 1 bytes
        #expect(try !pattern.matches("нет цифр", scratch: scratch))
        #expect(scratch.substring(0, in: "нет цифр") == nil)
    }

    @Test("A bridged or substring-derived subject is matched correctly")
    func nonNativeSubject() throws {
        let pattern = try Pattern(#"(?<w>ё+)"#)
        let base = "ёжик ёёё"
        let sub = String(base[base.index(base.startIndex, offsetBy: 5)...])
        let match = try #require(try pattern.firstMatch(in: sub))
        #expect(match["w"] == "ёёё")
    }
}
