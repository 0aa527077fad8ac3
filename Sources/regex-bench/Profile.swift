/// `regex-bench profile ENGINE KIND [--subjects N] [--passes N]`: one engine's loop over one kind, nothing else
/// timed or cross-checked, for callgrind and cachegrind (see `scripts/regex-instructions-per-match.sh`).
///
/// ENGINE is `wrapper`, `c` or `bytes` (the wrapper on UTF-8 buffers); KIND is `phone`, `comment` or `budget`.
/// The loop runs `passes` times over each of 40 slices of the kind's subjects, through the same `Engine.run(_:range:)` the
/// timed races call, so an instruction count of that function divided by `passes × subjects` is the cost of one
/// match, the caller's loop included.
struct Profile {
    enum EngineChoice: String { case wrapper, c, bytes }

    var engine: EngineChoice
    var kind: Kind
    var subjects = 200_000
    var passes = 3
    var seed: UInt64 = Settings.defaultSeed

    static let usage = "usage: regex-bench profile wrapper|c|bytes phone|comment|budget [--subjects N] [--passes N]"

    /// Parses the arguments after `profile`; `nil` (after printing the usage) on anything else.
    init?(arguments: [String]) {
        var rest = arguments[...]
        guard let engineName = rest.popFirst(), let engine = EngineChoice(rawValue: engineName),
              let kindName = rest.popFirst(), let kind = Kind.allCases.first(where: { "\($0)" == kindName }) else {
            print(Self.usage)
            return nil
        }
        self.engine = engine
        self.kind = kind
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let value = Int(text), value > 0, value <= 100_000_000 else {
                print(Self.usage)
                return nil
            }
            switch flag {
            case "--subjects": subjects = value
            case "--passes": passes = value
            default:
                print(Self.usage)
                return nil
            }
        }
    }

    func run() throws {
        let workload = Workload(total: subjects, subsetSize: 0, seed: seed)
        let count = workload.count(kind)
        let engine: any Engine
        switch self.engine {
        case .wrapper: engine = try WrapperEngine(workload: workload)
        case .c: engine = try CLoopEngine(buffers: workload.subjects.mapValues(CSubjects.init))
        case .bytes: engine = try WrapperBytesEngine(buffers: workload.subjects.mapValues(CSubjects.init))
        }
        // Timed as the races time (40 slices, each slice's fastest pass summed), but each slice's passes run back to
        // back: the slice is warm in the cache after the first.
        var tally = Tally()
        let clock = ContinuousClock()
        var total = Duration.zero
        let slices = 40
        for slice in 0..<slices {
            let range = count * slice / slices ..< count * (slice + 1) / slices
            var best = Duration.seconds(1_000_000)
            for _ in 0..<passes {
                let start = clock.now
                let pass = try engine.run(kind, range: range)
                best = min(best, clock.now - start)
                tally.matches += pass.matches
                tally.capturedBytes += pass.capturedBytes
            }
            total += best
        }
        print("\(engine.name), \(kind.label): \(passes) passes over \(count) subjects, \(tally.matches) matches, "
            + "\(tally.capturedBytes) captured bytes; \(total.nanoseconds / Double(max(1, count))) ns per match "
            + "(the sum of each of \(slices) slices' fastest pass)")
    }
}
