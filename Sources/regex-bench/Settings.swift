/// The benchmark's parameters, from the command line.
struct Settings {
    var subjects = 1_000_000
    /// The slow implementations (NSRegularExpression, Swift Regex) run on the first `subset` subjects.
    var subset = 100_000
    /// Timed repetitions of the fast implementations; the best is reported.
    var reps = 5
    /// Timed repetitions of the slow ones.
    var slowReps = 3
    /// Each kind's subjects are timed in this many consecutive slices (see ``Measurement``).
    var slices = 40
    var seed: UInt64 = Settings.defaultSeed

    /// The workload's seed unless `--seed` says otherwise.
    static let defaultSeed: UInt64 = 0x4C49_4E45_52   // "LINER"

    static let usage = "usage: regex-bench [--subjects N] [--subset N] [--reps N] [--slow-reps N] [--slices N] [--seed N]"

    /// Parses `--name value` pairs; `nil` (after printing the usage) on anything else.
    init?(arguments: [String]) {
        var rest = arguments[...]
        while let flag = rest.popFirst() {
            guard let text = rest.popFirst(), let value = UInt64(String(text.filter { $0 != "_" })),
                  flag == "--seed" || (value > 0 && value <= 100_000_000) else {
                print(Self.usage)
                return nil
            }
            switch flag {
            case "--subjects": subjects = Int(value)
            case "--subset": subset = Int(value)
            case "--reps": reps = Int(value)
            case "--slow-reps": slowReps = Int(value)
            case "--slices": slices = Int(value)
            case "--seed": seed = value
            default:
                print(Self.usage)
                return nil
            }
        }
        subset = min(subset, subjects)
    }
}
