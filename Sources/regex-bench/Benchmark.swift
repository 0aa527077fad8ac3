/// Runs the regex benchmark: generates the workload, cross-checks the implementations, times them
/// and prints the report.
struct Benchmark {
    let settings: Settings

    func run() throws {
        let clock = ContinuousClock()
        #if DEBUG
        print("warning: this is a debug build; build with -c release for meaningful numbers\n")
        #endif

        let generationStart = clock.now
        let workload = Workload(total: settings.subjects, subsetSize: settings.subset, seed: settings.seed)
        print("Generated \(workload.totalCount) subjects (seed \(workload.seed)) in \(format(clock.now - generationStart)): "
            + Kind.allCases.map { "\(workload.count($0)) \($0.label)" }.joined(separator: ", "))
        print("Subset for the slow implementations: the first \(workload.subsetSize) generated subjects ("
            + Kind.allCases.map { "\(workload.subsetCounts[$0] ?? 0) \($0.label)" }.joined(separator: ", ") + ")")
        for kind in Kind.allCases {
            let spec = kind.spec
            print("  \(kind.label): /\(spec.source)/\(spec.caseInsensitive ? "i" : "")"
                + (spec.captureName.map { ", extracting group <\($0)>" } ?? ", boolean"))
        }
        print("")

        let wrapper = try WrapperEngine(workload: workload)
        // The C loop and the diagnostic row get copies of their own: sharing one, whichever ran second on a slice found
        // it in the cache, warmed by the other (the wrapper's strings never are).
        let cLoop = try CLoopEngine(buffers: workload.subjects.mapValues(CSubjects.init))
        let wrapperBytes = try WrapperBytesEngine(buffers: workload.subjects.mapValues(CSubjects.init))
        let foundation = try FoundationEngine(workload: workload)
        let swiftRegex = try SwiftRegexEngine(workload: workload)

        // Untimed: every subset subject through each slow engine and the wrapper (also a warm-up).
        let checks = [
            try CrossCheck(foundation, against: wrapper, subjects: workload.subjects, counts: workload.subsetCounts),
            try CrossCheck(swiftRegex, against: wrapper, subjects: workload.subjects, counts: workload.subsetCounts),
        ]

        let full = Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, workload.count($0)) })
        let subset = workload.subsetCounts
        let subsetLabel = "first \(workload.subsetSize)"
        func measurement(_ engine: any Engine, _ scope: String, _ counts: [Kind: Int]) -> (any Engine, Measurement) {
            (engine, Measurement(engineName: engine.name, scopeLabel: scope, counts: counts, slices: settings.slices))
        }

        // Two races, each interleaving its entrants slice by slice: the fast implementations on all
        // subjects, then the slow ones on the subset together with the wrapper on the same subset.
        var fast = Race(entrants: [measurement(wrapper, "all", full), measurement(cLoop, "all", full),
                                   measurement(wrapperBytes, "all", full)])
        try fast.run(repetitions: settings.reps, clock: clock)
        var slow = Race(entrants: [measurement(wrapper, subsetLabel, subset), measurement(foundation, subsetLabel, subset),
                                   measurement(swiftRegex, subsetLabel, subset)])
        try slow.run(repetitions: settings.slowReps, clock: clock)

        let report = Report(wrapperFull: fast.entrants[0].measurement, cFull: fast.entrants[1].measurement,
                            wrapperBytesFull: fast.entrants[2].measurement, wrapperSubset: slow.entrants[0].measurement,
                            slow: slow.entrants.dropFirst().map(\.measurement), checks: checks, settings: settings)
        report.print()
    }
}

func format(_ duration: Duration) -> String {
    let ms = duration.nanoseconds / 1e6
    return ms < 1000 ? "\(Int(ms.rounded())) ms" : "\(Double(Int(ms / 10)) / 100) s"
}
