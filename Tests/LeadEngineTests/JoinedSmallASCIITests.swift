import Foundation
import JSON
@testable import LeadEngine
import Testing

/// `concat()` of two parts as a small string's words (``EvaluationCore/smallASCIIWords(_:_:)``, the fast path of
/// ``EvaluationCore/joined(utf8:_:)``) against the general text: every split of texts of 0 to 20 bytes, ASCII or not.
@Suite struct JoinedSmallASCIITests {
    /// The text of `head` then `tail` as the standard library makes it.
    static func expected(_ head: [UInt8], _ tail: [UInt8]) -> String {
        String(decoding: head + tail, as: UTF8.self)
    }

    /// Whether `bytes` are valid UTF-8 (read back unchanged).
    static func isValidUTF8(_ bytes: [UInt8]) -> Bool {
        Array(String(decoding: bytes, as: UTF8.self).utf8) == bytes
    }

    @Test func joinedMatchesTheGeneralTextForEverySplit() {
        let pieces: [[UInt8]] = [
            Array("+4915112345678".utf8), Array("0123456789abcdefghij".utf8), Array("+".utf8), Array("".utf8),
            Array("é+12345".utf8), Array("12345678901234é".utf8), Array("ascii then ü".utf8), Array("\u{7F}\u{0}~ ".utf8),
        ]
        var checked = 0, small = 0
        for a in pieces {
            for b in pieces {
                for headCount in 0...min(a.count, 20) {
                    for tailCount in 0...min(b.count, 20) {
                        let head = Array(a.prefix(headCount)), tail = Array(b.prefix(tailCount))
                        // Only whole UTF-8 texts (a prefix may cut a character).
                        guard Self.isValidUTF8(head), Self.isValidUTF8(tail) else { continue }
                        let made = head.withUnsafeBufferPointer { h in
                            tail.withUnsafeBufferPointer { t in EvaluationCore.joined(utf8: h, t) }
                        }
                        let want = Self.expected(head, tail)
                        #expect(made == want)
                        #expect(Array(made.utf8) == head + tail)
                        let words = head.withUnsafeBufferPointer { h in
                            tail.withUnsafeBufferPointer { t in EvaluationCore.smallASCIIWords(h, t) }
                        }
                        let isSmallASCII = head.count + tail.count <= 15 && (head + tail).allSatisfy { $0 < 0x80 }
                        #expect((words != nil) == isSmallASCII)
                        if let words, SmallASCIIString.layoutHolds {
                            // Bit for bit the string the standard library makes of the bytes.
                            let standard = unsafeBitCast(want, to: (UInt64, UInt64).self)
                            #expect(words.0 == standard.0 && words.1 == standard.1)
                            small += 1
                        }
                        checked += 1
                    }
                }
            }
        }
        #expect(checked > 1_000)
        #expect(small > 300)
    }
}
