#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// ISO 8601 timestamps: parsing the forms Liner uses, and writing `updatedAt`.
public enum ISO8601Timestamp {
    /// Seconds since 1970-01-01T00:00:00Z of `text`, or `nil` if it is not one of
    /// `YYYY-MM-DD`, `YYYY-MM-DDThh:mm[:ss[.fff]]` followed by `Z`, `±hh:mm`, `±hhmm`, `±hh` or nothing.
    /// A missing time is midnight; a missing zone is UTC. A space may stand for the `T`.
    public static func seconds(from text: String) -> Double? {
        TimestampReader.read(text, .liner)?.secondsSince1970
    }

    /// `YYYY-MM-DDThh:mm:ss+00:00` for `seconds` since 1970 (UTC, whole seconds).
    public static func string(fromSeconds seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        let days = whole >= 0 ? whole / 86_400 : (whole - 86_399) / 86_400
        let secondOfDay = whole - days * 86_400
        let (year, month, day) = CivilCalendar.date(fromDays: days)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))+00:00"
    }

    /// The system clock in seconds since 1970.
    public static func currentSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}
