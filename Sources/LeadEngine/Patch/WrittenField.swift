/// A field a patch writes and the rule or table whose proposal won it: what every level of detail keeps of a
/// change (``Evaluation/writtenFields``), ``EvaluationDetail/patchOnly`` included, which makes no ``FieldChange``.
public struct WrittenField: Sendable, Hashable {
    /// The field key: `utcOffset`, `customValues[12]`.
    public let field: String
    /// The winning rule or table.
    public let rule: String

    public init(field: String, rule: String) {
        self.field = field
        self.rule = rule
    }
}

/// The changes of an evaluation as every level of detail records them, in patch order: per change its field's slot
/// and its writer's index (plain values: recording one and emptying the list cost no reference counting, where a
/// ``FieldChange`` holds its values, its old text and the provenance table), and the names they index: the program's
/// field keys and writer names, shared with it (not copied).
struct WrittenFieldList: Sendable {
    struct Entry: Sendable {
        let slot: Int32
        let writer: Int32
    }

    /// The changes: the first ``count`` elements (the rest are an earlier evaluation's, written over by later appends).
    /// A count rather than an emptied array: emptying it removed each element with a check of the array's uniqueness.
    var entries: [Entry] = []
    private(set) var count = 0
    var fieldKeys: [String] = []
    var writerNames: [String] = []

    /// The field and rule of the `index`th change (`index` < ``count``).
    func field(at index: Int) -> WrittenField {
        precondition(index >= 0 && index < count, "written field \(index) out of \(count)")
        let entry = entries[index]
        return WrittenField(field: fieldKeys[Int(entry.slot)], rule: writerNames[Int(entry.writer)])
    }

    var fields: [WrittenField] { (0..<count).map(field(at:)) }

    /// Empties the list for an evaluation by a program of these names (assigned only when they are other storage: the
    /// same program's, every lead, are not retained again).
    mutating func reset(fieldKeys: [String], writerNames: [String]) {
        count = 0
        if !EvaluationBuffer.sameStorage(self.fieldKeys, fieldKeys) { self.fieldKeys = fieldKeys }
        if !EvaluationBuffer.sameStorage(self.writerNames, writerNames) { self.writerNames = writerNames }
    }

    /// Empties the list for another evaluation by the program of its names.
    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Records a change of field `slot` by writer `writer`, after those recorded so far: over an earlier evaluation's
    /// element where there is one (the array copied first when an ``Evaluation`` still shares it).
    mutating func append(slot: Int, writer: Int) {
        let entry = Entry(slot: Int32(truncatingIfNeeded: slot), writer: Int32(truncatingIfNeeded: writer))
        if count < entries.count { entries[count] = entry } else { entries.append(entry) }
        count &+= 1
    }
}

extension WrittenFieldList: Equatable {
    /// Equal when they name the same fields and rules in the same order (whichever program's slots they are).
    static func == (a: WrittenFieldList, b: WrittenFieldList) -> Bool {
        a.count == b.count && (0..<a.count).allSatisfy { a.field(at: $0) == b.field(at: $0) }
    }
}
