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
            for line in text.split(separator: "\n") {
                for (pattern, caseless) in Self.commentRegexes(in: Substring(line)) {
                    count += 1
                    if SmallRegex(pattern, caseless: caseless) == nil { refused.append("\(file): \(pattern)") }
                }
            }
        }
        #expect(count >= 15)
        #expect(refused.isEmpty, "refused by the automaton:\n\(refused.joined(separator: "\n"))")
    }

    /// The regexes a line of rules tests `text(sourceComment)` with (`~` or `!~`), with whether each is caseless:
    /// a regex literal runs to the first `/` no backslash escapes.
    static func commentRegexes(in line: Substring) -> [(String, Bool)] {
        var found: [(String, Bool)] = []
        var rest = line
        while let test = rest.range(of: "text(sourceComment) ") {
            rest = rest[test.upperBound...]
            guard let open = rest.range(of: "~ /"), rest[..<open.lowerBound].allSatisfy({ $0 == "!" }) else { continue }
            var pattern = "", escaped = false
            var index = open.upperBound
            while index < rest.endIndex {
                let character = rest[index]
                if character == "/" && !escaped { break }
                escaped = character == "\\" && !escaped
                pattern.append(character)
                index = rest.index(after: index)
            }
            guard index < rest.endIndex else { break }
            rest = rest[rest.index(after: index)...]
            found.append((pattern, rest.first == "i"))
        }
        return found
    }
}
