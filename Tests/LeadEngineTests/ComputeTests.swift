import Foundation
import Testing
@testable import LeadEngine

/// Arithmetic, amounts, rounding, text functions, `let` and decision tables, evaluated.
@Suite("Computing values")
struct ComputeTests {
    /// The patch of a one-rule pack writing `expression` to customValues[9] for `lead`.
    func computed(_ expression: String, _ lead: String = #"{"id": 1}"#, lets: String = "") throws -> String {
        try patch("rule \"R\" {\n\(lets)  set customValues[9] = \(expression)\n}\n", lead)
    }

    @Test("Integers stay integers; decimals, exact and inexact divisions; precedence")
    func arithmetic() throws {
        #expect(try computed("1 + 2 * 3") == #"{"customValues":{"9":7}}"#)
        #expect(try computed("(1 + 2) * 3") == #"{"customValues":{"9":9}}"#)
        #expect(try computed("8 / 2") == #"{"customValues":{"9":4}}"#)
        #expect(try computed("7 / 2") == #"{"customValues":{"9":3.5}}"#)
        #expect(try computed("1.5 * 2 - 10") == #"{"customValues":{"9":-7}}"#)
        #expect(try computed("-(2 - 5)") == #"{"customValues":{"9":3}}"#)
        #expect(try computed("int(customValues[1]) * 2", #"{"id": 1, "customValues": {"1": "150 000"}}"#) == #"{"customValues":{"9":300000}}"#)
        #expect(try computed("customValues[1] + 1", #"{"id": 1, "customValues": {"1": "41"}}"#) == #"{"customValues":{"9":42}}"#)
    }

    @Test("Division by zero, overflow and operands that are not numbers give no value: nothing is written, nothing crashes")
    func noValue() throws {
        let lead = #"{"id": 1, "priority": 0, "customValues": {"1": "0", "2": "abc", "3": "nan", "4": "9223372036854775807", "5": "-9223372036854775808"}}"#
        for expression in ["5 / int(customValues[1])", "customValues[2] * 2", "customValues[3] + 1", "customValues[4] + 1",
                           "customValues[4] * customValues[4]", "-(customValues[4] + 1)", "customValues[9] + 1", "1.5 / (priority * 1.0)",
                           "int(customValues[5]) / -1", "int(customValues[5]) * -1", "-int(customValues[5])"] {
            #expect(try computed(expression, lead) == "{}", "\(expression)")
        }
    }

    @Test("A computed decimal written into an integer field: whole ones go, fractional ones are an error for the lead")
    func decimalIntoInteger() throws {
        // Statically a decimal into an integer field is an error (round it); a value known only at run time is checked per lead.
        #expect(throws: (any Error).self) { try engine("rule \"R\" {\n  set priority = customValues[1] * 1.5\n}\n") }
        let rules = "rule \"R\" {\n  set priority = customValues[1] * customValues[2]\n}\n"
        let whole = try engine(rules).evaluate(try lead(#"{"id": 1, "customValues": {"1": 4, "2": "1.5"}}"#), now: winter)
        #expect(try whole.patch.jsonBody() == #"{"priority":6}"#)
        let fractional = try engine(rules).evaluate(try lead(#"{"id": 1, "customValues": {"1": 3, "2": "1.5"}}"#), now: winter)
        #expect(try fractional.patch.jsonBody() == "{}")
        #expect(fractional.errors.first?.message.contains("priority must be an integer") == true)
    }

    @Test("amount() reads amounts as people write them", arguments: [
        ("8,5 млн", "8500000"), ("8.5 млн руб", "8500000"), ("8 500 000", "8500000"), ("8\u{00A0}500\u{00A0}000 ₽", "8500000"),
        ("8\u{202F}500\u{2009}000", "8500000"), ("150 тыс", "150000"), ("150к", "150000"), ("150K", "150000"), ("1.2 mln", "1200000"),
        ("3 тыс. руб", "3000"), ("2 млрд", "2000000000"), ("5000 р.", "5000"), ("₽ 5000", "5000"), ("1 500,50", "1500.5"),
        ("1,500", "1500"), ("1.234.567,89 руб", "1234567.89"), ("1,234.5", "1234.5"), ("12345.678", "12345.678"), ("0", "0"),
        ("2,5", "2.5"), ("  7 млн  ", "7000000"), ("3 т.р.", "3000"), ("RUB 5000", "5000"), ("руб. 5 000", "5000"),
        ("8,5млн", "8500000"), ("5000000.00", "5000000"), ("-5 000", "-5000"), ("1.5 млрд", "1500000000"),
    ])
    func amounts(text: String, expected: String) throws {
        let json = #"{"id": 1, "customValues": {"1": "\#(text)"}}"#
        #expect(try computed("amount(customValues[1])", json) == #"{"customValues":{"9":\#(expected)}}"#)
    }

    @Test("amount() refuses what is not one amount", arguments: [
        "дорого", "млн", "₽", "8 5", "рублей", "5 рублей рублей", "5 000 000 usd", "около 5 млн", "1,2,3", "5000 $", "5 rum", "8 500 00", "от 5 млн", "1..5", "5 млн млн", "99999999999 млрд", "",
    ])
    func notAmounts(text: String) throws {
        let json = #"{"id": 1, "customValues": {"1": "\#(text)"}}"#
        #expect(try computed("amount(customValues[1])", json) == "{}")
    }

    @Test("min, max and rounding (halves away from zero, in decimal; digits, negative digits)")
    func rounding() throws {
        #expect(try computed("min(3, 1.5, 2)") == #"{"customValues":{"9":1.5}}"#)
        #expect(try computed("max(3, 10, 2)") == #"{"customValues":{"9":10}}"#)
        #expect(try computed("min(3, customValues[1])", #"{"id": 1, "customValues": {"1": "x"}}"#) == "{}")
        #expect(try computed("round(2.5)") == #"{"customValues":{"9":3}}"#)
        #expect(try computed("round(-2.5)") == #"{"customValues":{"9":-3}}"#)
        #expect(try computed("round(2.675, 2)") == #"{"customValues":{"9":2.68}}"#)
        #expect(try computed("round(1234567, -3)") == #"{"customValues":{"9":1235000}}"#)
        #expect(try computed("floor(-2.5)") == #"{"customValues":{"9":-3}}"#)
        #expect(try computed("ceil(2.1)") == #"{"customValues":{"9":3}}"#)
        #expect(try computed("floor(2.789, 1)") == #"{"customValues":{"9":2.7}}"#)
        #expect(try computed("round(9223372036854775807, -1)") == "{}")
    }

    @Test("replace, strip_prefix, strip_suffix, substring, contains, starts_with, ends_with")
    func text() throws {
        let lead = #"{"id": 1, "telegramUserName": "https://t.me/anna_k", "name": "Анна Каренина"}"#
        #expect(try computed(#"replace(telegramUserName, /^(https?:\/\/)?t\.me\//, "")"#, lead) == #"{"customValues":{"9":"anna_k"}}"#)
        #expect(try computed(#"replace(name, /(\w+) (\w+)/, "$2 $1")"#, lead) == #"{"customValues":{"9":"Каренина Анна"}}"#)
        #expect(try computed(#"replace(name, /(?<first>\w+).*/, "\${first}!$$")"#, lead) == #"{"customValues":{"9":"Анна!$"}}"#)
        #expect(try computed(#"replace(name, /а/i, "")"#, lead) == #"{"customValues":{"9":"нн Кренин"}}"#)
        #expect(try computed(#"strip_prefix(telegramUserName, "@", "https://t.me/", "t.me/")"#, lead) == #"{"customValues":{"9":"anna_k"}}"#)
        #expect(try computed(#"strip_prefix(name, "@")"#, lead) == #"{"customValues":{"9":"Анна Каренина"}}"#)
        #expect(try computed(#"strip_suffix(name, "ина")"#, lead) == #"{"customValues":{"9":"Анна Карен"}}"#)
        #expect(try computed("substring(name, 0, 4)", lead) == #"{"customValues":{"9":"Анна"}}"#)
        #expect(try computed("substring(name, -3)", lead) == #"{"customValues":{"9":"ина"}}"#)
        #expect(try computed("substring(name, 100)", lead) == "{}")
        let conditions = """
        rule "C" {
          when contains(lower(name), "карен") and starts_with(name, "Анна") and ends_with(name, "на") and not contains(phone, "1")
          set priority = 5
        }

        """
        #expect(try patch(conditions, lead) == #"{"priority":5}"#)
    }

    @Test("replace() over its match limit is an error for the lead, not a silent non-match")
    func replaceLimit() throws {
        let rules = "rule \"R\" {\n  set name = replace(sourceComment, /^(a+)+$/, \"x\")\n}\n"
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "\#(String(repeating: "a", count: 40))!"}"#), now: winter)
        #expect(evaluation.errors.first?.message.contains("match limit") == true)
    }

    @Test("let names read as their expressions in the condition and the actions")
    func lets() throws {
        let rules = """
        rule "Budget" {
          let budget = amount(customValues[15])
          when budget >= 1M
          let score = round(budget / 1M)
          set priority = min(score + 1, 9)
          set customValues[16] = score * 10
        }

        """
        #expect(try patch(rules, #"{"id": 1, "customValues": {"15": "2,4 млн"}}"#) == #"{"priority":3,"customValues":{"16":20}}"#)
        #expect(try patch(rules, #"{"id": 1, "customValues": {"15": "50 млн"}}"#) == #"{"priority":9,"customValues":{"16":500}}"#)
        #expect(try patch(rules, #"{"id": 1, "customValues": {"15": "500 тыс"}}"#) == "{}")
    }
}

@Suite("let names are evaluated once per rule")
struct LetEvaluationTests {
    /// Each `let` uses the one before twice: substituted, the last would be evaluated 2^40 times (the old engine
    /// did not finish); named, each is evaluated once.
    @Test("A chain of 40 lets each using the previous one twice evaluates in linear time", .timeLimit(.minutes(1)))
    func chainOfLets() throws {
        var lines = ["rule \"Chain\" {", "  let a0 = int(customValues[1])"]
        for n in 1...40 { lines.append("  let a\(n) = a\(n - 1) + a\(n - 1) - a\(n - 1)") }
        lines += ["  set customValues[2] = a40", "}"]
        let evaluation = try engine(lines.joined(separator: "\n"))
            .evaluate(try lead(#"{"id": 1, "customValues": {"1": 7}}"#), now: winter)
        #expect(evaluation.patch.jsonBody() == #"{"customValues":{"2":7}}"#)
    }

    @Test("A let that reads a capture is evaluated where it is used, with the captures of that moment")
    func letReadingCaptures() throws {
        let rules = """
        rule "Name" {
          when sourceComment ~ /(?<name>[А-Я][а-я]+)/
          let who = "${name}"
          set customValues[3] = who
        }
        """
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "звонил Иван"}"#), now: winter)
        #expect(evaluation.patch.jsonBody() == #"{"customValues":{"3":"Иван"}}"#)
    }
}

@Suite("Decision tables, evaluated")
struct DecisionTableTests {
    static let bands = """
    table "Bands" {
      set priority from amount(customValues[15]), lower(name) by POLICY
      < 1M,         -      => 2
      [1M, 5M),     "анна" => 6
      [1M, 5M),     -      => 5
      >= 5M,        -      => 8
    }

    """

    func run(_ policy: String, _ amount: String, name: String = "x") throws -> Evaluation {
        try engine(Self.bands.replacingOccurrences(of: "POLICY", with: policy))
            .evaluate(try lead(#"{"id": 1, "name": "\#(name)", "customValues": {"15": "\#(amount)"}}"#), now: winter, trace: true)
    }

    @Test("first: the first matching row, in order; no row, no write")
    func first() throws {
        #expect(try run("first", "2 млн", name: "Анна").patch.jsonBody() == #"{"priority":6}"#)
        #expect(try run("first", "2 млн").patch.jsonBody() == #"{"priority":5}"#)
        #expect(try run("first", "500 тыс").patch.jsonBody() == #"{"priority":2}"#)
        let none = try run("first", "дорого")
        #expect(try none.patch.jsonBody() == "{}")
        #expect(none.trace.first?.outcome == .noRow(lookedUp: "(missing), \"x\""))
    }

    @Test("unique: two matching rows (regexes the checker cannot compare) are an error for the lead, naming the rows")
    func unique() throws {
        let rules = """
        table "Urgency" {
          set priority from sourceComment by unique
          /срочно/i   => 9
          /сегодня/i  => 7
        }

        """
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "Срочно, сегодня"}"#), now: winter)
        #expect(try evaluation.patch.jsonBody() == "{}")
        #expect(evaluation.errors.first?.message.contains("rows at lines 3, 4 all match") == true)
        #expect(try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": "сегодня"}"#), now: winter).patch.jsonBody() == #"{"priority":7}"#)
    }

    @Test("priority: of the matching rows, the value ranked first")
    func priority() throws {
        let text = Self.bands.replacingOccurrences(of: "POLICY", with: "priority [5, 6, 8, 2]")
        let evaluation = try engine(text).evaluate(try lead(#"{"id": 1, "name": "Анна", "customValues": {"15": "2 млн"}}"#), now: winter)
        #expect(try evaluation.patch.jsonBody() == #"{"priority":5}"#)
    }

    @Test("collect max, min, sum, count over the matching rows; coverage counts every matching row")
    func collect() throws {
        #expect(try run("collect max", "2 млн", name: "Анна").patch.jsonBody() == #"{"priority":6}"#)
        #expect(try run("collect min", "2 млн", name: "Анна").patch.jsonBody() == #"{"priority":5}"#)
        let sum = try run("collect sum", "2 млн", name: "Анна")
        #expect(try sum.patch.jsonBody() == #"{"priority":11}"#)
        #expect(sum.trace.first?.collectedRows?.map(\.line) == [4, 5])
        let signals = """
        table "Hot signals" {
          set priority from sourceComment, phone by collect count
          /срочно/i, -
          /сегодня/i, -
          -,          /^\\+7/
        }

        """
        let evaluation = try engine(signals).evaluate(try lead(#"{"id": 1, "sourceComment": "Срочно, сегодня", "phone": "+7 900"}"#), now: winter)
        #expect(try evaluation.patch.jsonBody() == #"{"priority":3}"#)
    }
}

@Suite("Decision tables with constants, evaluated")
struct DecisionTableConstantEvaluationTests {
    @Test("Cells naming constants match their values")
    func constants() throws {
        let rules = """
        const big = 10M

        const city = "москва"

        table "T" {
          set customValues[20] from amount(customValues[15]), lower(name) by first
          >= big,    -    => "big"
          [1M, big), city => "mid"
          -,         -    => "other"
        }

        """
        #expect(try patch(rules, #"{"id": 1, "customValues": {"15": "12 млн"}}"#) == #"{"customValues":{"20":"big"}}"#)
        #expect(try patch(rules, #"{"id": 1, "name": "Москва", "customValues": {"15": "2 млн"}}"#) == #"{"customValues":{"20":"mid"}}"#)
        #expect(try patch(rules, #"{"id": 1, "name": "Тверь", "customValues": {"15": "2 млн"}}"#) == #"{"customValues":{"20":"other"}}"#)
    }
}
