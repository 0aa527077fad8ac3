import Foundation
import RulesLanguage
import Timestamps

/// ISO 8601 times as the run options, the lead list's `createdAt[0]`/`createdAt[1]` and the journal write them.
public enum Timestamp {
    /// Reads `2026-11-25T09:00:00Z`, `2026-11-25T12:00:00+03:00`, with or without fractional seconds, or a
    /// bare date `2026-11-25` (midnight UTC); `nil` otherwise.
    public static func parse(_ text: String) -> Date? {
        // The project's one strict reader (it refuses 31 April and hour 24, which Foundation's formatter takes).
        TimestampReader.read(text, .rfc3339OrDate).map { Date(timeIntervalSince1970: $0.secondsSince1970) }
    }

    /// `2026-11-25T09:00:00Z` (whole seconds, UTC).
    public static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
