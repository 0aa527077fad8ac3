/// `let` lines and numbers written for readability.
extension RulesFormatter {
    /// `let NAME = EXPRESSION`, on its own line in the rule.
    func layoutBinding(_ binding: Binding, into layout: inout Layout) {
        layout.add(1, "let \(binding.name.text) = \(expression(binding.value))", anchor: binding.range.start, end: binding.range.end)
    }

    /// A number literal as its author wrote it when they grouped its digits or scaled it
    /// (`1_000_000`, `10M`, `1.5K`), and the text still reads as the same number; `nil` otherwise (then
    /// the number is written plainly). Anything else, a parenthesised number included, is `nil`.
    static func numberAsWritten(_ expression: Expression) -> String? {
        switch expression.kind {
        case .integer, .decimal: break
        default: return nil
        }
        let text = expression.range.text
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "K") || $0 == UInt8(ascii: "M") }),
              text.utf8.count < 64 else { return nil }
        var lexer = Lexer(file: SourceFile(path: "", text: text))
        let tokens = lexer.tokenize()
        guard tokens.count == 2, lexer.diagnostics.isEmpty else { return nil }
        switch (tokens[0].kind, expression.kind) {
        case let (.integer(a), .integer(b)) where a == b: return text
        case let (.decimal(a), .decimal(b)) where a == b: return text
        default: return nil
        }
    }
}
