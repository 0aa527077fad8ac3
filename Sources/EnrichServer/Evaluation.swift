import Foundation
import LeadEngine
import LeadStream
import RuleHarness

/// Evaluates the leads of a request exactly as `enrich run` does (``BatchEvaluator`` over ``InputRecord``s), and
/// answers with the very line `enrich run --explain` prints for each lead (written by ``OutputEncoder`` on the
/// evaluating workers), members added at its end: a lead's patch is byte for byte the one `enrich run` prints
/// for it at the same `now`.
public struct LeadEvaluation: Sendable {
    public let pack: LoadedPack
    /// Leads evaluated between two looks at the deadline (about 10-20 ms of work; with `explain`, whose traces are
    /// made one lead at a time, the deadline is looked at before each lead's trace too).
    static let chunk = 2048

    public init(pack: LoadedPack) {
        self.pack = pack
    }

    /// The answer (and what to count), or `nil` when `deadline` passed before all leads were evaluated.
    public func answer(_ request: EvaluationRequest, deadline: ContinuousClock.Instant) -> EvaluationAnswer? {
        let digest = "\"rulesDigest\":" + JSONWriter.write(.string(pack.digest))
        switch request.body {
        case let .single(lead):
            let record = InputRecord(line: 1, object: lead)
            let outcome = pack.evaluators.single { $0.evaluate([record], now: request.now)[0] }
            var tally = RunTally()
            tally.add(outcome)
            guard outcome.evaluation != nil else {
                return EvaluationAnswer(status: 422, text: "{\"error\":" + JSONWriter.write(.string(Self.message(outcome))) + "," + digest + "}",
                                        tally: tally)
            }
            return EvaluationAnswer(status: 200, text: result(outcome, lead, request, index: nil, digest: digest), tally: tally)
        case let .batch(leads):
            var text = "{" + digest + ",\"results\":["
            var tally = RunTally()
            var start = 0
            while start < leads.count {
                if ContinuousClock.now >= deadline { return nil }
                let end = min(leads.count, start + Self.chunk)
                let outcomes = evaluate(Array(leads[start..<end]), request, firstLine: start + 1)
                for (offset, outcome) in outcomes.enumerated() {
                    // A trace costs far more than the evaluation (a chunk's traces can take seconds): looked at per lead.
                    if request.explain, ContinuousClock.now >= deadline { return nil }
                    tally.add(outcome)
                    if start + offset > 0 { text += "," }
                    text += result(outcome, leads[start + offset], request, index: start + offset, digest: digest)
                }
                start = end
            }
            return EvaluationAnswer(status: 200, text: text + "]}", tally: tally)
        }
    }

    private func evaluate(_ leads: [JSONValue], _ request: EvaluationRequest, firstLine: Int) -> [LeadOutcome] {
        let records = leads.enumerated().map { InputRecord(line: firstLine + $0.offset, object: $0.element) }
        return pack.evaluators.batch { $0.evaluate(records, now: request.now) }
    }

    /// One lead's answer: `enrich run --explain`'s line (`leadId`, `patch`, `changes`) followed by `errors`,
    /// `rulesDigest`, in a batch `index`, and with `?explain=true` the `trace`; for a record that is not a lead,
    /// `{"index", "leadId"?, "error"}`.
    private func result(_ outcome: LeadOutcome, _ json: JSONValue, _ request: EvaluationRequest, index: Int?, digest: String) -> String {
        guard let evaluation = outcome.evaluation else {
            var members: [(String, JSONValue)] = []
            if let index { members.append(("index", .int(index))) }
            if let id = outcome.leadId { members.append(("leadId", .int(id))) }
            members.append(("error", .string(Self.message(outcome))))
            return JSONWriter.write(.object(members))
        }
        // The line `enrich run --explain` prints (made by the worker for a non-empty patch), without its `}`.
        var text = outcome.outputLine ?? OutputEncoder.line(for: evaluation, explain: true)
        text.removeLast()
        text += ",\"errors\":" + JSONWriter.write(.array(outcome.errors.map(JSONValue.string))) + "," + digest
        if let index { text += ",\"index\":\(index)" }
        if request.explain {
            // The record was a valid lead (it has an evaluation), so it reads as one again.
            do {
                let traced = pack.engine.makeEvaluator().evaluate(try Lead(json: json), now: request.now, detail: .trace)
                text += ",\"trace\":" + JSONWriter.write(Explanation.value(traced))
            } catch {
                text += ",\"trace\":null"
            }
        }
        return text + "}"
    }

    private static func message(_ outcome: LeadOutcome) -> String {
        outcome.errors.joined(separator: "; ")
    }
}

/// What `POST /v1/evaluate` answers: an HTTP status and a JSON body (as text), and the counts for the metrics.
public struct EvaluationAnswer: Sendable {
    public var status: Int
    /// The JSON body.
    public var text: String
    public var tally: RunTally
}
