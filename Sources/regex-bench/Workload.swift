import BenchSupport
/// The three kinds of subject in the workload, each matched with its own pattern.
enum Kind: Int, CaseIterable, Sendable {
    /// Phone numbers in various formats; anchored prefix pattern, boolean match.
    case phone
    /// ~200-byte Russian quiz comments; case-insensitive keyword alternation, boolean match.
    case comment
    /// Quiz answers that may state a budget; case-insensitive named-capture extraction.
    case budget

    var label: String {
        switch self {
        case .phone: "phone"
        case .comment: "comment"
        case .budget: "budget capture"
        }
    }

    /// The pattern for this kind: the same source text and flags for all four implementations.
    var spec: PatternSpec {
        switch self {
        case .phone:
            PatternSpec(source: #"^(?:\+?7|8)[\s(-]*(9\d{2}|495|499)"#, caseInsensitive: false, captureName: nil)
        case .comment:
            PatternSpec(source: #"\b(срочно|сегодня|готов купить|перезвоните|бюджет)\b"#,
                        caseInsensitive: true, captureName: nil)
        case .budget:
            PatternSpec(source: #"бюджет[\s:]*(?<rub>\d[\d\s]*)"#, caseInsensitive: true, captureName: "rub")
        }
    }

    /// The share of subjects of this kind, in percent.
    var percent: Int {
        switch self {
        case .phone: 45
        case .comment: 35
        case .budget: 20
        }
    }
}

/// How one kind of subject is matched.
///
/// Every implementation compiles `source` as is, with UTF-8 and Unicode properties
/// (`\d`, `\s`, `\b`, case folding understand Cyrillic) and, when `caseInsensitive`, ignoring case.
struct PatternSpec: Sendable {
    let source: String
    let caseInsensitive: Bool
    /// The named group whose text is extracted on every match; `nil` for a boolean match.
    let captureName: String?
}

/// The generated subjects, grouped by kind (in generation order within each kind).
struct Workload {
    let subjects: [Kind: [String]]
    /// How many subjects of each kind are among the first `subsetSize` of the drawn sequence
    /// (they are the first ones of each kind): the slow implementations run on exactly those.
    let subsetCounts: [Kind: Int]
    let subsetSize: Int
    let seed: UInt64

    var totalCount: Int { subjects.values.reduce(0) { $0 + $1.count } }

    func count(_ kind: Kind) -> Int { subjects[kind]?.count ?? 0 }

    /// Generates `total` subjects from `seed`; the kind of each subject is drawn with ``Kind/percent``.
    ///
    /// The kinds are drawn first, then each kind's subjects are generated as one batch (from its own
    /// stream of the seed) and copied once more into fresh storage, so that the strings of one kind sit
    /// one after another in memory, not between the generator's temporaries: as a batch of parsed leads
    /// would, and as the C loop's single buffer does.
    init(total: Int, subsetSize: Int, seed: UInt64) {
        var kindDraws = SplitMix64(seed: seed)
        var counts = Dictionary(uniqueKeysWithValues: Kind.allCases.map { ($0, 0) })
        var subsetCounts = counts
        for index in 0..<total {
            let kind = Kind.draw(&kindDraws)
            counts[kind]! += 1
            if index < subsetSize { subsetCounts[kind]! += 1 }
        }
        var subjects: [Kind: [String]] = [:]
        for kind in Kind.allCases {
            var generator = SubjectGenerator(seed: seed &+ UInt64(kind.rawValue + 1) &* 0x9E37_79B9_7F4A_7C15)
            let generated = (0..<counts[kind]!).map { _ in generator.subject(kind) }
            subjects[kind] = generated.map(Self.freshCopy)
        }
        self.subjects = subjects
        self.subsetCounts = subsetCounts
        self.subsetSize = min(subsetSize, total)
        self.seed = seed
    }
}

extension Workload {
    /// `string` in newly allocated storage (strings of up to 15 bytes are stored inline anyway).
    static func freshCopy(_ string: String) -> String {
        let utf8 = string.utf8
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            buffer.initialize(fromContentsOf: utf8)
        }
    }
}

extension Kind {
    /// A kind drawn with the probabilities ``percent``.
    static func draw(_ random: inout SplitMix64) -> Kind {
        var roll = random.below(100)
        for kind in allCases {
            if roll < kind.percent { return kind }
            roll -= kind.percent
        }
        return .phone
    }
}
