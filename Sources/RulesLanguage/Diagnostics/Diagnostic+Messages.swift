import JSON
import LeadFields

// The catalogue of diagnostics: one static function per message, so that each is written once
// and tests can compare against the same text.

extension Diagnostic.Message {
    // MARK: Lexical
    static let expectedCaptureName = Self("syntax", .error, "expected a capture name after '$'")
    static func unexpectedCharacter(_ text: String) -> Self {
        // A control or invisible character is named by its code point ('U+0000'), not printed.
        let visible = !text.unicodeScalars.contains { LogSafeText.needsEscape($0) || $0.properties.generalCategory == .spaceSeparator }
        let shown = visible ? "'\(text)'" : text.unicodeScalars.map(codePoint).joined(separator: " ")
        return Self("syntax", .error, "unexpected character \(shown)")
    }
    static func nonASCIIName(_ word: String, lookalike: (latin: String, letters: [Unicode.Scalar])? = nil) -> Self {
        if let lookalike {
            // Letters that only look Latin: say which, by code point, and the word they make in Latin.
            let named = lookalike.letters.map { "'\(Character($0))' \(codePoint($0))" }.joined(separator: ", ")
            return Self("syntax", .error, "'\(word)' is not a name: it holds letters of another alphabet that look like Latin ones "
                        + "(\(named)); did you mean '\(lookalike.latin)'?").suggesting(lookalike.latin)
        }
        return Self("syntax", .error, "'\(word)' is not a name: names (fields, constants, functions, statuses) are written in ASCII "
             + "letters, digits and '_' (a field as Liner names it, such as sourceComment); text in another alphabet goes in "
             + "quotes or in a regex")
    }
    static func hiddenCharacter(_ scalar: Unicode.Scalar, inRegex: Bool) -> Self {
        let name = codePoint(scalar)
        return Self("syntax", .error, inRegex
            ? "an invisible character \(name) in a regex: write it as \\x{\(String(scalar.value, radix: 16, uppercase: true))} so that a reader sees it"
            : "a bidirectional control character \(name) in a comment: it can make the code around it read differently from what runs; remove it")
    }
    /// A character named by its code point, `U+200B`, for characters that cannot be shown.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
    static let loneCarriageReturn = Self(
        "syntax", .error,
        "a carriage return (U+000D) not followed by a line feed: an editor shows a line break here, the rules do not read one; "
            + "save the file with LF or CRLF line endings")
    static func malformedNumber(_ text: String) -> Self { Self("syntax", .error, "malformed number '\(text)'") }
    static func numberOutOfRange(_ text: String) -> Self { Self("syntax", .error, "number \(text) is out of range") }
    static let unterminatedString = Self("syntax", .error, "unterminated string: a string must end with '\"' on the same line")
    static let unterminatedRegex = Self("syntax", .error, "unterminated regex: a regex must end with '/' on the same line")
    static let unterminatedJSON = Self("syntax", .error, "unterminated JSON object: no matching '}'")
    static func unclosedJSON(before word: String, line: Int) -> Self {
        Self("syntax", .error, "this JSON object is not closed: no matching '}' before '\(word)' on line \(line)")
    }
    static func invalidEscape(_ text: String) -> Self {
        Self("syntax", .error, "invalid escape '\(text)' (use \\\", \\\\, \\$, \\n, \\t or \\u{HEX})")
    }
    static let malformedInterpolation = Self("syntax", .error, "malformed interpolation: write ${name} with a capture name")

    // MARK: Syntax
    static func expected(_ what: String, found: String) -> Self { Self("syntax", .error, "expected \(what), found \(found)") }
    static func unknownRegexFlag(_ flag: Character) -> Self {
        Self("invalid-regex", .error, "unknown regex flag '\(flag)' (flags are i, m, s, x)")
    }
    static func nestedTooDeeply(_ limit: Int) -> Self {
        Self("syntax", .error, "expression nested more than \(limit) levels deep; split it into simpler rules")
    }
    static func chainTooLong(_ word: String, _ limit: Int) -> Self {
        Self("syntax", .error, "more than \(limit) conditions joined with '\(word)'; use 'in [...]', a table, or several rules")
    }
    static let regexNotAllowedHere = Self("syntax", .error, "a regex can only stand after '~' or '!~', as a table key or cell, or as the second argument of replace()")

    // MARK: Names and fields
    static func unknownField(_ name: String, suggestion: String?) -> Self {
        Self("unknown-field", .error, "unknown field '\(name)'" + (suggestion == nil ? readRawHint(name) : didYouMean(suggestion))).suggesting(suggestion)
    }
    static func unknownFunction(_ name: String, suggestion: String?) -> Self {
        // Nothing close: the whole list, so that the author sees what there is.
        Self("unknown-function", .error, "unknown function '\(name)'"
             + (suggestion == nil ? "; the functions are: " + BuiltinRegistry.names.joined(separator: ", ") : didYouMean(suggestion)))
            .suggesting(suggestion)
    }
    static func wrongArgumentCount(_ name: String, expected: String, got: Int) -> Self {
        Self("type-mismatch", .error, "\(name)() takes \(expected), not \(got)")
    }
    static func readOnlyField(_ name: String) -> Self {
        Self("read-only-field", .error, "field '\(name)' is read-only: Liner's lead update does not accept it")
    }
    static func unknownWriteTarget(_ name: String, suggestion: String?) -> Self {
        Self("unknown-field", .error, "cannot write unknown field '\(name)'" + didYouMean(suggestion)).suggesting(suggestion)
    }
    static let statusIdThroughMove = Self("read-only-field", .error, "statusId changes only through 'move FROM -> TO', along a declared transition")
    static func subscriptNotAllowed(_ name: String) -> Self {
        Self("syntax", .error, "'\(name)' cannot be subscripted; only customValues[ID] and lead[\"name\"] can")
    }
    static func customValueKeyNotId(_ key: String) -> Self {
        Self("type-mismatch", .error, "customValues key \(key) is not a positive integer id")
    }
    static let customValuesNeedsKey = Self("type-mismatch", .error, "write one custom value at a time: customValues[ID]")

    // MARK: Types and values
    static func typeMismatch(field: String, expected: String, got: String) -> Self {
        Self("type-mismatch", .error, "\(field) takes \(expected), but this is \(got)")
    }
    static func utcOffsetOutOfRange(_ value: Int) -> Self {
        Self("type-mismatch", .error, "utcOffset \(value) is outside \(LeadFields.utcOffsetRange.lowerBound)...\(LeadFields.utcOffsetRange.upperBound)")
    }
    static func vkIdNotPositive(_ text: String) -> Self {
        Self("type-mismatch", .error, "vkId \(text) is not a positive integer")
    }
    static func invalidPhoneLiteral(_ text: String) -> Self {
        Self("type-mismatch", .error, "phone \"\(text)\" is not E.164 digits (10 to 15 digits, '+' optional)")
    }
    /// A literal `""` written by `set`/`fill` or a table row: it would never write (only `clear` empties a field).
    static func emptyStringValue(field: String) -> Self {
        Self("empty-value", .error,
             "\"\" is no value: a set or fill never writes an empty value; to empty \(field), write 'clear \(field)'")
    }
    /// A value that is empty whatever the lead: text that shows nothing, an empty constant.
    static func alwaysEmptyValue(field: String) -> Self {
        Self("empty-value", .warning,
             "this value is always empty (it shows nothing), so it never writes \(field); to empty \(field), write 'clear \(field)'")
    }
    /// A value that is empty for some leads: then the rule does not write the field for them.
    static func valueCanBeEmpty(field: String, value: String, reason: String) -> Self {
        Self("maybe-empty-value", .warning,
             "the value for \(field) can be empty: \(reason); a lead for which it is keeps its \(field) (only 'clear' empties a field). If that is meant, say so in the condition: \(value) is not empty")
    }
    static func conditionNotBoolean(_ got: String) -> Self {
        Self("type-mismatch", .error, "a condition must be true or false, but this is \(got)")
    }
    static func cannotCompare(_ lhs: String, _ rhs: String) -> Self {
        Self("type-mismatch", .error, "cannot compare \(lhs) with \(rhs)")
    }
    static func controlCharacterInString(_ text: String) -> Self {
        Self("type-mismatch", .error, "string \"\(text)\" contains a control character; Liner rejects those")
    }

    // MARK: Regexes
    static func invalidRegex(_ message: String) -> Self { Self("invalid-regex", .error, "invalid regex: \(message)") }
    static func catastrophicRegex(_ detail: String) -> Self {
        Self("regex-backtracking", .warning,
             "regex may backtrack catastrophically: \(detail); make the inner repetition possessive (++, *+) or atomic (?>...)")
    }
    static func undefinedCapture(_ name: String, available: [String]) -> Self {
        let list = available.isEmpty ? "the condition defines no named capture" : "it defines " + available.map { "$\($0)" }.joined(separator: ", ")
        return Self("undefined-capture", .error, "capture '$\(name)' is not defined by the condition's regex; \(list)")
    }

    // MARK: Statuses and transitions
    static func unknownStatus(_ code: String, suggestion: String?) -> Self {
        Self("unknown-status", .error, "unknown status code '\(code)'" + didYouMean(suggestion) + "; declare it with 'status \(code)' (or 'status \(code) = ID')")
            .suggesting(suggestion)
    }
    static func duplicateStatus(_ code: String) -> Self { Self("duplicate", .error, "status code '\(code)' is declared twice") }
    static func duplicateStatusId(_ id: Int, _ code: String) -> Self {
        Self("duplicate", .error, "status id \(id) is already used by '\(code)'")
    }
    static func statusIdNotPositive(_ id: Int) -> Self { Self("type-mismatch", .error, "status id \(id) must be a positive integer") }
    static func transitionNotDeclared(_ from: String, _ to: String) -> Self {
        Self("undeclared-transition", .error, "transition \(from) -> \(to) is not declared in any 'transitions' block")
    }
    static func statusCodeOutsideStatus(_ code: String) -> Self {
        Self("type-mismatch", .error, "status code '\(code)' can only be compared with 'status' (status == \(code), status in [...])")
    }
    static func selfTransition(_ code: String) -> Self { Self("undeclared-transition", .error, "a transition from '\(code)' to itself changes nothing") }

    // MARK: Status ids from the account's status list (`Engine.resolvingStatuses`, the CLI's `--statuses`)
    /// A declared id that is not the account's id for the code.
    public static func statusIdMismatch(_ code: String, declared: Int, account: Int) -> Self {
        Self("status-id-mismatch", .error,
             "status '\(code)' is declared with id \(declared), but the account's id for '\(code)' is \(account); moves would write the wrong status: correct the id, or leave it out ('status \(code)') to take the account's")
    }
    /// A code declared with a category whose status in the account is of another category.
    public static func statusCategoryMismatch(_ code: String, declared: String, account: String, id: Int) -> Self {
        Self("status-category-mismatch", .error,
             "status '\(code)' is declared of category \(declared), but the account's '\(code)' (id \(id)) is \(account); moves would put leads where the rules do not mean them: fix the account's status, or declare the category it has")
    }
    /// A declared code that the account's status list does not have.
    public static func statusNotInAccount(_ code: String, suggestion: String?, accountCodes: [String]) -> Self {
        let hint: String
        if let suggestion {
            hint = didYouMean(suggestion)
        } else if accountCodes.isEmpty {
            hint = "; the account's status list is empty"
        } else if accountCodes.count <= 20 {
            hint = "; its codes are " + accountCodes.sorted().joined(separator: ", ")
        } else {
            hint = ""
        }
        return Self("unknown-status", .error, "the account has no status '\(code)'" + hint).suggesting(suggestion)
    }
    /// Two declared codes that the account's status list gives the same id.
    public static func statusIdShared(_ id: Int, _ code: String, _ other: String) -> Self {
        Self("duplicate", .error, "the account's status list gives id \(id) to both '\(other)' and '\(code)'")
    }
    /// A code declared with a category, which the account has neither as a code nor as a status of the category.
    public static func noStatusInCategory(_ code: String, category: String, suggestion: String?, accountCodes: [String]) -> Self {
        let hint: String
        if let suggestion {
            hint = didYouMean(suggestion)
        } else if !accountCodes.isEmpty, accountCodes.count <= 20 {
            hint = "; its codes are " + accountCodes.sorted().joined(separator: ", ")
        } else {
            hint = ""
        }
        return Self("unknown-status", .error, "the account has no status '\(code)' and no status of category \(category)" + hint)
            .suggesting(suggestion)
    }
    /// A code declared with a category, which the account does not have, and of whose category it has several statuses.
    public static func ambiguousStatusCategory(_ code: String, category: String, candidates: [AccountFacts.Status]) -> Self {
        let listed = candidates.map { "'\($0.code)' (id \($0.id))" }.joined(separator: ", ")
        return Self("ambiguous-status-category", .error,
                    "the account has no status '\(code)' and \(candidates.count) statuses of category \(category): \(listed); declare the one meant by its code (status \(candidates[0].code)) or give it the code '\(code)'")
    }
    /// A declared category that is not one of Liner's.
    static func unknownStatusCategory(_ category: String, suggestion: String?) -> Self {
        Self("unknown-status-category", .error,
             "unknown status category '\(category)'" + didYouMean(suggestion) + "; Liner's categories are " + AccountFacts.statusCategories.joined(separator: ", ")).suggesting(suggestion)
    }

    /// A declared code that still has no id where one is needed; `remedy` says how else to give it one.
    public static func statusWithoutId(_ code: String, remedy: String) -> Self {
        Self("status-without-id", .error, "status '\(code)' has no id: declare it (status \(code) = ID) or \(remedy)")
    }

    // MARK: Custom fields of the account (`enrich check --account`, runs)
    /// `customValues[ID]` whose id the account's custom fields do not have.
    static func unknownCustomField(_ id: Int, suggestion: AccountFacts.CustomField?, fields: [AccountFacts.CustomField]) -> Self {
        var text = "the account has no custom field \(id)"
        if let suggestion { text += "; did you mean \(suggestion.label)?" }
        if fields.isEmpty {
            text += "; it has no custom fields"
        } else {
            let shown = fields.prefix(6).map(\.label).joined(separator: ", ")
            text += "; its custom fields: " + shown + (fields.count > 6 ? ", and \(fields.count - 6) more" : "")
        }
        return Self("unknown-custom-field", .error, text)
    }
    /// A value that cannot fit the custom field's type.
    static func customValueTypeMismatch(_ field: AccountFacts.CustomField, expected: String, got: String) -> Self {
        Self("custom-field-type", .error, "\(field.label) takes \(expected), but this is \(got)")
    }
    /// A value whose fit the checker cannot be sure of (known only at run time, or text for a typed field).
    static func customValueMayNotFit(_ field: AccountFacts.CustomField, expected: String, got: String, remedy: String) -> Self {
        Self("custom-field-type", .warning, "\(field.label) takes \(expected), but this is \(got): it may not fit" + remedy)
    }
    /// A select value that is not one of the field's option codes.
    static func unknownCustomFieldOption(_ field: AccountFacts.CustomField, value: String, suggestion: String?) -> Self {
        var text = "\"\(value)\" is not an option of \(field.label)"
        if let suggestion { text += "; did you mean '\(suggestion)'?" }
        if let titled = field.options.first(where: { $0.title == value && $0.code != value }) {
            text += " (\"\(value)\" is the title of option '\(titled.code)': write its code)"
        }
        text += field.options.isEmpty ? "; it has no options" : "; its options: " + field.options.map(\.code).joined(separator: ", ")
        return Self("custom-field-option", .error, text).suggesting(suggestion)
    }

    // MARK: Declarations and precedence
    static func invisibleInName(_ name: String) -> Self {
        Self("name", .error, name.isEmpty ? "a rule or table needs a name"
             : "the name \"\(LogSafeText.printable(name))\" holds a character that cannot be seen (a control, a line break, a format character): names are printed in summaries, journals and history")
    }
    static func invisibleInTestName(_ name: String) -> Self {
        Self("name", .error, name.isEmpty ? "a test needs a name"
             : "the test name \"\(LogSafeText.printable(name))\" holds a character that cannot be seen (a control, a line break, a format character): test names are printed in reports and JUnit XML")
    }
    static func duplicateRule(_ name: String) -> Self { Self("duplicate", .error, "a rule or table named \"\(name)\" already exists") }
    static func duplicateTest(_ name: String) -> Self { Self("duplicate", .error, "a test named \"\(name)\" already exists") }
    static func unknownFieldInExpectation(_ name: String, suggestion: String?) -> Self {
        Self("unknown-field", .error, "the expected patch names \"\(name)\", which is no lead field: the test could never pass"
            + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""))
    }
    static func readOnlyFieldInExpectedPatch(_ name: String) -> Self {
        Self("unknown-field", .error, "the expected patch names \"\(name)\", which an update never holds (Liner does not accept it): the test could never pass")
    }
    static func customValueKeyInExpectation(_ key: String) -> Self {
        Self("unknown-field", .error, "the expected customValues names \"\(LogSafeText.printable(key))\", which is no custom field id (a positive integer): the test could never pass")
    }
    static func duplicateConstant(_ name: String) -> Self { Self("duplicate", .error, "constant '\(name)' is declared twice") }
    static func constantShadowsField(_ name: String) -> Self { Self("duplicate", .error, "constant '\(name)' has the name of a lead field") }
    static func constantNotLiteral(_ name: String) -> Self {
        Self("type-mismatch", .error, "constant '\(name)' must be a literal (number, string, true/false or a list of those)")
    }
    static func unusedStatus(_ code: String) -> Self { Self("unused", .warning, "status '\(code)' is declared but no rule or transition uses it") }
    static func unusedConstant(_ name: String) -> Self { Self("unused", .warning, "constant '\(name)' is declared but never used") }
    static func unusedTransition(_ from: String, _ to: String) -> Self {
        Self("unused", .warning, "transition \(from) -> \(to) is declared but no rule moves along it")
    }
    static func ambiguousPrecedence(field: String, other: String, precedence: Int) -> Self {
        Self("ambiguous-precedence", .warning,
             "this and \"\(other)\" can both write \(field) with the same precedence (\(precedence)); the earlier in load order wins. Give one a higher 'precedence' to make the choice explicit")
    }
    static func dependencyCycle(_ path: String) -> Self {
        Self("dependency-cycle", .error, "rules depend on each other in a cycle: \(path)")
    }

    // MARK: Tables
    static func shadowedRow(by earlier: String, line: Int) -> Self {
        Self("unreachable-row", .warning, "this row can never win: row \(earlier) on line \(line) already covers it")
    }
    static func duplicateRowKey(_ key: String, line: Int) -> Self {
        Self("unreachable-row", .warning, "key \(key) repeats the row on line \(line); only the first counts")
    }
    static let regexKeyNeedsFirstMatch = Self("syntax", .error, "regex keys need 'by first match': a regex has no length to compare for 'by longest prefix'")
    static let tableValueNotLiteral = Self("type-mismatch", .error, "a table value must be a literal or zone(\"Area/City\")")

    // MARK: Zones
    static func unknownZone(_ name: String, suggestion: String?) -> Self {
        Self("unknown-zone", .error, "unknown IANA time zone \"\(name)\"" + didYouMean(suggestion)).suggesting(suggestion)
    }
    static func fractionalZone(_ name: String, _ offset: String) -> Self {
        Self("fractional-zone", .warning, "\(name) is at UTC\(offset), not a whole hour: utcOffset gets the hour below (clients are called no earlier than their local time says); write zone(\"\(name)\", \"floor\") to say that is meant")
    }

    // MARK: Helpers
    private static func didYouMean(_ suggestion: String?) -> String {
        suggestion.map { "; did you mean '\($0)'?" } ?? ""
    }
    private static func readRawHint(_ name: String) -> String {
        "; other fields of the input lead are read with lead[\"\(name)\"]"
    }
}
