import Foundation

/// The rule tests of a generated table: one test per row, each a phone number under the row's
/// prefix and the `utcOffset` that the **source data** says that number gets.
///
/// The expectation never comes from the row: for a registry row it is the zone of the registry
/// range the number lies in (its territory through the region table), for a landline row the
/// zone of libphonenumber's region name for the number (through our name table), for a world row
/// the zones libphonenumber's map gives the number; then that zone's offset at ``now``, per the
/// system tz database, rounded down to a whole hour. The rows are used only to pick a number
/// that lands on the row (not on a longer row under it). So a test fails when the carving into
/// prefixes, the precedence between tables, or zone resolution in the engine goes wrong.
///
/// The files go to a `tests/` directory next to the tables, which `enrich run` does not load and
/// `enrich test` does (see rules/README.md). The same input gives the same bytes.
public enum TableTests {
    /// The reference time of every generated test (winter in the northern hemisphere).
    public static let now = "2026-01-15T12:00:00Z"
    /// ``now`` as a date.
    public static let nowDate = Date(timeIntervalSince1970: 1_768_478_400)

    /// One test: the row it is meant for, the number, and what the source data expects.
    public struct Case: Sendable, Equatable {
        /// The prefix of the row the number lies under (and no longer row).
        public let prefix: String
        /// E.164 digits, without `+`.
        public let phone: String
        /// The expected `utcOffset`; `nil` when the source gives no single offset (the test then
        /// expects `utcOffset` untouched, and fails where the table writes one).
        public let offset: Int?
        /// Where the expectation comes from, for the test's name.
        public let source: String
    }

    // MARK: Expectations

    /// The whole-hour UTC offset that all `zones` have at `date`, rounded down (India +5:30 -> 5,
    /// Newfoundland -3:30 -> -4): Liner takes whole hours, and the pack rounds down. `nil` when a
    /// zone is unknown to the tz database or the zones differ at that time.
    public static func offset(of zones: [String], at date: Date = nowDate) -> Int? {
        var seconds: Int?
        for name in zones {
            guard let zone = TimeZone(identifier: name) else { return nil }
            let s = zone.secondsFromGMT(for: date)
            if let seconds, seconds != s { return nil }
            seconds = s
        }
        guard let seconds else { return nil }
        return seconds >= 0 ? seconds / 3600 : -((-seconds + 3599) / 3600)
    }

    // MARK: Picking numbers

    /// The rows of a table, for picking numbers that land on a given row.
    struct RowSet {
        /// The rows' prefixes.
        let rows: Set<String>
        /// Every non-empty prefix of every row: a number starting with one of these may land on a
        /// longer row.
        let closure: Set<String>

        init(_ prefixes: [String]) {
            rows = Set(prefixes)
            var closure: Set<String> = []
            for prefix in prefixes {
                var text = ""
                for digit in prefix {
                    text.append(digit)
                    closure.insert(text)
                }
            }
            self.closure = closure
        }

        /// A `length`-digit number under `prefix` that no longer row captures, or `nil` when every
        /// number under it does (the row can never win). Digits follow `filler` where they can, so
        /// numbers look like `1 201 555 0123`.
        /// Only numbers `dialable` takes are given (the reader of phone fields refuses, say, a national part
        /// starting with the trunk 0: `+44 0…`).
        func number(under prefix: String, length: Int, filler: String = "5550123456789012",
                    dialable: (String) -> Bool = { _ in true }) -> String? {
            let fill = Array(filler)
            func digit(at count: Int) -> Character { fill[(count - prefix.count) % fill.count] }
            func completed(_ start: String) -> String {
                var number = start
                while number.count < length { number.append(digit(at: number.count)) }
                return number
            }
            // Depth first, the filler's digit first at each position.
            func search(_ current: String) -> String? {
                guard current.count < length else { return nil }
                let preferred = digit(at: current.count)
                let digits = [preferred] + Array("0123456789").filter { $0 != preferred }
                // A digit with no row under it ends the search: the rest is filler.
                for free in digits where !closure.contains(current + String(free)) {
                    let number = completed(current + String(free))
                    if dialable(number) { return number }
                }
                // Else go down the digits that are not rows themselves but have rows under them, looking for a free
                // digit deeper (under a digit without rows every number was tried above as the filler's: whether a
                // number is dialable depends on its first digits and its length, not on the filler).
                for down in digits where !rows.contains(current + String(down)) && closure.contains(current + String(down)) {
                    if let number = search(current + String(down)) { return number }
                }
                return nil
            }
            return search(prefix)
        }
    }
}

extension TableTests {
    // MARK: The registry table

    /// One test per row of the registry table: a number inside the registry range the row's prefix
    /// was cut from, expecting the zone of that range's territory (`zones`, the region table).
    /// `prefixes` are the table's rows (E.164 digits, starting with 7); their zones are not used.
    public static func registry(prefixes: [String], ranges: [RegistryRange], zones: [String: String],
                                at date: Date = nowDate) -> [Case] {
        let sorted = ranges.sorted { ($0.first, $0.last) < ($1.first, $1.last) }
        var cases: [Case] = []
        cases.reserveCapacity(prefixes.count)
        for prefix in prefixes {
            let national = prefix.dropFirst()
            let width = 10 - national.count
            var scale = 1
            for _ in 0..<max(0, width) { scale *= 10 }
            let blockFirst = (Int(national) ?? 0) * scale
            let blockLast = blockFirst + scale - 1
            // The range holding the block's first number (the last range starting at or before it).
            var low = 0
            var high = sorted.count
            while low < high {
                let mid = (low + high) / 2
                if sorted[mid].first <= blockFirst { low = mid + 1 } else { high = mid }
            }
            var found: RegistryRange?
            for index in stride(from: low - 1, through: max(0, low - 64), by: -1) where sorted[index].last >= blockFirst {
                found = sorted[index]
                break
            }
            guard let range = found else {
                cases.append(Case(prefix: prefix, phone: "7" + String(format: "%010ld", blockFirst), offset: nil,
                                  source: "no registry range holds this number"))
                continue
            }
            let number = (max(blockFirst, range.first) + min(blockLast, range.last)) / 2
            let zone = zones[range.territory]
            let expected = zone.flatMap { TableTests.offset(of: [$0], at: date) }
            cases.append(Case(prefix: prefix, phone: "7" + String(format: "%010ld", number), offset: expected,
                              source: "\(fileName(range.source)), \(zone ?? "no zone for \(range.territory)")"))
        }
        return cases
    }

    /// The tests file of the registry table.
    public static func registryFile(prefixes: [String], ranges: [RegistryRange], zones: [String: String],
                                    sources: [String], zonesFile: String, tableFile: String) -> String {
        let cases = registry(prefixes: prefixes, ranges: ranges, zones: zones)
        let header = "# Generated by `enrich import numbering-plan` from: \(sources.joined(separator: ", ")) and \(zonesFile).\n"
            + "# The tests of \(tableFile), one per row (\(cases.count)): a number inside the registry range (file:line) the\n"
            + "# row's prefix was cut from, expecting the zone of that range's territory in \(zonesFile), at its\n"
            + "# offset at \(now) per the system tz database. Do not edit: regenerate (see rules/README.md).\n"
        return write(cases, header: header)
    }

    /// `path:line` as `name:line`, so that the output does not depend on where the file was.
    static func fileName(_ source: String) -> String {
        guard let colon = source.lastIndex(of: ":") else { return source }
        return (String(source[..<colon]) as NSString).lastPathComponent + source[colon...]
    }

    // MARK: Tables from libphonenumber's prefix files

    /// The value of the longest prefix of `number` in `entries`, with that prefix.
    static func longest(_ number: String, in entries: [String: String]) -> (prefix: String, value: String)? {
        for length in stride(from: number.count, through: 1, by: -1) {
            let prefix = String(number.prefix(length))
            if let value = entries[prefix] { return (prefix, value) }
        }
        return nil
    }

    /// One test per row of the landline table: an 11-digit number under the row, expecting the zone
    /// that `names` (our region name -> zone table) gives libphonenumber's region name for it.
    public static func landlines(prefixes: [String], geocoding: [(prefix: String, value: String)], names: [String: String],
                                 at date: Date = nowDate) -> [Case] {
        var entries: [String: String] = [:]
        for (prefix, value) in geocoding where entries[prefix] == nil { entries[prefix] = value }
        let rows = RowSet(prefixes)
        return prefixes.map { prefix in
            guard let number = rows.number(under: prefix, length: 11) else {
                return Case(prefix: prefix, phone: prefix, offset: nil, source: "every number under it has a longer row")
            }
            guard let (entry, name) = longest(number, in: entries) else {
                return Case(prefix: prefix, phone: number, offset: nil, source: "not in the geocoding file")
            }
            let zone = names[name]
            return Case(prefix: prefix, phone: number, offset: zone.flatMap { TableTests.offset(of: [$0], at: date) },
                        source: "7.txt \(entry) \(name), \(zone ?? "no zone")")
        }
    }

    /// The tests file of the landline table.
    public static func landlinesFile(prefixes: [String], geocoding: [(prefix: String, value: String)], names: [String: String],
                                     namesFile: String, tableFile: String) -> String {
        let cases = landlines(prefixes: prefixes, geocoding: geocoding, names: names)
        let header = "# Generated by `enrich import landlines` from libphonenumber's geocoding/ru/7.txt (Apache-2.0) and \(namesFile).\n"
            + "# The tests of \(tableFile), one per row (\(cases.count)): a number under the row, expecting the zone of\n"
            + "# the number's region name (7.txt's longest prefix) in \(namesFile), at its offset at\n"
            + "# \(now) per the system tz database. Do not edit: regenerate (see rules/README.md).\n"
        return write(cases, header: header)
    }

    /// One test per row of the world table: a number under the row, expecting the offset that the
    /// zones of the longest prefix of libphonenumber's map share at the test's time (no single
    /// offset: `utcOffset` untouched).
    public static func world(prefixes: [String], map: [(prefix: String, value: String)], at date: Date = nowDate,
                             dialable: (String) -> Bool = { _ in true }) -> [Case] {
        var entries: [String: String] = [:]
        for (prefix, value) in map where entries[prefix] == nil { entries[prefix] = value }
        let rows = RowSet(prefixes)
        return prefixes.map { prefix in
            guard let number = rows.number(under: prefix, length: worldNumberLength(prefix), dialable: dialable) else {
                return Case(prefix: prefix, phone: prefix, offset: nil, source: "every number under it has a longer row")
            }
            guard let (entry, value) = longest(number, in: entries) else {
                return Case(prefix: prefix, phone: number, offset: nil, source: "not in the map")
            }
            let zones = value.split(separator: "&").map(String.init)
            return Case(prefix: prefix, phone: number, offset: TableTests.offset(of: zones, at: date), source: "map_data.txt \(entry) \(value)")
        }
    }

    /// The length of the number a world row's test dials: at least 11 digits, two more than the prefix, at most 15.
    static func worldNumberLength(_ prefix: String) -> Int { min(15, max(11, prefix.count + 2)) }

    /// The tests file of the world table.
    public static func worldFile(prefixes: [String], map: [(prefix: String, value: String)], tableFile: String,
                                 dialable: (String) -> Bool = { _ in true }) -> String {
        let cases = world(prefixes: prefixes, map: map, dialable: dialable)
        let header = "# Generated by `enrich import world-zones` from libphonenumber's timezones/map_data.txt (Apache-2.0).\n"
            + "# The tests of \(tableFile), one per row (\(cases.count)): a number under the row, expecting the offset that\n"
            + "# the zones of the map's longest prefix for it share at \(now) per the system tz database,\n"
            + "# rounded down. Do not edit: regenerate (see rules/README.md).\n"
        return write(cases, header: header)
    }

    // MARK: Writing

    /// The tests as rules-language `test` blocks, in the canonical format (`enrich fmt`).
    public static func write(_ cases: [Case], header: String) -> String {
        var out = header
        out.reserveCapacity(header.utf8.count + cases.count * 200)
        for (index, test) in cases.enumerated() {
            // Canonical form: the header comment right above the first test, a blank line between tests.
            if index > 0 { out += "\n" }
            out += "test \"\(escape("\(test.prefix): \(test.source)"))\" {\n"
            out += "  given {\"id\": \(index + 1), \"phone\": \"+\(test.phone)\"}\n"
            out += "  now \"\(now)\"\n"
            if let offset = test.offset {
                out += "  expect fields {\"utcOffset\": \(offset)}\n"
            } else {
                out += "  expect untouched utcOffset\n"
            }
            out += "}\n"
        }
        return out
    }

    /// A string literal's content: `\`, `"` and `$` escaped.
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if character == "\\" || character == "\"" || character == "$" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

extension WorldTable {
    /// `rows` without those that can never win: every number under them that `dialable` takes has a longer row
    /// (the map's `86` when `861` to `869` are rows and `860…` dials no 0). Such a row would never fire.
    public static func reachableRows(_ rows: [PrefixTable.Row], dialable: (String) -> Bool) -> [PrefixTable.Row] {
        let set = TableTests.RowSet(rows.map(\.prefix))
        return rows.filter { set.number(under: $0.prefix, length: TableTests.worldNumberLength($0.prefix), dialable: dialable) != nil }
    }
}
