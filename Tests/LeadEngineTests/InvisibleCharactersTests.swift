import BenchSupport
import CByteScan
import Foundation
import JSON
import Testing
@testable import LeadEngine

/// `text()` leaves out the characters that show nothing (soft hyphen, zero-width spaces and joiners, direction
/// marks, BOM): a comment copied from a web page reads as a person reads it, in plain text and in a quiz log, on
/// a lead decoded whole and on one read lazily from its text.
@Suite("text(): invisible characters left out")
struct InvisibleCharactersTests {
    static let rules = """
    rule "Ready" {
      when text(sourceComment) ~ /\\bготов\\s+купить/i
      set priority = 8
    }

    rule "Read" {
      set name = text(sourceComment)
    }
    """

    /// Comments that say "готов купить" with invisible characters inside: plain, and quiz logs (raw and escaped).
    static let comments = [
        "Гот\u{AD}ов \u{200B}купить",
        "\u{FEFF}готов\u{2060} купить\u{200E}",
        "{\"a\": \"гот\u{AD}ов\", \"b\": \"\\u200bкупить\"}",
        "{\"steps\": [{\"a\": \"гот\\u00adов \\u200bкупить\"}]}",
    ]

    @Test("plain and quiz comments, decoded and lazy leads", arguments: [false, true])
    func invisibleCharactersLeftOut(lazily: Bool) throws {
        let engine = try engine(Self.rules)
        for comment in Self.comments {
            let text = JSONWriter.write(.object([("id", .int(1)), ("sourceComment", .string(comment))]))
            let lead = try PackDifferentialTests.lead(text, lazily: lazily)
            let evaluation = engine.evaluate(lead, now: winter)
            #expect(evaluation.errors.isEmpty, "\(evaluation.errors)")
            let name = evaluation.patch["name"]?.stringValue ?? ""
            #expect(!name.unicodeScalars.contains(where: InvisibleCharacters.contains), "\(comment.debugDescription) -> \(name.debugDescription)")
            #expect(evaluation.patch["priority"] == .int(8), "\(comment.debugDescription)")
        }
    }

    @Test("the byte-level search and removal agree with the scalar set")
    func bytesAgreeWithScalars() {
        var random = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["a", "я", " ", "\u{AD}", "\u{AC}", "\u{61C}", "\u{61B}", "\u{200A}", "\u{200B}", "\u{200F}",
                                      "\u{2010}", "\u{2014}", "\u{202A}", "\u{202E}", "\u{202F}", "\u{2060}", "\u{2064}", "\u{2065}",
                                      "\u{2066}", "\u{206F}", "\u{2070}", "\u{FEFF}", "\u{FEFE}", "«", "😀"]
        for _ in 0..<2_000 {
            let scalars = (0..<Int.random(in: 0...12, using: &random)).map { _ in pool.randomElement(using: &random)! }
            let text = String(String.UnicodeScalarView(scalars))
            let expected = String(String.UnicodeScalarView(scalars.filter { !InvisibleCharacters.contains($0) }))
            #expect(InvisibleCharacters.removing(from: text) == expected, "\(text.debugDescription)")
            var copy = text
            let first = copy.withUTF8 { InvisibleCharacters.firstIndex(in: $0) }
            let scalarFirst = scalars.firstIndex(where: InvisibleCharacters.contains)
                .map { String(String.UnicodeScalarView(scalars[..<$0])).utf8.count }
            #expect(first == scalarFirst, "\(text.debugDescription)")
        }
    }

    /// Texts long enough for every step of the search (64 bytes, then sixteen, then the last sixteen again, and
    /// shorter than sixteen): each invisible character at every place of fillers of every length up to 160 bytes,
    /// after first bytes that start no invisible character (a dash's E2, a `«`'s C2, a `؛`'s D8, a `＂`'s EF), and
    /// none at all.
    @Test("the search at every place of long texts")
    func searchAtEveryPlace() {
        let invisible: [Unicode.Scalar] = ["\u{AD}", "\u{61C}", "\u{200B}", "\u{202E}", "\u{2060}", "\u{206F}", "\u{FEFF}"]
        let decoys: [Unicode.Scalar] = ["\u{2014}", "«", "\u{61B}", "\u{FF02}", "я", "a"]
        // Each wrong answer, collected (an expectation per case made the sweep take minutes in a debug build).
        var wrong: [String] = []
        for length in 0...160 {
            // One decoy per length, in turn: each meets every alignment of the 16- and 64-byte steps over the lengths.
            let decoy = decoys[length % decoys.count]
            let filler = (0..<length).map { $0 % 7 == 3 ? decoy : ($0 % 2 == 0 ? "a" : "ж") } as [Unicode.Scalar]
            var plain = String(String.UnicodeScalarView(filler))
            if let found = plain.withUTF8({ InvisibleCharacters.firstIndex(in: $0) }) { wrong.append("\(plain.debugDescription): \(found)") }
            for place in stride(from: 0, through: length, by: length > 40 ? 3 : 1) {
                let character = invisible[(length + place) % invisible.count]
                var scalars = filler
                scalars.insert(character, at: place)
                // A second one later: the first is the one found.
                scalars.append(invisible[0])
                var text = String(String.UnicodeScalarView(scalars))
                let expected = String(String.UnicodeScalarView(scalars[..<place])).utf8.count
                let found = text.withUTF8 { InvisibleCharacters.firstIndex(in: $0) }
                if found != expected { wrong.append("\(text.debugDescription): \(String(describing: found)), not \(expected)") }
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    /// `firstIndex(in:)` as it runs (from 64 bytes with AVX2, each first byte tested in the C loop) against the
    /// search it replaced there (`firstIndexBySteps(in:)`: the search returns at each first byte, Swift tests it):
    /// random texts of 0 to 300 bytes dense with look-alike first bytes (dashes, `«`, `؛`, `＂`), invisible
    /// characters few or none, at the text's start and end among them.
    @Test("the one-loop search and the stepped search agree")
    func oneLoopSearchAgrees() {
        var random = SplitMix64(seed: 0x1A7E_5EA2)
        let invisible: [Unicode.Scalar] = ["\u{AD}", "\u{61C}", "\u{200B}", "\u{202E}", "\u{2060}", "\u{206F}", "\u{FEFF}"]
        let decoys: [Unicode.Scalar] = ["\u{2014}", "«", "\u{61B}", "\u{FF02}", "\u{2010}", "\u{2065}", "\u{FEFE}", "я", "a", " ", "😀"]
        var wrong: [String] = [], found = 0
        for _ in 0..<6_000 {
            let length = Int(random.next() % 200)
            var scalars = (0..<length).map { _ in decoys[Int(random.next() % UInt64(decoys.count))] }
            let invisibles = random.chance(30) ? 0 : 1 + Int(random.next() % 3)
            for _ in 0..<invisibles {
                scalars.insert(invisible[Int(random.next() % UInt64(invisible.count))], at: Int(random.next() % UInt64(scalars.count + 1)))
            }
            var text = String(String.UnicodeScalarView(scalars))
            let (fast, stepped) = text.withUTF8 { (InvisibleCharacters.firstIndex(in: $0), InvisibleCharacters.firstIndexBySteps(in: $0)) }
            if fast != stepped { wrong.append("\(text.debugDescription): \(String(describing: fast)), not \(String(describing: stepped))") }
            if fast != nil { found += 1 }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        #expect(found > 3_000)
    }

    /// The one pass over a literal for its backslash and invisible characters (`isPlainVisibleText(literal:)`, which
    /// lets `text()` answer a plain comment with its own bytes) against the two searches it replaces: a backslash
    /// anywhere, or `firstIndex(in:)`; and the search that copies the literal as it reads it
    /// (`cbytescan_copy_if_plain_visible_dispatched`, AVX2 from 64 bytes): the same answer, the bytes copied. A
    /// backslash, an invisible character or both at every place of fillers of every length up to 160 bytes among
    /// look-alike first bytes (every alignment of the 64- and 16-byte steps and the last sixteen), and random texts.
    @Test("one pass for the backslash and the invisible characters, at every place")
    func plainVisibleLiteralsAtEveryPlace() {
        let stops: [[Unicode.Scalar]] = [["\\"], ["\u{AD}"], ["\u{61C}"], ["\u{200B}"], ["\u{202E}"], ["\u{2060}"], ["\u{206F}"],
                                         ["\u{FEFF}"], ["\\", "\u{200B}"], ["\u{2014}", "\\"]]
        let decoys: [Unicode.Scalar] = ["\u{2014}", "«", "\u{61B}", "\u{FF02}", "²", "я", "a", "\u{2010}", "\u{2070}"]
        var wrong: [String] = []
        func check(_ scalars: [Unicode.Scalar]) {
            var text = String(String.UnicodeScalarView(scalars))
            let description = text.debugDescription
            text.withUTF8 { bytes in
                let expected = !bytes.contains(UInt8(ascii: "\\")) && InvisibleCharacters.firstIndex(in: bytes) == nil
                if InvisibleCharacters.isPlainVisibleText(literal: bytes) != expected { wrong.append(description) }
                // The search that copies as it reads (AVX2, from 64 bytes): the same answer, and the bytes copied.
                guard let base = bytes.baseAddress else { return }
                let out = UnsafeMutablePointer<UInt8>.allocate(capacity: bytes.count)
                defer { out.deallocate() }
                let copied = cbytescan_copy_if_plain_visible_dispatched(base, bytes.count, out)
                if copied >= 0 && (copied != 0) != expected { wrong.append("copying: " + description) }
                if copied == 1 && !UnsafeBufferPointer(start: out, count: bytes.count).elementsEqual(bytes) {
                    wrong.append("copy of " + description)
                }
            }
        }
        for length in 0...160 {
            let decoy = decoys[length % decoys.count]
            let filler = (0..<length).map { $0 % 5 == 2 ? decoy : ($0 % 2 == 0 ? "a" : "ж") } as [Unicode.Scalar]
            check(filler)
            for place in 0...length {
                for stop in stops where (length + place) % 3 == 0 || stop.count == 1 && stop[0] == "\\" || place >= length - 2 {
                    var scalars = filler
                    scalars.insert(contentsOf: stop, at: place)
                    check(scalars)
                }
            }
        }
        var random = SystemRandomNumberGenerator()
        let pool: [Unicode.Scalar] = ["a", "я", " ", "\\", "\u{AD}", "\u{AC}", "\u{61C}", "\u{61B}", "\u{200A}", "\u{200B}",
                                      "\u{2010}", "\u{2014}", "\u{202E}", "\u{202F}", "\u{2064}", "\u{2065}", "\u{FEFF}", "\u{FEFE}", "😀"]
        for _ in 0..<3_000 {
            check((0..<Int.random(in: 0...200, using: &random)).map { _ in Int.random(in: 0..<4, using: &random) == 0
                ? pool.randomElement(using: &random)! : "ж" })
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
    }

    /// The search as the processor runs it (AVX2 from 64 bytes where it has it, as here) against the SSE2 search, which
    /// a processor without AVX2 runs: the first stop from every start, a stop (a backslash or one of the four first
    /// bytes) at every place of texts of every length to 200 bytes, and random texts of them.
    @Test("the search the processor runs and the SSE2 search agree")
    func widerSearchAgrees() {
        let stops: [UInt8] = [0x5C, 0xC2, 0xD8, 0xE2, 0xEF]
        let others: [UInt8] = [0x61, 0xD0, 0xB6, 0x80, 0x20, 0xC3, 0xE3, 0x7C, 0xDC, 0xFF]
        var random = SystemRandomNumberGenerator()
        var wrong: [String] = []
        func check(_ bytes: [UInt8]) {
            bytes.withUnsafeBufferPointer { buffer in
                let base = buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!
                let count = buffer.count
                for from in Set([0, 1, count / 3, count / 2, max(0, count - 64), max(0, count - 63), max(0, count - 32), count]) where from <= count {
                    for backslashes in [Int32(0), 1] {
                        let expected = cbytescan_next_stop(base, count, from, backslashes)
                        let found = backslashes == 1 ? cbytescan_next_backslash_or_invisible_lead(base, count, from)
                                                     : cbytescan_next_invisible_lead(base, count, from)
                        if found != expected { wrong.append("\(bytes) from \(from): \(found), not \(expected)") }
                    }
                }
            }
        }
        for length in 0...200 {
            let filler = (0..<length).map { others[$0 % others.count] }
            check(filler)
            for place in 0..<length {
                var bytes = filler
                bytes[place] = stops[(length + place) % stops.count]
                check(bytes)
            }
            for _ in 0..<10 {
                check((0..<length).map { _ in Int.random(in: 0..<40, using: &random) == 0 ? stops.randomElement(using: &random)!
                                                                                       : others.randomElement(using: &random)! })
            }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(3))")
    }
}
