import ArgumentParser
import Foundation
import LeadEngine
import LinerClient
import LinerRun
import RulesLanguage

/// The account's facts around a command: reading them from Liner or a file, checking rules against
/// them, and saying which status each category-declared code stands for.
enum AccountCheck {
    /// The account's statuses and custom fields, read through `client`. A custom-field endpoint that
    /// is not found leaves them unknown, with a notice; a list that cannot be read exits 2.
    static func fetch(_ client: LinerClient) async throws -> AccountFacts {
        let facts: AccountFacts
        do {
            facts = try await AccountFacts.fetch(from: client)
        } catch {
            Console.error("error: \(error)\n")
            throw ExitCode(2)
        }
        if facts.customFields == nil {
            Console.error("note: the account's custom fields were not found (HTTP 404 on \(client.configuration.customFieldPaths.joined(separator: ", "))): customValues[ID] are not checked\n")
        }
        return facts
    }

    /// Reads an `account.json`, or prints what is wrong with it (naming the file) and exits 2.
    static func load(_ path: String) throws -> AccountFacts {
        do {
            return try AccountFacts.load(path: path)
        } catch {
            Console.error(error.description + "\n")
            throw ExitCode(2)
        }
    }

    /// `engine` checked against the account (status codes, custom fields and the values written to
    /// them) and with its statuses resolved. Prints the account's diagnostics and a note for every
    /// category-declared code; exits 2 when there is an error.
    static func apply(_ facts: AccountFacts, to engine: Engine, now: Date) throws -> Engine {
        let diagnostics = Checker.accountDiagnostics(engine.ruleset, account: facts, now: now)
        if !diagnostics.isEmpty {
            let source = facts.host.map { " (\($0))" } ?? ""
            let summary = diagnostics.hasErrors ? "error: the rules do not fit the account\(source)" : "warning: the rules may not fit the account\(source)"
            Console.error(summary + ":\n" + Console.renderer().render(diagnostics))
        }
        if diagnostics.hasErrors { throw ExitCode(2) }
        let resolved: Engine
        do {
            resolved = try engine.resolvingStatuses(facts.statuses)
        } catch {
            Console.error("error: the rules' status codes do not match the account:\n\(error)\n")
            throw ExitCode(2)
        }
        Console.error(notes(resolved.statusMatches))
        return resolved
    }

    /// The account's ids of the `--status` codes; exit 2 naming a code the account does not have.
    static func statusIds(_ codes: [String], in facts: AccountFacts) throws -> Set<Int> {
        let account = Dictionary(facts.statuses.map { ($0.code, $0.id) }, uniquingKeysWith: { first, _ in first })
        var ids: Set<Int> = []
        for code in codes {
            guard let id = account[code] else {
                Console.error("error: --status \(code): the account has no status with this code (it has: \(account.keys.sorted().joined(separator: ", ")))\n")
                throw ExitCode(2)
            }
            ids.insert(id)
        }
        return ids
    }

    /// `note: status 'junk' (category disqualified) is the account's 'spam' (id 11): ...`, one line per
    /// code declared with a category.
    static func notes(_ matches: [StatusResolution.Match]) -> String {
        matches.filter { $0.category != nil }.map { "note: \($0.summary)\n" }.joined()
    }
}
