import Foundation

/// The `createdAt` window of the leads a run reads.
public struct CreationWindow: Sendable, Equatable, CustomStringConvertible {
    /// Inclusive start; `nil` reads from the account's first lead.
    public var from: Date?
    /// Inclusive end; always set, so leads created while the run pages do not shift its pages.
    public var to: Date
    /// How the start was chosen.
    public var origin: Origin

    public enum Origin: String, Sendable, Equatable {
        /// `--created-from` was given.
        case explicit
        /// Continues from the end of the last successful run, minus the overlap.
        case incremental
        /// No earlier successful run: every lead created up to ``CreationWindow/to``.
        case firstRun = "first-run"
    }

    public init(from: Date?, to: Date, origin: Origin) {
        self.from = from
        self.to = to
        self.origin = origin
    }

    /// Chooses the window of a run starting at `now`.
    ///
    /// - Parameters:
    ///   - explicitFrom: `--created-from`; wins when given.
    ///   - explicitTo: `--created-to`; otherwise `now`.
    ///   - previousEnds: the window ends of earlier successful runs of the same source and shard.
    ///   - overlap: how far before the latest previous end to start again. Leads are re-read, not re-sent:
    ///     a lead that already holds its values gets an empty patch. The overlap covers clock skew between
    ///     this host and Liner and leads whose `createdAt` is written late.
    public static func plan(explicitFrom: Date?, explicitTo: Date?, previousEnds: [Date], overlap: TimeInterval, now: Date) -> CreationWindow {
        let to = explicitTo ?? now
        if let explicitFrom { return CreationWindow(from: explicitFrom, to: to, origin: .explicit) }
        guard let last = previousEnds.max() else { return CreationWindow(from: nil, to: to, origin: .firstRun) }
        return CreationWindow(from: last.addingTimeInterval(-max(0, overlap)), to: to, origin: .incremental)
    }

    public var description: String {
        "\(from.map(Timestamp.format) ?? "(start)") .. \(Timestamp.format(to)) (\(origin.rawValue))"
    }
}
