import BenchSupport
import Foundation
import Testing
@testable import LeadEngine

/// The literal scan (``LiteralAutomaton/scan(_:hits:positions:buffer:)``: a step per character through the
/// folding table ``LiteralAutomaton``'s `steps`, the automaton byte by byte for other characters, the exact fold
/// for subjects it cannot fold so) against a plain search of the folded subject for every literal at every place.
@Suite struct LiteralScanTests {
    static let packRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules").path

    /// A random valid text: pieces of the literals (each letter in either case), Cyrillic and Latin words, white
    /// space and punctuation, emoji, and random scalars of every length of UTF-8 (cased and uncased ones, basic
    /// Cyrillic, the Cyrillic beyond the fold, Greek, CJK, the Kelvin sign).
    static func text(from literals: [String], _ random: inout SplitMix64) -> String {
        let words = ["ПЕРЕЗВОНИТЕ", "сегодня", "Ёлка", "ЁЖ", "ѐ", "Ѐ", "Џ", "ѝ", "Ready to BUY", "just looking", "—", "«", "»",
                     "№", "🙂", "🔥", "👨‍👩‍👧", "₽", "м²", " ", "  ", "\n", ".", ", ", "!", "?", "\"", "1500", "中文", "Ω", "ω",
                     "\u{212A}", "ſ", "ᲀ", "Ѡ", "ѣ", "ҁ", "\u{0482}", "é", "ß", "İ"]
        var text = ""
        for _ in 0..<random.below(24) {
            switch random.below(10) {
            case 0...3 where !literals.isEmpty:
                var piece = random.pick(literals)
                if random.chance(30) {
                    // A part of a literal: its start, its end, or it cut in two.
                    let scalars = Array(piece.unicodeScalars)
                    let cut = random.below(scalars.count + 1)
                    piece = random.chance(50) ? String(String.UnicodeScalarView(scalars[..<cut]))
                                              : String(String.UnicodeScalarView(scalars[cut...]))
                }
                text += piece.map { random.chance(40) ? $0.uppercased() : String($0) }.joined()
            case 0...6:
                text += random.pick(words)
            default:
                text += String(randomScalar(&random))
            }
        }
        return text
    }

    /// A scalar from a random range: ASCII, Latin-1 and Latin Extended, basic Cyrillic and beyond, Greek, CJK,
    /// punctuation and symbols, emoji.
    static func randomScalar(_ random: inout SplitMix64) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0x20...0x7E, 0x80...0x24F, 0x370...0x3FF, 0x400...0x45F, 0x400...0x4FF,
                                             0x2000...0x2BFF, 0x4E00...0x4FFF, 0x1F300...0x1FAFF, 0x10000...0x10FFFF]
        while true {
            let range = random.pick(ranges)
            let value = range.lowerBound + UInt32(random.below(Int(range.upperBound - range.lowerBound) + 1))
            if let scalar = Unicode.Scalar(value) { return scalar }
        }
    }

    /// The scan of `subject` against the plain search: the answer (`false` exactly when the exact fold refuses the
    /// subject; then every literal is marked and no place listed), the hits, the occurrences in the order they end
    /// (longer literals first where several end together).
    static func compare(_ automaton: LiteralAutomaton, _ subject: String, _ buffer: inout [UInt8]) -> Bool {
        var hits = [Bool](repeating: true, count: automaton.literalCount)
        var positions = [LiteralAutomaton.Hit(literal: 9, start: 9)]
        let complete = automaton.scan(subject, hits: &hits, positions: &positions, buffer: &buffer)
        var text: [UInt8] = []
        let folds = automaton.caseless ? LiteralAutomaton.fold(subject, into: &text) : { text = Array(subject.utf8); return true }()
        var expected: [(end: Int, length: Int, literal: Int)] = []
        for (id, literal) in automaton.literals.enumerated() {
            let needle = Array(literal.utf8)
            var start = 0
            while folds, start + needle.count <= text.count {
                if text[start..<(start + needle.count)].elementsEqual(needle) { expected.append((start + needle.count, needle.count, id)) }
                start += 1
            }
        }
        expected.sort { ($0.end, -$0.length) < ($1.end, -$1.length) }
        let expectedHits = folds ? automaton.literals.indices.map { id in expected.contains { $0.literal == id } }
                                 : [Bool](repeating: true, count: automaton.literalCount)
        let found = positions.map { "\($0.literal)@\($0.start)" }
        let wanted = expected.map { "\($0.literal)@\($0.end - $0.length)" }
        let same = complete == folds && hits == expectedHits && found == wanted
        #expect(same, "«\(subject)» with \(automaton.literals): \(complete) \(found) against \(folds) \(wanted)")
        return same
    }

    @Test("The scan finds what a plain search finds, for the default pack's literals (random texts)")
    func packLiterals() throws {
        let engine = try Engine(directory: Self.packRoot)
        #expect(!engine.program.prefilters.isEmpty)
        var random = SplitMix64(seed: 15)
        var buffer: [UInt8] = []
        var withHits = 0
        for prefilter in engine.program.prefilters {
            let automaton = prefilter.automaton
            for _ in 0..<3_000 {
                let subject = Self.text(from: automaton.literals, &random)
                guard Self.compare(automaton, subject, &buffer) else { return }
                var hits = [Bool](repeating: false, count: automaton.literalCount)
                var positions: [LiteralAutomaton.Hit] = []
                if automaton.scan(subject, hits: &hits, positions: &positions, buffer: &buffer), !positions.isEmpty { withHits += 1 }
            }
        }
        #expect(withHits > 600)
    }

    @Test("The scan finds what a plain search finds: overlapping literals, every length, case-sensitive too")
    func literalSets() {
        let sets: [[String]] = [
            ["сроч", "перез", "как", "асап", "asap", "urgent", "ч", "a"],
            ["не", "нет", "не оставлял", "ставк", "ёж", "еж", "a", "ab", "b", "ѐ", "ѝж"],
            ["бюджет", "budget", "₽", "млн", "тыс", "м²", "—", "🙂", "中"],
            ["аааааааааааааааааааааааааааааааааааааааа", "аа", "ааб", "Ready", "Call me", "ПЕРЕЗВОНИТЕ"],
            ["asap", "urgent", "call me", "a", "—"],
            [],
        ]
        var random = SplitMix64(seed: 16)
        var buffer: [UInt8] = []
        for literals in sets {
            for caseless in [true, false] {
                let automaton = LiteralAutomaton(literals: caseless ? literals.map { $0.lowercased() } : literals, caseless: caseless)
                for _ in 0..<2_000 {
                    guard Self.compare(automaton, Self.text(from: literals, &random), &buffer) else { return }
                }
            }
        }
    }

    @Test("Every length and alignment: subjects of 0 to 80 bytes, a literal at each place, the buffer reused")
    func everyPlace() {
        let automaton = LiteralAutomaton(literals: ["ху", "x", "ёж", "zz"], caseless: true)
        var buffer: [UInt8] = []
        let fillers = ["a", "Ж", "🙂", "—", "Ё"]
        for filler in fillers {
            for before in 0..<40 {
                for literal in ["ХУ", "X", "ЁЖ", "zZ", ""] {
                    let subject = String(repeating: filler, count: before) + literal + String(repeating: filler, count: before % 7)
                    guard Self.compare(automaton, subject, &buffer) else { return }
                }
            }
        }
    }

    @Test("Many occurrences in one text: one literal ending at a state (recorded in place) or several (recorded by emit), past the buffer of 64")
    func manyOccurrences() {
        // "в" ends alone; "ab" ends with "b" (two literals end after "ab"); "ёж" alone.
        let automaton = LiteralAutomaton(literals: ["в", "ab", "b", "ёж"], caseless: true)
        var buffer: [UInt8] = []
        for count in [1, 63, 64, 65, 130, 300] {
            for piece in ["в ", "AB", "ЁЖв", "xb", "Вab"] {
                #expect(Self.compare(automaton, String(repeating: piece, count: count), &buffer), "\(count) × «\(piece)»")
            }
        }
    }
}
