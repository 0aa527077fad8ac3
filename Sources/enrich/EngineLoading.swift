import ArgumentParser
import Foundation
import LeadEngine
import LeadStream
import RulesLanguage

/// Loads a ruleset for a subcommand, printing its diagnostics and exiting 2 when it does not load.
///
/// Status codes declared without an id stay unresolved (``Engine/unresolvedStatusCodes``): a caller
/// that evaluates leads must give them ids, with ``resolveStatuses(_:account:source:)`` (for the
/// account's list fetched from Liner) or by loading through ``loadEngine(_:statuses:)``.
func loadEngine(_ directory: String) throws -> Engine {
    do {
        return try Engine(directory: directory)
    } catch {
        for message in error.ioErrors { Console.error(message + "\n") }
        Console.error(Console.renderer().render(error.diagnostics))
        throw ExitCode(2)
    }
}

/// Loads a ruleset for an offline command (`run --input`, `test`, `explain`, `diff`): status ids
/// come from the rules, and for codes declared without one from `--statuses FILE` when given.
/// Exits 2, naming each code, when the file does not resolve or a code is left without an id.
func loadEngine(_ directory: String, statuses: StatusesOption) throws -> Engine {
    var engine = try loadEngine(directory)
    if let path = statuses.path {
        engine = try resolveStatuses(engine, account: try readStatusList(path), source: path)
    }
    try requireStatusIds(engine, remedy: "give --statuses FILE (the account's GET /v2/lead-status/ saved as JSON)")
    return engine
}

/// `--statuses FILE`: the account's status list for the codes the rules declare without an id.
struct StatusesOption: ParsableArguments {
    @Option(name: .customLong("statuses"), help: ArgumentHelp(
        "The account's statuses as GET /v2/lead-status/ returns them, saved as JSON (the whole reply or its data array), or an account.json of enrich account pull: ids for the status codes the rules declare without one, and the statuses their categories stand for.",
        valueName: "file"))
    var path: String?
}

/// `engine` with its status codes resolved against `account` (the statuses of GET /v2/lead-status/,
/// with their categories when the list has them). On a problem (a code the account lacks, a declared
/// id that differs from the account's, a category with several statuses or none) prints every one,
/// with the declaration's file:line:column, and exits 2. Prints which status each code declared
/// with a category stands for. `source` names the list in the message: a file path, or where it was
/// fetched from.
func resolveStatuses(_ engine: Engine, account: [AccountFacts.Status], source: String) throws -> Engine {
    do {
        let resolved = try engine.resolvingStatuses(account)
        Console.error(AccountCheck.notes(resolved.statusMatches))
        return resolved
    } catch {
        Console.error("\(source): error: the rules' status codes do not match this status list\n")
        Console.error(Console.renderer().render(error.diagnostics))
        throw ExitCode(2)
    }
}

/// Exits 2, naming each one at its declaration, when a declared status code has no id: evaluating
/// leads would then misread their status and could not move any to it. `remedy` completes
/// "declare it (status CODE = ID) or ...".
func requireStatusIds(_ engine: Engine, remedy: String) throws {
    let missing = engine.unresolvedStatusCodes
    guard !missing.isEmpty else { return }
    let diagnostics = missing.compactMap { code in
        engine.ruleset.statusDeclarations[code].map { Diagnostic(.statusWithoutId(code, remedy: remedy), at: $0) }
    }
    Console.error(Console.renderer().render(diagnostics.sortedByLocation()))
    throw ExitCode(2)
}

/// Reads a saved status list or prints why not and exits 2.
func readStatusList(_ path: String) throws -> [AccountFacts.Status] {
    let text: String
    do { text = try WholeFile.text(path, "the status list", limit: 16 << 20) } catch {
        Console.error("\(error)\n")
        throw ExitCode(2)
    }
    switch StatusList.parse(text) {
    case let .success(ids):
        return ids
    case let .failure(problems):
        for problem in problems.messages { Console.error("\(path): error: \(problem)\n") }
        throw ExitCode(2)
    }
}

/// The JSON of `GET /v2/lead-status/`: the whole reply `{"success": true, "message": ..., "data": [...]}`
/// or just its `data` array, each status an object with an integer `id` and a string `code`, and
/// optionally `title` and `category` (other members are ignored); or an `account.json` saved by
/// `enrich account pull` (an object with `"statuses"`).
enum StatusList {
    struct Problems: Error {
        var messages: [String]
    }

    /// The statuses, or every problem found.
    static func parse(_ text: String) -> Result<[AccountFacts.Status], Problems> {
        let json: JSONValue
        do {
            json = try JSONParser.parse(text)
        } catch {
            return .failure(Problems(messages: ["not valid JSON: \(error)"]))
        }
        let elements: [JSONValue]
        switch json {
        case let .array(array):
            elements = array
        case .object:
            if json["statuses"] != nil {
                do {
                    return .success(try AccountFacts.parse(text).statuses)
                } catch {
                    return .failure(Problems(messages: error.problems))
                }
            }
            if json["success"] == .bool(false) {
                let message = json["message"].flatMap { if case let .string(text) = $0 { text } else { nil } } ?? ""
                return .failure(Problems(messages: ["the saved reply reports a failure" + (message.isEmpty ? "" : ": \(message)")]))
            }
            guard case let .array(array)? = json["data"] else {
                return .failure(Problems(messages: [
                    "expected the reply of GET /v2/lead-status/: {\"success\": true, \"data\": [...]} or the data array, but \"data\" is "
                        + (json["data"]?.typeName ?? "missing"),
                ]))
            }
            elements = array
        default:
            return .failure(Problems(messages: ["expected the reply of GET /v2/lead-status/ (an object with \"data\", or an array), found \(json.typeName)"]))
        }
        var ids: [String: Int] = [:]
        var statuses: [AccountFacts.Status] = []
        var problems: [String] = []
        for (index, element) in elements.enumerated() {
            guard case let .int(id)? = element["id"], id > 0, case let .string(code)? = element["code"], !code.isEmpty else {
                problems.append("status #\(index + 1) needs a positive integer \"id\" and a non-empty string \"code\"")
                continue
            }
            if let other = ids[code] {
                if other != id { problems.append("status code '\(code)' is listed twice, with ids \(other) and \(id)") }
                continue
            }
            ids[code] = id
            statuses.append(AccountFacts.Status(id: id, code: code, title: element["title"]?.stringValue ?? "",
                                                category: element["category"]?.stringValue ?? ""))
        }
        return problems.isEmpty ? .success(statuses) : .failure(Problems(messages: problems))
    }
}

/// Opens the leads input (a path, or - for standard input), reporting a failure and exiting 2.
func openInput(_ path: String) throws -> ByteSource {
    do {
        return try ByteSource(path: path)
    } catch {
        throw inputNotOpened(error)
    }
}

/// Reports that the leads input `path` cannot be opened; returns the exit code to end with (2).
func inputNotOpened(_ error: ByteSource.OpenError) -> ExitCode {
    Console.error("\(error.path): error: cannot open the input: \(error.reason)\n")
    return ExitCode(2)
}
