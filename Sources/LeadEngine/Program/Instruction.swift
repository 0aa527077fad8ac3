import RulesLanguage

/// One node of an expression in its flat form (``ExpressionCode``): what the evaluator walks.
///
/// Every payload is a plain value (indices and operator tags), so an instruction is copied out of its array with
/// no reference counting, unlike a ``CompiledExpression`` (an `indirect` enum: taking one apart retains its boxed
/// children). Children are indices of other instructions of the same ``ExpressionCode/instructions``; lists of
/// them (a call's arguments, a list's elements) are ranges of ``ExpressionCode/operands``; everything that is not a
/// plain value (literal values, names, regexes, template parts) lives in a side table of the code, by index.
enum Instruction: Sendable, Equatable {
    /// ``ExpressionCode/literals`` at this index.
    case literal(Int32)
    /// A field, by slot (see ``Program/fieldKeys``).
    case field(Int32)
    /// `lead["x"]`: a raw top-level field of the input, named by ``ExpressionCode/names`` at this index.
    case raw(Int32)
    /// The status code of the lead's status.
    case status
    case capture(slot: Int32)
    /// The parts ``ExpressionCode/templateParts`` `[start, start + count)`, joined.
    case template(start: Int32, count: Int32)
    /// A built-in, its arguments the instructions ``ExpressionCode/operands`` `[start, start + count)` name.
    case call(BuiltinFunction, start: Int32, count: Int32)
    /// The regex test ``ExpressionCode/regexes`` `[node]` of the value of instruction `subject`.
    case regex(node: Int32, subject: Int32)
    case compare(ComparisonOperator, Int32, Int32)
    /// `status == code`: whether the status field reads as `.int(id)`, `id` the only status id whose code
    /// (``Program/statusCodes``) is the literal's. The same answer as ``compare(_:_:_:)`` of instructions `status`
    /// (``status``) and `literal` (the code), which are kept for `explain` and the tests, without the status's code
    /// looked up and compared as text (three `status == new` per lead).
    case statusIs(id: Int32, status: Int32, literal: Int32)
    case membership(Int32, Int32, negated: Bool)
    case test(Int32, PresenceTest, negated: Bool)
    /// The values of the instructions ``ExpressionCode/operands`` `[start, start + count)`.
    case list(start: Int32, count: Int32)
    case not(Int32)
    case and(Int32, Int32)
    case or(Int32, Int32)
    case arithmetic(ArithmeticOperator, Int32, Int32)
    case negate(Int32)
    /// A regex given to a built-in (``ExpressionCode/patterns`` at this index): missing as a value.
    case pattern(Int32)
    /// A rule's `let` name (see ``CompiledExpression/local(slot:definition:cached:)``): its definition is the
    /// instruction `definition`.
    case local(slot: Int32, definition: Int32, cached: Bool)
    /// A lead-wide value (see ``CompiledExpression/leadConstant(slot:expression:)``), computed by instruction
    /// `expression`.
    case leadConstant(slot: Int32, expression: Int32)
}
