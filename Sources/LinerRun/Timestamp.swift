import Foundation

/// ISO 8601 times as the run options, the lead list's `createdAt[0]`/`createdAt[1]` and the journal write them.
public enum Timestamp {
    /// Reads `2026-11-25T09:00:00Z`, `2026-11-25T12:00:00+03:00`, with or without fractional seconds, or a
    /// bare date `2026-11-25` (midnight UTC); `nil` otherwise.
    public static func parse(_ text: String) -> Date? {
        let plain = ISO8601DateFormatter()
        if let date = plain.date(from: text) { return date }
        let fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = fractional.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }

    /// `2026-11-25T09:00:00Z` (whole seconds, UTC).
    public static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }
}
