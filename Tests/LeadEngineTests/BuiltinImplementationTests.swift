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
