// The diagnostics of the analysis of conditions (`Checker+Reachability.swift`).
extension Diagnostic.Message {
    static func neverFires(kind: String, name: String, reason: String) -> Self {
        Self("never-fires", .warning, "\(kind) \"\(name)\" can never fire: \(reason)")
    }
    static func alwaysLoses(kind: String, name: String, field: String, winner: String, precedence: Int) -> Self {
        Self("always-loses", .warning, "\(kind) \"\(name)\" never wins \(field): whenever it fires, \"\(winner)\" "
             + "(precedence \(precedence)) fires too and wins it; remove the write, or give it a higher precedence")
    }
    static func unknownRuleInTest(_ name: String, suggestion: String?) -> Self {
        Self("unknown-rule", .error, "no rule or table is named \"\(name)\"" + (suggestion.map { "; did you mean \"\($0)\"?" } ?? ""))
            .suggesting(suggestion)
    }
}
