import BenchSupport
import Foundation
import Testing
@testable import LeadEngine

/// The skipping literal scan (``LiteralSkipScan``) against the automaton's exact scan it stands in for
/// (``LiteralAutomaton/exactScan(_:hits:positions:buffer:)``): the same answer, the same hits, the same occurrences.
@Suite struct LiteralSkipScanTests {
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

    /// Both scans of `subject`: their answers, their hits, their occurrences (sorted).
    static func compare(_ automaton: LiteralAutomaton, _ subject: String, _ buffer: inout [UInt8]) -> Bool {
        var hits = [Bool](repeating: true, count: automaton.literalCount)
        var positions = [LiteralAutomaton.Hit(literal: 9, start: 9)]
        let complete = automaton.scan(subject, hits: &hits, positions: &positions, buffer: &buffer)
        var exactHits = [Bool](repeating: false, count: automaton.literalCount)
        var exactPositions: [LiteralAutomaton.Hit] = []
        var exactBuffer: [UInt8] = []
        let exactComplete = automaton.exactScan(subject, hits: &exactHits, positions: &exactPositions, buffer: &exactBuffer)
        func sorted(_ positions: [LiteralAutomaton.Hit]) -> [Int64] {
            positions.map { Int64($0.start) << 32 | Int64($0.literal) }.sorted()
        }
        let same = complete == exactComplete && hits == exactHits && sorted(positions) == sorted(exactPositions)
        #expect(same, "«\(subject)» with \(automaton.literals): \(complete) \(positions) against \(exactComplete) \(exactPositions)")
        return same
    }

    @Test("The skipping scan finds what the automaton finds, for the default pack's literals (random texts)")
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

    @Test("The skipping scan finds what the automaton finds: overlapping literals, every length, case-sensitive too")
    func literalSets() {
        let sets: [[String]] = [
            ["сроч", "перез", "как", "асап", "asap", "urgent", "ч", "a"],
            ["не", "нет", "не оставлял", "ставк", "ёж", "еж", "a", "ab", "b", "ѐ", "ѝж"],
            ["бюджет", "budget", "₽", "млн", "тыс", "м²", "—", "🙂", "中"],
            ["аааааааааааааааааааааааааааааааааааааааа", "аа", "ааб", "Ready", "Call me", "ПЕРЕЗВОНИТЕ"],
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

    @Test("The vector fold folds as the exact fold does, and refuses only what the exact fold may refuse")
    func foldAgrees() {
        var random = SplitMix64(seed: 17)
        var scratch = [UInt8](repeating: 0, count: 4_096)
        var folded = 0
        for _ in 0..<20_000 {
            let subject = (0..<random.below(40)).map { _ in
                random.chance(60) ? String(Self.randomScalar(&random)) : random.pick(["Ѐ", "Я", "я", "ё", "Ё", "A", "z", "Ж", "ѝ", " "])
            }.joined()
            var exact: [UInt8] = []
            let exactDone = LiteralAutomaton.fold(subject, into: &exact)
            var copy = subject
            let done = copy.withUTF8 { bytes in
                scratch.withUnsafeMutableBytes { LiteralSkipScan.fold(bytes, into: $0) }
            }
            if done {
                folded += 1
                #expect(exactDone && Array(scratch[..<exact.count]) == exact, "«\(subject)»")
            } else {
                // Refused: something beyond the fold with case, or the Cyrillic the fold leaves (U+0460...U+047F).
                #expect(!exactDone || subject.unicodeScalars.contains { (0x0460..<0x0480).contains($0.value) }, "«\(subject)»")
            }
        }
        #expect(folded > 2_000)
    }
}
