/// How declared status codes map to an account's statuses: the one rule, shared by the checker
/// (`enrich check --account`) and the engine (`Engine.resolvingStatuses`).
///
/// For each declared code, in order:
/// 1. the account has a status with the code: that status (an exact code always wins); a declared
///    id must be its id, and a declared category its category;
/// 2. otherwise, when the code is declared with a category (`junk = category disqualified`): the
///    account's one status of that category, whatever its code and id; two or more is an error
///    listing them, none is an error;
/// 3. otherwise the code is unknown to the account (an error, with the closest account code).
///
/// Two declared codes that come to one account id are an error too: `status` would be ambiguous.
public struct StatusResolution: Sendable, Equatable {
    /// A declared code and the account's status it stands for.
    public struct Match: Sendable, Equatable {
        /// The code the rules declare.
        public var code: String
        /// The category the rules declare for it, if any.
        public var category: String?
        /// The account's status.
        public var status: AccountFacts.Status
        /// Whether the category chose it (the account has no status with the declared code).
        public var byCategory: Bool

        /// `status 'junk' (category disqualified) is the account's 'spam' (id 11, "Спам"): the account has no 'junk'`.
        public var summary: String {
            let title = status.title.isEmpty ? "" : ", \"\(status.title)\""
            let declared = "status '\(code)'" + (category.map { " (category \($0))" } ?? "")
            if byCategory {
                return "\(declared) is the account's '\(status.code)' (id \(status.id)\(title)): the account has no '\(code)'"
            }
            return "\(declared) is the account's '\(status.code)' (id \(status.id)\(title))"
        }
    }

    /// Every declared code that resolved, sorted by code.
    public var matches: [Match]
    /// Every problem, as a diagnostic at the code's declaration, in source order.
    public var diagnostics: [Diagnostic]
    /// The same problems, in the same order.
    public var problems: [StatusResolutionProblem]

    /// Declared code -> the account's id, for every code that resolved.
    public var ids: [String: Int] { Dictionary(uniqueKeysWithValues: matches.map { ($0.code, $0.status.id) }) }

    /// Resolves the declarations of `ruleset` against `account`'s statuses.
    public init(_ ruleset: Ruleset, account: [AccountFacts.Status]) {
        self.init(codes: ruleset.statusCodes, ids: ruleset.statusIds, categories: ruleset.statusCategories,
                  declarations: ruleset.statusDeclarations, account: account)
    }

    /// Resolves declared codes (with their declared ids and categories, and where each is declared)
    /// against `account`'s statuses. Codes without a declaration range are skipped.
    public init(codes: Set<String>, ids: [String: Int], categories: [String: String], declarations: [String: SourceRange],
                account: [AccountFacts.Status]) {
        var byCode: [String: AccountFacts.Status] = [:]
        for status in account where byCode[status.code] == nil { byCode[status.code] = status }
        let accountCodes = account.map(\.code)
        var matches: [Match] = []
        var found: [(Diagnostic, StatusResolutionProblem)] = []
        for code in codes.sorted() {
            guard let range = declarations[code] else { continue }
            let location = range.location
            if let status = byCode[code] {
                if let declared = ids[code], declared != status.id {
                    found.append((Diagnostic(.statusIdMismatch(code, declared: declared, account: status.id), at: range),
                                  .idMismatch(code: code, declared: declared, account: status.id, declaredAt: location)))
                    continue
                }
                // A code declared with a category must be of that category in the account: `junk = category
                // disqualified` moving spam to an account's 'junk' that is in progress would put it in the call queue.
                if let declared = categories[code], !status.category.isEmpty, status.category != declared {
                    found.append((Diagnostic(.statusCategoryMismatch(code, declared: declared, account: status.category, id: status.id), at: range),
                                  .categoryMismatch(code: code, declared: declared, account: status.category, declaredAt: location)))
                    continue
                }
                matches.append(Match(code: code, category: categories[code], status: status, byCategory: false))
                continue
            }
            let suggestion = Suggestions.closest(to: code, in: accountCodes)
            guard let category = categories[code] else {
                found.append((Diagnostic(.statusNotInAccount(code, suggestion: suggestion, accountCodes: accountCodes), at: range),
                              .unknownCode(code: code, suggestion: suggestion, declaredAt: location)))
                continue
            }
            let candidates = account.filter { $0.category == category }
            switch candidates.count {
            case 1:
                matches.append(Match(code: code, category: category, status: candidates[0], byCategory: true))
            case 0:
                found.append((Diagnostic(.noStatusInCategory(code, category: category, suggestion: suggestion, accountCodes: accountCodes), at: range),
                              .noStatusInCategory(code: code, category: category, suggestion: suggestion, declaredAt: location)))
            default:
                found.append((Diagnostic(.ambiguousStatusCategory(code, category: category, candidates: candidates), at: range),
                              .ambiguousCategory(code: code, category: category, candidates: candidates, declaredAt: location)))
            }
        }
        // Two codes with one id would make `status` ambiguous.
        var byId: [Int: String] = [:]
        var unique: [Match] = []
        for match in matches {
            guard let range = declarations[match.code] else { continue }
            if let other = byId[match.status.id] {
                found.append((Diagnostic(.statusIdShared(match.status.id, match.code, other), at: range),
                              .sharedId(code: match.code, other: other, id: match.status.id, declaredAt: range.location)))
            } else {
                byId[match.status.id] = match.code
                unique.append(match)
            }
        }
        let sorted = found.sorted { a, b in
            let (l, r) = (a.0.range, b.0.range)
            if l.file.path != r.file.path { return l.file.path < r.file.path }
            if l.start != r.start { return l.start < r.start }
            return a.0.message.text < b.0.message.text
        }
        self.matches = unique
        self.diagnostics = sorted.map(\.0)
        self.problems = sorted.map(\.1)
    }
}

/// A declared status code that does not resolve against an account's statuses.
public enum StatusResolutionProblem: Sendable, Equatable {
    /// The ruleset declares `code = declared`, but the account's id for `code` is `account`.
    case idMismatch(code: String, declared: Int, account: Int, declaredAt: SourceLocation)
    /// The account has no status `code` (and the code has no category); `suggestion` is its closest code, if one is close.
    case unknownCode(code: String, suggestion: String?, declaredAt: SourceLocation)
    /// The account's list gives `code` the id `id` that another declared code, `other`, already has.
    case sharedId(code: String, other: String, id: Int, declaredAt: SourceLocation)
    /// The account has no status `code`, and several of the code's declared `category`: `candidates`.
    case ambiguousCategory(code: String, category: String, candidates: [AccountFacts.Status], declaredAt: SourceLocation)
    /// The account has no status `code`, and none of the code's declared `category`.
    case noStatusInCategory(code: String, category: String, suggestion: String?, declaredAt: SourceLocation)
    /// The account's status `code` is of category `account`, not the `declared` one.
    case categoryMismatch(code: String, declared: String, account: String, declaredAt: SourceLocation)

    /// The declared code the problem is about.
    public var code: String {
        switch self {
        case let .idMismatch(code, _, _, _), let .unknownCode(code, _, _), let .sharedId(code, _, _, _),
             let .ambiguousCategory(code, _, _, _), let .noStatusInCategory(code, _, _, _), let .categoryMismatch(code, _, _, _):
            return code
        }
    }

    /// Where the code is declared.
    public var declaredAt: SourceLocation {
        switch self {
        case let .idMismatch(_, _, _, at), let .unknownCode(_, _, at), let .sharedId(_, _, _, at),
             let .ambiguousCategory(_, _, _, at), let .noStatusInCategory(_, _, _, at), let .categoryMismatch(_, _, _, at):
            return at
        }
    }
}
