import Foundation
import LeadEngine
import RulesLanguage
import Testing

/// Every registered built-in reaches its own implementation (no call silently becomes another function).
@Suite("Built-in implementations")
struct BuiltinImplementationTests {
    /// A call of `function` on the comment `" Ab 8 (916) 123-45-67 "`, and the value it writes to `name`.
    /// The switch is exhaustive: a new built-in needs a case here.
    static func example(_ function: BuiltinFunction) -> (call: String, written: String) {
        switch function {
        case .e164: return ("e164(\"8 (916) 123-45-67\")", "79161234567")
        case .phoneFirst: return ("phone_first(\"тел.: 8 (916) 123-45-67 доб. 12\")", "79161234567")
        case .phoneRest: return ("phone_rest(\"тел.: 8 (916) 123-45-67 доб. 12\")", "доб. 12")
        case .digits: return ("digits(sourceComment)", "89161234567")
        case .int: return ("concat(int(\"150 000\"))", "150000")
        case .lower: return ("lower(sourceComment)", " ab 8 (916) 123-45-67 ")
        case .upper: return ("upper(sourceComment)", " AB 8 (916) 123-45-67 ")
        case .trim: return ("trim(sourceComment)", "Ab 8 (916) 123-45-67")
        case .length: return ("concat(length(sourceComment))", "22")
        case .json: return ("json(\"{\\\"a\\\": \\\"x\\\"}\", \"a\")", "x")
        case .zone: return ("concat(zone(\"Europe/Berlin\"))", "Europe/Berlin")
        case .concat: return ("concat(\"a\", 1)", "a1")
        case .text: return ("text(\"[\\\"p\\\", \\\"q\\\"]\")", "p\nq")
        case .amount: return ("concat(amount(\"8,5 млн\"))", "8500000")
        case .min: return ("concat(min(3, 2.5))", "2.5")
        case .max: return ("concat(max(3, 2.5))", "3")
        case .round: return ("concat(round(2.5))", "3")
        case .floor: return ("concat(floor(2.5))", "2")
        case .ceil: return ("concat(ceil(2.1))", "3")
        case .replace: return ("replace(sourceComment, /\\d/, \"#\")", " Ab # (###) ###-##-## ")
        case .stripPrefix: return ("strip_prefix(sourceComment, \" Ab\")", " 8 (916) 123-45-67 ")
        case .stripSuffix: return ("strip_suffix(sourceComment, \"67 \")", " Ab 8 (916) 123-45-")
        case .substring: return ("substring(sourceComment, 1, 2)", "Ab")
        case .contains: return ("concat(contains(sourceComment, \"916\"))", "true")
        case .startsWith: return ("concat(starts_with(sourceComment, \"916\"))", "false")
        case .endsWith: return ("concat(ends_with(sourceComment, \"67 \"))", "true")
        }
    }

    @Test(arguments: BuiltinFunction.allCases)
    func eachBuiltinRunsItsOwnImplementation(_ function: BuiltinFunction) throws {
        let (call, written) = Self.example(function)
        let rules = "rule \"R\" {\n  set name = \(call)\n}\n"
        let evaluation = try engine(rules).evaluate(try lead(#"{"id": 1, "sourceComment": " Ab 8 (916) 123-45-67 "}"#), now: winter)
        #expect(evaluation.errors.isEmpty, "\(evaluation.errors)")
        #expect(evaluation.patch["name"] == .string(written), "\(call)")
    }
}
