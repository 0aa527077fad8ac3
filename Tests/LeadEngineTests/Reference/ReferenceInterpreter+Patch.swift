import Foundation
import PCRE2
@testable import LeadEngine
import LeadFields
import RulesLanguage

/// A table's row for a key, by the table's policy, read straight from its declaration.
enum ReferenceTable {
    /// `by longest prefix`: the longest key that is a byte prefix of `key` (of repeated keys, the first row).
    /// `by first match`: the first row in order whose string key is a byte prefix of `key` or whose regex
    /// finds a match in it.
    static func winningRow(_ table: TableDeclaration, key: String, ruleset: Ruleset,
                           index: ReferencePrefixIndex) throws(ReferenceRun.Failure) -> Int? {
        let bytes = Array(key.utf8)
        // Every prefix row whose key starts `key`: look each prefix of the key up (a plain linear scan of
        // 35,000 rows per lead would be too slow for the corpus).
        var prefixRows: [Int] = []
        for length in 0...bytes.count {
            if let row = index.firstRow[Array(bytes[0..<length])] { prefixRows.append(row) }
        }
        switch table.policy {
        case .longestPrefix:
            return prefixRows.last
        case .firstMatch:
            let firstPrefixRow = prefixRows.min()
            for (row, declared) in table.rows.enumerated() {
                if let firstPrefixRow, row >= firstPrefixRow { return firstPrefixRow }
                guard case let .regex(source, _) = declared.key else { continue }
                // The pattern's text starts after the key's opening slash.
                let start = declared.keyRange.start + 1
                let site = SourceRange(file: declared.keyRange.file, start: start, end: start + source.utf8.count)
                guard let pattern = ruleset.pattern(at: site) else {
                    throw ReferenceRun.Failure(message: "reference: no compiled pattern at \(declared.keyRange.location)")
                }
                do {
                    if try pattern.firstMatch(in: key) != nil { return row }
                } catch {
                    throw ReferenceRun.Failure(message: "\(error)")
                }
            }
            return firstPrefixRow
        case .decision:
            return nil  // not interpreted (see ReferenceRun.run)
        }
    }
}

/// A table's string keys by their bytes, each with the first row that has it.
struct ReferencePrefixIndex {
    var firstRow: [[UInt8]: Int] = [:]

    init(_ table: TableDeclaration) {
        for (row, declared) in table.rows.enumerated() {
            if case let .prefix(prefix) = declared.key, firstRow[Array(prefix.utf8)] == nil {
                firstRow[Array(prefix.utf8)] = row
            }
        }
    }
}

extension ReferenceRun {
    /// The minimal patch: per field (in the order fields were first proposed, which orders the errors), the
    /// winner's value converted and checked for its field, kept when it changes what the lead holds; then
    /// sorted in wire order, custom values last by id.
    func outcome() -> ReferenceOutcome {
        var fields: [String] = []
        for proposal in proposals where !fields.contains(proposal.field) { fields.append(proposal.field) }
        var changes: [FieldChange] = []
        var patchErrors: [LeadError] = []
        for field in fields {
            guard let winner = winner(field) else { continue }
            let writer = ruleset.writers[winner.writer]
            var old = leadJSON(field)
            if old == .null { old = nil }
            let new: JSONValue
            if winner.value == .clear {
                if leadValue(field).isEmpty { continue }
                new = LeadFields.named(field)?.clearValue ?? .string("")
            } else {
                switch PatchValidator.validate(winner.value.engineValue, for: field, now: now) {
                case let .success(value): new = value
                case let .failure(problem):
                    patchErrors.append(LeadError(leadId: lead.id, rule: writer.name, location: winner.location, field: field,
                                                 message: "\(field) = \(describe(winner.value)) is not sent: \(problem.message)"))
                    continue
                }
                if new.emptiesField || LeadFields.sameValue(held: old, wanted: new, key: field) { continue }
            }
            changes.append(FieldChange(field: field, old: old, new: new, isClear: winner.value == .clear, rule: writer.name,
                                       location: winner.location, matches: matchesByWriter[winner.writer] ?? [],
                                       tableRow: winner.tableRow))
        }
        changes.sort { Patch.orderKey($0.field) < Patch.orderKey($1.field) }
        var body: [(String, JSONValue)] = []
        var custom: [(String, JSONValue)] = []
        for change in changes {
            if let id = LeadFields.customValueId(of: change.field) {
                custom.append((String(id), change.new))
            } else {
                body.append((change.field, change.new))
            }
        }
        if !custom.isEmpty { body.append((LeadFields.customValues, .object(custom))) }
        return ReferenceOutcome(patchBody: JSONWriter.write(.object(body)), clears: Set(changes.filter(\.isClear).map(\.field)),
                                changes: changes, errors: errors + patchErrors, fired: fired)
    }

    /// A value as error messages show it.
    func describe(_ value: ReferenceValue) -> String {
        switch value {
        case .missing: return "(missing)"
        case .clear: return "(clear)"
        case let .string(s) where !s.isEmpty && JSONValue.isBlank(s):
            return "\"" + s.unicodeScalars.map { String(format: "\\u{%04X}", $0.value) }.joined() + "\""
        case let .string(s): return "\"\(s)\""
        case let .zone(zone): return "zone(\"\(zone.identifier)\") = \(Self.hours(of: zone, at: now))"
        default: return value.text ?? "(missing)"
        }
    }
}
