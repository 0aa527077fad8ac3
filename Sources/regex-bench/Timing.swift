/// The timings of one implementation over one scope (all subjects, or the subset), per kind.
///
/// Each kind's subjects are cut into `slices` consecutive slices that are timed separately; the
/// reported time of a kind is the sum over its slices of each slice's fastest repetition. On a
/// shared machine a burst of other work then spoils one slice of one repetition, not a whole run.
struct Measurement {
    let engineName: String
    let scopeLabel: String
    /// Subjects matched per kind in one repetition.
    let counts: [Kind: Int]
    let slices: Int
    private var bestSlice: [Kind: [Duration]] = [:]
    /// The total time (all kinds) of each finished repetition, to report the spread.
    private(set) var repTotals: [Duration] = []
    /// The tally of the first repetition; every later one must equal it.
    private(set) var tally: [Kind: Tally] = [:]
    private var current: (total: Duration, tally: [Kind: Tally]) = (.zero, [:])

    init(engineName: String, scopeLabel: String, counts: [Kind: Int], slices: Int) {
        self.engineName = engineName
        self.scopeLabel = scopeLabel
        self.counts = counts
        self.slices = max(1, slices)
    }

    var subjectCount: Int { counts.values.reduce(0, +) }

    /// The subjects of slice `slice` of `kind`.
    func range(_ kind: Kind, slice: Int) -> Range<Int> {
        let count = counts[kind] ?? 0
        return count * slice / slices ..< count * (slice + 1) / slices
    }

    /// Times `engine` on one slice of `kind`.
    mutating func measure(_ engine: any Engine, _ kind: Kind, slice: Int, clock: ContinuousClock) throws {
        let range = range(kind, slice: slice)
        let start = clock.now
        let result = try engine.run(kind, range: range)
        let elapsed = clock.now - start
        current.total += elapsed
        current.tally[kind, default: Tally()].matches += result.matches
        current.tally[kind, default: Tally()].capturedBytes += result.capturedBytes
        var best = bestSlice[kind] ?? Array(repeating: .seconds(1_000_000), count: slices)
        best[slice] = min(best[slice], elapsed)
        bestSlice[kind] = best
    }

    /// Closes a repetition in which every slice of every kind was measured once.
    mutating func endRepetition() {
        if tally.isEmpty {
            tally = current.tally
        } else {
            precondition(tally == current.tally, "\(engineName) gave different results from one repetition to the next")
        }
        repTotals.append(current.total)
        current = (.zero, [:])
    }

    /// Best nanoseconds per subject (one match call each) for `kind`.
    func nsPerMatch(_ kind: Kind) -> Double {
        guard let count = counts[kind], count > 0 else { return .nan }
        return best(kind).nanoseconds / Double(count)
    }

    /// Best nanoseconds per subject over all kinds (sum of the per-kind bests / all subjects).
    var nsPerMatchOverall: Double {
        Kind.allCases.reduce(Duration.zero) { $0 + best($1) }.nanoseconds / Double(subjectCount)
    }

    /// (slowest - fastest) / fastest whole-repetition total, in percent.
    var spreadPercent: Double {
        guard let low = repTotals.min(), let high = repTotals.max(), low > .zero else { return .nan }
        return (high - low).nanoseconds / low.nanoseconds * 100
    }

    private func best(_ kind: Kind) -> Duration {
        (bestSlice[kind] ?? []).reduce(.zero, +)
    }
}

/// Times several implementations in turn, slice by slice, so they see the same machine conditions.
struct Race {
    var entrants: [(engine: any Engine, measurement: Measurement)]

    /// Runs `repetitions` repetitions; the order of the entrants rotates from one repetition to the next.
    mutating func run(repetitions: Int, clock: ContinuousClock) throws {
        guard let slices = entrants.first?.measurement.slices else { return }
        for repetition in 0..<repetitions {
            for kind in Kind.allCases {
                for slice in 0..<slices {
                    for offset in entrants.indices {
                        let index = (offset + repetition) % entrants.count
                        try entrants[index].measurement.measure(entrants[index].engine, kind, slice: slice, clock: clock)
                    }
                }
            }
            for index in entrants.indices { entrants[index].measurement.endRepetition() }
        }
    }
}

extension Duration {
    var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
