import Foundation
import LeadEngine
import RulesLanguage

/// Runs the `test` blocks of a ruleset against its rules.
public struct TestRunner: Sendable {
    /// The reference time of a test without `now`: fixed, so tests do not depend on the day they run.
    public static let defaultNow = Date(timeIntervalSince1970: 1_768_478_400) // 2026-01-15T12:00:00Z

    let engine: Engine

    public init(engine: Engine) {
        self.engine = engine
    }

    /// Runs every test whose name contains `filter` (all when `nil`); the others are skipped.
    public func run(filter: String? = nil) -> TestReport {
        run(filters: filter.map { [TestFilter.name($0)] } ?? [])
    }

    /// Runs the tests that match any of `filters` (all when there is none); the others are skipped.
    /// A filter that matches no test is listed in ``TestReport/unmatchedFilters``.
    public func run(filters: [TestFilter]) -> TestReport {
        var results: [TestResult] = []
        results.reserveCapacity(engine.ruleset.tests.count)
        var coverage = Coverage(ruleset: engine.ruleset)
        // One evaluator and one parse per distinct `now`: a pack with generated tests runs tens of
        // thousands of tests, most with the same `now`.
        let evaluator = engine.makeEvaluator()
        var times: [String: Date] = [:]
        var matched = [Bool](repeating: false, count: filters.count)
        let needsEvaluation = filters.contains { if case .rule = $0 { true } else { false } }
        for test in engine.ruleset.tests {
            let byDeclaration = filters.map { $0.matches(test) }
            if !filters.isEmpty, !byDeclaration.contains(true), !needsEvaluation {
                results.append(TestResult(test: test, outcome: .skipped))
                continue
            }
            var evaluations: [Evaluation] = []
            let result = run(test, evaluator: evaluator, times: &times, evaluations: &evaluations)
            var matches = byDeclaration
            for (index, filter) in filters.enumerated() where !matches[index] {
                if case let .rule(name) = filter { matches[index] = evaluations.contains { $0.fired.contains(name) } }
            }
            if !filters.isEmpty, !matches.contains(true) {
                results.append(TestResult(test: test, outcome: .skipped))
                continue
            }
            for (index, match) in matches.enumerated() where match { matched[index] = true }
            for evaluation in evaluations { coverage.record(evaluation) }
            results.append(result)
        }
        let unmatched = zip(filters, matched).filter { !$1 }.map { filter, _ in filter.noMatchMessage(engine.ruleset) }
        return TestReport(results: results, coverage: coverage, unmatchedFilters: unmatched)
    }

    /// Runs every row of a test; a row's failures carry its line (and, in a parameterised test, say
    /// which row failed).
    func run(_ test: TestDeclaration, evaluator: Evaluator, times: inout [String: Date], evaluations: inout [Evaluation]) -> TestResult {
        let rows = test.rows
        var failures: [TestResult.Failure] = []
        var failedEvaluation: Evaluation?
        var errors: [LeadError] = []
        for (number, row) in rows.enumerated() {
            var now = TestRunner.defaultNow
            if let text = row.now {
                if let known = times[text] {
                    now = known
                } else if let parsed = Checker.parseISO8601(text) {
                    times[text] = parsed
                    now = parsed
                }
            }
            let result = run(row, test: test, now: now, evaluator: evaluator, evaluations: &evaluations)
            guard case let .failed(rowFailures) = result.outcome else { continue }
            let label = rows.count > 1 ? "row \(number + 1) (line \(row.givenRange.location.line)): " : ""
            failures += rowFailures.map { TestResult.Failure(text: label + $0.text, location: $0.location) }
            if failedEvaluation == nil, errors.isEmpty {
                failedEvaluation = result.evaluation
                errors = result.errors
            }
        }
        if failures.isEmpty { return TestResult(test: test, outcome: .passed) }
        return TestResult(test: test, outcome: .failed(failures), evaluation: failedEvaluation, errors: errors)
    }

    /// Runs one row. The evaluation is kept only when the row fails (to show what the rules did):
    /// a trace per passing test would add up over a pack's generated tests.
    func run(_ row: TestDeclaration.Row, test: TestDeclaration, now: Date, evaluator: Evaluator, evaluations: inout [Evaluation]) -> TestResult {
        let json: JSONValue
        do {
            json = try JSONParser.parse(row.given)
        } catch {
            return TestResult(test: test, outcome: .failed([.init(text: "the given lead is not valid JSON: \(error)", location: row.givenRange.location)]))
        }
        let lead: Lead
        do {
            lead = try Lead(json: json)
        } catch {
            return rejectedLead(test, row, error)
        }
        let evaluation = evaluator.evaluate(lead, now: now, detail: .trace)
        evaluations.append(evaluation)
        var failures: [TestResult.Failure] = []
        for (expectation, range) in row.expectations {
            if let failure = check(expectation, against: evaluation) {
                failures.append(TestResult.Failure(text: failure, location: range.location))
            }
        }
        if let failure = unexpectedErrors(row, evaluation.errors) { failures.append(failure) }
        if failures.isEmpty { return TestResult(test: test, outcome: .passed) }
        return TestResult(test: test, outcome: .failed(failures), evaluation: evaluation)
    }

    /// A test whose lead the engine refuses before evaluating it (a field of the wrong type): it
    /// passes only when every expectation is an `expect error` the refusal satisfies.
    func rejectedLead(_ test: TestDeclaration, _ row: TestDeclaration.Row, _ error: LeadError) -> TestResult {
        var failures: [TestResult.Failure] = []
        for (expectation, range) in row.expectations {
            guard case let .error(text) = expectation else {
                failures.append(.init(text: "the given lead is not valid: \(error)", location: range.location))
                continue
            }
            if let failure = Self.checkErrors(expected: text, actual: [error]) {
                failures.append(.init(text: failure, location: range.location))
            }
        }
        if let failure = unexpectedErrors(row, [error]) { failures.append(failure) }
        return failures.isEmpty ? TestResult(test: test, outcome: .passed) : TestResult(test: test, outcome: .failed(failures), errors: [error])
    }

    /// A failure listing the lead's per-lead errors when the test does not say `expect error`, or `nil`.
    func unexpectedErrors(_ row: TestDeclaration.Row, _ errors: [LeadError]) -> TestResult.Failure? {
        guard !errors.isEmpty else { return nil }
        let expectsError = row.expectations.contains { if case .error = $0.0 { true } else { false } }
        if expectsError { return nil }
        let count = errors.count == 1 ? "a per-lead error" : "\(errors.count) per-lead errors"
        return TestResult.Failure(text: "the lead raised \(count) (say `expect error` if the test means it):\n"
                                    + errors.map { "  " + Self.describe($0) }.joined(separator: "\n"),
                                  location: row.givenRange.location)
    }

    /// One per-lead error for a report: the message, then the rule and where it is declared.
    static func describe(_ error: LeadError) -> String {
        var text = error.message
        if let rule = error.rule { text += " (rule \"\(rule)\"" + (error.location.map { " at \($0)" } ?? "") + ")" }
        if let field = error.field, error.rule == nil { text += " (field \(field))" }
        return text
    }

    /// Why `expect error [text]` does not hold for `actual`, or `nil` when it does.
    static func checkErrors(expected text: String?, actual: [LeadError]) -> String? {
        let listed = actual.map { "\n  " + describe($0) }.joined()
        guard let text else {
            return actual.isEmpty ? "expected a per-lead error; there was none" : nil
        }
        if actual.contains(where: { $0.description.contains(text) }) { return nil }
        return "expected an error containing \"\(text)\"; " + (actual.isEmpty ? "there was none" : "got:" + listed)
    }

    /// Whether the patch carries `field` (`priority`, `customValues[16]`).
    static func patch(_ patch: Patch, holds field: String) -> Bool {
        patch.json.fieldKeyedMembers.contains { $0.key == field }
    }

    /// Why `expectation` does not hold, or `nil` when it does.
    func check(_ expectation: TestDeclaration.Expectation, against evaluation: Evaluation) -> String? {
        let actual = evaluation.patch.json
        switch expectation {
        case let .patch(json):
            guard let expected = try? JSONParser.parse(json) else { return "the expected patch is not valid JSON" }
            if PatchDiff.equal(expected, actual) { return nil }
            return "the patch differs:\n" + PatchDiff.render(expected: expected, actual: actual, changes: evaluation.changes)
        case let .fields(json):
            guard let expected = try? JSONParser.parse(json) else { return "the expected fields are not valid JSON" }
            let subset = PatchDiff.restrict(actual, toKeysOf: expected)
            if PatchDiff.equal(expected, subset) { return nil }
            return "these fields differ:\n" + PatchDiff.render(expected: expected, actual: subset, changes: evaluation.changes)
        case let .untouched(names):
            let touched = names.map { $0.text == "status" ? "statusId" : $0.text }.filter { Self.patch(evaluation.patch, holds: $0) }
            if touched.isEmpty { return nil }
            return "expected untouched, but the patch writes: " + touched.map { field in
                let change = evaluation.changes.first { $0.field == field }
                let value = evaluation.patch.json.fieldKeyedMembers.first { $0.key == field }?.value ?? .null
                return "\(field) = \(JSONWriter.write(value))" + (change.map { " (by \"\($0.rule)\" at \($0.location))" } ?? "")
            }.joined(separator: ", ")
        case let .fires(rule, negated):
            let fired = evaluation.fired.contains(rule.text)
            if fired != negated { return nil }
            if negated { return "\"\(rule.text)\" fired, but should not have" }
            let why = evaluation.trace.first { $0.name == rule.text }.map(Explanation.reason) ?? "it is not in the ruleset"
            return "\"\(rule.text)\" did not fire: \(why)"
        case let .error(text):
            return Self.checkErrors(expected: text, actual: evaluation.errors)
        }
    }
}

/// The outcome of one test.
public struct TestResult: Sendable {
    public enum Outcome: Sendable {
        case passed
        case failed([Failure])
        case skipped
    }
    public struct Failure: Sendable {
        public var text: String
        public var location: SourceLocation?
    }
    public let test: TestDeclaration
    public let outcome: Outcome
    /// What the rules did, for a failed test (`nil` for a passed or skipped one, or when the engine
    /// refused the given lead).
    public var evaluation: Evaluation?
    /// The per-lead errors the test's lead raised, for a failed test: the evaluation's, or the
    /// refusal of the given lead.
    public var errors: [LeadError]

    init(test: TestDeclaration, outcome: Outcome, evaluation: Evaluation? = nil, errors: [LeadError]? = nil) {
        self.test = test
        self.outcome = outcome
        self.evaluation = evaluation
        self.errors = errors ?? evaluation?.errors ?? []
    }

    public var passed: Bool { if case .passed = outcome { true } else { false } }
    public var skipped: Bool { if case .skipped = outcome { true } else { false } }
}

/// All results of a run, with coverage.
public struct TestReport: Sendable {
    public let results: [TestResult]
    public let coverage: Coverage
    /// For each filter that matched no test: why, in words (`enrich test` fails on any).
    public var unmatchedFilters: [String] = []

    public var passed: Int { results.count(where: \.passed) }
    public var skipped: Int { results.count(where: \.skipped) }
    public var failed: Int { results.count - passed - skipped }

    /// `N passed, N failed` (and `, N skipped` when any were).
    public var summaryLine: String {
        "\(passed) passed, \(failed) failed" + (skipped > 0 ? ", \(skipped) skipped" : "")
    }
}
