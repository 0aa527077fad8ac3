import Foundation
import LeadFields
import PCRE2
import RulesLanguage

/// The Markdown shown on hover, from the one owner of each fact: the lead fields' table, the built-in registry,
/// the pack's declarations.
enum HoverText {
    static func text(for symbol: ResolvedSymbol, in pack: Pack) -> String? {
        switch symbol {
        case let .field(name): return field(name)
        case .statusField:
            return "**status** — the code of the lead's status (read from `statusId` through the pack's `status` declarations).\n\n"
                + "Compare it with a code (`status == new`, `status in [new, callback]`); change it with `move FROM -> TO`."
        case .rawLead:
            return "**lead[\"name\"]** — any top-level field of the input lead, as read (a value known at run time)."
        case let .constant(name):
            guard let declaration = pack.symbols.constants[name] else { return nil }
            return "```rules\nconst \(name) = \(declaration.value.range.text)\n```\n\nA constant of the pack, declared at \(place(declaration.name.range))."
        case let .status(code): return status(code, in: pack)
        case let .writer(name): return writer(name, in: pack)
        case let .local(name, rule):
            guard let binding = pack.symbols.rules[rule]?.bindings.first(where: { $0.name.text == name }) else { return nil }
            return "```rules\nlet \(name) = \(binding.value.range.text)\n```\n\nA name local to rule \"\(rule)\"."
        case let .function(name): return function(name)
        case let .capture(name, rule):
            return "**$\(name)** — the text of the named group `(?<\(name)>...)` of the condition's regex" + (rule.map { " in \"\($0)\"" } ?? "") + "."
        case let .regex(pattern, flags): return regex(pattern, flags)
        case let .test(name):
            guard let test = pack.test(named: name) else { return nil }
            return "**test \"\(name)\"** — \(test.expectations.count) expectation\(test.expectations.count == 1 ? "" : "s"); run by `enrich test`."
        case let .importedPack(path):
            var errors: [String] = []
            let files = RulesetLoader.rulesFiles(in: path, errors: &errors)
            guard errors.isEmpty else { return "**import** `\(path)`: \(errors.joined(separator: "; "))" }
            return "**import** `\(path)`: \(files.count) file\(files.count == 1 ? "" : "s")"
                + (files.isEmpty ? "" : ": " + files.map { "`\(($0 as NSString).lastPathComponent)`" }.joined(separator: ", "))
        case .unknown:
            return nil
        }
    }

    /// A field: its type, and what Liner's lead update does with it (from `LeadFields` and `LeadSchema`).
    static func field(_ name: String) -> String? {
        guard let field = LeadFields.named(name), let schema = LeadSchema.fields[name] else { return nil }
        var lines = ["**\(name)** — \(schema.type): \(kind(field.kind))"]
        if field.isWritableByRules {
            let clear = field.clearValue.jsonText
            lines.append("Liner's lead update (`POST /v2/lead/update/{leadId}/`) accepts it: rules write it with `set`, `fill` and `clear` (`clear` sends `\(clear)`).")
        } else if field.isUpdatable {
            lines.append("Liner's lead update accepts it, but rules change it only through `move FROM -> TO` along a declared transition.")
        } else {
            lines.append("Read-only: Liner's lead update does not accept it; rules only read it.")
        }
        if let validation = validation(schema.validation) { lines.append("Checked before sending: \(validation).") }
        if field.kind == .customValues { lines.append("Read and write one entry as `customValues[ID]` (the custom field's id).") }
        return lines.joined(separator: "\n\n")
    }

    static func kind(_ kind: LeadField.Kind) -> String {
        switch kind {
        case .id: return "the lead's id, a positive integer."
        case .text: return "text."
        case .phone: return "a phone number, stored as E.164 digits."
        case .integer: return "an integer."
        case .statusId: return "the id of the lead's status in the account."
        case .utcOffset: return "the lead's UTC offset in whole hours (\(LeadFields.utcOffsetRange.lowerBound)...\(LeadFields.utcOffsetRange.upperBound))."
        case .positiveIntegerString: return "a positive integer written as text."
        case .boolean: return "true or false."
        case .customValues: return "the account's custom fields: an object from custom field ids to values."
        }
    }

    static func validation(_ validation: LeadSchema.Validation) -> String? {
        switch validation {
        case .none: return nil
        case .phone: return "10 to 15 digits, `+` optional"
        case .utcOffset: return "whole hours in \(LeadFields.utcOffsetRange.lowerBound)...\(LeadFields.utcOffsetRange.upperBound)"
        case .positiveIntegerString: return "a positive integer"
        case .positiveInteger: return "a positive integer"
        }
    }

    /// A built-in: how it is called, what it returns and when it is empty (from ``BuiltinRegistry``).
    static func function(_ name: String) -> String? {
        guard let declaration = BuiltinRegistry.declaration(named: name) else { return nil }
        var text = "\(declaration.usage) → \(declaration.result)\n\n\(declaration.documentation)\n\nTakes \(declaration.parameters)."
        switch declaration.emptyResult {
        case .never: break
        case .whenArgumentIs: text += " Empty when its argument is."
        case .whenEveryArgumentIs: text += " Empty only when every argument is."
        case let .can(reason): text += " Can be empty: \(reason)."
        }
        return text
    }

    static func status(_ code: String, in pack: Pack) -> String? {
        guard let entry = pack.symbols.statuses[code] else { return nil }
        var text = "**status \(code)** — "
        text += entry.id.map { "id \($0)" } ?? "id resolved from the account's status list (`GET /v2/lead-status/`)"
        if let category = entry.category { text += "; category \(category.text) (the account's status of that category stands in when it has no '\(code)')" }
        return text + ".\n\nDeclared at \(place(entry.code.range))."
    }

    static func writer(_ name: String, in pack: Pack) -> String? {
        if let rule = pack.symbols.rules[name] {
            var text = "**rule \"\(name)\"**"
            if let precedence = rule.precedence { text += " precedence \(precedence)" }
            let writes = rule.actions.map { action -> String in
                switch action {
                case let .write(mode, target, _, _): return "\(mode.rawValue) \(target)"
                case let .clear(target, _): return "clear \(target)"
                case let .move(from, to, _): return "move \(from.map(\.text).joined(separator: ", ")) -> \(to.text)"
                }
            }
            if !writes.isEmpty { text += ": " + writes.map { "`\($0)`" }.joined(separator: ", ") }
            return text + "\n\nDeclared at \(place(rule.name.range))."
        }
        guard let table = pack.symbols.tables[name] else { return nil }
        let inputs = table.inputs.map(\.range.text).joined(separator: ", ")
        var text = "**table \"\(name)\"** — \(table.rows.count) row\(table.rows.count == 1 ? "" : "s"), by \(policy(table)); "
        text += "\(table.mode.rawValue)s `\(table.target)` from `\(inputs)`"
        if let precedence = table.precedence { text += ", precedence \(precedence)" }
        return text + ".\n\nDeclared at \(place(table.name.range))."
    }

    static func policy(_ table: TableDeclaration) -> String {
        switch table.policy {
        case .longestPrefix: return "longest prefix"
        case .firstMatch: return "first match"
        case let .decision(hit):
            if case .priority = hit { return "priority [" + table.priorities.map(\.range.text).joined(separator: ", ") + "]" }
            return hit.keyword
        }
    }

    static func regex(_ pattern: String, _ flags: String) -> String {
        var text = "regex `/\(pattern)/\(flags)` (PCRE2, UTF and Unicode properties on)"
        let (options, unknown) = Pattern.Options.parse(flags: flags)
        if let unknown { return text + "\n\nUnknown flag '\(unknown)'." }
        guard let options else { return text }
        var meanings: [String] = []
        if options.caseInsensitive { meanings.append("`i` caseless") }
        if options.multiline { meanings.append("`m` ^ and $ match at line breaks") }
        if options.dotMatchesNewline { meanings.append("`s` . matches a line break") }
        if options.extended { meanings.append("`x` white space and # comments in the pattern are ignored") }
        text += meanings.isEmpty ? "\n\nNo flags." : "\n\nFlags: " + meanings.joined(separator: "; ") + "."
        return text
    }

    /// `10-phone.rules:12`.
    static func place(_ range: SourceRange) -> String {
        let location = range.location
        return "\((location.path as NSString).lastPathComponent):\(location.line)"
    }
}
