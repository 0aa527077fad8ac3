import Foundation
import Logging
import ServiceLifecycle

/// Watches the rules directory (polling ``RulesFingerprint``) and reloads on a change, once the files have
/// stopped changing for one interval (an editor's or a checkout's several writes make one reload).
struct RulesWatch: Service {
    let directory: String
    let interval: Duration
    let reloader: PackReloader

    func run() async throws {
        var seen = RulesFingerprint(directory: directory)
        var pending: RulesFingerprint?
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            let now = RulesFingerprint(directory: directory)
            if now == seen {
                pending = nil
                continue
            }
            // Changed: wait until two looks agree, then load.
            if pending != now {
                pending = now
                continue
            }
            seen = now
            pending = nil
            reloader.reload()
        }
    }
}
