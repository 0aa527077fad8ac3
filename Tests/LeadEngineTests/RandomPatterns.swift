import BenchSupport

/// Random regexes of the syntax `SmallRegex` reads, for the tests that compare it and `RegexSet` with PCRE2.
enum RandomPatterns {
    static let quantifiers = ["", "", "", "?", "*", "+", "{2}", "{0,3}", "{1,}", "*?", "+?"]

    /// One piece of a pattern: an atom of `atoms` with a random quantifier (none for `\\b`, `\\B`), or, while `depth`
    /// is above 0, sometimes a group of alternatives of pieces, itself quantified.
    static func piece(_ depth: Int, atoms: [String], _ random: inout SplitMix64) -> String {
        if depth > 0, random.chance(30) {
            var branches: [String] = []
            for _ in 0..<(1 + random.below(3)) {
                var branch = ""
                for _ in 0..<(1 + random.below(3)) { branch += piece(depth - 1, atoms: atoms, &random) }
                branches.append(branch)
            }
            return "(" + branches.joined(separator: "|") + ")" + random.pick(["", "?", "+", "*", "{1,2}"])
        }
        let atom = random.pick(atoms)
        return atom.hasPrefix("\\b") || atom.hasPrefix("\\B") ? atom : atom + random.pick(quantifiers)
    }
}
