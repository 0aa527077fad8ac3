import Foundation
import RulesLanguage
import LeadFields

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
/// ``resolvingStatuses(_:)-([AccountFacts.Status])`` takes them from the account's status list (`GET /v2/lead-status/`);
/// ``unresolvedStatusCodes`` lists them. Resolve them before evaluating leads: until then a lead at
/// such a status reads as having none, and a `move` to one is reported as an error of the lead
/// (no `statusId` is sent).
public struct Engine: Sendable {
    /// The checked ruleset.
    public let ruleset: Ruleset
    /// Status code -> id that evaluation uses: the ids the ruleset declares, and those that
    /// ``resolvingStatuses(_:)-([AccountFacts.Status])`` took from the account's status list.
    public let statusIds: [String: Int]
    /// After ``resolvingStatuses(_:)-([AccountFacts.Status])``: each declared code and the account's
    /// status it stands for (`StatusResolution/Match/byCategory` when its category chose it);
    /// empty before.
    public let statusMatches: [StatusResolution.Match]
    /// The warnings of the load (`Diagnostic/Severity/warning`), sorted by file and position:
    /// the engine loaded, but a rule may not do what its author meant (an unused status, a table
    /// row that can never win...). Empty for an engine made with ``init(ruleset:)``, whose load
    /// happened elsewhere. Render them with `DiagnosticRenderer`.
    public let warnings: [Diagnostic]
    let program: Program

    /// The declared status codes that have no id yet (declared without one, not resolved), sorted.
    /// Empty when every code has its id; offline tools should refuse to evaluate otherwise.
    public var unresolvedStatusCodes: [String] {
        ruleset.statusCodes.filter { statusIds[$0] == nil }.sorted()
    }

    /// A ruleset that did not load: every diagnostic (errors and warnings) and I/O problem.
    ///
    /// Each `Diagnostic` has its place (`Diagnostic/location`: path, line and column, and
    /// `Diagnostic/range` for the source excerpt), a stable `Diagnostic/Message/code` and the
    /// message. ``description`` (and `localizedDescription`) renders them all as a compiler does:
    ///
    /// ```
    /// rules/zones.rules:4:8: error: unknown field 'phnoe'; did you mean 'phone'?
    ///     when phnoe ~ /^7495/
    ///          ^~~~~
    /// 1 error, 0 warnings
    /// ```
    public struct LoadError: Error, Sendable, CustomStringConvertible, LocalizedError {
        /// Every diagnostic of the load, errors and warnings, sorted by file and position.
        public let diagnostics: [Diagnostic]
        /// Problems that are not about the rules' text (an unreadable directory or file), as
        /// `path: error: message`.
        public let ioErrors: [String]

        public init(diagnostics: [Diagnostic], ioErrors: [String]) {
            self.diagnostics = diagnostics
            self.ioErrors = ioErrors
        }

        /// The diagnostics that are errors (those that stopped the load).
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
        /// The diagnostics that are warnings.
        public var warnings: [Diagnostic] { diagnostics.filter { $0.severity == .warning } }

        /// The I/O problems, then every diagnostic as `path:line:column: error: message` with its
        /// source line and a caret, then a count line; without colour.
        public var description: String {
            (ioErrors.map { $0 + "\n" }.joined()) + DiagnosticRenderer().render(diagnostics)
        }

        /// The same text as ``description``.
        public var errorDescription: String? { description }
    }

    /// Status codes that do not resolve against an account's status list: every problem found, in
    /// source order, each also as a `Diagnostic` at the code's declaration.
    public struct StatusResolutionError: Error, Sendable, CustomStringConvertible {
        /// One code that does not resolve (see `StatusResolutionProblem`).
        public typealias Problem = StatusResolutionProblem

        /// Every problem, in the order of the declarations.
        public let problems: [Problem]
        /// The same problems as diagnostics (errors) pointing at each code's declaration.
        public let diagnostics: [Diagnostic]

        /// The diagnostics rendered as `path:line:column: error: ...` with the source line, without colour.
        public var description: String { DiagnosticRenderer().render(diagnostics) }
    }

    /// An engine for a ruleset that has already been checked. Codes declared without an id stay
    /// unresolved (see ``unresolvedStatusCodes`` and ``resolvingStatuses(_:)-([AccountFacts.Status])``).
    public init(ruleset: Ruleset) {
        self.init(ruleset: ruleset, warnings: [])
    }

    /// An engine for a checked ruleset, keeping the warnings of its load.
    init(ruleset: Ruleset, warnings: [Diagnostic]) {
        self.ruleset = ruleset
        self.statusIds = ruleset.statusIds
        self.statusMatches = []
        self.warnings = warnings
        var lowering = Lowering(ruleset: ruleset)
        self.program = lowering.lower()
    }

    private init(ruleset: Ruleset, statusIds: [String: Int], statusMatches: [StatusResolution.Match], warnings: [Diagnostic],
                 program: Program) {
        self.ruleset = ruleset
        self.statusIds = statusIds
        self.statusMatches = statusMatches
        self.warnings = warnings
        self.program = program
    }

    /// This engine with its status codes resolved against the account's status list, by code only.
    ///
    /// - Parameter account: the account's statuses, code -> id, as `GET /v2/lead-status/` lists
    ///   them. Codes the ruleset does not declare are ignored. Without categories, a code declared
    ///   with one (`junk = category disqualified`) resolves only by its code.
    /// - Returns: see ``resolvingStatuses(_:)-([AccountFacts.Status])``.
    /// - Throws: ``StatusResolutionError``; see ``resolvingStatuses(_:)-([AccountFacts.Status])``.
    public func resolvingStatuses(_ account: [String: Int]) throws(StatusResolutionError) -> Engine {
        try resolvingStatuses(account.map { AccountFacts.Status(id: $0.value, code: $0.key) }.sorted { $0.code < $1.code })
    }

    /// This engine with its status codes resolved against the account's statuses (see
    /// `StatusResolution` for the rule).
    ///
    /// - Parameter account: the account's statuses with their categories, as `GET /v2/lead-status/`
    ///   lists them (or an `account.json`). Statuses the ruleset does not declare are ignored.
    /// - Returns: an engine in which every declared code has an id: a code the account has takes its
    ///   id (a declared id must be that id); a code declared with a category that the account does not
    ///   have takes the id of the account's one status of that category. ``statusMatches`` says which
    ///   status each code stands for. (Resolution always starts from the ruleset's declarations, so an
    ///   engine can be resolved again against another account.)
    /// - Throws: ``StatusResolutionError`` listing every declared code that the account does not
    ///   have (with the closest account code), every declared id that differs from the account's id
    ///   for its code (moving leads there would corrupt their status), every category with several
    ///   candidates (each named with its code and id) or none, and any id the account gives to two
    ///   declared codes.
    public func resolvingStatuses(_ account: [AccountFacts.Status]) throws(StatusResolutionError) -> Engine {
        let resolution = StatusResolution(ruleset, account: account)
        guard resolution.problems.isEmpty else {
            throw StatusResolutionError(problems: resolution.problems, diagnostics: resolution.diagnostics)
        }
        var resolved = ruleset.statusIds
        for (code, id) in resolution.ids { resolved[code] = id }
        return Engine(ruleset: ruleset, statusIds: resolved, statusMatches: resolution.matches, warnings: warnings,
                      program: program.withStatusIds(resolved))
    }

    /// Loads every `.rules` file under `directory` (recursively, sorted by path; a `tests`
    /// subdirectory is skipped). A path to a file loads that file alone, whatever its name, as
    /// `enrich check FILE` does. The load's warnings are in ``warnings``.
    /// - Throws: ``LoadError`` when a file cannot be read or the rules have an error.
    public init(directory: String) throws(LoadError) {
        let result = RulesetLoader.load(directory: directory)
        guard let ruleset = result.ruleset, result.ioErrors.isEmpty else {
            throw LoadError(diagnostics: result.diagnostics, ioErrors: result.ioErrors)
        }
        self.init(ruleset: ruleset, warnings: result.diagnostics.filter { $0.severity == .warning })
    }

    /// Loads rules from text in memory; `path` names it in diagnostics and provenance.
    /// The load's warnings are in ``warnings``.
    /// - Throws: ``LoadError`` when the rules have an error.
    public init(source: String, path: String = "<memory>.rules") throws(LoadError) {
        try self.init(files: [(path: path, text: source)])
    }

    /// Loads a pack of several files held in memory (from a database, a bundle, a ConfigMap read
    /// by the service itself): `(path, text)` pairs, loaded in the order given, as
    /// ``init(directory:)`` loads the files of a directory in path order. Each `path` names its
    /// file in diagnostics and in the locations of changes, traces and errors; paths must differ.
    ///
    /// ```swift
    /// let engine = try Engine(files: [
    ///     (path: "statuses.rules", text: "status new = 1"),
    ///     (path: "zones.rules", text: zonesText),
    /// ])
    /// for warning in engine.warnings { print(DiagnosticRenderer().render(warning)) }
    /// ```
    ///
    /// The load's warnings are in ``warnings``.
    /// - Throws: ``LoadError`` when the rules have an error (every diagnostic, with its file, line
    ///   and column), or when no file is given or two have the same path (as an I/O problem).
    public init(files: [(path: String, text: String)]) throws(LoadError) {
        var problems: [String] = []
        if files.isEmpty { problems.append("<memory>: error: no rules files given") }
        var seen: Set<String> = []
        for file in files where !seen.insert(file.path).inserted {
            problems.append("\(file.path): error: two files have this path")
        }
        guard problems.isEmpty else { throw LoadError(diagnostics: [], ioErrors: problems) }
        let result = RulesetLoader.load(sources: files)
        guard let ruleset = result.ruleset else { throw LoadError(diagnostics: result.diagnostics, ioErrors: []) }
        self.init(ruleset: ruleset, warnings: result.diagnostics.filter { $0.severity == .warning })
    }

    /// The lead fields the rules read or write, as Liner names them (`phone`; `customValues` for
    /// `customValues[12]`), each once: what a lead read from Liner must show for its evaluation to be
    /// about what the lead holds (a field an answer leaves out is unknown, not empty).
    public var leadFieldsUsed: [String] {
        var seen: Set<String> = []
        return program.fieldKeys.compactMap { key -> String? in
            let name = LeadFields.customValueId(of: key) != nil ? LeadFields.customValues : key
            guard LeadFields.named(name) != nil, seen.insert(name).inserted else { return nil }
            return name
        }
    }

    /// An evaluator with its own scratch memory, for evaluating many leads on one task.
    public func makeEvaluator() -> Evaluator { Evaluator(program: program) }

    /// Evaluates one lead at reference time `now` (zones resolve at that time).
    /// With `trace`, ``Evaluation/trace`` says what every rule did.
    ///
    /// A `now` that is not finite (NaN, infinite) is refused: the evaluation has an empty patch and
    /// one error, ``Evaluation/nonFiniteNowMessage(_:)``.
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false) -> Evaluation {
        makeEvaluator().evaluate(lead, now: now, trace: trace)
    }

    /// Evaluates one lead keeping off fields people changed since the engine wrote them (see ``EditedFields``).
    public func evaluate(_ lead: Lead, now: Date = Date(), trace: Bool = false, keeping edited: EditedFields) -> Evaluation {
        makeEvaluator().evaluate(lead, now: now, detail: trace ? .trace : .provenance, keeping: edited)
    }
}
