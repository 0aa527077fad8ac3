import Foundation
import LeadEngine
import RulesLanguage

/// What a freshly loaded engine needs before it may evaluate leads: ids for the status codes its rules
/// declare without one, and, when the server watches an account, a check of the rules against the account.
/// Applied at start and at every reload, so a reloaded pack is held to the same bar as the first.
public enum PackPreparation: Sendable {
    /// Evaluation only: status ids from the rules, and for codes declared without one from `statuses`
    /// (the account's list saved as JSON, `--statuses FILE`) when given.
    case offline(statuses: [AccountFacts.Status]?)
    /// Watching an account: the rules are checked against its statuses and custom fields, and the
    /// statuses resolved from it, as `enrich run --source liner` does.
    case account(AccountFacts)

    /// `engine` ready to evaluate, or why not (each problem at its declaration's file:line:column).
    public func prepare(_ engine: Engine, now: Date) -> Result<Engine, PackProblem> {
        var resolved = engine
        switch self {
        case let .offline(statuses):
            if let statuses {
                do { resolved = try engine.resolvingStatuses(statuses) } catch {
                    return .failure(PackProblem(summary: "the rules' status codes do not match the status list", diagnostics: error.diagnostics))
                }
            }
        case let .account(facts):
            let diagnostics = Checker.accountDiagnostics(engine.ruleset, account: facts, now: now)
            if diagnostics.hasErrors {
                return .failure(PackProblem(summary: "the rules do not fit the account", diagnostics: diagnostics))
            }
            do { resolved = try engine.resolvingStatuses(facts.statuses) } catch {
                return .failure(PackProblem(summary: "the rules' status codes do not match the account", diagnostics: error.diagnostics))
            }
        }
        let missing = resolved.unresolvedStatusCodes.compactMap { code in
            resolved.ruleset.statusDeclarations[code].map {
                Diagnostic(.statusWithoutId(code, remedy: "give --statuses FILE (the account's GET /v2/lead-status/ saved as JSON)"), at: $0)
            }
        }
        if !missing.isEmpty { return .failure(PackProblem(summary: "status codes without an id", diagnostics: missing)) }
        return .success(resolved)
    }
}
