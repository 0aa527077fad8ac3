import Foundation

/// (c) Foundation's `NSRegularExpression` (ICU), called the usual way with Swift strings.
///
/// ICU's `\w`, `\d`, `\s` and `\b` are Unicode-aware by default and `.caseInsensitive` folds
/// Cyrillic, which is what PCRE2 does with UTF + UCP + CASELESS. `.useUnicodeWordBoundaries`
/// (UAX #29) is deliberately off: PCRE2's `\b` is the plain `\w`/`\W` transition.
struct FoundationEngine: SubjectMatcher {
    let name = "NSRegularExpression"
    private let subjects: [Kind: [String]]
    private let expressions: [Kind: NSRegularExpression]

    init(workload: Workload) throws {
        subjects = workload.subjects
        var expressions: [Kind: NSRegularExpression] = [:]
        for kind in Kind.allCases {
            let spec = kind.spec
            expressions[kind] = try NSRegularExpression(
                pattern: spec.source, options: spec.caseInsensitive ? [.caseInsensitive] : [])
        }
        self.expressions = expressions
    }

    func run(_ kind: Kind, range: Range<Int>) throws -> Tally {
        let expression = expressions[kind]!
        let subjects = self.subjects[kind]![range]
        var tally = Tally()
        if let name = kind.spec.captureName {
            for subject in subjects {
                let whole = NSRange(location: 0, length: subject.utf16.count)
                guard let match = expression.firstMatch(in: subject, range: whole) else { continue }
                tally.matches += 1
                if let range = Range(match.range(withName: name), in: subject) {
                    tally.capturedBytes += subject[range].utf8.count
                }
            }
        } else {
            for subject in subjects {
                let whole = NSRange(location: 0, length: subject.utf16.count)
                if expression.rangeOfFirstMatch(in: subject, range: whole).location != NSNotFound {
                    tally.matches += 1
                }
            }
        }
        return tally
    }

    func answer(_ kind: Kind, subject: String) throws -> String? {
        let whole = NSRange(location: 0, length: subject.utf16.count)
        guard let match = expressions[kind]!.firstMatch(in: subject, range: whole) else { return nil }
        guard let name = kind.spec.captureName else { return "" }
        return Range(match.range(withName: name), in: subject).map { String(subject[$0]) } ?? ""
    }
}
