import Logging
import Synchronization

/// Collects every log line (message and metadata) at trace level, for checking what a client logs.
struct CapturingLogHandler: LogHandler {
    final class Store: Sendable {
        private let lines = Mutex<[String]>([])
        func append(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    let store: Store
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.append("\(event.level) \(event.message) \(merged) \(event.source) \(event.file):\(event.line)")
    }

    /// A logger whose lines go to `store`.
    static func logger(_ store: Store) -> Logger {
        Logger(label: "test", factory: { _ in CapturingLogHandler(store: store) })
    }
}
