import Foundation

/// What changes when a file under the rules directory changes: every file's path, size and modification
/// time (tests included), in path order. Polled: portable, and blind to nothing an editor or a
/// `git pull` or a ConfigMap update does.
struct RulesFingerprint: Equatable, Sendable {
    private var entries: [String]

    /// The fingerprint of `directory` now (an unreadable directory has an empty one).
    init(directory: String) {
        var entries: [String] = []
        let root = URL(fileURLWithPath: directory)
        let keys: [URLResourceKey] = [.isRegularFileKey, .fileSizeKey, .contentModificationDateKey]
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) {
            for case let url as URL in walker {
                guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
                let modified = values.contentModificationDate?.timeIntervalSince1970 ?? 0
                entries.append("\(url.path)\u{0}\(values.fileSize ?? -1)\u{0}\(modified)")
            }
        }
        self.entries = entries.sorted()
    }
}
