import Foundation
import LeadEngine
import RuleHarness
import RulesLanguage

/// Loads a rules directory the way `enrich run` does (``Engine/init(directory:)``), prepares it
/// (``PackPreparation``) and, when asked, runs the pack's tests (those under `tests/` included, as
/// `enrich test` does): a pack is accepted only when all of that is clean.
public struct PackLoader: Sendable {
    public var directory: String
    public var preparation: PackPreparation
    /// Run the pack's tests and refuse a pack with a failing test, or with none.
    public var requireTests: Bool

    public init(directory: String, preparation: PackPreparation, requireTests: Bool) {
        self.directory = directory
        self.preparation = preparation
        self.requireTests = requireTests
    }

    /// The pack, or every reason it cannot serve.
    public func load(now: Date = Date()) -> Result<LoadedPack, PackProblem> {
        let clock = ContinuousClock()
        let started = clock.now
        let engine: Engine
        do { engine = try Engine(directory: directory) } catch {
            return .failure(PackProblem(summary: "the rules in \(directory) do not load", diagnostics: error.diagnostics, ioErrors: error.ioErrors))
        }
        let prepared: Engine
        switch preparation.prepare(engine, now: now) {
        case let .success(ready): prepared = ready
        case let .failure(problem): return .failure(problem)
        }
        var tests: String?
        if requireTests {
            switch runTests(now: now) {
            case let .success(summary): tests = summary
            case let .failure(problem): return .failure(problem)
            }
        }
        let elapsed = clock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return .success(LoadedPack(engine: prepared, loadedAt: Date(), loadSeconds: seconds, tests: tests))
    }

    /// Runs every test of the pack (tests/ included); the summary line, or the failures at their file:line:column.
    private func runTests(now: Date) -> Result<String, PackProblem> {
        let loaded = RulesetLoader.load(directory: directory, includeTests: true)
        guard let ruleset = loaded.ruleset, loaded.ioErrors.isEmpty else {
            return .failure(PackProblem(summary: "the rules and tests in \(directory) do not load", diagnostics: loaded.diagnostics,
                                        ioErrors: loaded.ioErrors))
        }
        let engine: Engine
        switch preparation.prepare(Engine(ruleset: ruleset), now: now) {
        case let .success(ready): engine = ready
        case let .failure(problem): return .failure(problem)
        }
        let report = TestRunner(engine: engine).run()
        guard !report.results.isEmpty else {
            return .failure(PackProblem(summary: "--require-tests: the pack in \(directory) has no tests", items: []))
        }
        guard report.failed == 0 else {
            var items: [PackProblem.Item] = []
            for result in report.results {
                guard case let .failed(failures) = result.outcome else { continue }
                for failure in failures {
                    items.append(PackProblem.Item(at: failure.location?.description ?? "", message: "test \"\(result.test.name)\" failed: \(failure.text)"))
                }
            }
            return .failure(PackProblem(summary: "pack tests failed (\(report.summaryLine))", items: items))
        }
        return .success(report.summaryLine)
    }
}
