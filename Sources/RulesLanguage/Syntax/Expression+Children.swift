extension Expression {
    /// The expressions directly inside this one, in source order (for tools that walk the tree: the language
    /// server's index, for example). A new kind of expression adds its operands here.
    public var children: [Expression] {
        switch kind {
        case .integer, .decimal, .string, .boolean, .null, .identifier, .capture, .regexLiteral:
            return []
        case let .list(elements): return elements
        case let .subscripted(_, key): return [key]
        case let .call(_, arguments): return arguments
        case let .regexMatch(subject, _, _, _, _): return [subject]
        case let .compare(_, lhs, rhs), let .and(lhs, rhs), let .or(lhs, rhs), let .arithmetic(_, lhs, rhs): return [lhs, rhs]
        case let .membership(value, list, _): return [value, list]
        case let .test(value, _, _), let .not(value), let .negate(value): return [value]
        }
    }

    /// Calls `visit` on this expression and on every expression inside it, outermost first.
    public func forEach(_ visit: (Expression) -> Void) {
        visit(self)
        for child in children { child.forEach(visit) }
    }
}
