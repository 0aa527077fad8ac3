import Testing
import LeadEngine

/// The promise every evaluation keeps, whatever the rules: the patch empties only the fields a
/// `clear` asked for, and says which (``Patch/clears``).
func expectNoAccidentalClear(_ result: Evaluation, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    #expect(result.patch.isSelfConsistent, "patch \(result.patch.jsonBody()) clears \(result.patch.clears)",
            sourceLocation: sourceLocation)
    #expect(Patch.accidentalClears(in: result.patch.json, clears: result.patch.clears).isEmpty, sourceLocation: sourceLocation)
    #expect(Set(result.changes.filter(\.isClear).map(\.field)) == result.patch.clears, sourceLocation: sourceLocation)
}
