/// A recursive-descent parser for one rules file.
///
/// Errors are reported as diagnostics pointing at the offending token; the parser then skips to
/// the next action or declaration and goes on, so one run reports every error of the file.
public struct Parser {
    let file: SourceFile
    var tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    /// Current expression nesting, bounded so that hostile input cannot exhaust the stack.
    var depth = 0
    static let maximumDepth = 64
    /// The most operands one `and` or `or` chain may have.
    static let maximumChain = 256
    var comments: [Comment] = []
    /// Where the current declaration's tokens start: the error for a missing closing bracket looks for its opener
    /// from there (only when it is reported: nothing is kept per token).
    var declarationStart = 0
    /// How many subscripts of an action's target (`customValues[...]`) are being read: there a '=' ends the key.
    var subscriptDepth = 0
    /// Whether a table row's simple value is read without the expression parser (``simpleRowValue()``); off only to
    /// test that shortcut against the parser.
    var rowShortcut = true

    /// Thrown inside the parser to unwind to the nearest recovery point; already reported.
    struct Failure: Error {}

    /// Parses `file`, returning the tree (with whatever could be parsed) and all diagnostics.
    public static func parse(_ file: SourceFile) -> (RulesFile, [Diagnostic]) {
        parse(file, rowShortcut: true)
    }

    /// ``parse(_:)``, with or without the table rows' shortcut.
    static func parse(_ file: SourceFile, rowShortcut: Bool) -> (RulesFile, [Diagnostic]) {
        var lexer = Lexer(file: file)
        let tokens = lexer.tokenize()
        var parser = Parser(file: file, tokens: tokens)
        parser.rowShortcut = rowShortcut
        parser.diagnostics = lexer.diagnostics
        parser.comments = lexer.comments
        let items = parser.parseItems()
        return (RulesFile(file: file, items: items, comments: lexer.comments), parser.diagnostics)
    }

    init(file: SourceFile, tokens: [Token]) {
        self.file = file
        // The lexer reported invalid tokens already; dropping them avoids a second error.
        let isInvalid = { (token: Token) -> Bool in
            if case .invalid = token.kind { return true }
            return false
        }
        self.tokens = tokens.contains(where: isInvalid) ? tokens.filter { !isInvalid($0) } : tokens
    }

    // MARK: Token access

    var current: Token { tokens[index] }
    var previous: Token { tokens[max(0, index - 1)] }

    func peekKind(_ ahead: Int = 1) -> TokenKind {
        tokens[min(index + ahead, tokens.count - 1)].kind
    }

    @discardableResult
    mutating func advance() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    static func closer(of opener: Symbol) -> Symbol? {
        switch opener {
        case .leftBrace: return .rightBrace
        case .leftBracket: return .rightBracket
        case .leftParen: return .rightParen
        default: return nil
        }
    }

    func range(_ token: Token) -> SourceRange { SourceRange(file: file, start: token.start, end: token.end) }
    func range(from start: Int) -> SourceRange { SourceRange(file: file, start: start, end: previous.end) }

    /// Whether the current token ends the file.
    var atEnd: Bool {
        if case .endOfFile = tokens[index].kind { return true }
        return false
    }

    func isKeyword(_ keyword: Keyword) -> Bool {
        if case let .keyword(found) = tokens[index].kind { return found == keyword }
        return false
    }

    func isSymbol(_ symbol: Symbol) -> Bool {
        if case let .symbol(found) = tokens[index].kind { return found == symbol }
        return false
    }

    mutating func accept(_ keyword: Keyword) -> Bool {
        guard isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func accept(_ symbol: Symbol) -> Bool {
        guard isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func fail(_ what: String) -> Failure {
        // A word in another alphabet was reported by the lexer ("... is not a name"): one error for it is enough.
        if case let .identifier(text) = current.kind, !text.utf8.allSatisfy({ $0 < 0x80 }) { return Failure() }
        diagnostics.append(Diagnostic(.expected(what, found: current.kind.display), at: range(current), notes: openerNotes(what)))
        return Failure()
    }

    /// When `what` is a closing bracket and its opener is on an earlier line: a note at the opener, which is
    /// where the author has to look (the error itself is where the parser noticed, often a declaration later).
    func openerNotes(_ what: String) -> [Diagnostic.Note] {
        // The openers whose closer `what` names.
        let openers = [Symbol.leftBrace, .leftBracket, .leftParen].filter { what.contains("'\(Self.closer(of: $0)!.rawValue)'") }
        guard !openers.isEmpty else { return [] }
        // The brackets of the declaration so far that are still open, innermost last.
        var openBrackets: [Token] = []
        // At most the last 20,000 tokens: a table of many bad rows must not make each error scan the whole table.
        for token in tokens[min(max(declarationStart, index - 20_000), index)..<index] {
            guard case let .symbol(symbol) = token.kind else { continue }
            if Self.closer(of: symbol) != nil {
                openBrackets.append(token)
            } else if let last = openBrackets.last, case let .symbol(opener) = last.kind, Self.closer(of: opener) == symbol {
                openBrackets.removeLast()
            }
        }
        let currentLine = file.location(of: current.start).line
        for opener in openers {
            guard let open = openBrackets.last(where: { $0.kind == .symbol(opener) }),
                  file.location(of: open.start).line < currentLine else { continue }
            return [Diagnostic.Note(text: "the '\(opener.rawValue)' that is not closed is here", range: range(open))]
        }
        return []
    }

    mutating func expect(_ keyword: Keyword) throws {
        guard accept(keyword) else { throw fail("'\(keyword.rawValue)'") }
    }

    mutating func expect(_ symbol: Symbol) throws {
        guard accept(symbol) else { throw fail("'\(symbol.rawValue)'") }
    }

    mutating func expectName(_ what: String = "a name") throws -> Name {
        if case let .identifier(text) = current.kind {
            let token = advance()
            return Name(text: text, range: range(token))
        }
        throw fail(what)
    }

    mutating func expectString(_ what: String) throws -> Name {
        if case let .string(parts) = current.kind {
            let token = advance()
            var text = ""
            for part in parts {
                switch part {
                case let .text(t): text += t
                case let .capture(name, _): text += "${\(name)}"
                }
            }
            return Name(text: text, range: range(token))
        }
        throw fail(what)
    }

    mutating func expectInteger(_ what: String) throws -> Int {
        if case let .integer(value) = current.kind {
            advance()
            return value
        }
        throw fail(what)
    }

    // MARK: Recovery

    static let declarationKeywords: Set<Keyword> = [.rule, .table, .status, .transitions, .const, .test, .import]
    static let actionKeywords: Set<Keyword> = [.set, .fill, .clear, .move, .when, .let]

    var atDeclarationStart: Bool {
        if case let .keyword(k) = current.kind, Parser.declarationKeywords.contains(k), current.atLineStart { return true }
        return false
    }

    /// Skips to the next declaration keyword at the start of a line.
    mutating func skipToDeclaration() {
        while !atEnd, !atDeclarationStart { advance() }
    }

    /// Skips to the next action keyword, a closing brace, or a declaration; tracks nested braces.
    mutating func skipToAction(extra: Set<Keyword> = []) {
        var depth = 0
        while !atEnd, !atDeclarationStart {
            if depth == 0, case let .keyword(k) = current.kind, current.atLineStart,
               Parser.actionKeywords.contains(k) || extra.contains(k) { return }
            if isSymbol(.leftBrace) { depth += 1 }
            if isSymbol(.rightBrace) {
                if depth == 0 { return }
                depth -= 1
            }
            advance()
        }
    }

    // MARK: Declarations

    mutating func parseItems() -> [Item] {
        var items: [Item] = []
        while !atEnd {
            declarationStart = index
            do {
                if let item = try parseItem() { items.append(item) }
            } catch {
                skipToDeclaration()
            }
        }
        return items
    }

    mutating func parseItem() throws -> Item? {
        guard case let .keyword(keyword) = current.kind, Parser.declarationKeywords.contains(keyword) else {
            let failure = fail("'rule', 'table', 'status', 'transitions', 'const', 'test' or 'import'")
            advance()
            throw failure
        }
        switch keyword {
        case .status: return .statuses(try parseStatuses())
        case .transitions: return .transitions(try parseTransitions())
        case .const: return .constant(try parseConstant())
        case .import: return .imports(try parseImport())
        case .rule: return try parseRule().map(Item.rule)
        case .table: return try parseTable().map(Item.table)
        default: return try parseTest().map(Item.test)
        }
    }

    mutating func parseStatuses() throws -> StatusDeclaration {
        let start = advance().start
        var entries: [StatusDeclaration.Entry] = []
        repeat {
            let entryStart = current.start
            let code = try expectName("a status code")
            var id: Int?
            var category: Name?
            if accept(.assign) {
                // `category` is a word only here: after `=`, before the category's name.
                if !isCategoryWord { id = try expectInteger("the status's numeric id or 'category NAME'") }
                if isCategoryWord {
                    advance()
                    category = try expectCategory()
                }
            } else if !isSymbol(.comma), !current.atLineStart, !atEnd {
                // `status new 1`: more on the line that is neither `= ID` nor the next code.
                throw fail("'= ID', ',' or the end of the line")
            }
            if category == nil, !isSymbol(.comma), !current.atLineStart, !atEnd {
                // `status junk = 9 disqualified`: more on the line after the id.
                throw fail("'category NAME', ',' or the end of the line")
            }
            entries.append(.init(code: code, id: id, category: category, range: range(from: entryStart)))
        } while accept(.comma)
        return StatusDeclaration(entries: entries, range: range(from: start))
    }

    /// Whether the current token is the word `category` of a status entry.
    var isCategoryWord: Bool { current.kind == .identifier("category") }

    /// A status category: a name (`disqualified`) or, for names with a hyphen, a string (`"in-progress"`).
    mutating func expectCategory() throws -> Name {
        if case let .string(parts) = current.kind, parts.count <= 1 {
            let text: String
            if case let .text(value)? = parts.first { text = value } else { text = "" }
            let token = advance()
            return Name(text: text, range: range(token))
        }
        return try expectName("a status category (in-progress, qualified or disqualified; \"in-progress\" in quotes)")
    }

    mutating func parseTransitions() throws -> TransitionsDeclaration {
        let start = advance().start
        try expect(.leftBrace)
        var edges: [TransitionsDeclaration.Edge] = []
        while !isSymbol(.rightBrace) {
            if atEnd || atDeclarationStart { throw fail("'}'") }
            let edgeStart = current.start
            let from = try expectName("a status code")
            try expect(.arrow)
            let to = try expectName("a status code")
            edges.append(.init(from: from, to: to, range: range(from: edgeStart)))
            _ = accept(.comma)
        }
        advance()
        return TransitionsDeclaration(edges: edges, range: range(from: start))
    }

    mutating func parseConstant() throws -> ConstantDeclaration {
        let start = advance().start
        let name = try expectName("the constant's name")
        try expect(.assign)
        let value = try parseExpression()
        return ConstantDeclaration(name: name, value: value, range: range(from: start))
    }

    mutating func parsePrecedence() throws -> Int? {
        guard accept(.precedence) else { return nil }
        return try expectInteger("a precedence number")
    }

    /// `overrides edits` after a rule's or table's name and precedence. The two words are not keywords (a
    /// field or capture may still be called `edits`): they mean this only in this place.
    mutating func parseOverridesEdits() throws -> Bool {
        guard case .identifier("overrides") = current.kind else { return false }
        advance()
        guard case .identifier("edits") = current.kind else { throw fail("'edits' after 'overrides'") }
        advance()
        return true
    }

    /// Parses a block's body items one by one, recovering at the next action keyword.
    mutating func parseBlock(extraRecovery: Set<Keyword> = [], _ body: (inout Parser) throws -> Void) throws {
        try expect(.leftBrace)
        while !isSymbol(.rightBrace) {
            if atEnd || atDeclarationStart { throw fail("'}'") }
            let before = index
            do {
                try body(&self)
            } catch {
                skipToAction(extra: extraRecovery)
                if index == before, !isSymbol(.rightBrace) { advance() }
            }
        }
        advance()
    }

    mutating func parseRule() throws -> RuleDeclaration? {
        let start = advance().start
        let name = try expectString("the rule's name in quotes")
        let precedence = try parsePrecedence()
        let overridesEdits = try parseOverridesEdits()
        var condition: Expression?
        var actions: [Action] = []
        var bindings: [Binding] = []
        var actionFailed = false
        try parseBlock { parser in
            if parser.isKeyword(.let) {
                bindings.append(try parser.parseBinding(beforeCondition: condition == nil, afterActions: !actions.isEmpty))
            } else if parser.isKeyword(.when) {
                let whenToken = parser.advance()
                let expression = try parser.parseExpression()
                if condition != nil {
                    parser.diagnostics.append(Diagnostic(.expected("one 'when' per rule (join conditions with 'and')",
                        found: "a second 'when'"), at: parser.range(whenToken)))
                } else if !actions.isEmpty {
                    parser.diagnostics.append(Diagnostic(.expected("'when' before the actions", found: "'when' after them"),
                        at: parser.range(whenToken)))
                }
                condition = condition ?? expression
            } else {
                do {
                    actions.append(try parser.parseAction())
                } catch {
                    actionFailed = true
                    throw error
                }
            }
        }
        // An action that could not be read was reported: "no action" would say the same thing again, wrongly.
        if actions.isEmpty, !actionFailed {
            diagnostics.append(Diagnostic(.expected("at least one action (set, fill, clear, move)", found: "none"), at: name.range))
        }
        return RuleDeclaration(name: name, precedence: precedence, condition: condition, actions: actions, range: range(from: start),
                               overridesEdits: overridesEdits, bindings: bindings)
    }

    mutating func parseAction() throws -> Action {
        let start = current.start
        switch current.kind {
        case .keyword(.set), .keyword(.fill):
            let mode: WriteMode = isKeyword(.set) ? .set : .fill
            advance()
            let target = try parseTarget()
            try expect(.assign)
            let value = try parseExpression()
            return .write(mode: mode, target: target, value: value, range: range(from: start))
        case .keyword(.clear):
            advance()
            return .clear(target: try parseTarget(), range: range(from: start))
        case .keyword(.move):
            advance()
            var from: [Name] = []
            repeat { from.append(try expectName("a status code")) } while accept(.comma)
            try expect(.arrow)
            let to = try expectName("a status code")
            return .move(from: from, to: to, range: range(from: start))
        default:
            let failure = fail("an action (set, fill, clear, move)")
            throw failure
        }
    }

    mutating func parseTarget() throws -> FieldTarget {
        let start = current.start
        let name: Name
        if isKeyword(.status) {
            name = Name(text: "status", range: range(advance()))
        } else {
            name = try expectName("a field name")
        }
        var key: Expression?
        if accept(.leftBracket) {
            // `set customValues[3 = 1`: the '=' ends the key (it is the action's), and the error is the missing ']'.
            subscriptDepth += 1
            defer { subscriptDepth -= 1 }
            key = try parseExpression()
            guard accept(.rightBracket) else { throw fail("']' to close '\(name.text)['") }
        }
        return FieldTarget(name: name, key: key, range: range(from: start))
    }

    mutating func parseTable() throws -> TableDeclaration? {
        let start = advance().start
        let name = try expectString("the table's name in quotes")
        let precedence = try parsePrecedence()
        let overridesEdits = try parseOverridesEdits()
        try expect(.leftBrace)
        var condition: Expression?
        if accept(.when) { condition = try parseExpression() }
        guard isKeyword(.set) || isKeyword(.fill) else { throw fail("'set' or 'fill' and the field the table writes") }
        let mode: WriteMode = isKeyword(.set) ? .set : .fill
        advance()
        let target = try parseTarget()
        try expect(.from)
        let keyExpression = try parseExpression()
        var moreInputs: [Expression] = []
        while accept(.comma) { moreInputs.append(try parseExpression()) }
        let policyStart = current.start
        try expect(.by)
        let (policy, priorities) = try parsePolicy()
        let policyRange = range(from: policyStart)
        if !moreInputs.isEmpty, !(policy.isDecision) {
            diagnostics.append(Diagnostic(.expected("one key for a '\(policyRange.text)' table (several inputs need a decision table: 'by unique', 'by first', ...)",
                                                    found: "\(moreInputs.count + 1) inputs"), at: moreInputs[0].range))
        }
        var rows: [TableDeclaration.Row] = []
        while !isSymbol(.rightBrace) {
            if atEnd || atDeclarationStart { throw fail("'}'") }
            do {
                if case let .decision(hit) = policy {
                    rows.append(try parseDecisionRow(hit))
                } else {
                    rows.append(try parseRow())
                }
            } catch {
                // Skip to the next row: a string or regex at the start of a line.
                repeat { advance() } while !current.atLineStart && !atEnd
            }
        }
        advance()
        var table = TableDeclaration(
            name: name, precedence: precedence, condition: condition, mode: mode, target: target,
            keyExpression: keyExpression, policy: policy, policyRange: policyRange, rows: rows, range: range(from: start))
        table.overridesEdits = overridesEdits
        table.moreInputs = moreInputs
        table.priorities = priorities
        return table
    }

    mutating func parseRow() throws -> TableDeclaration.Row {
        let keyToken = current
        let key: TableDeclaration.Key
        switch current.kind {
        case let .string(parts):
            var text = ""
            for part in parts { if case let .text(t) = part { text += t } }
            key = .prefix(text)
        case let .regex(pattern, flags):
            key = .regex(pattern: pattern, flags: flags)
        default:
            throw fail("a row key: a \"prefix\" or a /regex/")
        }
        advance()
        try expect(.fatArrow)
        let value = try (rowShortcut ? simpleRowValue() : nil) ?? parseExpression()
        return TableDeclaration.Row(key: key, keyRange: range(keyToken), value: value, range: range(from: keyToken.start))
    }

    /// A row's value that is a literal string or integer, or a call with one literal string (`zone("Europe/Moscow")`),
    /// when what follows cannot continue an expression (the next row's key or the table's `}`): the expression
    /// ``parseExpression()`` makes of it, made without descending its eight levels of precedence. A table of 35,000
    /// such rows is most of the default pack's load. `nil` for anything else, the parser then reads it.
    mutating func simpleRowValue() -> Expression? {
        /// Whether a token after a value leaves the value whole: no operator, bracket or argument list continues it.
        func endsValue(_ offset: Int) -> Bool {
            guard index + offset < tokens.count else { return false }
            switch tokens[index + offset].kind {
            case .string, .regex, .symbol(.rightBrace): return true
            default: return false
            }
        }
        let first = tokens[index]
        switch first.kind {
        case let .integer(value) where endsValue(1):
            advance()
            return Expression(.integer(value), range(first))
        case let .string(parts) where endsValue(1):
            advance()
            return Expression(.string(parts), range(first))
        case let .identifier(name):
            guard index + 3 < tokens.count, case .symbol(.leftParen) = tokens[index + 1].kind,
                  case let .string(parts) = tokens[index + 2].kind, case .symbol(.rightParen) = tokens[index + 3].kind,
                  endsValue(4) else { return nil }
            let argument = tokens[index + 2]
            for _ in 0..<4 { advance() }
            return Expression(.call(function: Name(text: name, range: range(first)), arguments: [Expression(.string(parts), range(argument))]),
                              range(from: first.start))
        default:
            return nil
        }
    }
}
