import LeadEngine

/// What became of one input record.
public struct LeadOutcome: Sendable {
    public let line: Int
    /// The lead's id when the record had a valid one.
    public let leadId: Int?
    /// The evaluation, when the record was a valid lead.
    public let evaluation: Evaluation?
    /// Input problems and per-lead errors, already formatted with line and lead id.
    public let errors: [String]
    /// The output line (`{"leadId":..,"patch":..}`) when the patch is not empty, made by the worker.
    public var outputLine: String?

    /// Whether the lead failed (bad input or an error while evaluating it).
    public var failed: Bool { !errors.isEmpty }
}
