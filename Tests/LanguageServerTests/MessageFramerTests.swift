import JSON
import Testing
@testable import LanguageServer

@Suite struct MessageFramerTests {
    func frame(_ text: String) -> [UInt8] { MessageFramer.frame(Array(text.utf8)) }

    func drain(_ framer: inout MessageFramer) -> [Result<String, MessageFramer.Failure>] {
        var out: [Result<String, MessageFramer.Failure>] = []
        while let next = framer.next() { out.append(next.map { String(decoding: $0, as: UTF8.self) }) }
        return out
    }

    @Test func readsMessagesSplitAnywhere() {
        let stream = frame(#"{"a":"привет 👋"}"#) + frame("{}")
        for split in 0...stream.count {
            var framer = MessageFramer()
            framer.append(stream[..<split])
            var got = drain(&framer)
            framer.append(stream[split...])
            got += drain(&framer)
            #expect(got == [.success(#"{"a":"привет 👋"}"#), .success("{}")], "split at \(split)")
        }
    }

    @Test func acceptsContentTypeAndAnyCaseOfTheName() {
        var framer = MessageFramer()
        framer.append(Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        #expect(drain(&framer) == [.success("{}")])
    }

    @Test func reportsAHeaderWithoutLengthAndRecoversOnTheNextMessage() {
        var framer = MessageFramer()
        framer.append(Array("Content-Type: x\r\n\r\n{\"lost\":1}".utf8) + frame("{\"next\":2}"))
        let got = drain(&framer)
        #expect(got.count == 2)
        if case let .failure(failure) = got.first { #expect(failure.message.contains("without Content-Length")) } else { Issue.record("no failure") }
        #expect(got.last == .success("{\"next\":2}"))
    }

    @Test func reportsALengthThatIsNoNumber() {
        for bad in ["abc", "-5", "", "1e3", "99999999999999999999"] {
            var framer = MessageFramer()
            framer.append(Array("Content-Length: \(bad)\r\n\r\n".utf8) + frame("{}"))
            let got = drain(&framer)
            guard case .failure = got.first else {
                Issue.record("accepted Content-Length '\(bad)'")
                continue
            }
            #expect(got.last == .success("{}"), "recovers after '\(bad)'")
        }
    }

    @Test func reportsAMalformedHeaderLineAndAnEndlessHeader() {
        var framer = MessageFramer()
        framer.append(Array("garbage without colon\r\n\r\n".utf8) + frame("{}"))
        let got = drain(&framer)
        #expect(got.count == 2)
        #expect(got.last == .success("{}"))

        var endless = MessageFramer()
        endless.append([UInt8](repeating: UInt8(ascii: "x"), count: MessageFramer.maximumHeaderLength + 10))
        guard case .failure = endless.next() else {
            Issue.record("an endless header was not reported")
            return
        }
        endless.append(frame("{}"))
        #expect(drain(&endless) == [.success("{}")])
    }

    @Test func skipsABodyBeyondTheLimit() {
        var framer = MessageFramer()
        framer.append(Array("Content-Length: \(MessageFramer.maximumBodyLength + 1)\r\n\r\n".utf8))
        guard case .failure = framer.next() else {
            Issue.record("an oversized body was accepted")
            return
        }
        #expect(framer.next() == nil)
    }

    @Test("A Content-Length beyond what is skipped (2 GB) is refused and the next message is still read (the stream was consumed for ever)")
    func hugeLengthThenAMessage() {
        var framer = MessageFramer()
        framer.append(Array("Content-Length: 2147483648\r\n\r\n".utf8) + frame("{\"next\":1}"))
        let got = drain(&framer)
        if case let .failure(failure)? = got.first { #expect(failure.message.contains("2147483648 bytes")) } else { Issue.record("accepted: \(got)") }
        #expect(got.last == .success("{\"next\":1}"))
    }

    @Test("A Content-Length of more digits than any size says it is too large, not that it is no number")
    func tooManyDigits() {
        var framer = MessageFramer()
        framer.append(Array("Content-Length: 9223372036854775807\r\n\r\n".utf8) + frame("{}"))
        let got = drain(&framer)
        if case let .failure(failure)? = got.first {
            #expect(failure.message.contains("more than") && !failure.message.contains("not a number"), "\(failure.message)")
        } else {
            Issue.record("accepted")
        }
        #expect(got.last == .success("{}"))
    }

    @Test("Two different Content-Length headers are refused; the same one twice is read")
    func twoLengths() {
        var framer = MessageFramer()
        framer.append(Array("Content-Length: 2\r\nContent-Length: 9\r\n\r\n{}".utf8) + frame("{\"b\":2}"))
        let got = drain(&framer)
        if case let .failure(failure)? = got.first { #expect(failure.message.contains("Content-Length twice")) } else { Issue.record("accepted: \(got)") }
        #expect(got.last == .success("{\"b\":2}"))
        var same = MessageFramer()
        same.append(Array("Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}".utf8))
        #expect(drain(&same) == [.success("{}")])
    }

    @Test func framesWithTheByteLength() {
        #expect(String(decoding: frame("\"й\""), as: UTF8.self) == "Content-Length: 4\r\n\r\n\"й\"")
    }
}
