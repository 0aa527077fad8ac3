import Foundation
import RulesLanguage

/// The language's numbers: 64-bit integers and decimals (`Double`).
///
/// `+`, `-` and `*` of two integers give an integer; a decimal operand gives a decimal; `/` gives an integer
/// when the division is exact and a decimal otherwise. A result that does not fit (an integer overflow, an
/// infinite decimal), a division by zero, or an operand that is not a number (text that does not read as one,
/// a missing value) gives a missing value, never a crash and never a wrapped number.
enum Numeric: Equatable {
    case int(Int)
    case double(Double)

    /// A value as a number: integers, finite decimals, and text holding one (`"15"`, `" 2.5 "`, `"150 000"`).
    init?(_ value: Value) {
        switch value {
        case let .int(i): self = .int(i)
        case let .double(d):
            guard d.isFinite else { return nil }
            self = .double(d)
        case let .string(s):
            if case let .integer(i) = IntegerReading(value) {
                self = .int(i)
                return
            }
            let text = s.trimmingCharacters(in: .whitespacesAndNewlines)
            // Double(_:) also reads "nan", "inf" and hexadecimal: only plain decimal notation is a number here.
            guard !text.isEmpty, text.unicodeScalars.allSatisfy({ "0123456789.-+eE".unicodeScalars.contains($0) }),
                  let d = Double(text), d.isFinite else { return nil }
            self = .double(d)
        default:
            return nil
        }
    }

    var double: Double {
        switch self {
        case let .int(i): return Double(i)
        case let .double(d): return d
        }
    }

    /// The value of a result: missing when it is not finite.
    static func value(_ d: Double) -> Value { d.isFinite ? .double(d) : .missing }
}

enum Arithmetic {
    static func apply(_ op: ArithmeticOperator, _ lhs: Value, _ rhs: Value) -> Value {
        guard let a = Numeric(lhs), let b = Numeric(rhs) else { return .missing }
        if case let .int(x) = a, case let .int(y) = b {
            let (result, overflow): (Int, Bool)
            switch op {
            case .add: (result, overflow) = x.addingReportingOverflow(y)
            case .subtract: (result, overflow) = x.subtractingReportingOverflow(y)
            case .multiply: (result, overflow) = x.multipliedReportingOverflow(by: y)
            case .divide:
                guard y != 0 else { return .missing }
                let (quotient, overflowed) = x.dividedReportingOverflow(by: y)
                // Int.min / -1 is beyond 64 bits: missing, as every integer overflow (not its nearest decimal).
                if overflowed { return .missing }
                if x % y == 0 { return .int(quotient) }
                return Numeric.value(Double(x) / Double(y))
            }
            return overflow ? .missing : .int(result)
        }
        let (x, y) = (a.double, b.double)
        switch op {
        case .add: return Numeric.value(x + y)
        case .subtract: return Numeric.value(x - y)
        case .multiply: return Numeric.value(x * y)
        case .divide: return y == 0 ? .missing : Numeric.value(x / y)
        }
    }

    static func negate(_ value: Value) -> Value {
        switch Numeric(value) {
        case let .int(i)?:
            let (result, overflow) = 0.subtractingReportingOverflow(i)
            return overflow ? .missing : .int(result)
        case let .double(d)?: return .double(-d)
        case nil: return .missing
        }
    }

    /// `min`, `max`, `round`, `floor`, `ceil`.
    static func call(_ builtin: BuiltinFunction, _ values: [Value]) -> Value {
        switch builtin {
        case .min, .max:
            var numbers: [Numeric] = []
            for value in values {
                guard let number = Numeric(value) else { return .missing }
                numbers.append(number)
            }
            let pick = builtin == .min ? numbers.min { $0.double < $1.double } : numbers.max { $0.double < $1.double }
            switch pick {
            case let .int(i)?: return .int(i)
            case let .double(d)?: return .double(d)
            case nil: return .missing
            }
        default:
            guard let number = values.first.flatMap(Numeric.init) else { return .missing }
            var digits = 0
            if values.count > 1 {
                guard case let .int(d) = values[1], (-9...9).contains(d) else { return .missing }
                digits = d
            }
            let mode: NSDecimalNumber.RoundingMode = builtin == .round ? .plain : builtin == .floor ? .down : .up
            return rounded(number, digits: digits, mode: mode)
        }
    }

    /// `number` rounded to `digits` decimal places (negative: to tens, hundreds...), in decimal arithmetic so that
    /// `2.675` rounds as written, not as its binary approximation. An integer when `digits` is not positive.
    static func rounded(_ number: Numeric, digits: Int, mode: NSDecimalNumber.RoundingMode) -> Value {
        var input: Decimal
        switch number {
        case let .int(i):
            if digits >= 0 { return .int(i) }
            input = Decimal(i)
        case let .double(d):
            guard let parsed = Decimal(string: String(d), locale: Locale(identifier: "en_US_POSIX")), !parsed.isNaN else { return .missing }
            input = parsed
        }
        var result = Decimal()
        NSDecimalRound(&result, &input, digits, mode)
        guard !result.isNaN else { return .missing }
        let text = NSDecimalNumber(decimal: result).stringValue
        if digits <= 0 { return Int(text).map(Value.int) ?? .missing }
        return Double(text).map(Numeric.value) ?? .missing
    }
}
