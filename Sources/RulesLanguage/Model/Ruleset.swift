import PCRE2

/// A checked ruleset: every file parsed and checked without errors, regexes compiled, and the
/// rules put in the order they are evaluated in. It is immutable and `Sendable`: one loaded
/// ruleset serves any number of concurrent evaluations.
public struct Ruleset: Sendable {
    /// The parsed files, in load order (sorted by path).
    public let files: [RulesFile]
    /// Status code -> the account's numeric id, for the codes declared with an id
    /// (`status junk = 9`). A code declared without one (`status junk`) is in ``statusCodes`` only;
    /// its id comes from the account's status list (see `Engine.resolvingStatuses(_:)`).
    public let statusIds: [String: Int]
    /// Every declared status code, with an id or without: the codes rules may compare and move to.
    public let statusCodes: Set<String>
    /// Status code -> the category declared for it (`status junk = category disqualified`): when the
    /// account has no status with the code, its one status of the category stands for it.
    public let statusCategories: [String: String]
    /// Where each status code is declared: the range of the code in its `status` line.
    public let statusDeclarations: [String: SourceRange]
    /// The declared codes that have no declared id, sorted.
    public var statusCodesWithoutIds: [String] { statusCodes.filter { statusIds[$0] == nil }.sorted() }
    /// The declared transitions.
    public let transitions: Set<Transition>
    /// Constants by name.
    public let constants: [String: Expression]
    /// Rules and tables in evaluation order: every writer of a field comes before its readers.
    public let writers: [Writer]
    /// The rule tests, in load order.
    public let tests: [TestDeclaration]
    /// Every regex of the ruleset, compiled once, by where it is written.
    public let patterns: [PatternSite: Pattern]
    /// The warnings silenced by `# enrich:ignore CODE -- REASON` comments, with their reasons
    /// (`enrich check --list-silenced`).
    public var silenced: [SilencedWarning] = []

    /// Where a regex literal stands: its file and the byte offset of its pattern text.
    public struct PatternSite: Sendable, Hashable {
        public let path: String
        public let offset: Int
    }

    /// The pattern compiled for the regex whose text starts at `range`.
    public func pattern(at range: SourceRange) -> Pattern? {
        patterns[PatternSite(path: range.file.path, offset: range.start)]
    }
}

/// A declared status transition.
public struct Transition: Sendable, Hashable, CustomStringConvertible {
    public let from: String
    public let to: String
    public var description: String { "\(from) -> \(to)" }
}

/// A rule or a table: something that writes fields.
public struct Writer: Sendable {
    public enum Declaration: Sendable {
        case rule(RuleDeclaration)
        case table(TableDeclaration)
    }
    public let declaration: Declaration
    public let name: String
    /// Higher wins; 0 when not written.
    public let precedence: Int
    /// Position in load order (files by path, then position in the file): the tie-breaker, earlier wins.
    public let loadIndex: Int
    /// Field keys written (`utcOffset`, `customValues[12]`, `statusId` for a move).
    public let writes: [String]
    /// Field keys read by the condition, the values and the table key.
    public let reads: Set<String>
    /// Where it is declared.
    public let range: SourceRange
    /// For a rule that moves statuses: the codes it moves from (two moves conflict only when these overlap).
    public let moveSources: Set<String>

    /// Whether it was declared `overrides edits`: it writes a field even where a person changed the value the
    /// engine had written there.
    public var overridesEdits: Bool {
        switch declaration {
        case let .rule(rule): return rule.overridesEdits
        case let .table(table): return table.overridesEdits
        }
    }
}
