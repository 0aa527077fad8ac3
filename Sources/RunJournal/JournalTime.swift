import Foundation
import Timestamps

/// How the journal writes dates: ISO 8601 in UTC with milliseconds, `2025-11-25T06:50:12.345Z`.
///
/// The text sorts in time order, is readable with the `sqlite3` command-line tool, and compares with SQLite's
/// own `strftime('%Y-%m-%dT%H:%M:%fZ', ...)`. Sub-millisecond precision is dropped (rounded down), so a date
/// read back can be up to 1 ms earlier than the one written.
public enum JournalTime {
    /// The journal's text for `date`, rounded down to the millisecond.
    public static func string(from date: Date) -> String {
        let totalMillis = millis(date)
        let (days, millisOfDay) = floorDivMod(totalMillis, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let hour = millisOfDay / 3_600_000
        let minute = millisOfDay / 60_000 % 60
        let second = millisOfDay / 1000 % 60
        let millis = millisOfDay % 1000
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2)
            + ":" + pad(second, 2) + "." + pad(millis, 3) + "Z"
    }

    /// Reads `YYYY-MM-DDTHH:MM:SS[.fff]Z` (1 to 9 fraction digits; only milliseconds are kept); `nil` for any
    /// other text.
    public static func date(from text: String) -> Date? {
        guard let reading = TimestampReader.read(text, .journal) else { return nil }
        let total = Int64(reading.seconds) * 1000 + Int64(reading.nanoseconds / 1_000_000)
        return Date(timeIntervalSince1970: Double(total) / 1000)
    }

    /// `date` rounded down to the millisecond: what reading back its journal text gives.
    public static func truncated(_ date: Date) -> Date {
        Date(timeIntervalSince1970: Double(millis(date)) / 1000)
    }

    /// Milliseconds since 1970, rounded down. The date is first rounded to the nearest microsecond, so that
    /// binary floating point noise (`0.123` held as `0.12299999...`) does not lose a millisecond.
    private static func millis(_ date: Date) -> Int64 {
        let micros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        return floorDivMod(micros, 1000).0
    }

    // MARK: - Arithmetic (the calendar is the Timestamps module's)

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let (year, month, day) = CivilCalendar.date(fromDays: Int(days))
        return (Int64(year), Int64(month), Int64(day))
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
