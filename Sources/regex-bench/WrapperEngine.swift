import PCRE2

/// (a) Our Swift wrapper: one `Pattern` per kind and one explicit `MatchScratch` for the hot loop, called on the
/// workload's Swift strings. The capture kind copies the named group's bytes into a buffer of the caller's with
/// `withUTF8(ofGroup:in:_:)`, the work the C loop does with `pcre2_substring_copy_byname` (name looked up per match).
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
            // A buffer on the stack, as large as the C loop's, that each extracted group is copied into.
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1024) { buffer in
                for subject in subjects where try pattern.matches(subject, scratch: scratch) {
                    tally.matches += 1
                    tally.capturedBytes += scratch.withUTF8(ofGroup: name, in: subject) { bytes in
                        bytes.count <= buffer.count ? buffer.update(fromContentsOf: bytes) : 0
                    } ?? 0
                }
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
