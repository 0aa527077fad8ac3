import RulesLanguage

/// What a program's ``FieldChange``s name, by index: its field keys, its writers' names, where each action and each
/// table row is written, and the rows' keys. Made once per program; a change the engine makes holds a reference to it
/// and indexes into it (``FieldChange/field``, ``FieldChange/rule``, ``FieldChange/location`` and
/// ``FieldChange/tableRow`` are read from it when asked for), so that making a change and emptying the buffer that
/// holds it take and drop a few reference counts rather than one per string.
final class ProvenanceTable: Sendable {
    /// Every field key by slot (``Program/fieldKeys``).
    let fieldKeys: [String]
    /// Every writer's name by index.
    let writerNames: [String]
    /// The path of every writer's file by index (a row's location is in its table's file).
    let writerPaths: [String]
    /// Every writer's actions' locations, one writer after another: writer `w`'s action `i` is at
    /// `actionStarts[w] + i`.
    let actionLocations: [SourceLocation]
    let actionStarts: [Int]
    /// Every table's rows (plain and decision tables), one writer after another: writer `w`'s row `r` is at
    /// `rowStarts[w] + r`.
    let rowLines: [Int]
    let rowColumns: [Int]
    let rowKeys: [String]
    let rowStarts: [Int]
    /// For a change made with its provenance written out (``FieldChange/init(field:old:new:isClear:rule:location:matches:tableRow:)``):
    /// its location and row record (its field and rule are the one key and name of the table).
    let explicitLocation: SourceLocation?
    let explicitRow: TableRowRecord?

    /// The table of `writers`, whose field slots are keyed `fieldKeys`.
    init(writers: [CompiledWriter], fieldKeys: [String]) {
        self.fieldKeys = fieldKeys
        writerNames = writers.map(\.name)
        writerPaths = writers.map(\.location.path)
        var actionLocations: [SourceLocation] = [], actionStarts: [Int] = []
        var rowLines: [Int] = [], rowColumns: [Int] = [], rowKeys: [String] = [], rowStarts: [Int] = []
        for writer in writers {
            actionStarts.append(actionLocations.count)
            rowStarts.append(rowLines.count)
            switch writer.body {
            case let .actions(actions):
                actionLocations += actions.map(\.location)
            case let .table(table):
                rowLines += table.rowLines
                rowColumns += table.rowColumns
                rowKeys += table.rowKeys
            case let .decision(table):
                rowLines += table.rowLines
                rowColumns += table.rowColumns
                rowKeys += table.rowKeys
            }
        }
        self.actionLocations = actionLocations
        self.actionStarts = actionStarts
        self.rowLines = rowLines
        self.rowColumns = rowColumns
        self.rowKeys = rowKeys
        self.rowStarts = rowStarts
        explicitLocation = nil
        explicitRow = nil
    }

    /// Where writer `writer`'s action or row `position` is written (for ``FieldChange/Origin/explicit``, the
    /// location written out).
    func location(writer: Int, origin: FieldChange.Origin, position: Int) -> SourceLocation {
        switch origin {
        case .action: return actionLocations[actionStarts[writer] + position]
        case .row:
            let r = rowStarts[writer] + position
            return SourceLocation(path: writerPaths[writer], line: rowLines[r], column: rowColumns[r])
        case .explicit: return explicitLocation!
        }
    }

    /// The table of one change whose provenance is written out: field slot 0, writer 0.
    init(field: String, rule: String, location: SourceLocation, tableRow: TableRowRecord?) {
        fieldKeys = [field]
        writerNames = [rule]
        writerPaths = [location.path]
        actionLocations = []
        actionStarts = [0]
        rowLines = []
        rowColumns = []
        rowKeys = []
        rowStarts = [0]
        explicitLocation = location
        explicitRow = tableRow
    }
}
