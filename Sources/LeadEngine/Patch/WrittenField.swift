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

    var entries: [Entry] = []
    var fieldKeys: [String] = []
    var writerNames: [String] = []

    var count: Int { entries.count }

    /// The field and rule of the `index`th change.
    func field(at index: Int) -> WrittenField {
        let entry = entries[index]
        return WrittenField(field: fieldKeys[Int(entry.slot)], rule: writerNames[Int(entry.writer)])
    }

    var fields: [WrittenField] { entries.indices.map(field(at:)) }

    /// Empties the list for an evaluation by a program of these names (assigned only when they are other storage: the
    /// same program's, every lead, are not retained again).
    mutating func reset(fieldKeys: [String], writerNames: [String]) {
        entries.removeAllKeepingCapacity()
        if !EvaluationBuffer.sameStorage(self.fieldKeys, fieldKeys) { self.fieldKeys = fieldKeys }
        if !EvaluationBuffer.sameStorage(self.writerNames, writerNames) { self.writerNames = writerNames }
    }

    mutating func append(slot: Int, writer: Int) {
        entries.append(Entry(slot: Int32(truncatingIfNeeded: slot), writer: Int32(truncatingIfNeeded: writer)))
    }
}

extension WrittenFieldList: Equatable {
    /// Equal when they name the same fields and rules in the same order (whichever program's slots they are).
    static func == (a: WrittenFieldList, b: WrittenFieldList) -> Bool {
        a.count == b.count && a.entries.indices.allSatisfy { a.field(at: $0) == b.field(at: $0) }
    }
}
