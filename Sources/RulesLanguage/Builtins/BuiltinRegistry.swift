/// The built-in functions: one declaration each, the single source for the checker, the engine's
/// lowering and the language reference's table (a test compares docs/language.md with it).
public enum BuiltinRegistry {
    /// Every built-in, in the reference's order.
    public static let declarations: [BuiltinDeclaration] = BuiltinFunction.allCases.map(declaration(of:))

    /// The built-in called `name`, or `nil` when there is none.
    public static func declaration(named name: String) -> BuiltinDeclaration? { byName[name] }

    /// The declarations by name, built once (the checker looks a name up for every call it sees).
    private static let byName: [String: BuiltinDeclaration] = Dictionary(uniqueKeysWithValues: declarations.map { ($0.name, $0) })

    /// The names of every built-in (for suggestions).
    public static var names: [String] { BuiltinFunction.allCases.map(\.rawValue) }

    /// The declaration of `function`.
    public static func declaration(of function: BuiltinFunction) -> BuiltinDeclaration {
        func declare(
            _ arity: ClosedRange<Int>, _ parameters: String, _ result: ValueType, empty: BuiltinDeclaration.EmptyResult,
            _ usage: String, _ documentation: String, kinds: [BuiltinDeclaration.ArgumentKind] = [], canFail: Bool = false
        ) -> BuiltinDeclaration {
            BuiltinDeclaration(function: function, arity: arity, parameters: parameters, result: result, emptyResult: empty,
                               usage: usage, documentation: documentation, argumentKinds: kinds, canFail: canFail)
        }
        switch function {
        case .e164:
            return declare(1...1, "one value", .string, empty: .can("e164() is empty when the phone cannot be read"), "`e164(x)`",
                           "the phone in `x` as E.164 digits (`8 (916) 123-45-67` -> `79161234567`), empty when it cannot be read with confidence")
        case .phoneFirst:
            return declare(1...1, "one value", .string,
                           empty: .can("phone_first() is empty when the field's first number cannot be read"), "`phone_first(x)`",
                           "the FIRST number of a phone field as people write it, as E.164 digits: labels (`тел.:`, `Телефон`, `phone:`), an extension, further numbers (`, ; /`, `или`), a note, `tel:`, Unicode spaces and dashes, fullwidth `＋`, direction marks, spreadsheet artefacts (`'`, `=\"...\"`, `79161234567.0`), the trunk `(0)` of an international number, `8 10` are read around it. Strict: empty when the first number is not whole (incomplete, a list marker or a stray digit joined to it; two whole numbers joined by spaces give the first), is a placeholder (`+7 (999) 999-99-99`, `+7 (916) 000-00-00`), cannot be dialled as written (a national part after the country code starting with the trunk `0`, Italy excepted; `+7 0…`, `8 029…`), or puts a `+` where the trunk 8 or the 7 belongs (`+8 (495) …`, `+916 123-45-67`); digits are never guessed. A mark about the number (❌, 📠, `(?)`) and a short run of digits before it (`после 18:`, `доб. 12`) are part of `phone_rest`. On a clean number it is `e164(x)`")
        case .phoneRest:
            return declare(1...1, "one value", .string,
                           empty: .can("phone_rest() is empty when the field holds nothing besides its first number"), "`phone_rest(x)`",
                           "what the phone field holds besides its first number and formatting (the extension, the other numbers, a name, a note), trimmed; empty when nothing (labels that only say \"phone\" are formatting). Rewrite a phone only when it is empty, or when it is kept elsewhere")
        case .digits:
            return declare(1...1, "one value", .string, empty: .can("digits() is empty when the text has no digits 0-9"), "`digits(x)`",
                           "only the digits of `x`")
        case .int:
            return declare(1...1, "one value", .int, empty: .can("int() is missing when the value is not an integer"), "`int(x)`",
                           "`x` as an integer (spaces between digit groups allowed: `\"150 000\"` -> `150000`; integral numbers such as `2.0` or `1e18`), missing when it is not one (`\"high\"`, `2.5`); an integer beyond 64 bits (`\"99999999999999999999\"`, `1e30`) is an error for the lead that names it, never a silent missing",
                           canFail: true)
        case .lower:
            return declare(1...1, "one value", .string, empty: .whenArgumentIs, "`lower(x)`", "`x` in lower case")
        case .upper:
            return declare(1...1, "one value", .string, empty: .whenArgumentIs, "`upper(x)`", "`x` in upper case")
        case .trim:
            return declare(1...1, "one value", .string, empty: .whenArgumentIs, "`trim(x)`", "`x` without surrounding white space")
        case .length:
            return declare(1...1, "one value", .int, empty: .can("length() is missing when its value is"), "`length(x)`",
                           "characters of a string, elements of a list")
        case .json:
            return declare(2...2, "a value and a path in quotes", .any,
                           empty: .can("json() is missing when the text is not JSON or has nothing at the path"), "`json(x, \"path\")`",
                           "the value at `path` inside `x` when `x` holds a JSON document: `\"answers.budget\"`, `\"steps[0].answer\"`; missing when `x` is not JSON, the path is absent, or an index in it is not an integer")
        case .zone:
            return declare(1...2, "an IANA zone name in quotes, optionally followed by \"floor\"", .zone, empty: .never,
                           "`zone(\"Area/City\")`, `zone(\"Area/City\", \"floor\")`", "an IANA time zone; see [Time zones](#time-zones)")
        case .concat:
            return declare(1...16, "1 to 16 values", .string, empty: .whenEveryArgumentIs, "`concat(a, b, ...)`", "the values joined as text")
        case .text:
            return declare(1...1, "one value", .string, empty: .can("text() of a JSON document without strings is empty"), "`text(x)`",
                           "when `x` holds a JSON document (a quiz log), its string values decoded (`\\u0441` -> `с`), one per line; otherwise `x` itself. Characters that show nothing (soft hyphen, zero-width spaces and joiners, direction marks, BOM) are left out. Lets one regex read plain comments and JSON ones alike, as a person reads them")
        case .amount:
            return declare(1...1, "one value", .decimal, empty: .can("amount() is missing when the text is not an amount"), "`amount(x)`",
                           "an amount of money as people write it, as a number: `\"8,5 млн\"` and `\"8.5 млн руб\"` -> `8500000`, `\"8 500 000\"` (also with no-break or thin spaces) -> `8500000`, `\"150 тыс\"`, `\"150к\"`, `\"3 тыс. руб\"` -> `3000`, `\"1.2 mln\"`, `\"2 млрд\"`, `\"₽\"`/`руб`/`р.`/`rub` around it; an integer when whole. Missing for anything else (`\"дорого\"`, two numbers, `\"1,2,3\"`, a bare `\"млн\"`) and beyond 64 bits",
                           kinds: [.value])
        case .min:
            return declare(2...16, "2 to 16 numbers", .decimal, empty: .can("min() is missing when one of its values is not a number"),
                           "`min(a, b, ...)`", "the smallest of the numbers; missing when one is not a number", kinds: [.number])
        case .max:
            return declare(2...16, "2 to 16 numbers", .decimal, empty: .can("max() is missing when one of its values is not a number"),
                           "`max(a, b, ...)`", "the largest of the numbers; missing when one is not a number", kinds: [.number])
        case .round:
            return declare(1...2, "a number and optionally a number of digits", .int,
                           empty: .can("round() is missing when its value is not a number"), "`round(x)`, `round(x, digits)`",
                           "`x` rounded to the nearest integer, halves away from zero (`2.5` -> `3`, `-2.5` -> `-3`); with `digits` (an integer literal, -9 to 9) to that many decimal places, in decimal (`round(2.675, 2)` -> `2.68`; `round(1234567, -3)` -> `1235000`)",
                           kinds: [.number, .integerLiteral])
        case .floor:
            return declare(1...2, "a number and optionally a number of digits", .int,
                           empty: .can("floor() is missing when its value is not a number"), "`floor(x)`, `floor(x, digits)`",
                           "`x` rounded down (`-2.5` -> `-3`), to an integer or to `digits` decimal places", kinds: [.number, .integerLiteral])
        case .ceil:
            return declare(1...2, "a number and optionally a number of digits", .int,
                           empty: .can("ceil() is missing when its value is not a number"), "`ceil(x)`, `ceil(x, digits)`",
                           "`x` rounded up (`2.1` -> `3`), to an integer or to `digits` decimal places", kinds: [.number, .integerLiteral])
        case .replace:
            return declare(3...3, "a value, a /regex/ and the replacement", .string,
                           empty: .can("replace() can remove every character"), "`replace(x, /regex/flags, \"with\")`",
                           "`x` with every match of the regex replaced (PCRE2, the flags of conditions); in the replacement `$1` or `$name` is a group of that regex, `$$` a dollar (`\\${name}` in a string, whose `${...}` is a capture of the rule)",
                           kinds: [.value, .regex, .value], canFail: true)
        case .stripPrefix:
            return declare(2...16, "a value and 1 to 15 prefixes", .string, empty: .can("strip_prefix() of nothing but the prefix is empty"),
                           "`strip_prefix(x, \"p\", ...)`", "`x` without the first of the prefixes it starts with (`strip_prefix(\"@anna\", \"@\")` -> `anna`); `x` itself when none")
        case .stripSuffix:
            return declare(2...16, "a value and 1 to 15 suffixes", .string, empty: .can("strip_suffix() of nothing but the suffix is empty"),
                           "`strip_suffix(x, \"s\", ...)`", "`x` without the first of the suffixes it ends with; `x` itself when none")
        case .substring:
            return declare(2...3, "a value, a start and optionally a length", .string,
                           empty: .can("substring() is empty for an empty text, or one no longer than a start counted from its beginning"), "`substring(x, start)`, `substring(x, start, length)`",
                           "the characters of `x` from `start` (0 is the first; a negative start counts from the end), `length` of them or up to the end; empty past the end",
                           kinds: [.value, .number])
        case .contains:
            return declare(2...2, "a value and a text", .bool, empty: .never, "`contains(x, \"t\")`",
                           "whether the text of `x` contains `t` (exactly: `lower` both for a caseless test); false when `x` is missing")
        case .startsWith:
            return declare(2...2, "a value and a text", .bool, empty: .never, "`starts_with(x, \"t\")`", "whether the text of `x` starts with `t`")
        case .endsWith:
            return declare(2...2, "a value and a text", .bool, empty: .never, "`ends_with(x, \"t\")`", "whether the text of `x` ends with `t`")
        }
    }

    /// The reference's table of built-ins (docs/language.md, "Built-in functions"), as Markdown.
    public static var markdownTable: String {
        (["| function | result |", "|---|---|"] + declarations.map { "| \($0.usage) | \($0.documentation) |" })
            .joined(separator: "\n")
    }
}
