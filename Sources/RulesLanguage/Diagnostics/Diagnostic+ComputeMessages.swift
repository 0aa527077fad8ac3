// The diagnostics of arithmetic, `let` names, built-in arguments and decision tables.

extension Diagnostic.Message {
    static func notANumber(_ operation: String, _ got: String) -> Self {
        Self("type-mismatch", .error, "'\(operation)' takes numbers, not \(got)")
    }
    static func arithmeticTooLong(_ limit: Int) -> Self {
        Self("syntax", .error, "more than \(limit) operands in one sum or product; split it with 'let'")
    }
    static let divisionByZero = Self("division-by-zero", .error, "division by zero: the value would always be missing")
    static let integerOverflow = Self("integer-overflow", .error,
                                      "the result is beyond the 64-bit integers (±9223372036854775807): the value would always be missing")
    static func regexArgumentNotAllowed(_ function: String) -> Self {
        Self("syntax", .error, "\(function)() takes no regex here (a regex stands after '~' or '!~', or as replace()'s second argument)")
    }
    static func unknownReplacementGroup(_ reference: String, groups: Int, names: [String]) -> Self {
        let named = names.isEmpty ? "" : " and the named groups " + names.map { "'\($0)'" }.joined(separator: ", ")
        return Self("invalid-regex", .error,
                    "the replacement refers to \(reference), which the regex does not have (it has \(groups) group\(groups == 1 ? "" : "s")\(named)); write $$ for a dollar")
    }
    static let malformedReplacement = Self("invalid-regex", .error,
                                           "the replacement has a '$' that names no group: write $1, $name, ${name} (\\${name} in a string) or $$ for a dollar")
    static func duplicateLocal(_ name: String) -> Self { Self("duplicate", .error, "'let \(name)' is declared twice in this rule") }
    static func localShadows(_ name: String, what: String) -> Self {
        Self("duplicate", .error, "'let \(name)' has the name of \(what): choose another name")
    }
    static func localUsedBeforeDeclaration(_ name: String) -> Self {
        Self("undeclared-local", .error,
             "'\(name)' is read before its 'let': a name is known from its 'let' on (a condition reads only the lets written before 'when')")
    }
    static func unusedLocal(_ name: String) -> Self { Self("unused", .warning, "'let \(name)' is declared but never used") }
}
