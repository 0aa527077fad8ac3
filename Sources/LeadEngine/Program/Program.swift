import Foundation
import RulesLanguage

/// A ruleset lowered for evaluation: writers in evaluation order, each with compiled
/// expressions and resolved field keys.
struct Program: Sendable {
    let writers: [CompiledWriter]
    let statusCodes: [Int: String]
    let statusIds: [String: Int]
    /// Field keys written by each writer index (for "a writer reads its own field as the lead has it").
    let tableCount: Int
}

/// One rule or table, ready to run.
struct CompiledWriter: Sendable {
    let name: String
    let precedence: Int
    let loadIndex: Int
    /// `path:line:column` of the declaration.
    let location: String
    /// The condition's top-level `and` parts (all must hold; none means always).
    let condition: [ConditionPart]
    let body: Body
    let writes: Set<String>
    /// Capture slots this writer uses.
    let captureSlots: Int
    /// Capture names by slot (for provenance).
    let captureNames: [String]

    enum Body: Sendable {
        case actions([CompiledAction])
        case table(CompiledTable)
    }
}

/// One action of a rule.
enum CompiledAction: Sendable {
    case write(mode: WriteMode, key: String, value: CompiledExpression, location: String)
    case clear(key: String, location: String)
    case move(from: Set<String>, to: String, toId: Int, location: String)
}

/// A table: its key, its policy and its rows, compiled into a prefix trie (and regexes in order).
struct CompiledTable: Sendable {
    let mode: WriteMode
    let key: String
    let keyExpression: CompiledExpression
    let matcher: TableMatcher
    /// Each row's value and line, by row index.
    let values: [Value]
    let rowLines: [Int]
    let rowKeys: [String]
}

/// One top-level part of a condition (`A and B and C` has three), kept with its source text so
/// that `explain` can say which part failed.
struct ConditionPart: Sendable {
    let expression: CompiledExpression
    let text: String
    let location: String
}
