import BenchSupport
import Foundation
@testable import LeadEngine
import Testing

/// The bits of the regex sets' subjects answered in a lead (`EvaluationCore.answeredSubjects`, one test per writer
/// looked at for being outranked) say what `setsAnswered(_:)` finds reading each set's stamp, subject and answer: for
/// sets that read several subjects in a lead (the last one read holds), subjects of no answer, leads after leads.
@Suite("Regex sets' answered subjects as bits")
struct AnsweredSubjectsTests {
    static let rules = """
    rule "Comment" precedence 20 {
      when text(sourceComment) ~ /срочно|urgent/i and text(sourceComment) !~ /не\\s+срочно/i
      set priority = 9
    }

    rule "Comment, lower" precedence 10 {
      when text(sourceComment) ~ /готов|ready/i
      set priority = 5
    }

    rule "Term" precedence 5 {
      when json(sourceComment, "answers.term") ~ /срочно|soon/i
      set priority = 4
    }

    rule "Name" precedence 3 {
      when text(name) ~ /тест|test/i or lower(text(name)) ~ /bot/
      set priority = 2
    }

    rule "Name, lower" {
      when text(name) ~ /иван|ivan/i
      set priority = 1
    }

    """

    @Test func sameAsReadingEachSet() throws {
        let engine = try engine(Self.rules)
        let evaluator = engine.makeEvaluator()
        // text(sourceComment), json(sourceComment, "answers.term"), text(name), lower(text(name)).
        #expect(evaluator.core.plan.subjectsMasked && evaluator.core.plan.answerSubjects.count == 4)
        var random = SplitMix64(seed: 0xA5_0001)
        let words = ["срочно", "не срочно", "urgent", "готов", "ready", "тест", "bot", "Иван", "ivan", "x", "", "soon"]
        var outranked = 0, answered = 0
        for id in 1...4000 {
            func text() -> String { (0..<Int(random.next() % 4)).map { _ in random.pick(words) }.joined(separator: " ") }
            var fields: [String: Any] = ["id": id, "statusId": 1]
            if random.next() % 4 != 0 { fields["name"] = text() }
            switch random.next() % 3 {
            case 0: fields["sourceComment"] = text()
            case 1: fields["sourceComment"] = "{\"answers\": {\"term\": \"\(text())\"}}"
            default: break
            }
            let line = String(decoding: try JSONSerialization.data(withJSONObject: fields), as: UTF8.self)
            guard let lead = Lead(checkedText: Array(line.utf8)) else {
                Issue.record("not read lazily: \(line)")
                continue
            }
            let detail: EvaluationDetail = random.next() % 2 == 0 ? .patchOnly : .patch
            _ = evaluator.evaluate(lead, now: winter, detail: detail)
            let plan = evaluator.core.plan
            for facts in plan.outranking where !facts.setsRead.isEmpty {
                let byBits = facts.setsMask & ~evaluator.core.answeredSubjects == 0
                let byReading = evaluator.core.setsAnswered(facts)
                #expect(byBits == byReading, "\(line)")
                if byBits { answered += 1 }
            }
            if detail == .patchOnly, evaluator.evaluate(lead, now: winter, detail: .patchOnly).fired.count
                < evaluator.evaluate(lead, now: winter, detail: .patch).fired.count { outranked += 1 }
        }
        #expect(answered > 1000 && outranked > 100)
    }
}
