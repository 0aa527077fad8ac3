import BenchSupport
import Foundation
@testable import LeadEngine
import RulesLanguage
import Testing

/// Lead-wide values answered missing from a text that cannot be a JSON document (`NoDocumentValues`: `json(text,
/// "path")`, and `amount()`, `lower()`, `upper()`, `trim()` of one) give what the general evaluation gives: a lead read
/// as text (which takes the shortcut) evaluates as the same lead decoded whole (which does not), at every detail,
/// for plain comments, white space or invisible characters before a document, documents, broken ones, escapes,
/// non-ASCII text, one evaluator for thousands of leads.
@Suite("Lead-wide values of a text that is no JSON document")
struct NoDocumentValuesTests {
    static let rules = """
    rule "Budget" {
      when amount(json(sourceComment, "answers.budget")) > 0 or amount(json(sourceComment, "budget")) > 0
      set customValues[9] = amount(json(sourceComment, "answers.budget"))
    }

    rule "Term" {
      when json(sourceComment, "answers.term") ~ /скоро|soon/i and json(sourceComment, "answers.term") !~ /не\\s+скоро/i
      set customValues[8] = upper(trim(json(sourceComment, "answers.term")))
    }

    rule "Quiz name" {
      when lower(json(sourceComment, "quiz")) is present
      set customValues[7] = lower(json(sourceComment, "quiz"))
      set customValues[6] = json(text(sourceComment), "quiz")
    }

    rule "Nested" {
      set customValues[5] = amount(json(json(sourceComment, "answers"), "budget"))
      set customValues[4] = json(sourceComment, "steps[0].a")
    }

    """

    static let plain = ["358000", "  358000", "ready", "готов купить", "не скоро", "скоро", "{", "[", "}", "\r\n{}", "\u{FEFF}{\"quiz\": \"a\"}",
                        "\u{AD}[1]", "x{\"quiz\": \"b\"}", "", " ", "\\", "\"", "«{»", "🙂 {}", "\t \n", "é{\"a\":1}"]

    /// A comment: the quiz logs and broken ones of ``TextReadWhileCopiedTests``, or a plain text and a quiz log with
    /// the members these rules read (budgets and terms of several forms), behind white space and look-alike bytes.
    static func comment(_ random: inout SplitMix64) -> String {
        switch random.next() % 6 {
        case 0, 1: return TextReadWhileCopiedTests.comment(&random)
        case 2:
            let budget = random.pick(["\"358 000\"", "\"1,5 млн\"", "358000", "0", "-5", "\"\"", "null", "\"abc\"", "[1]"])
            let term = random.pick(["\"скоро\"", "\"не скоро\"", "\"  Soon  \"", "1", "{\"a\": 1}", "\"\\u0441\\u043a\\u043e\\u0440\\u043e\""])
            let log = #"{"quiz": "Окна \u{AD}X", "answers": {"budget": \#(budget), "term": \#(term)}, "budget": \#(budget), "steps": [{"q": "1", "a": "ok"}]}"#
            return random.pick(["", " ", "\n", "\t", "\r", "\r\n", "\u{FEFF}", "x"]) + log
        default:
            return (0..<Int(random.next() % 6)).map { _ in random.pick(Self.plain + TextReadWhileCopiedTests.pieces) }
                .joined(separator: random.pick(["", " ", ". "]))
        }
    }

    @Test func sameAsTheGeneralEvaluation() throws {
        let engine = try engine(Self.rules)
        let lazyEvaluator = engine.makeEvaluator(), eagerEvaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x0D0C_0001)
        var compared = 0, plainComments = 0, budgets = 0
        for _ in 0..<3000 {
            let comment = Self.comment(&random)
            for style in 0..<3 {
                let line = #"{"id":1,"phone":"+7 900 000-00-00","sourceComment":""#
                    + TextReadWhileCopiedTests.literal(comment, style: style, &random) + #"","statusId":1}"#
                guard let lazy = Lead(checkedText: Array(line.utf8)) else {
                    Issue.record("not read lazily: \(line)")
                    continue
                }
                let eager = try Lead(json: try JSONParser.parse(line))
                for detail in [EvaluationDetail.patchOnly, .patch, .trace] {
                    let a = lazyEvaluator.evaluate(lazy, now: winter, detail: detail)
                    let b = eagerEvaluator.evaluate(eager, now: winter, detail: detail)
                    #expect(a.patch.jsonBody() == b.patch.jsonBody(), "\(comment.debugDescription) as \(line)")
                    #expect(a.errors == b.errors && a.fired == b.fired, "\(comment.debugDescription)")
                    #expect(a.trace == b.trace, "\(comment.debugDescription)")
                    if detail == .patch, a.fired.contains("Budget") { budgets += 1 }
                }
                compared += 1
                if !EvaluationCore.mayBeJSONDocument(comment) { plainComments += 1 }
            }
        }
        #expect(compared == 9000 && plainComments > 2000 && budgets > 500)
    }

    @Test("The plan's subjects: json() of a literal path, and amount/lower/upper/trim of one")
    func subjects() throws {
        let engine = try engine(Self.rules)
        let program = engine.makeEvaluator().core.program
        let subjects = NoDocumentValues.subjects(in: program.code, slots: program.leadConstantCount)
        var json = 0, chained = 0, none = 0
        for instruction in program.code.instructions {
            guard case let .leadConstant(slot, expression) = instruction else { continue }
            guard case let .call(builtin, _, _) = program.code.instructions[Int(expression)] else { continue }
            let subject = subjects[Int(slot)]
            switch builtin {
            case .json where subject >= 0: json += 1
            case .amount, .lower, .upper, .trim: if subject >= 0 { chained += 1 } else { none += 1 }
            case .json, .text: if subject < 0 { none += 1 }
            default: break
            }
            if subject >= 0 {
                switch program.code.instructions[Int(subject)] {
                case .field, .leadConstant: break
                default: Issue.record("a subject that is no field or lead-wide value")
                }
            }
        }
        // json() of "answers.budget", "budget", "answers.term", "quiz", "answers", "steps[0].a" of the field, "quiz" of
        // text(), "budget" of json(sourceComment, "answers"); amount() of three, trim(), upper() of it, lower(); text() none.
        #expect(json == 8 && chained == 6 && none == 1)
    }
}
