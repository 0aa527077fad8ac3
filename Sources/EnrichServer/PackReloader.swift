import Foundation
import Logging

/// Loads the rules again and swaps them in only when they load cleanly (and their tests pass with
/// `--require-tests`); otherwise the pack serving goes on serving, and the failure is kept for `/readyz`,
/// the metrics and the log, each problem at its file:line:column.
public struct PackReloader: Sendable {
    public let loader: PackLoader
    public let store: PackStore
    let metrics: ServerMetrics
    let logger: Logger

    init(loader: PackLoader, store: PackStore, metrics: ServerMetrics, logger: Logger) {
        self.loader = loader
        self.store = store
        self.metrics = metrics
        self.logger = logger
    }

    /// One reload; returns whether the new pack was swapped in.
    @discardableResult
    public func reload() -> Bool {
        let now = Date()
        switch loader.load(now: now) {
        case let .success(pack):
            let previous = store.current.digest
            store.swap(to: pack, at: now)
            metrics.packLoaded(pack, reloaded: true)
            logger.info("rules reloaded", metadata: [
                "digest": "\(pack.digest)", "previous": "\(previous)", "files": "\(pack.fileCount)",
                "seconds": "\(String(format: "%.3f", pack.loadSeconds))", "tests": "\(pack.tests ?? "not run")",
            ])
            return true
        case let .failure(problem):
            store.recordFailure(problem, at: now)
            metrics.reloadFailed()
            logger.error("rules not reloaded; still serving \(store.current.digest): \(problem.summary)")
            for item in problem.items { logger.error("\(item.line)") }
            return false
        }
    }
}
