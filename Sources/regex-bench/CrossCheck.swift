/// A per-subject comparison of one implementation's answers with the wrapper's on the subset.
struct CrossCheck {
    let engineName: String
    /// Subjects whose answer (match or not, and the extracted text) differs from the wrapper's.
    private(set) var disagreements: [Kind: Int] = [:]
    /// The first few differing subjects: kind, subject, wrapper's answer, this engine's answer.
    private(set) var examples: [(Kind, String, String?, String?)] = []

    /// Compares `engine` with `reference` on the first `counts[kind]` subjects of each kind.
    init(_ engine: some SubjectMatcher, against reference: WrapperEngine,
         subjects: [Kind: [String]], counts: [Kind: Int]) throws {
        engineName = engine.name
        for kind in Kind.allCases {
            var differing = 0
            for subject in subjects[kind]![..<(counts[kind] ?? 0)] {
                let expected = try reference.answer(kind, subject: subject)
                let actual = try engine.answer(kind, subject: subject)
                guard expected != actual else { continue }
                differing += 1
                if examples.count < 3 { examples.append((kind, subject, expected, actual)) }
            }
            disagreements[kind] = differing
        }
    }

    var totalDisagreements: Int { disagreements.values.reduce(0, +) }
}
