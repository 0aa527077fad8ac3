import Foundation
import Testing
@testable import LeadEngine

/// ``Evaluation/writtenFields``: each change's field and winning rule, in patch order, at every level of detail;
/// ``EvaluationDetail/patchOnly`` keeps only those (provenance only when asked), and no ``FieldChange``.
@Suite("Written fields")
struct WrittenFieldsTests {
    static let rules = """
        status new = 1, junk = 9 category disqualified
        transitions {
          new -> junk
        }
        rule "Urgent" precedence 20 {
          when text(sourceComment) ~ /срочно/i
          set priority = 9
        }
        rule "Weak" {
          when text(sourceComment) ~ /посмотрю/i
          set priority = 2
        }
        rule "Test lead" {
          when text(sourceComment) ~ /тест/i
          move new -> junk
          clear name
          set customValues[7] = "test"
        }
        """

    static func fields(_ evaluation: Evaluation) -> [WrittenField] {
        evaluation.changes.map(\.writtenField)
    }

    @Test("Every detail names the same fields and rules, in patch order; patch-only makes no change", arguments: [
        #"{"id": 1, "statusId": 1, "name": "Ия", "sourceComment": "тест, срочно, посмотрю"}"#,
        #"{"id": 2, "statusId": 1, "sourceComment": "посмотрю"}"#,
        #"{"id": 3, "statusId": 5, "priority": 9, "sourceComment": "срочно"}"#,
    ])
    func everyDetailNamesTheSameFields(json: String) throws {
        let evaluator = try engine(Self.rules).makeEvaluator()
        let lead = try lead(json)
        let patch = evaluator.evaluate(lead, now: winter, detail: .patch)
        for detail in [EvaluationDetail.patch, .provenance, .trace] {
            let evaluation = evaluator.evaluate(lead, now: winter, detail: detail)
            #expect(evaluation.writtenFields == Self.fields(evaluation))
            #expect(evaluation.writtenFieldCount == evaluation.changes.count)
        }
        let only = evaluator.evaluate(lead, now: winter, detail: .patchOnly)
        #expect(only.changes.isEmpty)
        #expect(only.patch == patch.patch)
        #expect(only.writtenFields == Self.fields(patch))
        #expect(only.writtenFieldCount == patch.changes.count)
        #expect((0..<only.writtenFieldCount).map(only.writtenField(at:)) == only.writtenFields)
    }

    @Test("The first lead's fields and rules, as the patch writes them")
    func firstLeadFields() throws {
        let evaluator = try engine(Self.rules).makeEvaluator()
        let lead = try lead(#"{"id": 1, "statusId": 1, "name": "Ия", "sourceComment": "тест, срочно, посмотрю"}"#)
        let only = evaluator.evaluate(lead, now: winter, detail: .patchOnly)
        #expect(Set(only.writtenFields) == [
            WrittenField(field: "statusId", rule: "Test lead"), WrittenField(field: "priority", rule: "Urgent"),
            WrittenField(field: "name", rule: "Test lead"), WrittenField(field: "customValues[7]", rule: "Test lead"),
        ])
        #expect(only.writtenFields.count == 4)
    }

    @Test("A reused buffer holds the last lead's written fields only, at patch and patch-only detail")
    func reusedBufferHoldsTheLastLead() throws {
        let evaluator = try engine(Self.rules).makeEvaluator()
        let many = try lead(#"{"id": 1, "statusId": 1, "name": "Ия", "sourceComment": "тест, срочно"}"#)
        let none = try lead(#"{"id": 2, "statusId": 1, "sourceComment": "добрый день"}"#)
        var buffer = EvaluationBuffer()
        for detail in [EvaluationDetail.patchOnly, .patch] {
            evaluator.evaluate(many, now: winter, detail: detail, into: &buffer)
            #expect(buffer.writtenFieldCount == 4)
            #expect(buffer.writtenFields == evaluator.evaluate(many, now: winter, detail: .patch).changes.map(\.writtenField))
            #expect(buffer.changes.isEmpty == (detail == .patchOnly))
            evaluator.evaluate(none, now: winter, detail: detail, into: &buffer)
            #expect(buffer.writtenFieldCount == 0)
            #expect(buffer.writtenFields.isEmpty)
            #expect(buffer.changes.isEmpty)
        }
    }

    @Test("An evaluation kept by the caller keeps its written fields when the buffer is reused")
    func keptEvaluationKeepsItsFields() throws {
        let evaluator = try engine(Self.rules).makeEvaluator()
        var buffer = EvaluationBuffer()
        evaluator.evaluate(try lead(#"{"id": 1, "statusId": 1, "sourceComment": "срочно"}"#), now: winter, detail: .patchOnly, into: &buffer)
        let kept = buffer.evaluation
        evaluator.evaluate(try lead(#"{"id": 2, "statusId": 1, "sourceComment": "посмотрю, тест"}"#), now: winter, detail: .patchOnly,
                           into: &buffer)
        #expect(kept.writtenFields == [WrittenField(field: "priority", rule: "Urgent")])
        #expect(buffer.writtenFields.count == 3)
    }
}
