import Foundation
import LeadEngine
import RulesLanguage

/// Which rules and tables won a field, and which table rows won, in at least one test.
///
/// A writer counts as covered when it *won* (one of its writes was the field's value in the end),
/// not merely fired: a rule that fires in every test but always loses to a writer ahead of it is
/// not covered, and is listed as "fired but never won".
public struct Coverage: Sendable {
    /// Every rule and table by name, with where it is declared.
    public let writers: [(name: String, location: SourceLocation)]
    /// Every table row: table name, row line, key as written.
    public let rows: [(table: String, line: Int, key: String)]
    /// Writers that fired (proposed a write) in some test.
    public private(set) var firedWriters: Set<String> = []
    /// Writers that won a field (or moved the status) in some test: the covered ones.
    public private(set) var wonWriters: Set<String> = []
    public private(set) var firedRows: Set<RowID> = []

    public struct RowID: Hashable, Sendable {
        public let table: String
        public let line: Int
    }

    init(ruleset: Ruleset) {
        var writers: [(String, SourceLocation)] = []
        var rows: [(String, Int, String)] = []
        for writer in ruleset.writers.sorted(by: { $0.loadIndex < $1.loadIndex }) {
            writers.append((writer.name, writer.range.location))
            if case let .table(table) = writer.declaration {
                for row in table.rows { rows.append((table.name.text, row.range.location.line, row.keyText)) }
            }
        }
        self.writers = writers
        self.rows = rows
    }

    mutating func record(_ evaluation: Evaluation) {
        for name in evaluation.fired { firedWriters.insert(name) }
        for trace in evaluation.trace {
            if trace.writes.contains(where: \.won) { wonWriters.insert(trace.name) }
            if let row = trace.row { firedRows.insert(RowID(table: trace.name, line: row.line)) }
            // Under `collect`, every matching row contributed to the value.
            for row in trace.collectedRows ?? [] { firedRows.insert(RowID(table: trace.name, line: row.line)) }
        }
    }

    /// Percentage of rules and tables that won in some test (100 when there are none).
    public var writerPercent: Double { percent(wonWriters.count, writers.count) }
    /// Percentage of table rows that won at least once (100 when there are none).
    public var rowPercent: Double { percent(firedRows.count, rows.count) }

    private func percent(_ part: Int, _ whole: Int) -> Double {
        whole == 0 ? 100 : Double(part) * 100 / Double(whole)
    }

    /// Why coverage misses the bars (`nil` bars are not checked): one line each, empty when met.
    /// `enrich test --min-coverage --min-row-coverage` fails on any.
    public func shortfalls(minWriterPercent: Double? = nil, minRowPercent: Double? = nil) -> [String] {
        var lines: [String] = []
        if let minWriterPercent, writerPercent < minWriterPercent {
            lines.append(String(format: "rule coverage below %.1f%%", minWriterPercent))
        }
        if let minRowPercent, rowPercent < minRowPercent {
            lines.append(String(format: "table-row coverage below %.1f%%", minRowPercent))
        }
        return lines
    }

    /// Rules and tables that never fired.
    public var unfiredWriters: [(name: String, location: SourceLocation)] {
        writers.filter { !firedWriters.contains($0.name) }
    }

    /// Rules and tables that fired in some test but never won a field.
    public var neverWonWriters: [(name: String, location: SourceLocation)] {
        writers.filter { firedWriters.contains($0.name) && !wonWriters.contains($0.name) }
    }

    /// Table rows that never won.
    public var unfiredRows: [(table: String, line: Int, key: String)] {
        rows.filter { !firedRows.contains(RowID(table: $0.table, line: $0.line)) }
    }

    /// The coverage report: percentages, then what never fired or never won, with locations.
    public func render(maxRows: Int = 50) -> String {
        var out = String(format: "coverage: rules and tables won %.1f%% (%d of %d), table rows %.1f%% (%d of %d)\n",
                         writerPercent, wonWriters.count, writers.count, rowPercent, firedRows.count, rows.count)
        for writer in unfiredWriters { out += "  never fired: \"\(writer.name)\" at \(writer.location)\n" }
        for writer in neverWonWriters { out += "  fired but never won: \"\(writer.name)\" at \(writer.location)\n" }
        guard maxRows > 0 else { return out }
        let rows = unfiredRows
        for row in rows.prefix(maxRows) { out += "  row never won: \"\(row.table)\" line \(row.line): \(row.key)\n" }
        if rows.count > maxRows { out += "  ... and \(rows.count - maxRows) more rows\n" }
        return out
    }
}
