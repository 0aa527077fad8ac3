import Foundation

/// What `int(x)` (and a write to an integer field) makes of a value.
enum IntegerReading: Equatable {
    /// An integer that fits in 64 bits.
    case integer(Int)
    /// Not an integer: text that is not a number, a fraction, a list. `int` reads it as missing.
    case notAnInteger
    /// An integer too large (or too small) for 64 bits, as it was written: an error for the lead,
    /// never a silent missing or a wrapped number.
    case outOfRange(String)

    /// Group separators `int` accepts between digits: `150 000`, `150 000` (no-break and thin
    /// spaces), `150_000`.
    static let groupSeparators: Set<Unicode.Scalar> = [" ", "\u{00A0}", "\u{2009}", "\u{202F}", "_"]

    /// Reads `value`: integers; integral numbers (`2.0`, `1e18`); text of digits with an optional
    /// sign and group separators.
    init(_ value: Value) {
        switch value {
        case let .int(i):
            self = .integer(i)
        case let .double(d):
            if !d.isFinite {
                self = .outOfRange(String(d))
            } else if d != d.rounded() {
                self = .notAnInteger
            } else if let exact = Int(exactly: d) {
                // Int(exactly:) and not Int(_:): the latter traps on a value beyond 64 bits.
                self = .integer(exact)
            } else {
                self = .outOfRange(String(d))
            }
        case let .string(s):
            self = Self.plainDigits(s) ?? Self.general(s)
        default:
            self = .notAnInteger
        }
    }

    /// The reading of any text (``init(_:)`` without the shortcut for plain digits).
    static func general(_ s: String) -> IntegerReading {
        var kept = String.UnicodeScalarView()
        for scalar in s.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars where !Self.groupSeparators.contains(scalar) {
            kept.append(scalar)
        }
        let text = String(kept)
        if let parsed = Int(text) {
            return .integer(parsed)
        } else if Self.isDigits(text) {
            return .outOfRange(s.trimmingCharacters(in: .whitespacesAndNewlines))
        } else {
            return .notAnInteger
        }
    }

    /// The reading of text that is nothing but ASCII digits after an optional sign (most is): no blank to trim,
    /// no separator to drop, so `Int(_:)` decides at once. `nil` for any other text.
    static func plainDigits(_ text: String) -> IntegerReading? {
        var digits = 0
        for (offset, byte) in text.utf8.enumerated() {
            if byte >= 0x30 && byte <= 0x39 {
                digits += 1
            } else if offset > 0 || (byte != UInt8(ascii: "-") && byte != UInt8(ascii: "+")) {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        return Int(text).map(IntegerReading.integer) ?? .outOfRange(text)
    }

    /// Digits with an optional sign (ASCII, as `Int(_:)` reads them).
    static func isDigits(_ text: String) -> Bool {
        let digits = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && digits.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// The message for an integer beyond 64 bits.
    static func outOfRangeMessage(_ text: String) -> String {
        "\(text) is outside the 64-bit integer range (\(Int.min)...\(Int.max))"
    }
}
