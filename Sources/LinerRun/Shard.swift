/// One of `count` disjoint parts of an account's leads, chosen by lead id: `--shard I/N` keeps the leads
/// whose `id % N == I` (0 ≤ I < N), so N workers — cron hosts, the pods of a Kubernetes indexed Job
/// (`JOB_COMPLETION_INDEX` is 0-based) — share an account without overlap.
public struct Shard: Sendable, Equatable, CustomStringConvertible {
    /// This worker's part, `0..<count`.
    public let index: Int
    /// The number of parts, ≥ 1.
    public let count: Int

    /// A shard; `nil` unless `count >= 1` and `0 <= index < count`.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }

    /// Reads `I/N`; `nil` for anything else.
    public init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { return nil }
        self.init(index: index, count: count)
    }

    /// Whether the lead belongs to this part.
    public func contains(leadId: Int) -> Bool {
        // No `(id % n + n) % n`: with n near Int.max that overflows (and traps).
        let remainder = leadId % count
        return (remainder < 0 ? remainder + count : remainder) == index
    }

    /// `I/N`.
    public var description: String { "\(index)/\(count)" }
}
