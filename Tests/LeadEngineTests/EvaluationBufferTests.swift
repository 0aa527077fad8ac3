import BenchSupport
import Foundation
import Testing
@testable import LeadEngine

/// Evaluations into a reused ``EvaluationBuffer``, and evaluations returned while the evaluator reuses the storage
/// of the last one it returned, against evaluations that shared nothing (random rulesets and leads, every detail).
@Suite struct EvaluationBufferTests {
    static let details: [EvaluationDetail] = [.patch, .provenance, .trace]

    /// Everything an evaluation says, as bytes: its encoding (keys sorted) and the patch body in its field order.
    static func snapshot(_ evaluation: Evaluation) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(evaluation), as: UTF8.self) + "\n" + evaluation.patch.jsonBody()
    }

    @Test func aReusedBufferAndHeldEvaluationsHoldWhatFreshEvaluationsDo() throws {
        var rulesets = RandomRulesets(seed: 0xB0FF)
        var leads = RandomLeads(seed: 0xB0FF_0001)
        var random = SplitMix64(seed: 0xB0FF_0002)
        // One buffer for every ruleset: it names the writers of the engine that evaluated last.
        var buffer = EvaluationBuffer()
        var compared = 0, withCustomValues = 0, withClears = 0, withErrors = 0
        for _ in 0..<300 {
            guard let engine = try? Engine(source: rulesets.ruleset(), path: "random.rules") else { continue }
            let returning = engine.makeEvaluator(), intoBuffer = engine.makeEvaluator()
            // Every evaluation `returning` gave, held while it evaluates the next leads, with what it said then.
            var held: [(evaluation: Evaluation, snapshot: String)] = []
            for index in 0..<16 {
                let lead = try Lead(json: try JSONParser.parse(leads.lead(id: index + 1)))
                let now = random.pick(ReferencePropertyTests.times)
                let detail = random.pick(Self.details)
                // Some evaluations are let go at once (their storage is then reused), the others held.
                let evaluation = returning.evaluate(lead, now: now, detail: detail)
                let expected = try Self.snapshot(evaluation)
                if random.chance(50) { held.append((evaluation, expected)) }
                #expect(try Self.snapshot(engine.makeEvaluator().evaluate(lead, now: now, detail: detail)) == expected)

                intoBuffer.evaluate(lead, now: now, detail: detail, into: &buffer)
                #expect(try Self.snapshot(buffer.evaluation) == expected)
                #expect((0..<buffer.firedCount).map(buffer.firedWriter(at:)) == evaluation.fired)
                compared += 1
                if evaluation.patch["customValues"] != nil { withCustomValues += 1 }
                if !evaluation.patch.clears.isEmpty { withClears += 1 }
                if !evaluation.errors.isEmpty { withErrors += 1 }
            }
            for (evaluation, snapshot) in held { #expect(try Self.snapshot(evaluation) == snapshot) }
        }
        print("evaluation buffers: \(compared) evaluations compared, \(withCustomValues) with custom values, \(withClears) with clears, \(withErrors) with errors")
        #expect(compared > 2_000)
        #expect(withCustomValues > 50 && withClears > 50 && withErrors > 50)
    }
}
