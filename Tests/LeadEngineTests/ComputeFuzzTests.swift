import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import RulesLanguage

/// Random arithmetic and random decision tables, built from the grammar: each must format to a fixed point, load or
/// be refused with diagnostics, and evaluate without a crash on leads holding extreme and nonsense values.
@Suite("Random computations and decision tables")
struct ComputeFuzzTests {
    /// The shared seeded generator (a failing case can be replayed).
    typealias Generator = SplitMix64

    static let numbers = ["0", "1", "-1", "2.5", "-0.5", "9223372036854775807", "-9223372036854775808", "1_000", "10M", "1.5K", "3"]
    static let operands = ["priority", "customValues[1]", "customValues[2]", "customValues[3]", "int(customValues[1])",
                           "amount(customValues[2])", "length(name)"]
    static let functions = ["min", "max", "round", "floor", "ceil"]

    func expression(_ depth: Int, _ random: inout Generator) -> String {
        if depth == 0 || Int.random(in: 0..<4, using: &random) == 0 {
            return Bool.random(using: &random) ? Self.numbers.randomElement(using: &random)! : Self.operands.randomElement(using: &random)!
        }
        switch Int.random(in: 0..<5, using: &random) {
        case 0: return "-(\(expression(depth - 1, &random)))"
        case 1:
            let name = Self.functions.randomElement(using: &random)!
            if name == "min" || name == "max" { return "\(name)(\(expression(depth - 1, &random)), \(expression(depth - 1, &random)))" }
            return Bool.random(using: &random) ? "\(name)(\(expression(depth - 1, &random)))" : "\(name)(\(expression(depth - 1, &random)), \(Int.random(in: -9...9, using: &random)))"
        case 2: return "(\(expression(depth - 1, &random)))"
        default:
            let op = ["+", "-", "*", "/"].randomElement(using: &random)!
            return "\(expression(depth - 1, &random)) \(op) \(expression(depth - 1, &random))"
        }
    }

    static let leads = [
        #"{"id": 1}"#,
        #"{"id": 2, "priority": 9223372036854775807, "name": "x", "customValues": {"1": "-9223372036854775808", "2": "8,5 млн", "3": 0}}"#,
        #"{"id": 3, "priority": -3, "customValues": {"1": "abc", "2": "1e308", "3": "nan"}}"#,
        #"{"id": 4, "priority": 0, "customValues": {"1": 2.5, "2": "", "3": "-0"}}"#,
    ]

    func formatsToAFixedPoint(_ source: String) -> Bool {
        let (file, _) = Parser.parse(SourceFile(path: "f.rules", text: source))
        let once = RulesFormatter().format(file)
        let (again, _) = Parser.parse(SourceFile(path: "g.rules", text: once))
        return RulesFormatter().format(again) == once && again == file
    }

    @Test("Random arithmetic: fmt of fmt is fmt, and evaluation never crashes")
    func arithmetic() throws {
        var random = Generator(seed: 17)
        for _ in 0..<300 {
            let value = expression(4, &random)
            let source = "rule \"R\" {\n  when \(expression(2, &random)) >= \(expression(2, &random))\n  set customValues[9] = \(value)\n}\n"
            #expect(formatsToAFixedPoint(source), "\(source)")
            guard let engine = try? Engine(source: source, path: "r.rules") else { continue }
            for json in Self.leads { _ = engine.evaluate(try lead(json), now: winter) }
        }
    }

    @Test("Random decision tables: check, format and evaluation never crash; fmt of fmt is fmt")
    func decisionTables() throws {
        var random = Generator(seed: 99)
        let policies = ["unique", "first", "priority [1, 2, 3]", "collect max", "collect min", "collect sum", "collect count"]
        func bound() -> String { ["0", "1", "2", "5", "-1", "1M", "2.5", "9223372036854775807"].randomElement(using: &random)! }
        for _ in 0..<200 {
            let policy = policies.randomElement(using: &random)!
            var rows: [String] = []
            for _ in 0..<Int.random(in: 1...6, using: &random) {
                let numeric: String = switch Int.random(in: 0..<5, using: &random) {
                case 0: "-"
                case 1: ">= \(bound())"
                case 2: "< \(bound())"
                case 3: "[\(bound()), \(bound()))"
                default: bound()
                }
                let text = ["-", "\"a\"", "/^a/i", "\"b\""].randomElement(using: &random)!
                rows.append(policy == "collect count" ? "\(numeric), \(text)" : "\(numeric), \(text) => \(Int.random(in: 1...3, using: &random))")
            }
            let source = "table \"T\" {\n  set priority from customValues[1], name by \(policy)\n" + rows.map { "  \($0)\n" }.joined() + "}\n"
            #expect(formatsToAFixedPoint(source), "\(source)")
            let result = RulesetLoader.load(sources: [(path: "t.rules", text: source)])
            _ = DiagnosticRenderer().render(result.diagnostics)
            guard let ruleset = result.ruleset else { continue }
            let engine = Engine(ruleset: ruleset)
            for json in Self.leads + [#"{"id": 5, "name": "anna", "customValues": {"1": "2"}}"#] {
                _ = engine.evaluate(try lead(json), now: winter, trace: true)
            }
        }
    }
}
