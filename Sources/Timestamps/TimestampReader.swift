/// The one reader of ISO 8601 times in the project. Callers differ only in which forms they accept
/// (``TimestampForm``): the rules' `now` and the run options read RFC 3339 strictly, the journal reads the
/// exact form it writes, and Liner's lead list accepts what Liner's documentation allows.
///
/// Dates that do not exist (31 April, 30 February) are refused in every form.
public enum TimestampReader {
    /// A time read: whole seconds since 1970-01-01T00:00:00Z and the fraction's nanoseconds (0...999,999,999).
    public struct Reading: Sendable, Equatable {
        public var seconds: Int
        public var nanoseconds: Int
        /// The fraction's digits as written (0 when there was none).
        public var fractionDigits: Int

        /// Seconds since 1970 as a `Double`, the fraction summed digit by digit as the rules have always read it.
        public var secondsSince1970: Double { Double(seconds) + fraction }
        let fraction: Double
    }

    /// Reads `text` in `form`; `nil` when it is not one.
    public static func read(_ text: String, _ form: TimestampForm) -> Reading? {
        var scanner = Scanner(bytes: Array(text.utf8))
        guard let year = scanner.number(digits: 4), scanner.take(0x2D), let month = scanner.number(digits: 2), scanner.take(0x2D),
              let day = scanner.number(digits: 2), (1...12).contains(month), (1...31).contains(day)
        else { return nil }
        guard day <= CivilCalendar.daysIn(month: month, year: year) else { return nil }   // no 31 April
        let days = CivilCalendar.days(year: year, month: month, day: day)
        if scanner.atEnd {
            guard form.allowsDateOnly else { return nil }
            return Reading(seconds: days * 86_400, nanoseconds: 0, fractionDigits: 0, fraction: 0)
        }
        guard scanner.take(0x54) || (form.isLenient && (scanner.take(0x20) || scanner.take(0x74))) else { return nil }
        guard let hour = scanner.number(digits: 2), hour < 24, scanner.take(0x3A), let minute = scanner.number(digits: 2), minute < 60
        else { return nil }
        var second = 0
        var nanoseconds = 0
        var fraction = 0.0
        var digits = 0
        if scanner.take(0x3A) {
            guard let value = scanner.number(digits: 2), value < (form.isLenient ? 61 : 60) else { return nil }
            second = value
            if scanner.take(0x2E) || (form.isLenient && scanner.take(0x2C)) {
                var scale = 0.1
                var nanoScale = 100_000_000
                while let digit = scanner.digit() {
                    fraction += Double(digit) * scale
                    scale /= 10
                    nanoseconds += digit * nanoScale
                    nanoScale /= 10
                    digits += 1
                }
                guard digits > 0, digits <= form.maximumFractionDigits else { return nil }
            }
        } else if !form.isLenient {
            return nil
        }
        var offset = 0
        if scanner.atEnd {
            guard !form.requiresZone else { return nil }
        } else if scanner.take(0x5A) || (form.isLenient && scanner.take(0x7A)) {
            guard scanner.atEnd else { return nil }
        } else {
            guard !form.requiresUTC else { return nil }
            let sign: Int
            if scanner.take(0x2B) { sign = 1 } else if scanner.take(0x2D) { sign = -1 } else { return nil }
            guard let hours = scanner.number(digits: 2), hours <= form.maximumOffsetHours else { return nil }
            var minutes = 0
            if scanner.atEnd {
                guard form.isLenient else { return nil }   // ±hh alone
            } else {
                _ = scanner.take(0x3A)
                guard let value = scanner.number(digits: 2), value < 60, scanner.atEnd else { return nil }
                minutes = value
            }
            offset = sign * (hours * 3600 + minutes * 60)
        }
        return Reading(seconds: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanoseconds: nanoseconds,
                       fractionDigits: digits, fraction: fraction)
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        var atEnd: Bool { index == bytes.count }

        mutating func take(_ byte: UInt8) -> Bool {
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, (0x30...0x39).contains(bytes[index]) else { return nil }
            defer { index += 1 }
            return Int(bytes[index] - 0x30)
        }

        mutating func number(digits: Int) -> Int? {
            var value = 0
            for _ in 0..<digits {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}

/// Which forms of ISO 8601 a caller accepts.
public struct TimestampForm: Sendable, Equatable {
    /// `YYYY-MM-DD` alone (midnight UTC).
    public var allowsDateOnly: Bool
    /// A space or `t` for the `T`, `,` for the decimal point, `z`, a missing `:ss`, a leap second, `±hh`.
    public var isLenient: Bool
    /// A zone must be given (else UTC is assumed).
    public var requiresZone: Bool
    /// Only `Z`.
    public var requiresUTC: Bool
    public var maximumFractionDigits: Int
    public var maximumOffsetHours: Int

    /// RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM|±HHMM)` (the rules' `now`, `--now`).
    public static let rfc3339 = TimestampForm(allowsDateOnly: false, isLenient: false, requiresZone: true, requiresUTC: false,
                                              maximumFractionDigits: .max, maximumOffsetHours: 23)
    /// RFC 3339, or a bare date (`--created-from 2026-11-01`).
    public static let rfc3339OrDate = TimestampForm(allowsDateOnly: true, isLenient: false, requiresZone: true, requiresUTC: false,
                                                    maximumFractionDigits: .max, maximumOffsetHours: 23)
    /// What the journal writes: `YYYY-MM-DDTHH:MM:SS[.f{1,9}]Z`.
    public static let journal = TimestampForm(allowsDateOnly: false, isLenient: false, requiresZone: true, requiresUTC: true,
                                              maximumFractionDigits: 9, maximumOffsetHours: 0)
    /// What Liner's documentation allows for `createdAt`: a date, or a date-time with or without seconds,
    /// fraction and zone (none: UTC), a space for the `T`.
    public static let liner = TimestampForm(allowsDateOnly: true, isLenient: true, requiresZone: false, requiresUTC: false,
                                            maximumFractionDigits: .max, maximumOffsetHours: 14)
}
