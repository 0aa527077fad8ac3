import Foundation

/// Formats the measurements and cross-checks as Markdown tables and verdicts on stdout.
struct Report {
    let wrapperFull: Measurement
    let cFull: Measurement
    /// The diagnostic variant of the wrapper on the C loop's buffers.
    let wrapperBytesFull: Measurement
    let wrapperSubset: Measurement
    /// NSRegularExpression and Swift Regex, on the subset.
    let slow: [Measurement]
    let checks: [CrossCheck]
    let settings: Settings

    static let wrapperVsCTarget = 1.2
    static let foundationVsWrapperTarget = 15.0

    func print() {
        Swift.print("ns per match: one match call per subject; each kind timed in \(settings.slices) slices, "
            + "each slice's fastest of \(settings.reps) repetitions (\(settings.slowReps) in the subset race) summed; "
            + "lower is better. Spread: slowest vs fastest whole repetition.\n")
        Swift.print("| implementation | subjects | " + Kind.allCases.map(\.label).joined(separator: " | ")
            + " | overall | spread |")
        Swift.print("|---|---|" + String(repeating: "---:|", count: Kind.allCases.count + 2))
        for m in [wrapperFull, cFull, wrapperBytesFull, wrapperSubset] + slow {
            let cells = Kind.allCases.map { fixed(m.nsPerMatch($0), 1) } + [fixed(m.nsPerMatchOverall, 1)]
            Swift.print("| \(m.engineName) | \(m.scopeLabel) (\(m.subjectCount)) | " + cells.joined(separator: " | ")
                + " | \(fixed(m.spreadPercent, 1))% |")
        }

        Swift.print("\nRatios (per kind and overall)\n")
        Swift.print("| ratio | " + Kind.allCases.map(\.label).joined(separator: " | ") + " | overall |")
        Swift.print("|---|" + String(repeating: "---:|", count: Kind.allCases.count + 1))
        ratioRow("wrapper / C loop (all subjects)", wrapperFull, cFull)
        ratioRow("wrapper on UTF-8 buffers / C loop (diagnostic)", wrapperBytesFull, cFull)
        for m in slow { ratioRow("\(m.engineName) / wrapper (\(m.scopeLabel))", m, wrapperSubset) }

        Swift.print("\nTargets")
        // The target holds for every kind, not only overall (where the comment kind's time hides the others).
        let wrapperVsC = wrapperFull.nsPerMatchOverall / cFull.nsPerMatchOverall
        let perKind = Kind.allCases.map { ($0, wrapperFull.nsPerMatch($0) / cFull.nsPerMatch($0)) }
        let missed = perKind.filter { !($0.1 <= Self.wrapperVsCTarget) }.map(\.0.label)
        Swift.print("- wrapper ≤ \(fixed(Self.wrapperVsCTarget, 1))× the C loop on every kind: "
            + verdict(missed.isEmpty && wrapperVsC <= Self.wrapperVsCTarget)
            + (missed.isEmpty ? "" : " on " + missed.joined(separator: ", ")) + " (per kind "
            + perKind.map { "\($0.0.label) \(fixed($0.1, 3))×" }.joined(separator: ", ")
            + "; \(fixed(wrapperVsC, 3))× overall)")
        if let foundation = slow.first(where: { $0.engineName == "NSRegularExpression" }) {
            let speedup = foundation.nsPerMatchOverall / wrapperSubset.nsPerMatchOverall
            Swift.print("- wrapper ≥ \(fixed(Self.foundationVsWrapperTarget, 0))× faster than NSRegularExpression: "
                + verdict(speedup >= Self.foundationVsWrapperTarget) + " (\(fixed(speedup, 1))× overall)")
        }

        Swift.print("\nAgreement")
        agreement("C loop vs wrapper, all subjects", cFull, wrapperFull)
        agreement("wrapper on UTF-8 buffers vs wrapper, all subjects", wrapperBytesFull, wrapperFull)
        for (m, check) in zip(slow, checks) {
            agreement("\(m.engineName) vs wrapper, \(m.scopeLabel) subjects", m, wrapperSubset)
            let perKind = Kind.allCases.map { "\($0.label) \(check.disagreements[$0] ?? 0)" }.joined(separator: ", ")
            Swift.print("  per-subject answers (match or not, and the extracted text): "
                + (check.totalDisagreements == 0 ? "identical" : "\(check.totalDisagreements) differ (\(perKind))"))
            for (kind, subject, expected, actual) in check.examples {
                Swift.print("    \(kind.label): \(quoted(subject)) wrapper \(answer(expected)), "
                    + "\(m.engineName) \(answer(actual))")
            }
        }
    }

    private func ratioRow(_ label: String, _ numerator: Measurement, _ denominator: Measurement) {
        let cells = Kind.allCases.map { fixed(numerator.nsPerMatch($0) / denominator.nsPerMatch($0), 2) }
            + [fixed(numerator.nsPerMatchOverall / denominator.nsPerMatchOverall, 2)]
        Swift.print("| \(label) | " + cells.joined(separator: " | ") + " |")
    }

    private func agreement(_ label: String, _ m: Measurement, _ reference: Measurement) {
        let agree = Kind.allCases.allSatisfy { m.tally[$0] == reference.tally[$0] }
        let details = Kind.allCases.map { kind -> String in
            let mine = m.tally[kind] ?? Tally(), theirs = reference.tally[kind] ?? Tally()
            var text = "\(kind.label) \(mine.matches)" + (mine.matches == theirs.matches ? "" : " vs \(theirs.matches)")
            if kind.spec.captureName != nil {
                text += " matches, \(mine.capturedBytes)"
                    + (mine.capturedBytes == theirs.capturedBytes ? "" : " vs \(theirs.capturedBytes)") + " captured bytes"
            }
            return text
        }
        Swift.print("- \(label): " + (agree ? "counts AGREE" : "counts DISAGREE") + " (" + details.joined(separator: "; ") + ")")
    }

    private func verdict(_ met: Bool) -> String { met ? "MET" : "MISSED" }

    private func answer(_ value: String?) -> String {
        guard let value else { return "no match" }
        return value.isEmpty ? "match" : "captured \(quoted(value))"
    }

    private func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\n", with: "\\n") + "\""
    }

    private func fixed(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "n/a"
    }
}
