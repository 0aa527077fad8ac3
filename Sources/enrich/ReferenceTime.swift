import ArgumentParser
import Foundation
import RulesLanguage

/// `--now`: the reference time at which zones resolve, shared by run, explain and diff.
struct ReferenceTime: ParsableArguments {
    @Option(parsing: .unconditional, help: "Reference time for time zones, ISO 8601 (default: now), e.g. 2026-03-01T09:00:00Z.")
    var now: String?

    func validate() throws {
        if let now, Checker.parseISO8601(now) == nil {
            throw ValidationError("--now must be an ISO 8601 time such as 2026-03-01T09:00:00Z, not \"\(now)\"")
        }
    }

    /// The time given, or the current time.
    var date: Date { now.flatMap(Checker.parseISO8601) ?? Date() }
}
