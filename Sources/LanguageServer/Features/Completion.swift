import Foundation
import JSON
import LeadFields
import RulesLanguage

/// Completion items for a cursor, chosen by what stands before it on its line.
enum Completion {
    /// LSP `CompletionItemKind`s used here.
    enum Kind: Int {
        case function = 3, field = 5, variable = 6, keyword = 14, enumMember = 20, constant = 21, reference = 18
    }

    struct Item: Equatable {
        var label: String
        var kind: Kind
        var detail: String?
        var documentation: String?

        var json: JSONValue {
            var members: [(String, JSONValue)] = [("label", .string(label)), ("kind", .int(kind.rawValue))]
            if let detail { members.append(("detail", .string(detail))) }
            if let documentation {
                members.append(("documentation", .object([("kind", "markdown"), ("value", .string(documentation))])))
            }
            return .object(members)
        }
    }

    /// What the text before the cursor asks for.
    enum Context: Equatable {
        /// Inside the quotes after `expect fires` / `expect not fires`.
        case ruleName
        /// Inside another string or a comment: nothing.
        case none
        /// After `set`, `fill`, `clear` (and in a table's `fill ... from` head): fields rules write.
        case writableField
        /// In `expect untouched ...`: any field.
        case anyField
        /// After `move`, `->`, `status ==`, `status in [`: status codes.
        case statusCode
        /// After `expect`.
        case expectation
        /// After `by`: a table's policy.
        case policy
        /// At the start of a line: declarations and the lines of a block.
        case lineStart
        /// Anywhere else: an expression.
        case expression
    }

    /// The context of the cursor, from `prefix`, the text of its line before it.
    static func context(linePrefix prefix: String) -> Context {
        var inString = false, escaped = false, quoteIndex = prefix.startIndex
        for index in prefix.indices {
            let character = prefix[index]
            if inString {
                if escaped { escaped = false } else if character == "\\" { escaped = true } else if character == "\"" { inString = false }
            } else if character == "\"" {
                inString = true
                quoteIndex = index
            } else if character == "#" {
                return .none
            }
        }
        if inString {
            let before = words(prefix[..<quoteIndex])
            return before.last == "fires" && before.contains("expect") ? .ruleName : .none
        }
        // The words before the one being typed.
        var before = words(Substring(prefix))
        if let last = prefix.last, last.isLetter || last.isNumber || last == "_" { before.removeLast() }
        guard let previous = before.last else { return .lineStart }
        let first = before.first ?? ""
        switch previous {
        case "set", "fill", "clear": return .writableField
        case "expect": return .expectation
        case "not" where before.dropLast().last == "expect": return .expectation
        case "by": return .policy
        case "move", "->": return .statusCode
        case "untouched": return .anyField
        default: break
        }
        if first == "move" { return .statusCode }
        if first == "expect", before.count >= 2, before[1] == "untouched" { return .anyField }
        if let statusIndex = before.lastIndex(of: "status"), statusIndex < before.count - 1 {
            let following = before[(statusIndex + 1)...]
            if following.allSatisfy({ ["==", "!=", "in", "not", "[", ","].contains($0) || isIdentifier($0) }),
               following.contains(where: { $0 == "==" || $0 == "!=" || $0 == "in" }) {
                return .statusCode
            }
        }
        if first == "status", before.count >= 1 { return .statusCode }
        return .expression
    }

    /// Words and operators of `text`, outside strings: `set`, `status`, `==`, `[`.
    static func words(_ text: Substring) -> [String] {
        var words: [String] = [], current = ""
        func flush() { if !current.isEmpty { words.append(current); current = "" } }
        for character in text {
            if character.isLetter || character.isNumber || character == "_" {
                if let last = current.last, !(last.isLetter || last.isNumber || last == "_") { flush() }
                current.append(character)
            } else if character.isWhitespace || character == "(" || character == ")" || character == "\"" {
                flush()
            } else if character == "[" || character == "]" || character == "," {
                flush()
                words.append(String(character))
            } else {
                if let last = current.last, last.isLetter || last.isNumber || last == "_" { flush() }
                current.append(character)
            }
        }
        flush()
        return words
    }

    static func isIdentifier(_ word: String) -> Bool {
        word.first.map { $0.isLetter || $0 == "_" } ?? false
    }

    /// The items for `context` in `pack`; `rule` is the rule the cursor is in (for its `let` names).
    static func items(_ context: Context, pack: Pack, rule: RuleDeclaration?) -> [Item] {
        switch context {
        case .none: return []
        case .ruleName:
            return pack.symbols.writerNames.sorted().map { name in
                Item(label: name, kind: .reference, detail: pack.symbols.rules[name] != nil ? "rule" : "table",
                     documentation: HoverText.writer(name, in: pack))
            }
        case .writableField:
            return LeadFields.updatable.filter(\.isWritableByRules).map(fieldItem)
        case .anyField:
            return LeadFields.all.map(fieldItem)
        case .statusCode:
            return statusItems(pack)
        case .expectation:
            return [Keyword.patch, .fields, .untouched, .fires, .not, .error].map(keywordItem)
        case .policy:
            var items = ["longest prefix", "first match", "unique", "first", "priority"].map { Item(label: $0, kind: .keyword, detail: "policy") }
            items += CollectOperation.allCases.map { Item(label: "collect \($0.rawValue)", kind: .keyword, detail: "policy") }
            return items
        case .lineStart:
            let lineKeywords: [Keyword] = [.rule, .table, .status, .transitions, .const, .test, .when, .set, .fill, .clear, .move, .let,
                                           .given, .now, .expect, .and, .or]
            return lineKeywords.map(keywordItem) + expressionItems(pack, rule: rule)
        case .expression:
            let operators: [Keyword] = [.and, .or, .not, .in, .is, .empty, .missing, .present, .true, .false, .null, .from, .by]
            return expressionItems(pack, rule: rule) + operators.map(keywordItem)
        }
    }

    static func expressionItems(_ pack: Pack, rule: RuleDeclaration?) -> [Item] {
        var items = LeadFields.all.map(fieldItem)
        items.append(Item(label: LeadSchema.statusPseudoField, kind: .field, detail: "the lead's status code",
                          documentation: HoverText.text(for: .statusField, in: pack)))
        items.append(Item(label: LeadSchema.rawLead, kind: .field, detail: "lead[\"name\"]: any field of the input lead"))
        items += BuiltinRegistry.declarations.map { declaration in
            Item(label: declaration.name, kind: .function, detail: "→ \(declaration.result)", documentation: HoverText.function(declaration.name))
        }
        items += pack.symbols.constants.keys.sorted().map { name in
            Item(label: name, kind: .constant, detail: "const = " + (pack.symbols.constants[name]?.value.range.text ?? ""))
        }
        for binding in rule?.bindings ?? [] {
            items.append(Item(label: binding.name.text, kind: .variable, detail: "let = " + binding.value.range.text))
        }
        return items + statusItems(pack)
    }

    static func statusItems(_ pack: Pack) -> [Item] {
        pack.symbols.statuses.keys.sorted().map { code in
            Item(label: code, kind: .enumMember, detail: pack.symbols.statuses[code]?.id.map { "status \($0)" } ?? "status",
                 documentation: HoverText.status(code, in: pack))
        }
    }

    static func fieldItem(_ field: LeadField) -> Item {
        Item(label: field.name, kind: .field, detail: LeadSchema.fields[field.name].map { "\($0.type)" }, documentation: HoverText.field(field.name))
    }

    static func keywordItem(_ keyword: Keyword) -> Item {
        Item(label: keyword.rawValue, kind: .keyword)
    }
}
