import BenchSupport
import Foundation
import LeadEngine
import Testing
@testable import LeadStream

/// A run over a file (``BatchEvaluator/evaluateToText(_:)``: every lead of a worker evaluated into one reused buffer,
/// its line written from the buffer) against the outcomes of ``BatchEvaluator/evaluate(_:now:)`` (an `Evaluation`
/// each, its line made by ``OutputEncoder/line(for:explain:)``): the same output, error lines and counts.
@Suite struct BatchTextTests {
    static let pack = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("rules").path

    /// Generated leads of the benchmark, with now and then a record that cannot be read, a lead that is refused and
    /// a lead the second rule fails on (a value its field refuses).
    static func records(count: Int) -> [InputRecord] {
        var random = SplitMix64(seed: LeadGenerator.benchmarkSeed)
        return (1...count).map { line in
            let text: String
            switch line % 37 {
            case 5: text = #"{"id": \#(line), "name": }"#
            case 9: text = #"{"name": "no id"}"#
            case 13: text = #"{"id": \#(line), "priority": "high"}"#
            case 17, 21: text = #"{"id": \#(line), "sourceComment": "UTC+\#(line % 30)", "phone": "+7 495 123 45 67"}"#
            default: text = LeadGenerator.lead(id: line, &random)
            }
            return InputRecord(line: line, json: Array(text.utf8))
        }
    }

    /// The text and counts a run over a file makes of `outcomes`, one by one from each `Evaluation`.
    static func expected(_ outcomes: [LeadOutcome]) -> EvaluatedText {
        var text = EvaluatedText()
        for outcome in outcomes {
            text.tally.add(outcome)
            for message in outcome.errors { text.errors += message + "\n" }
            if let line = outcome.outputLine { text.output += line + "\n" }
        }
        return text
    }

    @Test("the pack, and rules that fail on some leads, with and without --explain, on one worker and on three",
          arguments: [false, true], [1, 3])
    func textAgreesWithOutcomes(explain: Bool, workers: Int) throws {
        let failing = try Engine(source: """
            rule "Urgent" {
              when sourceComment ~ /срочно/i
              set priority = 9
            }
            rule "Offset from comment" {
              when sourceComment ~ /UTC(?<h>[+-]?\\d+)/
              set utcOffset = int($h)
            }
            """, path: "test.rules")
        for (engine, failsOnSome) in [(try Engine(directory: Self.pack), false), (failing, true)] {
            let now = Date(timeIntervalSince1970: 1_764_057_600)
            let batch = BatchEvaluator(engine: engine, now: now, explain: explain, inputName: "leads.jsonl", workers: workers)
            let records = Self.records(count: 600)
            let text = batch.evaluateToText(records)
            let expected = Self.expected(batch.evaluate(records))
            #expect(text.output == expected.output)
            #expect(text.errors == expected.errors)
            #expect(text.tally == expected.tally)
            #expect(text.tally.patched > 10 && text.tally.invalid > 10)
            #expect(text.errors.contains("is not sent") == failsOnSome)
        }
    }

    @Test("Workers taking parts as they go give the output, errors and outcomes of one worker, in input order",
          arguments: [2, 3, 5])
    func partsComeBackInInputOrder(workers: Int) throws {
        let engine = try Engine(directory: Self.pack)
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let one = BatchEvaluator(engine: engine, now: now, explain: true, inputName: "leads.jsonl", workers: 1)
        let many = BatchEvaluator(engine: engine, now: now, explain: true, inputName: "leads.jsonl", workers: workers)
        for count in [1, 63, 64, 200, 2_000] {
            let records = Self.records(count: count)
            let alone = one.evaluateToText(records), together = many.evaluateToText(records)
            #expect(together.output == alone.output, "\(count) records")
            #expect(together.errors == alone.errors)
            #expect(together.tally == alone.tally)
            #expect(many.evaluate(records).map(\.leadId) == one.evaluate(records).map(\.leadId))
        }
    }

    @Test("Records whose leads the reading thread read give the text of records read by the workers, on 1 to 5 workers",
          arguments: [1, 2, 5])
    func leadsReadAheadGiveTheSameText(workers: Int) throws {
        let engine = try Engine(directory: Self.pack)
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let batch = BatchEvaluator(engine: engine, now: now, explain: true, inputName: "leads.jsonl", workers: workers)
        let records = Self.records(count: 2_000)
        let read = records.map { $0.readingLead() }
        #expect(read.contains { if case .lead = $0.content { true } else { false } })
        #expect(read.contains { if case .irregularJSON = $0.content { true } else { false } })
        let alone = batch.evaluateToText(records), ahead = batch.evaluateToText(read)
        #expect(ahead.output == alone.output)
        #expect(ahead.errors == alone.errors)
        #expect(ahead.tally == alone.tally)
    }

    @Test("A run that records no changes (enrich run over a file) prints and counts what one that records them does",
          arguments: [1, 3])
    func patchOnlyGivesTheSameTextAndCounts(workers: Int) throws {
        let engine = try Engine(directory: Self.pack)
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let records = Self.records(count: 600)
        let recording = BatchEvaluator(engine: engine, now: now, explain: false, inputName: "leads.jsonl", workers: workers)
        let bare = BatchEvaluator(engine: engine, now: now, explain: false, inputName: "leads.jsonl", recordsChanges: false,
                                  workers: workers)
        let full = recording.evaluateToText(records), fast = bare.evaluateToText(records)
        #expect(fast.output == full.output)
        #expect(fast.errors == full.errors)
        #expect(fast.tally == full.tally)
        #expect(!fast.tally.fields.isEmpty && !fast.tally.rules.isEmpty)
        #expect(Self.expected(bare.evaluate(records)).tally == full.tally)
        #expect(bare.evaluate(records).allSatisfy { $0.evaluation?.changes.isEmpty ?? true })
    }

    @Test("Without --explain a batch evaluator records each change's old value unless told not to (a plan checks them)")
    func changesAreRecordedByDefault() throws {
        let engine = try Engine(directory: Self.pack)
        let now = Date(timeIntervalSince1970: 1_764_057_600)
        let records = Self.records(count: 200)
        let outcomes = BatchEvaluator(engine: engine, now: now, explain: false, inputName: "leads.jsonl", workers: 1).evaluate(records)
        let patched = outcomes.compactMap(\.evaluation).filter { !$0.patch.isEmpty }
        #expect(patched.count > 10)
        for evaluation in patched {
            #expect(evaluation.changes.count == evaluation.writtenFieldCount)
            #expect(evaluation.changes.map(\.field) == evaluation.writtenFields.map(\.field))
        }
        #expect(patched.contains { $0.changes.contains { $0.old != nil } })
    }
}
