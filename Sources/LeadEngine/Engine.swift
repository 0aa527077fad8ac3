import Foundation
import RulesLanguage

/// The embeddable enrichment engine: a loaded ruleset that turns leads into minimal Liner
/// update patches, with the provenance of every field.
///
/// ```swift
/// import LeadEngine
///
/// let engine = try Engine(source: """
///     rule "Moscow landline" {
///       when e164(phone) ~ /^7(495|499)/
///       fill utcOffset = 3
///     }
///     """)
/// let lead = try Lead(json: try JSONParser.parse(#"{"id": 42, "phone": "8 (495) 123-45-67"}"#))
/// let result = engine.evaluate(lead)
/// print(result.patch.jsonBody())          // {"utcOffset":3}
/// print(result.changes[0].rule)           // Moscow landline
/// ```
///
/// An `Engine` is immutable and `Sendable`: share one between tasks. Each evaluation uses its own
/// scratch memory; for many leads on one task, reuse an ``Evaluator`` from ``makeEvaluator()``.
public struct Engine: Sendable {
    /// The checked ruleset.
    public let ruleset: Ruleset
    let program: Program

    /// A ruleset that did not load: every diagnostic (errors and warnings) and I/O problem.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let diagnostics: [Diagnostic]
        public let ioErrors: [String]
        public var description: String {
            (ioErrors.map { $0 + "\n" }.joined()) + DiagnosticRenderer().render(diagnostics)
        }
    }

    /// An engine for a ruleset that has already been checked.
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        var lowering = Lowering(ruleset: ruleset)
        self.program = lowering.lower()
    }

    /// Loads every `.rules` file under `directory`.
    /// - Throws: ``LoadError`` when a file cannot be read or the rules have an error.
    public init(directory: String) throws(LoadError) {
        let result = RulesetLoader.load(directory: directory)
        guard let ruleset = result.ruleset, result.ioErrors.isEmpty else {
            throw LoadError(diagnostics: result.diagnostics, ioErrors: result.ioErrors)
        }
        self.init(ruleset: ruleset)
    }

    /// Loads rules from text in memory; `path` names it in diagnostics and provenance.
    public init(source: String, path: String = "<memory>.rules") throws(LoadError) {
        let result = RulesetLoader.load(sources: [(path: path, text: source)])
        guard let ruleset = result.ruleset else { throw LoadError(diagnostics: result.diagnostics, ioErrors: []) }
        self.init(ruleset: ruleset)
    }

    /// An evaluator with its own scratch memory, for evaluating many leads on one task.
    public func makeEvaluator() -> Evaluator { Evaluator(program: program) }

    /// Evaluates one lead at reference time `now` (zones resolve at that time).
    /// With `trace`, ``Evaluation/trace`` says what every rule did.
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false) -> Evaluation {
        makeEvaluator().evaluate(lead, now: now, trace: trace)
    }
}
