/// (d) The standard library's `Regex`, built at run time from the same pattern text.
///
/// Options chosen for PCRE2's semantics: `.ignoresCase` as the spec says, `.wordBoundaryKind(.simple)`
/// (a `\w`/`\W` transition, like PCRE2, instead of UAX #29), and `.matchingSemantics(.unicodeScalar)`
/// (PCRE2 and ICU match code points, not grapheme clusters).
struct SwiftRegexEngine: SubjectMatcher {
    let name = "Swift Regex"
    private let subjects: [Kind: [String]]
    private let booleans: [Kind: Regex<AnyRegexOutput>]
    private let budget: Regex<(Substring, rub: Substring)>

    init(workload: Workload) throws {
        subjects = workload.subjects
        var booleans: [Kind: Regex<AnyRegexOutput>] = [:]
        for kind in [Kind.phone, .comment] {
            booleans[kind] = Self.configure(try Regex(kind.spec.source), kind.spec)
        }
        self.booleans = booleans
        let spec = Kind.budget.spec
        precondition(spec.captureName == "rub", "the typed output below names the group `rub`")
        budget = Self.configure(try Regex(spec.source, as: (Substring, rub: Substring).self), spec)
    }

    private static func configure<Output>(_ regex: Regex<Output>, _ spec: PatternSpec) -> Regex<Output> {
        regex.ignoresCase(spec.caseInsensitive)
            .wordBoundaryKind(.simple)
            .matchingSemantics(.unicodeScalar)
    }

    func run(_ kind: Kind, range: Range<Int>) throws -> Tally {
        let subjects = self.subjects[kind]![range]
        var tally = Tally()
        if kind == .budget {
            for subject in subjects {
                guard let match = try budget.firstMatch(in: subject) else { continue }
                tally.matches += 1
                tally.capturedBytes += match.output.rub.utf8.count
            }
        } else {
            let regex = booleans[kind]!
            for subject in subjects where subject.contains(regex) {
                tally.matches += 1
            }
        }
        return tally
    }

    func answer(_ kind: Kind, subject: String) throws -> String? {
        if kind == .budget { return try budget.firstMatch(in: subject).map { String($0.output.rub) } }
        return subject.contains(booleans[kind]!) ? "" : nil
    }
}
