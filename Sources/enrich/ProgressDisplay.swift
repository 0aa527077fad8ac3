import Foundation
import LinerRun
import Synchronization

/// Shows a run's progress on standard error: a redrawn bar on a terminal, otherwise a log line every few
/// seconds (cron mail, journald and Kubernetes logs stay readable). Problems and notices are printed
/// above the bar.
final class ProgressDisplay: Sendable {
    enum Mode: String, CaseIterable {
        case auto, bar, log, none
    }

    private struct State {
        var last: RunProgress?
        var lastDrawn: TimeInterval = 0
        var barShown = false
    }

    private let bar: Bool
    private let enabled: Bool
    private let interval: TimeInterval
    private let started = Date()
    private let state = Mutex(State())

    init(mode: Mode, interval: TimeInterval) {
        let terminal = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["TERM"] != "dumb"
        switch mode {
        case .auto: bar = terminal; enabled = true
        case .bar: bar = true; enabled = true
        case .log: bar = false; enabled = true
        case .none: bar = false; enabled = false
        }
        self.interval = bar ? 0.1 : max(0.5, interval)
    }

    /// Handles one event of the run.
    func handle(_ event: RunEvent) {
        switch event {
        case let .output(line):
            Console.output(line + "\n")
        case let .problem(message):
            printAbove(message)
        case let .notice(message):
            printAbove("note: " + message)
        case let .progress(progress):
            guard enabled else { return }
            state.withLock { state in
                state.last = progress
                let now = Date().timeIntervalSince(started)
                guard now - state.lastDrawn >= interval else { return }
                state.lastDrawn = now
                if bar {
                    Console.error("\r\u{1B}[2K" + Self.barLine(progress))
                    state.barShown = true
                } else {
                    Console.error("progress: " + Self.logLine(progress) + "\n")
                }
            }
        }
    }

    /// Clears the bar before the summary.
    func finish() {
        state.withLock { state in
            if state.barShown { Console.error("\r\u{1B}[2K") }
            state.barShown = false
        }
    }

    private func printAbove(_ line: String) {
        state.withLock { state in
            if state.barShown { Console.error("\r\u{1B}[2K") }
            Console.error(line + "\n")
            if state.barShown, let last = state.last { Console.error(Self.barLine(last)) }
        }
    }

    static func logLine(_ p: RunProgress) -> String {
        let t = p.tally
        var line = "read \(t.read)"
        if let total = p.total { line += "/\(total)" }
        line += ", patched \(t.patched), applied \(t.applied), not applied \(t.problems), retries \(t.retries)"
        line += String(format: ", %.1f leads/s, %.1f updates/s, %.0f s", p.readRate, p.updateRate, p.elapsed)
        return line
    }

    static func barLine(_ p: RunProgress) -> String {
        let t = p.tally
        var line = ""
        if let total = p.total, total > 0 {
            // Done = read and settled: a lead whose patch has no answer yet is not done.
            let settled = t.applied + t.rejected + t.failed + t.unknown + t.skipped
            let done = min(t.read, max(0, t.read - max(0, t.patched - settled)))
            let fraction = min(1, Double(done) / Double(total))
            let filled = Int(fraction * 24)
            line += "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: 24 - filled) + "] "
            line += "\(done)/\(total)"
            if done > 0, p.elapsed > 0 {
                let eta = Double(max(0, total - done)) / (Double(done) / p.elapsed)
                line += String(format: " ETA %d:%02d", Int(eta) / 60, Int(eta) % 60)
            }
        } else {
            line += "\(t.read) leads"
        }
        line += String(format: " · %.0f leads/s · %.0f upd/s · applied %d · not applied %d · in flight %d",
                       p.readRate, p.updateRate, t.applied, t.problems, t.inFlight)
        return line
    }
}
