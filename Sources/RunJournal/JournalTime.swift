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
        let b = Array(text.utf8)
        guard b.count >= 20, b.last == UInt8(ascii: "Z"), b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(b, 0, 4), let month = digits(b, 5, 2), let day = digits(b, 8, 2),
              let hour = digits(b, 11, 2), let minute = digits(b, 14, 2), let second = digits(b, 17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var millis: Int64 = 0
        if b.count > 20 {
            let fraction = b[20..<(b.count - 1)]
            guard b[19] == UInt8(ascii: "."), (1...9).contains(fraction.count),
                  fraction.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) })
            else { return nil }
            for (i, c) in fraction.prefix(3).enumerated() {
                millis += Int64(c - UInt8(ascii: "0")) * [100, 10, 1][i]
            }
        } else if b.count != 20 {
            return nil
        }
        let days = daysFromCivil(year: year, month: month, day: day)
        guard civil(fromDays: days) == (year, month, day) else { return nil }  // rejects 2025-02-30
        let total = (days * 86_400 + hour * 3600 + minute * 60 + second) * 1000 + millis
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

    // MARK: - Calendar arithmetic (proleptic Gregorian, after Howard Hinnant's days_from_civil)

    private static func floorDivMod(_ a: Int64, _ b: Int64) -> (Int64, Int64) {
        let q = a / b, r = a % b
        return r < 0 ? (q - 1, r + b) : (q, r)
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilCalendar.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    private static func civil(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let (year, month, day) = CivilCalendar.date(fromDays: Int(days))
        return (Int64(year), Int64(month), Int64(day))
    }

    private static func digits(_ b: [UInt8], _ start: Int, _ count: Int) -> Int64? {
        var value: Int64 = 0
        for c in b[start..<(start + count)] {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(c) else { return nil }
            value = value * 10 + Int64(c - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
