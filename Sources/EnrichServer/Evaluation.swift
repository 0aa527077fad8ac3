import Foundation
import LeadEngine
import LeadStream
import RuleHarness

/// Evaluates the leads of a request exactly as `enrich run` does (``BatchEvaluator`` over ``InputRecord``s,
/// ``OutputEncoder`` for the answer), so a lead's patch is byte for byte the one `enrich run` prints for it
/// at the same `now`.
public struct LeadEvaluation: Sendable {
    public let pack: LoadedPack
    /// Leads evaluated between two looks at the deadline.
    static let chunk = 2048

    public init(pack: LoadedPack) {
        self.pack = pack
    }

    /// The answers (and what to count), or `nil` when `deadline` passed before all leads were evaluated.
    public func answer(_ request: EvaluationRequest, deadline: ContinuousClock.Instant) -> EvaluationAnswer? {
        switch request.body {
        case let .single(lead):
            let outcome = evaluate([lead], request, workers: 1)[0]
            var tally = RunTally()
            tally.add(outcome)
            guard let member = result(outcome, lead, request, index: nil) else { return nil }
            if outcome.evaluation == nil {
                return EvaluationAnswer(status: 422, body: .object([("error", .string(Self.message(outcome))), ("rulesDigest", .string(pack.digest))]), tally: tally)
            }
            return EvaluationAnswer(status: 200, body: member, tally: tally)
        case let .batch(leads):
            var results: [JSONValue] = []
            results.reserveCapacity(leads.count)
            var tally = RunTally()
            var start = 0
            while start < leads.count {
                if ContinuousClock.now >= deadline { return nil }
                let end = min(leads.count, start + Self.chunk)
                let outcomes = evaluate(Array(leads[start..<end]), request, workers: ProcessInfo.processInfo.activeProcessorCount, firstLine: start + 1)
                for (offset, outcome) in outcomes.enumerated() {
                    tally.add(outcome)
                    results.append(result(outcome, leads[start + offset], request, index: start + offset) ?? .null)
                }
                start = end
            }
            return EvaluationAnswer(status: 200, body: .object([("rulesDigest", .string(pack.digest)), ("results", .array(results))]), tally: tally)
        }
    }

    private func evaluate(_ leads: [JSONValue], _ request: EvaluationRequest, workers: Int, firstLine: Int = 1) -> [LeadOutcome] {
        let records = leads.enumerated().map { InputRecord(line: firstLine + $0.offset, object: $0.element) }
        // explain: true asks for the provenance (the "changes" of `enrich run --explain`), not the trace.
        let evaluator = BatchEvaluator(engine: pack.engine, now: request.now, explain: true, inputName: "leads", workers: workers)
        return evaluator.evaluate(records)
    }

    /// One lead's answer: `enrich run --explain`'s line (`leadId`, `patch`, `changes`) with `rulesDigest`, `errors`,
    /// and with `?explain=true` the `trace`; for a record that is not a lead, `{"index", "error"}`.
    private func result(_ outcome: LeadOutcome, _ json: JSONValue, _ request: EvaluationRequest, index: Int?) -> JSONValue? {
        guard let evaluation = outcome.evaluation else {
            var members: [(String, JSONValue)] = []
            if let index { members.append(("index", .int(index))) }
            if let id = outcome.leadId { members.append(("leadId", .int(id))) }
            members.append(("error", .string(Self.message(outcome))))
            return .object(members)
        }
        guard case var .object(members) = OutputEncoder.value(for: evaluation, explain: true) else { return nil }
        members.append(("errors", .array(outcome.errors.map(JSONValue.string))))
        members.append(("rulesDigest", .string(pack.digest)))
        // After `enrich run`'s members, so that its line is a prefix of the answer.
        if let index { members.append(("index", .int(index))) }
        if request.explain {
            // The record was a valid lead (it has an evaluation), so it reads as one again.
            do {
                let traced = pack.engine.makeEvaluator().evaluate(try Lead(json: json), now: request.now, detail: .trace)
                members.append(("trace", Explanation.value(traced)))
            } catch {
                members.append(("trace", .null))
            }
        }
        return .object(members)
    }

    private static func message(_ outcome: LeadOutcome) -> String {
        outcome.errors.joined(separator: "; ")
    }
}

/// What `POST /v1/evaluate` answers: an HTTP status and a JSON body, and the counts for the metrics.
public struct EvaluationAnswer: Sendable {
    public var status: Int
    public var body: JSONValue
    public var tally: RunTally
}
