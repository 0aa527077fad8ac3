import PCRE2

/// A diagnostic variant of (a): the same wrapper, fed the C loop's UTF-8 buffers through
/// `matches(utf8:scratch:)` and reading the group with `byteRange`.
///
/// It has no Swift `String` per subject (no reference counting, no string headers in the cache),
/// so its distance to the C loop is the wrapper's own per-call cost.
struct WrapperBytesEngine: Engine {
    let name = "PCRE2 wrapper, UTF-8 buffers"
    private let buffers: [Kind: CSubjects]
    private let patterns: [Kind: Pattern]
    private let scratch = MatchScratch()

    init(buffers: [Kind: CSubjects]) throws {
        self.buffers = buffers
        var patterns: [Kind: Pattern] = [:]
        for kind in Kind.allCases {
            let spec = kind.spec
            patterns[kind] = try Pattern(spec.source, options: .init(caseInsensitive: spec.caseInsensitive))
        }
        self.patterns = patterns
    }

    func run(_ kind: Kind, range: Range<Int>) throws -> Tally {
        let pattern = patterns[kind]!
        let buffers = self.buffers[kind]!
        precondition(range.upperBound <= buffers.count)
        let group = kind.spec.captureName.flatMap { pattern.groupNumbers[$0] }
        var tally = Tally()
        for index in range {
            let subject = UnsafeBufferPointer(start: buffers.pointers[index], count: buffers.lengths[index])
            guard try pattern.matches(utf8: subject, scratch: scratch) else { continue }
            tally.matches += 1
            if let group { tally.capturedBytes += scratch.byteRange(group)?.count ?? 0 }
        }
        return tally
    }
}
