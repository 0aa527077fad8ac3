/// Writes a parsed rules file back out in the one canonical style, keeping every comment.
///
/// Layout:
/// - Items (declarations) are separated by exactly one blank line; the text ends with exactly one
///   newline (an empty file formats to the empty string). Indentation is 2 spaces; no line gets
///   trailing spaces from the formatter (a comment's own text is kept exactly as written).
/// - `status new = 1, qualified = 5` on one line, entries in source order; a code declared without
///   an id stays bare: `status new, junk, qualified = 5`.
/// - `const name = VALUE` on one line.
/// - `transitions {`, one `  from -> to` edge per line, `}`.
/// - `rule "name" precedence 10 {` (`precedence` only when given), then `  when CONDITION`, then one
///   action per line (`  set f = v`, `  fill f = v`, `  clear f`, `  move a, b -> c`), then `}`.
/// - `table "name" precedence 5 {`, optional `  when CONDITION`,
///   `  fill field from EXPRESSION by longest prefix` (or `by first match`), one row per line
///   (`  "7495" => zone("Europe/Moscow")`, `  /re/i => 3`), then `}`.
/// - A decision table: `  set field from INPUT, INPUT by unique` (`first`, `priority [v1, v2]`, `collect sum`...), then one
///   row per line with its cells aligned in columns (`  [1M, 5M), "анна" => 6`; `-` any, intervals `[a, b)`, `>= a`);
///   under `collect count` rows have no value.
/// - `let name = VALUE` lines of a rule: those written before `when` first, then `when`, then the others, then the actions.
/// - `test "name" {`, `  given {JSON}` (the JSON text exactly as written), optional `  now "…"`,
///   one `  expect …` per line (`patch {JSON}`, `fields {JSON}`, `untouched a, b`, `fires "x"`,
///   `not fires "x"`, `error`, `error "x"`), then `}`. A parameterised test (several `given`) has one
///   row per line: `  given {JSON} [now "…"] expect … expect …`.
/// - Every closing brace stands on its own line, even for an empty block.
///
/// Expressions:
/// - Binary operators surrounded by single spaces; parentheses only where the tree needs them
///   (`or` binds loosest, then `and`, then `not`, then comparison / `in` / `is` / `~`, then `+ -`,
///   then `* /`, then unary `-`): `(a or b) and c`, `not (a and b)`, `a and (b and c)`, `(a + b) * c`,
///   `a - (b - c)`, `-(-3)`. Numbers written with `_` or `K`/`M` keep their spelling (`1_000_000`, `10M`).
/// - Strings are re-escaped: `\"`, `\\`, `\n`, `\t`, `\$` for a `$` before `{`, other control
///   characters as `\u{HEX}`; captures as `${name}`. Regex literals come back exactly as
///   `/pattern/flags`. Decimals are written in plain positional notation with the shortest digits
///   that read back as the same `Double` (always with a fractional part: `2.0`, `0.00001`).
/// - Lists `[a, b]`, calls `f(a, b)`, subscripts `customValues[12]` / `lead["x"]`, presence tests
///   `x is not empty`, membership `x not in [...]`, regex matches `x ~ /re/` and `x !~ /re/`.
/// - A `when` line longer than ``lineWidth`` columns whose condition is an `and` (or `or`) chain
///   is broken: the first operand stays after `when `, each further operand goes on its own line,
///   indented 4 spaces and starting with the operator (`    and ...`).
///
/// Comments (every one is written exactly once, in source order, as `#` + its original text):
/// - A comment alone on its line goes on its own line before the construct it precedes (item,
///   `when` line or continuation line, action, edge, row, `given`/`now`/`expect` line), indented
///   like that construct; before a block's closing brace (indented like the block's body) when
///   nothing follows it in the block; or at the end of the file, after a blank line.
/// - A comment that trails code stays at the end of the line of the construct it followed, after
///   one space; except a silence (`# enrich:ignore ...`) trailing a line on which a declaration starts:
///   it goes at the end of the declaration's first line, where it covers the same constructs.
/// - A comment written inside a construct that the formatter puts on one line (a `status` list or
///   a condition spread over several lines, a multi-line list) goes on its own line before that
///   line, whether it was alone on its line or not; so does a trailing comment whose line already
///   carries one (it then goes before the next line).
/// - Blank lines inside blocks are dropped; items are always separated by exactly one blank line,
///   and own-line comments that precede an item sit between that blank line and the item. Between two
///   comments placed together, one blank line is kept where the source had one or more (a file's
///   header comment stays apart from the comment of the declaration after it).
///
/// Formatting is idempotent: formatting the parse of formatted text gives the same text.
public struct RulesFormatter {
    /// The column limit past which a `when` line is broken at its top-level `and`/`or` chain.
    public static let lineWidth = 100

    public init() {}

    /// A silence that the canonical layout would make cover other constructs than it does where it is written.
    public struct SilenceMove: Sendable, CustomStringConvertible {
        /// The silence comment, in the original text.
        public var comment: SourceRange

        public var description: String {
            "formatting would change what this silence covers (fmt puts each construct on a line of its own, and a silence "
                + "covers what starts on its line): write the constructs it is for on lines of their own, each with its "
                + "silence, then format again; the file is left as it is"
        }
    }

    /// The silences a layout would move (``formatKeepingSilences(_:)``).
    public struct SilenceMoves: Error, Sendable {
        public var moves: [SilenceMove]
    }

    /// The canonical text of `file`, unless it would change what a silence (`# enrich:ignore ...`) covers: then the
    /// silences that would move, and the file should be left as it is (`enrich fmt`, the language server). The
    /// common layouts keep their silences (a silence after a one-line rule or block, at the end of a declaration's
    /// first line); some cannot in one construct a line (a silence for two statements on one line, for one entry of a
    /// status list).
    public func formatKeepingSilences(_ file: RulesFile) -> Result<String, SilenceMoves> {
        let formatted = format(file)
        let before = Checker.silenceCoverage(file)
        guard !before.isEmpty else { return .success(formatted) }
        let (reparsed, diagnostics) = Parser.parse(SourceFile(path: file.file.path, text: formatted))
        let after = Checker.silenceCoverage(reparsed)
        // The formatted text parses to the same tree with the same comments in order (the formatter's guarantee); if it
        // ever did not, nothing can be said of the silences: leave the file alone.
        let moved = !diagnostics.hasErrors && after.count == before.count
            ? zip(before, after).filter { $0.constructs != $1.constructs }.map(\.0)
            : before
        guard !moved.isEmpty else { return .success(formatted) }
        return .failure(SilenceMoves(moves: moved.map {
            SilenceMove(comment: SourceRange(file: file.file, start: $0.comment.start, end: $0.comment.end))
        }))
    }

    /// The canonical text of `file`, with its comments put back.
    public func format(_ file: RulesFile) -> String {
        var layout = Layout()
        for (index, item) in file.items.enumerated() {
            layout.startItem(separated: index > 0)
            switch item {
            case let .statuses(declaration): layoutStatuses(declaration, into: &layout)
            case let .transitions(declaration): layoutTransitions(declaration, into: &layout)
            case let .constant(declaration): layoutConstant(declaration, into: &layout)
            case let .rule(declaration): layoutRule(declaration, into: &layout)
            case let .table(declaration): layoutTable(declaration, into: &layout)
            case let .test(declaration): layoutTest(declaration, into: &layout)
            case let .imports(declaration): layoutImport(declaration, into: &layout)
            }
        }
        let bytes = file.file.bytes
        return layout.render(comments: file.comments, blankLineBeforeEndComments: !file.items.isEmpty,
                             silenceHomes: Self.silenceHomes(file)) { earlier, later in
            Self.blankLineBetween(earlier, later, in: bytes)
        }
    }

    /// Whether a blank line separates two comments in the source (only whitespace between them, and two line
    /// breaks or more).
    static func blankLineBetween(_ earlier: Comment, _ later: Comment, in bytes: [UInt8]) -> Bool {
        guard earlier.end <= later.start, later.start <= bytes.count else { return false }
        var breaks = 0
        for byte in bytes[earlier.end..<later.start] {
            switch byte {
            case UInt8(ascii: "\n"): breaks += 1
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): continue
            default: return false
            }
        }
        return breaks >= 2
    }

    /// For each silence (`# enrich:ignore ...`) that trails a line on which a declaration starts: the source
    /// offset where that declaration starts. Such a silence covers the whole declaration (see the checker's
    /// silences), so it goes at the end of the declaration's first line, where it still does: left after the
    /// construct it followed, it would trail a line inside the declaration and cover less (a silence after
    /// `rule "b" { when x ~ /y/` would end up after the `when` line, and cover the condition only).
    static func silenceHomes(_ file: RulesFile) -> [Int: Int] {
        let silences = file.comments.filter { !$0.ownLine && Silence.isSilence($0) }
        guard !silences.isEmpty else { return [:] }
        var itemStartByLine: [Int: Int] = [:]
        for item in file.items {
            let start = item.range.start
            let line = file.file.location(of: start).line
            if itemStartByLine[line] == nil { itemStartByLine[line] = start }
        }
        var homes: [Int: Int] = [:]
        for comment in silences {
            if let start = itemStartByLine[file.file.location(of: comment.start).line] { homes[comment.start] = start }
        }
        return homes
    }

    // MARK: Items

    func layoutStatuses(_ declaration: StatusDeclaration, into layout: inout Layout) {
        let entries = declaration.entries.map(statusEntry).joined(separator: ", ")
        layout.add(0, "status \(entries)", anchor: declaration.range.start, end: declaration.range.end)
    }

    /// `code`, `code = id`, `code = category C` or `code = id category C`; a category that is not a
    /// plain name (`in-progress`) in quotes.
    func statusEntry(_ entry: StatusDeclaration.Entry) -> String {
        var text = entry.code.text
        var assigned: [String] = []
        if let id = entry.id { assigned.append(String(id)) }
        if let category = entry.category {
            let plain = category.text.first.map { $0.isASCII && ($0.isLetter || $0 == "_") } == true
                && category.text.utf8.allSatisfy(\.isIdentifierByte) && Keyword(rawValue: category.text) == nil
            assigned.append("category " + (plain ? category.text : quoted(category.text)))
        }
        if !assigned.isEmpty { text += " = " + assigned.joined(separator: " ") }
        return text
    }

    func layoutTransitions(_ declaration: TransitionsDeclaration, into layout: inout Layout) {
        layout.add(0, "transitions {", anchor: declaration.range.start)
        for edge in declaration.edges {
            layout.add(1, "\(edge.from.text) -> \(edge.to.text)", anchor: edge.range.start, end: edge.range.end)
        }
        layout.closeBlock(declaration.range)
    }

    func layoutConstant(_ declaration: ConstantDeclaration, into layout: inout Layout) {
        layout.add(0, "const \(declaration.name.text) = \(expression(declaration.value))",
                   anchor: declaration.range.start, end: declaration.range.end)
    }

    func layoutRule(_ rule: RuleDeclaration, into layout: inout Layout) {
        layout.add(0, "rule \(quoted(rule.name.text))\(precedence(rule.precedence))\(overrides(rule.overridesEdits)) {", anchor: rule.range.start)
        for binding in rule.bindings where binding.beforeCondition { layoutBinding(binding, into: &layout) }
        if let condition = rule.condition { layoutWhen(condition, into: &layout) }
        for binding in rule.bindings where !binding.beforeCondition { layoutBinding(binding, into: &layout) }
        for action in rule.actions {
            layout.add(1, self.action(action), anchor: action.range.start, end: action.range.end)
        }
        layout.closeBlock(rule.range)
    }

    func layoutTable(_ table: TableDeclaration, into layout: inout Layout) {
        if table.isDecisionTable { return layoutDecisionTable(table, into: &layout) }
        layout.add(0, "table \(quoted(table.name.text))\(precedence(table.precedence))\(overrides(table.overridesEdits)) {", anchor: table.range.start)
        if let condition = table.condition { layoutWhen(condition, into: &layout) }
        let policy = switch table.policy {
        case .longestPrefix: "longest prefix"
        case .firstMatch: "first match"
        case let .decision(hit): hit.keyword
        }
        let source = "\(target(table.target)) from \(expression(table.keyExpression))"
        layout.add(1, "\(table.mode.rawValue) \(source) by \(policy)",
                   anchor: table.target.range.start, end: max(table.policyRange.end, table.target.range.end))
        for row in table.rows {
            let key = switch row.key {
            case let .prefix(text): quoted(text)
            case let .regex(pattern, flags): "/\(pattern)/\(flags)"
            case let .cells(cells): cells.map(cell).joined(separator: ", ")
            }
            layout.add(1, "\(key) => \(expression(row.value))", anchor: row.range.start, end: row.range.end)
        }
        layout.closeBlock(table.range)
    }

    func layoutTest(_ test: TestDeclaration, into layout: inout Layout) {
        layout.add(0, "test \(quoted(test.name.text)) {", anchor: test.range.start)
        if !test.moreRows.isEmpty {
            // A parameterised test reads as a table: one row per line.
            for row in test.rows {
                var line = "given \(row.given)"
                if let now = row.now { line += " now \(quoted(now))" }
                for (expectation, _) in row.expectations { line += " expect \(self.expectation(expectation))" }
                layout.add(1, line, anchor: row.range.start, end: row.range.end)
            }
            layout.closeBlock(test.range)
            return
        }
        layout.add(1, "given \(test.given)", anchor: test.givenRange.start, end: test.givenRange.end)
        if let now = test.now {
            // The range of the quoted time; without one, just after the JSON.
            let start = test.nowRange?.start ?? test.givenRange.end
            layout.add(1, "now \(quoted(now))", anchor: start, end: test.nowRange?.end)
        }
        for (expectation, range) in test.expectations {
            layout.add(1, "expect \(self.expectation(expectation))", anchor: range.start, end: range.end)
        }
        layout.closeBlock(test.range)
    }

    // MARK: Lines inside blocks

    /// `when CONDITION`, broken at the top-level `and`/`or` chain when longer than ``lineWidth``.
    func layoutWhen(_ condition: Expression, into layout: inout Layout) {
        let whole = "when \(expression(condition))"
        let chain = operatorChain(condition)
        if Layout.indent(1).count + whole.count <= RulesFormatter.lineWidth || chain.operands.count < 2 {
            layout.add(1, whole, anchor: condition.range.start, end: condition.range.end)
            return
        }
        for (index, operand) in chain.operands.enumerated() {
            let text = expression(operand, minimumLevel: index == 0 ? chain.firstLevel : chain.restLevel)
            if index == 0 {
                layout.add(1, "when \(text)", anchor: operand.range.start, end: operand.range.end)
            } else {
                layout.add(2, "\(chain.keyword) \(text)", anchor: operand.range.start, end: operand.range.end)
            }
        }
    }

    func action(_ action: Action) -> String {
        switch action {
        case let .write(mode, target, value, _):
            return "\(mode.rawValue) \(self.target(target)) = \(expression(value))"
        case let .clear(target, _):
            return "clear \(self.target(target))"
        case let .move(from, to, _):
            return "move \(from.map(\.text).joined(separator: ", ")) -> \(to.text)"
        }
    }

    func expectation(_ expectation: TestDeclaration.Expectation) -> String {
        switch expectation {
        case let .patch(json): return "patch \(json)"
        case let .fields(json): return "fields \(json)"
        case let .untouched(names): return "untouched \(names.map(\.text).joined(separator: ", "))"
        case let .fires(rule, negated): return "\(negated ? "not " : "")fires \(quoted(rule.text))"
        case let .error(text): return "error" + (text.map { " \(quoted($0))" } ?? "")
        }
    }

    func overrides(_ flag: Bool) -> String {
        flag ? " overrides edits" : ""
    }

    func precedence(_ value: Int?) -> String {
        value.map { " precedence \($0)" } ?? ""
    }
}

extension RulesFormatter {
    /// The formatted lines of a file, each tied to the source offsets of the construct it shows so
    /// that comments can be put back next to it.
    struct Layout {
        struct Line {
            /// Indentation level (2 spaces each).
            var depth: Int
            /// The code; may hold line breaks (a multi-line JSON object is kept as written).
            var text: String
            /// Source offset where the construct starts: own-line comments before it go before the line.
            var anchor: Int
            /// Source offset where the construct ends: comments inside it go before the line.
            var end: Int
            /// Indentation level of own-line comments placed before the line.
            var commentDepth: Int
            /// Whether a blank line precedes the line (and the comments placed before it).
            var blankBefore: Bool
        }

        private(set) var lines: [Line] = []
        private var pendingBlank = false

        static func indent(_ depth: Int) -> String { String(repeating: " ", count: 2 * depth) }

        mutating func startItem(separated: Bool) { pendingBlank = separated }

        mutating func add(_ depth: Int, _ text: String, anchor: Int, end: Int? = nil, commentDepth: Int? = nil) {
            lines.append(Line(depth: depth, text: text, anchor: anchor, end: max(end ?? anchor + 1, anchor + 1),
                              commentDepth: commentDepth ?? depth, blankBefore: pendingBlank))
            pendingBlank = false
        }

        /// The `}` of a top-level block; comments just before it are indented like the block's body.
        mutating func closeBlock(_ range: SourceRange) {
            add(0, "}", anchor: max(range.start, range.end - 1), commentDepth: 1)
        }

        /// The text, with each comment placed once and in source order.
        ///
        /// Comments get slots in output order: slot `2i` is "own line before line i", slot `2i + 1`
        /// is "trailing on line i", and slot `2n` the end of the file. A comment inside the construct
        /// of line i goes before line i; one after it goes at the end of line i if it trailed code
        /// there and that slot is free, else before line i + 1. Slots never go backwards, so the
        /// comments keep their order even if a line had to be placed out of source order.
        /// A silence in `silenceHomes` (its offset to the offset of the declaration whose first line it trails)
        /// goes at the end of that declaration's first line when the slot is free and order allows.
        /// Two own-line comments placed together keep one blank line between them when `blankBetween` says the
        /// source had one (a section comment stays apart from the comment of the declaration after it).
        func render(comments: [Comment], blankLineBeforeEndComments blankBeforeEnd: Bool, silenceHomes: [Int: Int] = [:],
                    blankBetween: (Comment, Comment) -> Bool = { _, _ in false }) -> String {
            var anchors = lines.map(\.anchor)
            for index in anchors.indices.dropFirst() { anchors[index] = max(anchors[index], anchors[index - 1]) }
            var before = Array(repeating: [Comment](), count: lines.count + 1)
            var trailing = Array(repeating: Comment?.none, count: lines.count)
            var lastSlot = 0
            for comment in comments.sorted(by: { $0.start < $1.start }) {
                // The first line that starts after the comment; the one before it is the line it follows.
                var low = 0, high = anchors.count
                while low < high {
                    let mid = (low + high) / 2
                    if anchors[mid] <= comment.start { low = mid + 1 } else { high = mid }
                }
                let next = low
                let previous = next - 1
                var slot = 2 * next
                if previous >= 0, comment.start < lines[previous].end, 2 * previous >= lastSlot {
                    slot = 2 * previous
                } else if previous >= 0, comment.start >= lines[previous].end, !comment.ownLine,
                          trailing[previous] == nil, 2 * previous + 1 >= lastSlot {
                    slot = 2 * previous + 1
                }
                if let home = silenceHomes[comment.start], let first = lines.firstIndex(where: { $0.anchor >= home }),
                   lines[first].anchor < comment.start, trailing[first] == nil, 2 * first + 1 >= lastSlot {
                    slot = 2 * first + 1
                }
                if slot % 2 == 1 {
                    trailing[slot / 2] = comment
                } else {
                    before[slot / 2].append(comment)
                }
                lastSlot = slot
            }

            var out = ""
            /// Comments each on a line of its own, with one blank line where the source separated two of them.
            func writeOwnLine(_ comments: [Comment], indent: String) {
                for (position, comment) in comments.enumerated() {
                    if position > 0, blankBetween(comments[position - 1], comment) { out += "\n" }
                    out += indent + "#" + comment.text + "\n"
                }
            }
            for (index, line) in lines.enumerated() {
                if line.blankBefore { out += "\n" }
                writeOwnLine(before[index], indent: Layout.indent(line.commentDepth))
                out += Layout.indent(line.depth) + line.text
                if let comment = trailing[index] { out += " #" + comment.text }
                out += "\n"
            }
            if let last = before.last, !last.isEmpty {
                if blankBeforeEnd { out += "\n" }
                writeOwnLine(last, indent: "")
            }
            return out
        }
    }
}
