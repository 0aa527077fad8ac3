import PCRE2

/// (a) Our Swift wrapper: one `Pattern` per kind and one explicit `MatchScratch` for the hot loop.
struct WrapperEngine: SubjectMatcher {
    let name = "PCRE2 wrapper"
    private let subjects: [Kind: [String]]
    private let patterns: [Kind: Pattern]
    private let scratch = MatchScratch()

    init(workload: Workload) throws {
        subjects = workload.subjects
        var patterns: [Kind: Pattern] = [:]
        for kind in Kind.allCases {
            let spec = kind.spec
            let pattern = try Pattern(spec.source, options: .init(caseInsensitive: spec.caseInsensitive))
            guard pattern.isJITCompiled else { throw BenchError.noJIT(spec.source) }
            patterns[kind] = pattern
        }
        self.patterns = patterns
    }

    func run(_ kind: Kind, range: Range<Int>) throws -> Tally {
        let pattern = patterns[kind]!
        let subjects = self.subjects[kind]![range]
        var tally = Tally()
        if let name = kind.spec.captureName {
            for subject in subjects where try pattern.matches(subject, scratch: scratch) {
                tally.matches += 1
                tally.capturedBytes += scratch.substring(named: name, in: subject)?.utf8.count ?? 0
            }
        } else {
            for subject in subjects where try pattern.matches(subject, scratch: scratch) {
                tally.matches += 1
            }
        }
        return tally
    }

    func answer(_ kind: Kind, subject: String) throws -> String? {
        guard try patterns[kind]!.matches(subject, scratch: scratch) else { return nil }
        guard let name = kind.spec.captureName else { return "" }
        return scratch.substring(named: name, in: subject).map(String.init) ?? ""
    }
}

/// A setup failure that makes the benchmark meaningless.
enum BenchError: Error, CustomStringConvertible {
    case noJIT(String)
    case cCompile(String)
    case cMatch(Int)

    var description: String {
        switch self {
        case let .noJIT(source): "PCRE2's JIT declined \(source): the comparison would be meaningless"
        case let .cCompile(source): "the C loop could not compile or JIT \(source)"
        case let .cMatch(code): "the C loop got PCRE2 error \(code)"
        }
    }
}
