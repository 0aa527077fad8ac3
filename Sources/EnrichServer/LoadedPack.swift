import Foundation
import LeadEngine
import LinerRun

/// A rules pack that loaded cleanly and serves: the engine, its digest and how it came to be.
public struct LoadedPack: Sendable {
    public let engine: Engine
    /// ``RulesDigest/of(_:)``: named in every answer and in the journal's runs.
    public let digest: String
    /// When it was loaded, and how long loading (and its tests) took.
    public let loadedAt: Date
    public let loadSeconds: Double
    /// The number of `.rules` files, and of rules and tables, in it.
    public let fileCount: Int
    public let writerCount: Int
    /// `N passed, N failed` of the pack's tests when they were run (`--require-tests`).
    public let tests: String?
    /// Evaluators of single leads kept for reuse (each one's scratch memory is made once).
    let evaluators: EvaluatorPool

    public init(engine: Engine, loadedAt: Date, loadSeconds: Double, tests: String?) {
        self.engine = engine
        self.digest = RulesDigest.of(engine)
        self.loadedAt = loadedAt
        self.loadSeconds = loadSeconds
        self.fileCount = engine.ruleset.files.count
        self.writerCount = engine.ruleset.writers.count
        self.tests = tests
        self.evaluators = EvaluatorPool(engine: engine)
    }
}
