import Foundation
import Testing
@testable import LeadEngine

/// The default pack's regex tests of a text are answered by one automaton per text (``RegexSet``), not by PCRE2
/// one regex at a time: a single regex of the set the automaton does not understand (a lookaround, an anchor,
/// `.`, `\p`) or a set too large for it sends every test of that text back to PCRE2, and the evaluation costs
/// several times as much (48,000 to 150,000 instructions a lead instead of ~28,000, measured when this pack's
/// comment set outgrew the graph's node limit and three of its patterns held `’`, `₽`, `€`). A rule author
/// changing the pack learns it here, with the patterns refused.
@Suite("The default pack's regex tests stay on the automaton")
struct PackRegexSetTests {
    @Test func everyRegexSetOfThePackIsBuilt() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        let program = engine.program
        #expect(!program.regexSets.isEmpty)
        for (index, set) in program.regexSets.enumerated() where set == nil {
            Issue.record("regex set \(index) of the pack is not built: the automaton does not understand one of its patterns, or they are too many")
        }
    }

    @Test func everyCommentRegexOfThePackIsUnderstood() throws {
        // Every regex written in the pack's rules files, with its flags (the tests' given leads are no regexes).
        let files = try FileManager.default.contentsOfDirectory(atPath: PackDifferentialTests.root)
            .filter { $0.hasSuffix(".rules") }.sorted()
        var refused: [String] = []
        var count = 0
        for file in files {
            let text = try String(contentsOfFile: PackDifferentialTests.root + "/" + file, encoding: .utf8)
            for line in text.split(separator: "\n") where line.contains("text(sourceComment) ~ /") || line.contains("text(sourceComment) !~ /") {
                guard let open = line.range(of: "~ /"), let close = line.range(of: "/i", options: .backwards) else { continue }
                let pattern = String(line[open.upperBound..<close.lowerBound])
                count += 1
                if SmallRegex(pattern, caseless: true) == nil { refused.append("\(file): \(pattern)") }
            }
        }
        #expect(count >= 10)
        #expect(refused.isEmpty, "refused by the automaton:\n\(refused.joined(separator: "\n"))")
    }
}
