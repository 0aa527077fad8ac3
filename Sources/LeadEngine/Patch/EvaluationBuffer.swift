import RulesLanguage

/// Where an evaluator writes one evaluation: kept by the caller and reused from lead to lead, so that its arrays
/// keep their storage. Once a buffer has grown to what the leads need, an evaluation into it allocates nothing
/// (``Evaluator/evaluate(_:now:detail:into:)``); the next evaluation into it overwrites it.
///
/// It holds what an ``Evaluation`` holds, with the writers that fired kept as indexes (``firedCount``,
/// ``firedWriter(at:)``; ``fired`` names them all in an array). ``evaluation`` copies it into an ``Evaluation``.
public struct EvaluationBuffer {
    /// The evaluated lead's id.
    public internal(set) var leadId = 0
    /// The minimal update patch (possibly empty).
    public internal(set) var patch = Patch()
    /// Provenance, one entry per field key in the patch, in patch order (``Evaluation/changes``); none at
    /// ``EvaluationDetail/patchOnly`` (``writtenFields`` names each change's field and rule at every detail).
    public internal(set) var changes: [FieldChange] = []
    /// Each change's field and writer, at every level of detail (``writtenFields``).
    var written = WrittenFieldList()
    /// Problems with this lead (``Evaluation/errors``).
    public internal(set) var errors: [LeadError] = []
    /// Every writer's outcome, when the evaluation was traced (``Evaluation/trace``).
    public internal(set) var trace: [WriterTrace] = []
    /// The indexes in ``writerNames`` of the writers that fired, in evaluation order: the first ``firedCount``
    /// elements (the rest are a previous lead's). A count rather than an emptied array: emptying it element by element
    /// cost ~18 instructions a writer that fired at every reset.
    var firedStorage: [Int] = []
    /// How many writers fired.
    public internal(set) var firedCount = 0
    /// Every writer's name by index, in the program that evaluated last (shared with it, not copied).
    var writerNames: [String] = []
    /// The patch's `customValues` members while they are collected; the patch's last member holds them after.
    var customValues: [(String, JSONValue)] = []

    public init() {}

    /// How many fields the patch writes: as many as there are changes, at every level of detail.
    public var writtenFieldCount: Int { written.count }

    /// The field of the patch's `index`th change (in patch order, `index` < ``writtenFieldCount``) and the rule or table
    /// that wrote it, at every level of detail (``EvaluationDetail/patchOnly`` makes no ``changes``).
    public func writtenField(at index: Int) -> WrittenField {
        precondition(index >= 0 && index < written.count, "written field \(index) out of \(written.count)")
        return written.field(at: index)
    }

    /// Every change's field and rule, in patch order (``writtenField(at:)``).
    public var writtenFields: [WrittenField] { written.fields }

    /// The indexes in ``writerNames`` of the writers that fired, in evaluation order.
    var firedWriters: ArraySlice<Int> { firedStorage[..<firedCount] }

    /// The name of the `index`th writer that fired (`index` < ``firedCount``).
    public func firedWriter(at index: Int) -> String {
        precondition(index >= 0 && index < firedCount, "fired writer \(index) out of \(firedCount)")
        return writerNames[firedStorage[index]]
    }

    /// Names of the rules and tables that fired, in evaluation order (``Evaluation/fired``).
    public var fired: [String] { firedWriters.map { writerNames[$0] } }

    /// Records that writer `index` (of ``writerNames``) fired, after those recorded so far: over a previous lead's
    /// element where there is one.
    @inline(__always)
    mutating func appendFired(_ index: Int) {
        if firedCount < firedStorage.count {
            firedStorage[firedCount] = index
        } else {
            firedStorage.append(index)
        }
        firedCount &+= 1
    }

    /// The evaluation the buffer holds, as an ``Evaluation`` (it shares the buffer's arrays until either changes).
    public var evaluation: Evaluation { evaluation(fired: fired) }

    /// ``evaluation`` with the names of the writers that fired given (made by the caller, from storage of its own).
    func evaluation(fired: [String]) -> Evaluation {
        Evaluation(leadId: leadId, patch: patch, changes: changes, written: written, errors: errors, fired: fired, trace: trace)
    }

    /// Empties the buffer for an evaluation of lead `leadId` by a program whose field slots are keyed `fieldKeys` and
    /// whose writers are named `writerNames`, keeping the storage of its arrays (storage an ``Evaluation`` still
    /// shares is left to it, and new storage is made).
    mutating func reset(leadId: Int, fieldKeys: [String], writerNames: [String]) {
        self.leadId = leadId
        // Not assigned again when it is the same storage (the same program's names, every lead): the assignment
        // retained one array and released the other. The same names' storage (which the buffer keeps alive, so no
        // other program's can take its place) is the same evaluator's, whose field keys the list has too: then only
        // the list's count is reset (its checks of both arrays, a call, cost ~27 instructions a lead). Names of no
        // writer may be anyone's empty array: checked the long way.
        if !writerNames.isEmpty, Self.sameStorage(self.writerNames, writerNames) {
            written.removeAll()
        } else {
            if !Self.sameStorage(self.writerNames, writerNames) { self.writerNames = writerNames }
            written.reset(fieldKeys: fieldKeys, writerNames: writerNames)
        }
        // The patch first: its last member may hold the `customValues` storage, which is then no longer shared.
        patch.removeAllKeepingCapacity()
        customValues.removeAllKeepingCapacity()
        changes.removeAllKeepingCapacity()
        errors.removeAllKeepingCapacity()
        trace.removeAllKeepingCapacity()
        firedCount = 0
    }
}

extension EvaluationBuffer {
    /// Whether `a` and `b` are the same storage (then they are equal).
    @inline(__always)
    static func sameStorage(_ a: [String], _ b: [String]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { a in b.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }
}

extension Array {
    /// `removeAll(keepingCapacity: true)` for the short arrays of an evaluation: element by element from the
    /// end, rather than through the general range replacement `removeAll` uses (measured: ~500 instructions
    /// for a few elements). Shared storage is copied first, as `removeAll` would make new storage.
    @inline(__always)
    mutating func removeAllKeepingCapacity() {
        while !isEmpty { removeLast() }
    }
}
