import Foundation
import LeadStream
import LinerClient
import LinerRun
import Logging
import RunJournal
import ServiceLifecycle

/// What the watch loop needs besides the pack: the client, the journal (whose lock the caller holds for the
/// server's lifetime), and what `enrich run --source liner --apply` would be given.
public struct WatchSettings: Sendable {
    public var client: LinerClient
    public var journal: RunJournal
    /// Names the source in the journal (`liner:https://host`): incremental windows continue its runs.
    public var sourceName: String
    public var statusIds: Set<Int>
    public var orderIds: [Int]
    public var shard: Shard?
    /// Seconds before the end of the last successful poll that the next one starts at.
    public var overlap: TimeInterval
    /// Seconds between polls.
    public var poll: Duration
    /// The longest wait between polls while Liner fails.
    public var maximumBackoff: Duration = .seconds(300)
    /// Send the patches (`--apply`); otherwise dry runs, recorded in the journal as such.
    public var apply: Bool
    public var maxInFlight: Int
    public var maximumLeads: Int = LinerLeadPages.defaultMaximumLeads
    /// The options as the journal keeps them (no secrets).
    public var optionsJSON: String

    public init(client: LinerClient, journal: RunJournal, sourceName: String, statusIds: Set<Int>, orderIds: [Int], shard: Shard?,
                overlap: TimeInterval, poll: Duration, apply: Bool, maxInFlight: Int, optionsJSON: String) {
        self.client = client
        self.journal = journal
        self.sourceName = sourceName
        self.statusIds = statusIds
        self.orderIds = orderIds
        self.shard = shard
        self.overlap = overlap
        self.poll = poll
        self.apply = apply
        self.maxInFlight = maxInFlight
        self.optionsJSON = optionsJSON
    }
}

/// `enrich serve --source liner`: every poll interval, one ``LinerRunner`` run over the account's newest leads
/// (the incremental window of `enrich run`), with the pack serving at its start. So each poll carries every
/// guarantee of `enrich run --apply`: the journal (each patch recorded before it is sent; the run names the
/// rules digest), retries and the retry set, the rate limit, resuming unsettled updates, people's edits kept.
///
/// A poll that cannot complete (Liner unreachable, the key refused, the journal unwritable) marks the loop
/// degraded and the next poll waits twice as long (up to ``WatchSettings/maximumBackoff``); the window of a
/// failed poll is read again by the next one, so no lead is lost. A graceful shutdown (SIGTERM) stops the
/// poll in progress as a signal stops `enrich run`: no new lead is taken, updates in flight finish and are
/// recorded.
struct LinerWatch: Service {
    let settings: WatchSettings
    let store: PackStore
    let state: WatchState
    let metrics: ServerMetrics
    let logger: Logger

    func run() async throws {
        var failures = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let result = await poll()
            metrics.recordPoll(result)
            let wait: Duration
            switch result.ending {
            case .completed:
                failures = 0
                wait = settings.poll
            case .interrupted:
                return
            default:
                failures += 1
                let factor = 1 << min(failures, 10)
                wait = min(settings.poll * factor, settings.maximumBackoff)
                logger.error("poll of \(settings.sourceName) failed (\(failures) in a row); next in \(wait): \(result.notes.joined(separator: "; "))")
            }
            state.update {
                if result.ending == .completed {
                    $0.lastSuccess = Date()
                    $0.lastProblem = nil
                } else {
                    $0.lastProblem = result.notes.joined(separator: "; ")
                }
                $0.consecutiveFailures = failures
                $0.lastRunId = result.runId ?? $0.lastRunId
                $0.nextPollAt = Date().addingTimeInterval(Double(wait.components.seconds) + Double(wait.components.attoseconds) / 1e18)
            }
            metrics.watchDegraded(failures > 0)
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: wait) } } catch { return }
        }
    }

    /// One run over the newest window with the pack serving now.
    private func poll() async -> RunResult {
        let pack = store.current
        var configuration = RunConfiguration(
            source: .liner(query: LinerLeadQuery(orderIds: settings.orderIds), statusIds: settings.statusIds),
            sourceName: settings.sourceName, apply: settings.apply, shard: settings.shard, overlap: settings.overlap, now: Date(),
            explain: false, batchSize: LinerClient.maximumPageSize, maxInFlight: settings.maxInFlight, printApplied: false,
            optionsJSON: settings.optionsJSON
        )
        configuration.maximumLeads = settings.maximumLeads
        configuration.rulesDigest = pack.digest
        let metrics = self.metrics
        configuration.onSettled = { update in
            guard update.state == .applied, let created = update.createdAt else { return }
            metrics.recordCreationToUpdate(seconds: update.settledAt.timeIntervalSince(created))
        }
        let logger = self.logger
        let stop = StopRequest()
        let runner = LinerRunner(engine: pack.engine, client: settings.client, journal: settings.journal, configuration: configuration,
                                 stop: stop) { event in
            switch event {
            case let .problem(text): logger.warning("\(text)")
            // The window is chosen anew every poll: only worth a line when debugging.
            case let .notice(text) where text.hasPrefix("window:"): logger.debug("\(text)")
            case let .notice(text): logger.info("\(text)")
            case let .output(line): logger.debug("\(line)")
            case .progress: break
            }
        }
        let result = await withGracefulShutdownHandler {
            await runner.run()
        } onGracefulShutdown: {
            _ = stop.request()
        }
        metrics.record(result.tally, source: "liner")
        // A line per poll that changed something, met a problem or did not complete; quiet polls at debug level.
        let worthTelling = result.ending != .completed || result.tally.patched > 0 || result.tally.problems > 0
        logger.log(level: worthTelling ? .info : .debug, "poll: \(result.render(apply: settings.apply).split(separator: "\n").first.map(String.init) ?? "")",
                   metadata: ["run": "\(result.runId.map(String.init) ?? "-")", "digest": "\(pack.digest)", "ending": "\(result.ending.rawValue)"])
        return result
    }
}
