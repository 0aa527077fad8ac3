import RulesLanguage

/// What a program's ``FieldChange``s name, by index: its field keys, its writers' names, where each action and each
/// table row is written, and the rows' keys (the tables' own arrays, shared). Made once per program; a change the
/// engine makes holds a reference to it and indexes into it (``FieldChange/field``, ``FieldChange/rule``, ``FieldChange/location`` and
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
    /// The lines, columns and keys of a table's rows: the table's own arrays, shared, not copied.
    struct Rows: Sendable {
        let lines: [Int]
        let columns: [Int]
        let keys: [String]
        static let none = Rows(lines: [], columns: [], keys: [])
    }

    /// Every writer's rows by index (``Rows/none`` for a rule): writer `w`'s row `r` is `rows[w]`'s `r`th.
    let rows: [Rows]
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
        var rows: [Rows] = []
        for writer in writers {
            actionStarts.append(actionLocations.count)
            switch writer.body {
            case let .actions(actions):
                actionLocations += actions.map(\.location)
                rows.append(.none)
            case let .table(table):
                rows.append(Rows(lines: table.rowLines, columns: table.rowColumns, keys: table.rowKeys))
            case let .decision(table):
                rows.append(Rows(lines: table.rowLines, columns: table.rowColumns, keys: table.rowKeys))
            }
        }
        self.actionLocations = actionLocations
        self.actionStarts = actionStarts
        self.rows = rows
        explicitLocation = nil
        explicitRow = nil
    }

    /// Where writer `writer`'s action or row `position` is written (for ``FieldChange/Origin/explicit``, the
    /// location written out).
    func location(writer: Int, origin: FieldChange.Origin, position: Int) -> SourceLocation {
        switch origin {
        case .action: return actionLocations[actionStarts[writer] + position]
        case .row:
            return SourceLocation(path: writerPaths[writer], line: rows[writer].lines[position], column: rows[writer].columns[position])
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
        rows = [.none]
        explicitLocation = location
        explicitRow = tableRow
    }
}
