import Foundation

/// `amount(x)`: an amount of money as people write it in a lead, read as a number.
///
/// The whole text must be one amount: a number, then optionally a scale (`тыс`, `к`, `k`, `млн`, `mln`, `m`,
/// `млрд`, `bn`...) and a rouble sign or word (`₽`, `руб`, `р.`, `rub`...), in either order, with or without
/// spaces. The number's digits may be grouped by spaces (also no-break and thin ones), by `.` or `,` in
/// threes; its decimal separator is `,` or `.` (`8,5 млн`, `1.2 mln`; a lone separator followed by exactly
/// three digits and no scale groups them: `1,500` is 1500). Anything else (other words, two numbers, another
/// currency, digits grouped wrongly) is not an amount: missing, never a guess. Whole results are integers.
enum AmountReading {
    /// Scales, longest words first within each scale (the reader tries every word).
    static let scales: [(words: [String], factor: Decimal)] = [
        (["миллиардов", "миллиарда", "миллиард", "billion", "млрд.", "млрд", "bn"], 1_000_000_000),
        (["миллионов", "миллиона", "миллион", "millions", "million", "млн.", "млн", "mln", "m"], 1_000_000),
        (["тысячи", "тысяч", "тысяча", "тыс.", "тыс", "т.р.", "т.р", "тр", "т.", "k", "к", "т"], 1_000),
    ]
    /// How roubles are written.
    static let currency = ["₽", "рублей", "рубля", "рубль", "руб.", "руб", "р.", "р", "rub", "rur"]

    static func read(_ value: Value) -> Value {
        switch value {
        case .int, .double: return Numeric(value).map { number in
            if case let .int(i) = number { return .int(i) }
            return .double(number.double)
        } ?? .missing
        case let .string(text):
            if let whole = plainInteger(text) { return .int(whole) }
            return read(text).map(result) ?? .missing
        default: return .missing
        }
    }

    /// The amount of a text that is only a whole number of at most 18 digits, written solid or grouped in threes by
    /// single spaces (`358000`, `150 000`): what ``read(_:)`` answers for it, read from the bytes (most quiz budgets
    /// are written so; the general reading costs ~80,000 instructions, its `Decimal` and `NSDecimalNumber` most of
    /// them). `nil` for any other text.
    static func plainInteger(_ text: String) -> Int? {
        var text = text
        return text.withUTF8 { bytes -> Int? in
            guard let first = bytes.first, first &- UInt8(ascii: "0") < 10 else { return nil }
            var value = 0, digits = 0, groupLength = 0, groups = 1
            for byte in bytes {
                if byte &- UInt8(ascii: "0") < 10 {
                    value = value &* 10 &+ Int(byte &- UInt8(ascii: "0"))
                    digits += 1
                    groupLength += 1
                    guard digits <= 18 else { return nil }
                } else if byte == UInt8(ascii: " ") {
                    // A space after a group: the first of one to three digits, every later one of three.
                    guard groupLength > 0, groups == 1 ? groupLength <= 3 : groupLength == 3 else { return nil }
                    groups += 1
                    groupLength = 0
                } else {
                    return nil
                }
            }
            guard groupLength > 0, groups == 1 || groupLength == 3 else { return nil }
            return value
        }
    }

    /// The amount in `text`, or `nil`.
    static func read(_ text: String) -> Decimal? {
        var rest = normalised(text)
        var factor: Decimal = 1
        var sawScale = false, sawCurrency = false
        // Words after the number: a scale and a currency, in either order.
        while true {
            if !sawCurrency, let shorter = dropWord(from: rest, currency) {
                rest = shorter
                sawCurrency = true
                continue
            }
            if !sawScale, let (shorter, scale) = dropScale(from: rest) {
                rest = shorter
                factor = scale
                sawScale = true
                continue
            }
            break
        }
        // A rouble sign or word may also come first: "₽ 5000", "RUB 5000", "руб. 5 000".
        if !sawCurrency, let word = currency.first(where: { word in
            rest.hasPrefix(word) && rest.dropFirst(word.count).first.map { !$0.isLetter } == true
        }) {
            rest = String(rest.dropFirst(word.count)).trimmingCharacters(in: .whitespaces)
        }
        guard let number = number(rest, scaled: sawScale) else { return nil }
        return number * factor
    }

    /// Lower case, every kind of space as a plain space, trimmed.
    static func normalised(_ text: String) -> String {
        let spaces: Set<Unicode.Scalar> = ["\u{00A0}", "\u{2007}", "\u{2009}", "\u{202F}", "\u{2002}", "\u{2003}", "\t"]
        var scalars = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars { scalars.append(spaces.contains(scalar) ? " " : scalar) }
        return String(scalars).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `text` without a trailing word of `words` (standing apart from letters before it), trimmed; `nil` when none ends it.
    static func dropWord(from text: String, _ words: [String]) -> String? {
        for word in words where text.hasSuffix(word) {
            let rest = text.dropLast(word.count)
            // "5 rum" does not end with the word "m": the word must not continue a word of letters.
            if let before = rest.last, before.isLetter { continue }
            return String(rest).trimmingCharacters(in: .whitespaces)
        }
        return nil
    }

    static func dropScale(from text: String) -> (String, Decimal)? {
        for scale in scales {
            if let rest = dropWord(from: text, scale.words) { return (rest, scale.factor) }
        }
        return nil
    }

    /// A number with grouped digits and a decimal separator, as described above.
    static func number(_ text: String, scaled: Bool) -> Decimal? {
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "−" {
            negative = true
            body = body.dropFirst()
        }
        guard let first = body.first, first.isASCII, first.isNumber, let last = body.last, last.isASCII, last.isNumber,
              body.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == " " || $0 == "," || $0 == "." }) else { return nil }
        // Runs of digits and the separators between them.
        var runs: [String] = [""]
        var separators: [Character] = []
        for character in body {
            if character.isNumber {
                runs[runs.count - 1].append(character)
            } else {
                guard !runs[runs.count - 1].isEmpty else { return nil } // two separators in a row
                separators.append(character)
                runs.append("")
            }
        }
        // Which separator is the decimal point, if any: the last of two kinds, or a lone , or . not grouping three digits.
        var decimalAt: Int?
        let marks = separators.enumerated().filter { $0.element != " " }
        if let lastMark = marks.last {
            let kinds = Set(marks.map(\.element))
            if kinds.count == 2 {
                decimalAt = lastMark.offset
            } else if marks.count == 1, !(runs[lastMark.offset + 1].count == 3 && !scaled && runs[0].count <= 3) {
                decimalAt = lastMark.offset
            }
        }
        if let decimalAt, separators[(decimalAt + 1)...].contains(where: { $0 != separators[decimalAt] }) { return nil }
        // Every other separator groups digits in threes, after a first group of one to three.
        let grouping = separators.indices.filter { $0 != decimalAt }
        if !grouping.isEmpty {
            let groupingKinds = Set(grouping.map { separators[$0] })
            // One way of grouping (spaces, or dots, or commas) besides the decimal mark.
            guard groupingKinds.count == 1, runs[0].count <= 3 else { return nil }
            for index in grouping where runs[index + 1].count != 3 { return nil }
        }
        let whole = runs[0...(decimalAt ?? runs.count - 1)].joined()
        let fraction = decimalAt.map { runs[($0 + 1)...].joined() } ?? ""
        guard whole.count <= 30, fraction.count <= 30,
              let value = Decimal(string: whole + (fraction.isEmpty ? "" : "." + fraction), locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return negative ? -value : value
    }

    /// An integer when whole and within 64 bits, a decimal otherwise; missing beyond.
    static func result(_ amount: Decimal) -> Value {
        var value = amount
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 0, .plain)
        if rounded == amount {
            return Int(NSDecimalNumber(decimal: amount).stringValue).map(Value.int) ?? .missing
        }
        return Double(NSDecimalNumber(decimal: amount).stringValue).map(Numeric.value) ?? .missing
    }
}
