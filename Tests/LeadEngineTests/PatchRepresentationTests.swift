import BenchSupport
import Foundation
@testable import JSON
import LeadFields
import PCRE2
import RulesLanguage
import Testing
@testable import LeadEngine

/// The cheaper representations behind the patch (session 9): a ``FieldChange`` that indexes its program's
/// ``ProvenanceTable``, the dense walk of a table's trie, the memo of zone hours, and the shortcuts of the field
/// checks, each against what it replaces.
@Suite struct PatchRepresentationTests {
    static let rules = """
    rule "Budget" {
      when sourceComment ~ /бюджет/i
      set priority = 6
    }
    table "Zones" precedence 2 {
      fill utcOffset from e164(phone) by longest prefix
      "7" => 3
      "7343" => zone("Asia/Yekaterinburg")
    }
    table "Calls" {
      set customValues[12] from priority, statusId by first
      2, 1 => "second"
      6, - => "budget"
    }
    """

    /// A change the engine makes says what a change with the same facts written out says: equal, and encoded to
    /// the same JSON (the members of the former stored properties, `nil` ones left out).
    @Test func anIndexedChangeEqualsTheChangeWrittenOut() throws {
        let engine = try engine(Self.rules)
        let lead = try lead(#"{"id": 3, "priority": 2, "statusId": 1, "phone": "8 343 123 45 67", "sourceComment": "бюджет"}"#)
        for detail in [EvaluationDetail.patch, .provenance, .trace] {
            let evaluation = engine.makeEvaluator().evaluate(lead, now: winter, detail: detail)
            #expect(Set(evaluation.changes.map(\.field)) == ["priority", "utcOffset", "customValues[12]"])
            for change in evaluation.changes {
                let written = FieldChange(field: change.field, old: change.old, new: change.new, isClear: change.isClear,
                                          rule: change.rule, location: change.location, matches: change.matches,
                                          tableRow: change.tableRow)
                #expect(written == change)
                let encoder = JSONEncoder()
                encoder.outputFormatting = .sortedKeys
                #expect(try encoder.encode(written) == encoder.encode(change))
            }
            let zone = try #require(evaluation.changes.first { $0.field == "utcOffset" })
            #expect(zone.rule == "Zones")
            #expect(zone.location.description == "test.rules:8:3")
            #expect(zone.tableRow == TableRowRecord(lookedUp: "73431234567", rowKey: "\"7343\"", line: 8))
            #expect(zone.old == nil && zone.new == .int(5))
            let decided = try #require(evaluation.changes.first { $0.field == "customValues[12]" })
            #expect(decided.rule == "Calls")
            #expect(decided.location.description == "test.rules:13:3")
            #expect(decided.tableRow?.line == 13)
            #expect(decided.tableRow?.lookedUp == "6, 1")
            let budget = try #require(evaluation.changes.first { $0.field == "priority" })
            #expect(budget.tableRow == nil)
            #expect(budget.location.description == "test.rules:3:3")
            #expect(budget.matches.isEmpty == (detail == .patch))
        }
        let change = FieldChange(field: "utcOffset", old: nil, new: .int(3), isClear: false, rule: "Zones",
                                 location: SourceLocation(path: "z.rules", line: 3, column: 3), matches: [],
                                 tableRow: TableRowRecord(lookedUp: "7495", rowKey: "\"7\"", line: 3))
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(change), as: UTF8.self)
            == #"{"field":"utcOffset","isClear":false,"location":{"column":3,"line":3,"path":"z.rules"},"matches":[],"new":3,"#
            + #""rule":"Zones","tableRow":{"line":3,"lookedUp":"7495","rowKey":"\"7\""}}"#)
    }

    /// The dense table of a trie finds what the search of each node's edges finds, under both policies, for random
    /// keys over a small alphabet (so that prefixes share paths, and keys leave the trie or hold unknown bytes).
    @Test func theDenseWalkFindsWhatTheSparseWalkFinds() throws {
        var random = SplitMix64(seed: 0xDE45E)
        let alphabet: [String] = ["7", "3", "4", "9", "0", "a", "я"]
        func key(_ length: Int, _ random: inout SplitMix64) -> String {
            (0..<length).map { _ in random.pick(alphabet) }.joined()
        }
        let scratch = MatchScratch()
        for round in 0..<200 {
            let prefixes = (0..<(1 + random.below(40))).map { (row: $0, key: key(random.below(6), &random)) }
            for policy in [TablePolicy.longestPrefix, .firstMatch] {
                let dense = TableMatcher(policy: policy, prefixes: prefixes, regexes: [])
                let sparse = TableMatcher(policy: policy, prefixes: prefixes, regexes: [], denseLimit: 0)
                for _ in 0..<50 {
                    let probe = key(random.below(9), &random)
                    #expect(try dense.lookup(probe, scratch: scratch) == sparse.lookup(probe, scratch: scratch),
                            "round \(round) \(policy) \(probe) in \(prefixes)")
                }
            }
        }
    }

    /// The memo of zone hours answers what resolving the zone answers, across rows that share an entry, and
    /// reference times that change.
    @Test func rememberedZoneHoursAreTheZonesHours() throws {
        var memo = ZoneHoursMemo(tableZoneCounts: [])
        let zones = try ["Europe/Moscow", "Asia/Yekaterinburg", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"]
            .map { try #require(TimeZone(identifier: $0)) }
        var random = SplitMix64(seed: 0x20E)
        let times = [winter, summer, Date(timeIntervalSince1970: 1_711_846_800)]
        for _ in 0..<5_000 {
            // Rows 0, 256, 512... and writers 0 and 1 collide in the memo's entries.
            let writer = random.below(2), row = random.below(4) * 256 + random.below(3)
            let zone = zones[(writer * 7 + row) % zones.count]
            let now = random.pick(times)
            #expect(memo.hours(of: zone, writer: writer, row: row, at: now) == EvaluationCore.hours(of: zone, at: now))
        }
    }

    /// The memo of zone hours by a table's zone answers what resolving the zone answers, for zones of several tables
    /// (entries side by side) and reference times that change.
    @Test func zoneHoursRememberedByZoneAreTheZonesHours() throws {
        let zones = try ["Europe/Moscow", "Asia/Yekaterinburg", "America/New_York", "Asia/Kolkata", "Australia/Adelaide"]
            .map { try #require(TimeZone(identifier: $0)) }
        // Table 0 has zones 0 and 1 of the list, table 1 none, table 2 all five.
        let tables = [[zones[0], zones[1]], [], zones]
        var memo = ZoneHoursMemo(tableZoneCounts: tables.map(\.count))
        var random = SplitMix64(seed: 0x20F)
        let times = [winter, summer, Date(timeIntervalSince1970: 1_711_846_800)]
        for _ in 0..<5_000 {
            let table = random.pick([0, 2])
            let index = random.below(tables[table].count)
            let zone = tables[table][index]
            let now = random.pick(times)
            #expect(memo.hours(of: zone, table: table, zone: index, at: now) == EvaluationCore.hours(of: zone, at: now))
        }
    }

    /// A table numbers its zones by identifier: rows of one zone share a number whether or not they follow each other,
    /// rows of other values have none.
    @Test func aTableNumbersItsZonesByIdentifier() throws {
        let moscow = try #require(TimeZone(identifier: "Europe/Moscow"))
        let kolkata = try #require(TimeZone(identifier: "Asia/Kolkata"))
        let values: [Value] = [.zone(moscow), .zone(moscow), .int(3), .zone(kolkata), .string("x"),
                               .zone(try #require(TimeZone(identifier: "Europe/Moscow"))), .zone(kolkata)]
        let (rowZones, count) = CompiledTable.zoneIndexes(of: values)
        #expect(rowZones == [0, 0, -1, 1, -1, 0, 1])
        #expect(count == 2)
    }

    /// The engine's own test of a value that surely keeps its field never contradicts ``JSONValue/emptiesField``.
    @Test func aValueThatSurelyKeepsItsFieldDoesNotEmptyIt() {
        var random = SplitMix64(seed: 0x5EE)
        let pieces = [" ", "\t", "\n", "a", "1", "~", "\u{7F}", "\u{200B}", "\u{00A0}", "я", "\u{2800}", "+", "!", ""]
        var values: [JSONValue] = [.null, .int(0), .int(-3), .bool(false), .double(1), .double(.nan), .array([]), .object([])]
        for _ in 0..<3_000 {
            values.append(.string((0..<random.below(5)).map { _ in random.pick(pieces) }.joined()))
        }
        var kept = 0
        for value in values where PatchValidator.surelyKeepsField(value) {
            #expect(!value.emptiesField, "\(value)")
            kept += 1
        }
        #expect(kept > 500)
    }

    /// ``JSONValue/isBlank(_:)`` with its shortcut for a visible first ASCII character says what its definition
    /// (every scalar invisible) says.
    @Test func blankTextIsEveryScalarInvisible() {
        var random = SplitMix64(seed: 0xB1A)
        let pieces = [" ", "\t", "\n", "a", "1", "~", "\u{7F}", "\u{200B}", "\u{00A0}", "я", "\u{2800}", "\u{FEFF}", "!", ""]
        for _ in 0..<5_000 {
            let text = (0..<random.below(5)).map { _ in random.pick(pieces) }.joined()
            #expect(JSONValue.isBlank(text) == text.unicodeScalars.allSatisfy(JSONValue.isInvisible), "\(text.debugDescription)")
        }
    }

    /// A field that holds nothing (absent or `null`) holds only `""` and `null`: the shortcut says what the general
    /// rule says (equal values, or `""` against `null`, or equal texts).
    @Test func anEmptyFieldHoldsOnlyEmptyValues() {
        let wanted: [JSONValue] = [.null, .string(""), .string(" "), .string("0"), .int(0), .double(0), .bool(false),
                                   .array([]), .object([]), .array([.null])]
        for held in [nil, JSONValue.null] {
            for value in wanted {
                let general = value == .null || value == .string("")
                for kind in [nil, LeadField.Kind.phone, .integer, .text] {
                    #expect(LeadFields.sameValue(held: held, wanted: value, kind: kind) == general, "\(String(describing: held)) \(value)")
                }
            }
        }
    }

    /// ``LeadFields/isE164Phone(_:)`` over the text's bytes says what ``LeadFields/e164Digits(_:)`` says.
    @Test func e164PhonesAreWhatTheDigitReadingAccepts() {
        var random = SplitMix64(seed: 0xE164)
        let pieces = ["+", "7", "9", "0", "1", " ", "-", "a", "٣", "+7", "00"]
        for _ in 0..<20_000 {
            let text = (0..<random.below(18)).map { _ in random.pick(pieces) }.joined()
            #expect(LeadFields.isE164Phone(text) == (LeadFields.e164Digits(text) != nil), "\(text.debugDescription)")
        }
    }
}
