import CPCRE2Loop

/// (b) The baseline: a plain C loop over `pcre2_jit_match` with one match data per pattern.
///
/// The subjects are the workload's strings copied once into one contiguous UTF-8 buffer per kind,
/// with a pointer and a length each, which is what a C program would have (see ``CSubjects``).
struct CLoopEngine: Engine {
    let name = "C loop (pcre2_jit_match)"
    private let subjects: [Kind: CSubjects]
    private let loops: [Kind: CLoop]

    init(buffers: [Kind: CSubjects]) throws {
        subjects = buffers
        var loops: [Kind: CLoop] = [:]
        for kind in Kind.allCases { loops[kind] = try CLoop(kind.spec) }
        self.loops = loops
    }

    func run(_ kind: Kind, range: Range<Int>) throws -> Tally {
        try loops[kind]!.count(subjects[kind]!, range: range)
    }
}

/// One compiled pattern on the C side (owns the `cpcre2loop` handle).
final class CLoop {
    private let handle: OpaquePointer
    private let captureName: [CChar]?

    init(_ spec: PatternSpec) throws {
        guard let handle = cpcre2loop_create(spec.source, spec.caseInsensitive ? 1 : 0) else {
            throw BenchError.cCompile(spec.source)
        }
        self.handle = handle
        captureName = spec.captureName.map { Array($0.utf8CString) }
    }

    deinit { cpcre2loop_free(handle) }

    /// Runs the C loop over the subjects in `range`.
    func count(_ subjects: CSubjects, range: Range<Int>) throws -> Tally {
        precondition(range.lowerBound >= 0 && range.upperBound <= subjects.count)
        let pointers = subjects.pointers + range.lowerBound, lengths = subjects.lengths + range.lowerBound
        var captured = 0
        let matched: Int
        if let captureName {
            matched = captureName.withUnsafeBufferPointer { name in
                cpcre2loop_count(handle, pointers, lengths, range.count, name.baseAddress, &captured)
            }
        } else {
            matched = cpcre2loop_count(handle, pointers, lengths, range.count, nil, &captured)
        }
        if matched < 0 { throw BenchError.cMatch(matched) }
        return Tally(matches: matched, capturedBytes: captured)
    }
}

/// Subjects as a C program holds them: one UTF-8 buffer, and a pointer and a length per subject.
final class CSubjects {
    let count: Int
    let pointers: UnsafeMutablePointer<UnsafePointer<UInt8>?>
    let lengths: UnsafeMutablePointer<Int>
    private let storage: UnsafeMutableBufferPointer<UInt8>

    /// Copies `strings` (in order) into one buffer.
    init(_ strings: [String]) {
        count = strings.count
        storage = .allocate(capacity: max(1, strings.reduce(0) { $0 + $1.utf8.count }))
        pointers = .allocate(capacity: max(1, count))
        lengths = .allocate(capacity: max(1, count))
        var offset = 0
        for (index, string) in strings.enumerated() {
            let copied = UnsafeMutableBufferPointer(rebasing: storage[offset...]).initialize(fromContentsOf: string.utf8)
            pointers[index] = UnsafePointer(storage.baseAddress! + offset)
            lengths[index] = copied
            offset += copied
        }
    }

    deinit {
        storage.deallocate()
        pointers.deallocate()
        lengths.deallocate()
    }
}
