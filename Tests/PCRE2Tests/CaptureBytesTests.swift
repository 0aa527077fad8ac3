import Testing
import PCRE2

@Suite("Capture bytes: withUTF8(ofGroup:in:) reads a group's UTF-8 without a Substring")
struct CaptureBytesTests {
    private func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test("By name and by number, in a Cyrillic subject: the same bytes as the Substring API")
    func namedAndNumbered() throws {
        let budget = try Pattern(#"бюджет[\s:]*(?<rub>\d[\d\s]*\d)\s*(?<unit>руб|₽)"#, options: .init(caseInsensitive: true))
        let scratch = MatchScratch()
        let subject = "Ответы квиза: БЮДЖЕТ: 150 000 ₽, срок — месяц"
        #expect(try budget.matches(subject, scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "rub", in: subject, text) == "150 000")
        #expect(scratch.withUTF8(ofGroup: 1, in: subject, text) == "150 000")
        #expect(scratch.withUTF8(ofGroup: "unit", in: subject, text) == "₽")
        #expect(scratch.withUTF8(ofGroup: 0, in: subject, text) == "БЮДЖЕТ: 150 000 ₽")
        #expect(scratch.withUTF8(ofGroup: "unit", in: subject) { Array($0) } == Array("₽".utf8))
        for group in 0...2 {
            #expect(scratch.withUTF8(ofGroup: group, in: subject, text) == scratch.substring(group, in: subject).map(String.init))
        }
    }

    @Test("The bytes can be copied into a buffer of the caller's")
    func copyIntoBuffer() throws {
        let pattern = try Pattern(#"(?<digits>\d+)"#)
        let scratch = MatchScratch()
        let subject = "заказ № 4815162342 оформлен"   // more than 15 bytes: a heap string
        #expect(try pattern.matches(subject, scratch: scratch))
        var buffer = [UInt8](repeating: 0, count: 32)
        let copied = buffer.withUnsafeMutableBufferPointer { out in
            scratch.withUTF8(ofGroup: "digits", in: subject) { out.update(fromContentsOf: $0) }
        }
        #expect(copied == 10)
        #expect(Array(buffer.prefix(10)) == Array("4815162342".utf8))
        #expect(buffer[10] == 0)
    }

    @Test("A short subject (stored inline in the String) and a substring-derived one")
    func smallAndDerivedSubjects() throws {
        let pattern = try Pattern(#"^\+?(?<cc>7|8)"#)
        let scratch = MatchScratch()
        let small = "+79161234567"
        #expect(try pattern.matches(small, scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "cc", in: small, text) == "7")
        let base = "тел. 89161234567"
        let derived = String(base[base.index(base.startIndex, offsetBy: 5)...])
        #expect(try pattern.matches(derived, scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "cc", in: derived, text) == "8")
    }

    @Test("nil without calling the closure: a group that took no part, an unknown group, a failed match")
    func absentGroups() throws {
        let pattern = try Pattern(#"(?<a>x)|(?<b>y)"#)
        let scratch = MatchScratch()
        var calls = 0
        func count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int { calls += 1; return bytes.count }
        #expect(try pattern.matches("y", scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "a", in: "y", count) == nil)
        #expect(scratch.withUTF8(ofGroup: "nope", in: "y", count) == nil)
        #expect(scratch.withUTF8(ofGroup: 3, in: "y", count) == nil)
        #expect(scratch.withUTF8(ofGroup: -1, in: "y", count) == nil)
        #expect(calls == 0)
        #expect(scratch.withUTF8(ofGroup: "b", in: "y", count) == 1)
        #expect(calls == 1)
        #expect(try !pattern.matches("z", scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: 0, in: "z", count) == nil)
        #expect(calls == 1)
    }

    @Test("A different, shorter subject than the one matched gives nil, never bytes beyond it")
    func wrongSubject() throws {
        let pattern = try Pattern(#"(?<tail>конец)$"#)
        let scratch = MatchScratch()
        let subject = "длинный текст и конец"
        #expect(try pattern.matches(subject, scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "tail", in: "коротко", text) == nil)
        #expect(scratch.withUTF8(ofGroup: "tail", in: subject, text) == "конец")
    }

    @Test("The names are the last matched pattern's: a scratch shared by two patterns answers for the latest")
    func sharedScratch() throws {
        let phone = try Pattern(#"(?<code>9\d\d)"#)
        let budget = try Pattern(#"(?<rub>\d+) руб"#)
        let scratch = MatchScratch(capacity: 1)
        #expect(try phone.matches("8 916 123", scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "code", in: "8 916 123", text) == "916")
        #expect(try budget.matches("до 300 руб", scratch: scratch))
        #expect(scratch.withUTF8(ofGroup: "code", in: "до 300 руб", text) == nil)
        #expect(scratch.withUTF8(ofGroup: "rub", in: "до 300 руб", text) == "300")
    }

    @Test("An error thrown by the closure reaches the caller")
    func closureErrors() throws {
        struct Stop: Error {}
        let pattern = try Pattern(#"(\d+)"#)
        let scratch = MatchScratch()
        #expect(try pattern.matches("a 42", scratch: scratch))
        #expect(throws: Stop.self) { try scratch.withUTF8(ofGroup: 1, in: "a 42") { _ in throw Stop() } }
    }
}
