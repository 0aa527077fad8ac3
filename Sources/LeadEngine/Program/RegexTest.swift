/// What a regex test reads on every evaluation, as plain values (copied with no reference counting), beside its
/// ``RegexNode`` at the same index of ``ExpressionCode``: the node is read only when the pattern runs, fills
/// captures or records a match.
struct RegexTest: Sendable, Equatable {
    /// The prefilter that can rule the regex out (an index of ``Program/prefilters``), -1 when none.
    let prefilter: Int32
    /// The ids of the prefilter's literals of which every match contains at least one: ``ExpressionCode/regexLiterals``
    /// `[literalsStart, literalsStart + literalsCount)`.
    let literalsStart: Int32
    let literalsCount: Int32
    /// ``RegexNode/subjectConstantSlot``.
    let subjectConstantSlot: Int32
    let negated: Bool
    /// ``RegexNode/decidedByLiterals``.
    let decidedByLiterals: Bool
    /// Whether a match fills capture slots (``RegexNode/captures`` is not empty).
    let fillsCaptures: Bool
    /// Whether the regex is tried only where its leading literals occur (``RegexNode/startsAt``).
    let startsAtLiterals: Bool
}
