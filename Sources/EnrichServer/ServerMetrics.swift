import Foundation
import LeadStream
import LinerRun
import Prometheus
import Synchronization

/// The server's Prometheus metrics (`GET /metrics`, text format), one registry per server.
///
/// Leads are counted by `source`: `api` (`POST /v1/evaluate`, the page) or `liner` (the watch loop).
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private let packInfo: Mutex<Gauge?> = Mutex(nil)

    public init() {
        // Series that exist from the start (at 0), so that dashboards and alerts see them before the first event.
        for source in ["api", "liner"] {
            _ = leads("read", source)
            _ = leads("evaluated", source)
            _ = leads("invalid", source)
            _ = leads("patched", source)
        }
        for outcome in ["applied", "rejected", "failed", "unknown", "skipped"] { _ = updates(outcome) }
        _ = counter("update_retries", "total", "Retried calls of updates sent to Liner.")
        for outcome in ["success", "failure"] { _ = reloads(outcome) }
        for outcome in ["completed", "interrupted", "aborted"] { _ = polls(outcome) }
    }

    private static let namespace = "enrich"

    private func counter(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Counter {
        registry.makeCounter(descriptor: MetricNameDescriptor(namespace: Self.namespace, metricName: name, unitName: unit, helpText: help),
                             labels: labels)
    }

    private func gauge(_ name: String, _ unit: String, _ help: String, _ labels: [(String, String)] = []) -> Gauge {
        registry.makeGauge(descriptor: MetricNameDescriptor(namespace: Self.namespace, metricName: name, unitName: unit, helpText: help),
                           labels: labels)
    }

    private func leads(_ what: String, _ source: String) -> Counter {
        counter("leads_\(what)", "total", "Leads \(what) (source: api or liner).", [("source", source)])
    }

    private func updates(_ outcome: String) -> Counter {
        counter("updates", "total", "Updates sent to Liner by outcome (applied, rejected, failed, unknown, skipped).", [("outcome", outcome)])
    }

    private func reloads(_ outcome: String) -> Counter {
        counter("pack_reloads", "total", "Reloads of the rules directory by outcome (success, failure).", [("outcome", outcome)])
    }

    private func polls(_ outcome: String) -> Counter {
        counter("watch_polls", "total", "Polls of the Liner account by how the run ended (completed, interrupted, aborted).", [("outcome", outcome)])
    }

    /// Counts evaluated leads (and the fields and rules of their patches) of `source`.
    func record(_ tally: RunTally, source: String) {
        if tally.read > 0 { leads("read", source).increment(by: Int64(tally.read)) }
        if tally.read - tally.invalid > 0 { leads("evaluated", source).increment(by: Int64(tally.read - tally.invalid)) }
        if tally.invalid > 0 { leads("invalid", source).increment(by: Int64(tally.invalid)) }
        if tally.patched > 0 { leads("patched", source).increment(by: Int64(tally.patched)) }
        for (field, count) in tally.fields {
            counter("patch_fields", "total", "Fields written by patches, by field.", [("source", source), ("field", field)]).increment(by: Int64(count))
        }
        for (rule, count) in tally.rules {
            counter("patch_rules", "total", "Fields written by patches, by the rule that wrote them.", [("source", source), ("rule", rule)])
                .increment(by: Int64(count))
        }
    }

    /// Counts the updates of a watch poll and how the poll ended.
    func recordPoll(_ result: RunResult) {
        let tally = result.tally
        for (outcome, count) in [("applied", tally.applied), ("rejected", tally.rejected), ("failed", tally.failed),
                                 ("unknown", tally.unknown), ("skipped", tally.skipped)] where count > 0 {
            updates(outcome).increment(by: Int64(count))
        }
        if tally.retries > 0 { counter("update_retries", "total", "Retried calls of updates sent to Liner.").increment(by: Int64(tally.retries)) }
        polls(result.ending.rawValue).increment()
        if result.ending == .completed {
            gauge("watch_last_success", "timestamp_seconds", "When the last poll of the Liner account completed (Unix time).")
                .set(Date().timeIntervalSince1970)
        }
    }

    /// Whether the watch loop is degraded (Liner unreachable or refusing: 1) or not (0).
    func watchDegraded(_ degraded: Bool) {
        gauge("watch_degraded", "", "1 while the Liner watch loop cannot complete its polls (backing off), else 0.").set(to: degraded ? 1.0 : 0.0)
    }

    /// How long after its creation a lead's update was answered.
    func recordCreationToUpdate(seconds: Double) {
        registry.makeValueHistogram(
            descriptor: MetricNameDescriptor(namespace: Self.namespace, metricName: "lead_creation_to_update", unitName: "seconds",
                                             helpText: "Seconds from a lead's createdAt to its update being applied by the watch loop."),
            buckets: [1, 2, 5, 10, 15, 20, 25, 30, 45, 60, 120, 300, 600, 1800, 3600]
        ).record(max(0, seconds))
    }

    /// One HTTP request: its route (the pattern, not the path) and status, and how long it took.
    func recordRequest(route: String, status: Int, duration: Duration) {
        counter("http_requests", "total", "HTTP requests by route and status.", [("route", route), ("status", String(status))]).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(namespace: Self.namespace, metricName: "http_request_duration", unitName: "seconds",
                                             helpText: "HTTP request latency by route."),
            labels: [("route", route)],
            buckets: [.microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
                      .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
                      .seconds(5), .seconds(30)]
        ).record(duration)
    }

    /// The pack serving now: its digest (an info series, `enrich_pack_info{digest="..."} 1`), when and how fast it loaded.
    func packLoaded(_ pack: LoadedPack, reloaded: Bool) {
        let info = gauge("pack_info", "", "The rules pack serving: its digest (value 1).", [("digest", pack.digest)])
        info.set(to: 1.0)
        packInfo.withLock { previous in
            if let previous, previous !== info { registry.unregisterGauge(previous) }
            previous = info
        }
        gauge("pack_load", "seconds", "Seconds the serving pack took to load, check (and test).").set(pack.loadSeconds)
        gauge("pack_loaded", "timestamp_seconds", "When the serving pack was loaded (Unix time).").set(pack.loadedAt.timeIntervalSince1970)
        gauge("pack_reload_failing", "", "1 when the last reload was refused (the previous pack serves), else 0.").set(to: 0.0)
        if reloaded { reloads("success").increment() }
    }

    /// A reload that was refused.
    func reloadFailed() {
        reloads("failure").increment()
        gauge("pack_reload_failing", "", "1 when the last reload was refused (the previous pack serves), else 0.").set(to: 1.0)
    }

    /// The text format.
    public func render() -> [UInt8] {
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return buffer
    }
}
