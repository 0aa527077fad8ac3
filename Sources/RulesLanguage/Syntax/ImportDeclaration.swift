/// `import "PATH" [as NAME] [{ override const NAME = LITERAL ... }]`: the declarations of another
/// pack (a directory of `.rules` files, or one file), at a path relative to the importing file's
/// directory, with some of its constants given other values.
public struct ImportDeclaration: Sendable, Equatable {
    /// The path as written (without quotes).
    public var path: Name
    /// The name diagnostics and test reports call the pack by; the last path component when not given.
    public var alias: Name?
    /// `override const NAME = LITERAL`: each replaces the value of a constant the imported pack declares.
    public var overrides: [ConstantDeclaration]
    public var range: SourceRange

    public init(path: Name, alias: Name?, overrides: [ConstantDeclaration], range: SourceRange) {
        self.path = path
        self.alias = alias
        self.overrides = overrides
        self.range = range
    }

    /// The pack's name: the alias, or the last component of the path.
    public var packName: String {
        if let alias { return alias.text }
        return path.text.split(separator: "/").last(where: { $0 != "." && $0 != ".." }).map(String.init) ?? path.text
    }

    public static func == (l: Self, r: Self) -> Bool { l.path == r.path && l.alias == r.alias && l.overrides == r.overrides }
}

extension Parser {
    /// `import "PATH" [as NAME] [{ override const NAME = LITERAL ... }]`; `as` and `override` are
    /// words only here.
    mutating func parseImport() throws -> ImportDeclaration {
        let start = advance().start
        let path = try expectString("the imported pack's path in quotes")
        var alias: Name?
        if current.kind == .identifier("as") {
            advance()
            alias = try expectName("the pack's name after 'as'")
        }
        var overrides: [ConstantDeclaration] = []
        if accept(.leftBrace) {
            while !isSymbol(.rightBrace) {
                if atEnd || atDeclarationStart { throw fail("'}'") }
                let overrideStart = current.start
                guard current.kind == .identifier("override") else { throw fail("'override const NAME = VALUE' or '}'") }
                advance()
                guard isKeyword(.const) else { throw fail("'const' after 'override'") }
                advance()
                let name = try expectName("the name of a constant of the imported pack")
                try expect(.assign)
                let value = try parseExpression()
                overrides.append(ConstantDeclaration(name: name, value: value, range: range(from: overrideStart)))
            }
            advance()
        }
        return ImportDeclaration(path: path, alias: alias, overrides: overrides, range: range(from: start))
    }
}

extension RulesFormatter {
    /// `import "PATH" as NAME` on one line; with overrides, a block of `override const` lines.
    func layoutImport(_ declaration: ImportDeclaration, into layout: inout Layout) {
        var head = "import \(quoted(declaration.path.text))"
        if let alias = declaration.alias { head += " as \(alias.text)" }
        guard !declaration.overrides.isEmpty else {
            layout.add(0, head, anchor: declaration.range.start, end: declaration.range.end)
            return
        }
        layout.add(0, head + " {", anchor: declaration.range.start)
        for constant in declaration.overrides {
            layout.add(1, "override const \(constant.name.text) = \(expression(constant.value))", anchor: constant.range.start, end: constant.range.end)
        }
        layout.closeBlock(declaration.range)
    }
}
