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
///
/// Status codes declared without an id (`status new, junk`) have none until
/// ``resolvingStatuses(_:)`` takes them from the account's status list (`GET /v2/lead-status/`);
/// ``unresolvedStatusCodes`` lists them. Resolve them before evaluating leads: until then a lead at
/// such a status reads as having none, and a `move` to one is reported as an error of the lead
/// (no `statusId` is sent).
public struct Engine: Sendable {
    /// The checked ruleset.
    public let ruleset: Ruleset
    /// Status code -> id that evaluation uses: the ids the ruleset declares, and those that
    /// ``resolvingStatuses(_:)`` took from the account's status list.
    public let statusIds: [String: Int]
    let program: Program

    /// The declared status codes that have no id yet (declared without one, not resolved), sorted.
    /// Empty when every code has its id; offline tools should refuse to evaluate otherwise.
    public var unresolvedStatusCodes: [String] {
        ruleset.statusCodes.filter { statusIds[$0] == nil }.sorted()
    }

    /// A ruleset that did not load: every diagnostic (errors and warnings) and I/O problem.
    public struct LoadError: Error, Sendable, CustomStringConvertible {
        public let diagnostics: [Diagnostic]
        public let ioErrors: [String]
        public var description: String {
            (ioErrors.map { $0 + "\n" }.joined()) + DiagnosticRenderer().render(diagnostics)
        }
    }

    /// Status codes that do not resolve against an account's status list: every problem found, in
    /// source order, each also as a ``Diagnostic`` at the code's declaration.
    public struct StatusResolutionError: Error, Sendable, CustomStringConvertible {
        /// One code that does not resolve.
        public enum Problem: Sendable, Equatable {
            /// The ruleset declares `code = declared`, but the account's id for `code` is `account`.
            case idMismatch(code: String, declared: Int, account: Int, declaredAt: SourceLocation)
            /// The account has no status `code`; `suggestion` is its closest code, if one is close.
            case unknownCode(code: String, suggestion: String?, declaredAt: SourceLocation)
            /// The account's list gives `code` the id `id` that another declared code, `other`, already has.
            case sharedId(code: String, other: String, id: Int, declaredAt: SourceLocation)

            /// The declared code the problem is about.
            public var code: String {
                switch self {
                case let .idMismatch(code, _, _, _), let .unknownCode(code, _, _), let .sharedId(code, _, _, _): return code
                }
            }

            /// Where the code is declared.
            public var declaredAt: SourceLocation {
                switch self {
                case let .idMismatch(_, _, _, at), let .unknownCode(_, _, at), let .sharedId(_, _, _, at): return at
                }
            }
        }

        /// Every problem, in the order of the declarations.
        public let problems: [Problem]
        /// The same problems as diagnostics (errors) pointing at each code's declaration.
        public let diagnostics: [Diagnostic]

        /// The diagnostics rendered as `path:line:column: error: ...` with the source line, without colour.
        public var description: String { DiagnosticRenderer().render(diagnostics) }
    }

    /// An engine for a ruleset that has already been checked. Codes declared without an id stay
    /// unresolved (see ``unresolvedStatusCodes`` and ``resolvingStatuses(_:)``).
    public init(ruleset: Ruleset) {
        self.ruleset = ruleset
        self.statusIds = ruleset.statusIds
        var lowering = Lowering(ruleset: ruleset)
        self.program = lowering.lower()
    }

    private init(ruleset: Ruleset, statusIds: [String: Int], program: Program) {
        self.ruleset = ruleset
        self.statusIds = statusIds
        self.program = program
    }

    /// This engine with its status codes resolved against the account's status list.
    ///
    /// - Parameter account: the account's statuses, code -> id, as `GET /v2/lead-status/` lists
    ///   them. Codes the ruleset does not declare are ignored.
    /// - Returns: an engine in which every declared code has an id: a code declared without one
    ///   takes the account's; a code declared with one keeps it. (Resolution always starts from the
    ///   ruleset's declarations, so an engine can be resolved again against another account.)
    /// - Throws: ``StatusResolutionError`` listing every declared code that the account does not
    ///   have (with the closest account code), every declared id that differs from the account's id
    ///   for its code (moving leads there would corrupt their status), and any id the account gives
    ///   to two declared codes.
    public func resolvingStatuses(_ account: [String: Int]) throws(StatusResolutionError) -> Engine {
        var resolved = ruleset.statusIds
        var found: [(Diagnostic, StatusResolutionError.Problem)] = []
        let accountCodes = Array(account.keys)
        for code in ruleset.statusCodes.sorted() {
            guard let range = ruleset.statusDeclarations[code] else { continue }
            let location = range.location
            guard let accountId = account[code] else {
                let suggestion = Suggestions.closest(to: code, in: accountCodes)
                found.append((Diagnostic(.statusNotInAccount(code, suggestion: suggestion, accountCodes: accountCodes), at: range),
                              .unknownCode(code: code, suggestion: suggestion, declaredAt: location)))
                continue
            }
            if let declared = ruleset.statusIds[code] {
                if declared != accountId {
                    found.append((Diagnostic(.statusIdMismatch(code, declared: declared, account: accountId), at: range),
                                  .idMismatch(code: code, declared: declared, account: accountId, declaredAt: location)))
                }
            } else {
                resolved[code] = accountId
            }
        }
        // Two codes with one id would make `status` ambiguous; only a broken list can do that.
        var byId: [Int: String] = [:]
        for code in ruleset.statusCodes.sorted() {
            guard let id = account[code], let range = ruleset.statusDeclarations[code] else { continue }
            if let other = byId[id] {
                found.append((Diagnostic(.statusIdShared(id, code, other), at: range),
                              .sharedId(code: code, other: other, id: id, declaredAt: range.location)))
            } else {
                byId[id] = code
            }
        }
        guard found.isEmpty else {
            let sorted = found.sorted { a, b in
                let (l, r) = (a.0.range, b.0.range)
                if l.file.path != r.file.path { return l.file.path < r.file.path }
                if l.start != r.start { return l.start < r.start }
                return a.0.message.text < b.0.message.text
            }
            throw StatusResolutionError(problems: sorted.map(\.1), diagnostics: sorted.map(\.0))
        }
        return Engine(ruleset: ruleset, statusIds: resolved, program: program.withStatusIds(resolved))
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

    /// Evaluates one lead keeping off fields people changed since the engine wrote them (see ``EditedFields``).
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false, keeping edited: EditedFields) -> Evaluation {
        makeEvaluator().evaluate(lead, now: now, detail: trace ? .trace : .provenance, keeping: edited)
    }
}
