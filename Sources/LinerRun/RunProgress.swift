import Foundation
import LeadStream

/// A snapshot for progress displays.
public struct RunProgress: Sendable {
    public var tally: RunTally
    /// Leads the source holds in all, when known (a file's lines); Liner's list does not say.
    public var total: Int?
    /// Since the run started.
    public var elapsed: TimeInterval
    /// Updates sent per second so far (attempts not counted twice).
    public var updateRate: Double { elapsed > 0 ? Double(tally.applied + tally.rejected + tally.failed + tally.unknown) / elapsed : 0 }
    /// Leads read per second so far.
    public var readRate: Double { elapsed > 0 ? Double(tally.read) / elapsed : 0 }
}
