import Foundation

/// A warning silenced at one site by a `# enrich:ignore CODE -- REASON` comment.
public struct SilencedWarning: Sendable, Equatable {
    /// The warning that is not reported.
    public var warning: Diagnostic
    /// The reason the comment states.
    public var reason: String
    /// Where the comment is.
    public var comment: SourceRange
}

/// A parsed `# enrich:ignore CODE[, CODE...] -- REASON` comment.
struct Silence {
    static let marker = "enrich:ignore"

    var codes: [String]
    var reason: String
    /// The comment.
    var range: SourceRange
    /// The lines whose warnings it silences: its line when it trails code, else the next line that holds code;
    /// with the whole of the statement (a rule's condition, a `let`, an action) on that line, and the whole of
    /// each construct (a declaration, a statement, a transition, a status entry, a table row) that starts on it
    /// or, for a trailing silence, ends on it: however many lines they are written on, so that `enrich fmt`
    /// splitting or joining their lines never changes what a silence covers (a silence trailing a rule written
    /// on one line covers the whole rule, as it does after the rule's closing brace once formatted).
    var lines: ClosedRange<Int>

    /// Whether `comment` is a silence (`# enrich:ignore` followed by a space, a tab or nothing): the checker
    /// reads it, and the formatter keeps it where it covers the same constructs.
    static func isSilence(_ comment: Comment) -> Bool {
        silenceBody(comment.text) != nil
    }

    /// What follows the marker of a silence's text, or `nil` when the text is no silence.
    static func silenceBody(_ text: String) -> Substring? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(marker) else { return nil }
        let body = trimmed.dropFirst(marker.count)
        guard body.isEmpty || body.first == " " || body.first == "\t" else { return nil }
        return body
    }
}

extension Diagnostic.Message {
    /// The codes of the warnings a comment may silence (errors cannot be silenced). A test keeps
    /// this list equal to the warnings of the catalogue.
    public static let silenceableCodes = [
        "always-loses", "ambiguous-precedence", "custom-field-type", "empty-value", "fractional-zone",
        "maybe-empty-value", "never-fires", "regex-backtracking", "shadowed-row", "table-gap", "unlocked-import", "unreachable-row",
        "unused", "upstream-changed",
    ]

    static func silenceWithoutReason(_ codes: [String]) -> Self {
        Self("silence", .error, "a silence must state its reason: `# \(Silence.marker) \(codes.joined(separator: ", ")) -- WHY`")
    }
    static func silenceWithoutCode() -> Self {
        Self("silence", .error, "a silence names the warning it silences: `# \(Silence.marker) CODE -- WHY` (codes: "
             + silenceableCodes.joined(separator: ", ") + ")")
    }
    static func unknownSilenceCode(_ code: String, suggestion: String?) -> Self {
        Self("silence", .error, "'\(code)' is not a warning that can be silenced"
             + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (codes: " + silenceableCodes.joined(separator: ", ") + ")")
    }
    static func unusedSilence(_ code: String) -> Self {
        Self("unused-silence", .warning, "this silence of '\(code)' silences nothing: remove it")
    }
}

extension Checker {
    /// Reads the silences of `files`, reporting malformed ones.
    mutating func collectSilences(_ files: [RulesFile]) -> [Silence] {
        var silences: [Silence] = []
        for file in files {
            // Only a file with a silence needs its lines of code (the pack's largest tables span 35,000 lines).
            guard file.comments.contains(where: { $0.text.contains(Silence.marker) }) else { continue }
            let codeLines = Self.codeLines(file)
            let statements = Self.statementLines(file)
            let constructs = Self.constructLines(file)
            for comment in file.comments {
                guard let body = Silence.silenceBody(comment.text) else { continue }
                let range = SourceRange(file: file.file, start: comment.start, end: comment.end)
                let (codePart, reasonPart) = Self.split(String(body))
                let codes = codePart.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
                if codes.isEmpty {
                    report(.silenceWithoutCode(), range)
                    continue
                }
                var known = true
                for code in codes where !Diagnostic.Message.silenceableCodes.contains(code) {
                    report(.unknownSilenceCode(code, suggestion: Suggestions.closest(to: code, in: Diagnostic.Message.silenceableCodes)), range)
                    known = false
                }
                let reason = reasonPart?.trimmingCharacters(in: .whitespaces) ?? ""
                if reason.isEmpty {
                    report(.silenceWithoutReason(codes), range)
                    continue
                }
                guard known else { continue }
                let lines = Self.coveredLines(comment, line: range.location.line, codeLines: codeLines, statements: statements,
                                              constructs: constructs)
                silences.append(Silence(codes: codes, reason: reason, range: range, lines: lines))
            }
        }
        return silences
    }

    /// The lines a silence on `line` covers (see ``Silence/lines``).
    static func coveredLines(_ comment: Comment, line: Int, codeLines: [Int], statements: [ClosedRange<Int>],
                             constructs: [ClosedRange<Int>]) -> ClosedRange<Int> {
        let target = comment.ownLine ? (codeLines.first { $0 > line } ?? line + 1) : line
        var lines = statements.first { $0.contains(target) } ?? target...target
        for span in constructs where span.lowerBound == target || (!comment.ownLine && span.upperBound == target) {
            lines = min(lines.lowerBound, span.lowerBound)...max(lines.upperBound, span.upperBound)
        }
        return lines
    }

    /// For each silence comment of `file`, in order: the constructs it covers, as their indices in
    /// ``constructLines(_:)``'s order (which depends on the tree only, not on the layout): what `enrich fmt` must
    /// keep the same.
    static func silenceCoverage(_ file: RulesFile) -> [(comment: Comment, constructs: [Int])] {
        let silences = file.comments.filter(Silence.isSilence)
        guard !silences.isEmpty else { return [] }
        let codeLines = codeLines(file), statements = statementLines(file), constructs = constructLines(file)
        return silences.map { comment in
            let lines = coveredLines(comment, line: file.file.location(of: comment.start).line, codeLines: codeLines,
                                     statements: statements, constructs: constructs)
            return (comment, constructs.indices.filter { lines.contains(constructs[$0].lowerBound) })
        }
    }

    /// `CODES -- REASON` split at the first ` -- `.
    private static func split(_ body: String) -> (String, String?) {
        guard let separator = body.range(of: "--") else { return (body, nil) }
        return (String(body[..<separator.lowerBound]), String(body[separator.upperBound...]))
    }

    /// The lines of each statement of the file's rules that may be written on several lines: a condition (from
    /// its `when`), a `let`, an action.
    static func statementLines(_ file: RulesFile) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        func add(_ range: SourceRange) {
            let start = range.location.line, end = range.endLocation.line
            spans.append(start...max(start, end))
        }
        for item in file.items {
            guard case let .rule(rule) = item else { continue }
            if let condition = rule.condition { add(condition.range) }
            for binding in rule.bindings { add(binding.range) }
            for action in rule.actions { add(action.range) }
        }
        return spans
    }

    /// The lines of every construct a silence may cover whole: each declaration, and inside them each
    /// statement, transition, status entry and table row.
    static func constructLines(_ file: RulesFile) -> [ClosedRange<Int>] {
        var spans = statementLines(file)
        func add(_ range: SourceRange) {
            let start = range.location.line, end = range.endLocation.line
            spans.append(start...max(start, end))
        }
        for item in file.items {
            add(item.range)
            switch item {
            case let .statuses(declaration): declaration.entries.forEach { add($0.range) }
            case let .transitions(declaration): declaration.edges.forEach { add($0.range) }
            case let .table(declaration): declaration.rows.forEach { add($0.range) }
            case .constant, .rule, .test, .imports: break
            }
        }
        return spans
    }

    /// The lines (1-based, sorted) on which some token of the file starts.
    private static func codeLines(_ file: RulesFile) -> [Int] {
        var lines: Set<Int> = []
        for item in file.items {
            let start = item.range.location.line, end = item.range.endLocation.line
            lines.formUnion(start...max(start, end))
        }
        let commentLines = Set(file.comments.filter(\.ownLine).map { file.file.location(of: $0.start).line })
        return lines.subtracting(commentLines).sorted()
    }

    /// Removes the warnings that a silence covers (same file, the silence's line, one of its codes),
    /// records them in ``silenced``, and warns about silences that covered nothing.
    mutating func applySilences(_ silences: [Silence]) {
        guard !silences.isEmpty else { return }
        var byPlace: [String: [Int]] = [:]
        for (index, silence) in silences.enumerated() {
            for line in silence.lines { byPlace["\(silence.range.file.path)\u{0}\(line)", default: []].append(index) }
        }
        var used = Set<Int>()
        var silencedDiagnostics: [Diagnostic] = []
        diagnostics.removeAll { diagnostic in
            guard diagnostic.severity == .warning,
                  let candidates = byPlace["\(diagnostic.range.file.path)\u{0}\(diagnostic.location.line)"],
                  let index = candidates.first(where: { silences[$0].codes.contains(diagnostic.message.code) }) else { return false }
            used.insert(index)
            silenced.append(SilencedWarning(warning: diagnostic, reason: silences[index].reason, comment: silences[index].range))
            silencedDiagnostics.append(diagnostic)
            return true
        }
        accountDiagnostics.removeAll { silencedDiagnostics.contains($0) }
        // With errors in the pack, some analyses did not run (the order of writers, the conditions of rules that
        // failed to check): a silence may cover nothing only because its warning was not looked for. Say so only
        // of a pack without errors.
        guard !diagnostics.contains(where: { $0.severity == .error }) else { return }
        for (index, silence) in silences.enumerated() where !used.contains(index) {
            report(.unusedSilence(silence.codes.joined(separator: ", ")), silence.range)
        }
    }
}
