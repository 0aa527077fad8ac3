import JSON

/// What a lead's `id` may be, in one place: a positive integer of at most `Int.max`, written as a JSON integer or
/// as a string of digits (no sign, no leading zero, nothing around them: `"+7"` and `"007"` are no id 7). The lead reader (`Lead(fields:)`) and the checker of a test's `given` lead both read it
/// here, so that a test cannot give a lead that no reader would take, and both say what is wrong the same way.
public enum LeadIdReading {
    /// Why a value is no lead id.
    public enum Problem: Error, Equatable, Sendable {
        /// An integer beyond 64 bits (read as a decimal by the JSON parser); `negative` when below `-Int.max`.
        case tooLarge(negative: Bool)
        /// A number with a fraction or an exponent (`1e3`, `12.5`).
        case decimal(Double)
        /// Anything else: zero, a negative number, a string that is not digits, a boolean, an object...
        case notAPositiveInteger(JSONValue)

        /// What an id must be: "a positive integer of at most 9223372036854775807".
        public var expectation: String {
            switch self {
            case .tooLarge: "a positive integer of at most \(Int.max)"
            case .decimal: "a positive integer written in digits"
            case .notAPositiveInteger: "a positive integer"
            }
        }

        /// What was found instead: "a number larger than that", "the decimal number 1000.0", `"abc"`.
        public var found: String {
            switch self {
            case let .tooLarge(negative): negative ? "a number below -\(Int.max)" : "a number larger than that"
            // Said as the decimal it was read as: `1e3` is written back as 1000, which would read as a contradiction.
            case let .decimal(value): "the decimal number \(value)"
            case let .notAPositiveInteger(value): JSONWriter.write(value)
            }
        }
    }

    /// The id `value` stands for, or why it stands for none.
    public static func read(_ value: JSONValue) -> Result<Int, Problem> {
        switch value {
        case let .int(id) where id > 0: return .success(id)
        case let .string(text):
            // Digits as the number is written: `Int("+7")` would take the sign, and "007" is no way to write 7.
            if text.utf8.first != UInt8(ascii: "0"), text.utf8.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }),
               let id = Int(text), id > 0 { return .success(id) }
            return .failure(.notAPositiveInteger(value))
        case let .double(number) where number == number.rounded() && abs(number) >= 0x1p63:
            // Digits beyond 64 bits are read as a decimal; said as what they are, not as "9.22e+18".
            return .failure(.tooLarge(negative: number < 0))
        case let .double(number): return .failure(.decimal(number))
        default: return .failure(.notAPositiveInteger(value))
        }
    }
}
