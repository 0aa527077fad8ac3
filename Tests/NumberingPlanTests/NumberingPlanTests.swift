import Foundation
import LeadEngine
import Testing
@testable import NumberingPlan

@Suite("Numbering plan: ranges to prefixes")
struct PrefixTests {
    /// Expands prefixes back into the set of numbers they cover (small widths only).
    func covered(_ prefixes: [(Int, Int)], width: Int) -> [Int] {
        prefixes.flatMap { value, length -> [Int] in
            var scale = 1
            for _ in 0..<(width - length) { scale *= 10 }
            return Array((value * scale)..<((value + 1) * scale))
        }
    }

    @Test("Prefixes cover exactly the range, in order, with no overlap (exhaustive on 4-digit numbers)")
    func exactCover() {
        var state: UInt64 = 42
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let a = Int(state >> 40) % 10_000
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let b = Int(state >> 40) % 10_000
            let (low, high) = (min(a, b), max(a, b))
            let prefixes = PrefixTable.prefixes(from: low, to: high, width: 4)
            #expect(covered(prefixes, width: 4) == Array(low...high), "\(low)...\(high)")
        }
    }

    @Test("Aligned blocks become one short prefix")
    func aligned() {
        #expect(PrefixTable.prefixes(from: 9_000_000_000, to: 9_009_999_999, width: 10).map { $0.1 } == [3])
        #expect(PrefixTable.prefixes(from: 1200, to: 1299, width: 4).map { $0.0 } == [12])
        #expect(PrefixTable.prefixes(from: 1250, to: 1349, width: 4).map { "\($0.0)/\($0.1)" } == ["125/3", "126/3", "127/3", "128/3", "129/3", "13/2"].map { $0 }.prefix(5) + ["130/3", "131/3", "132/3", "133/3", "134/3"])
    }

    @Test("Neighbouring ranges of one zone merge; nationwide and unknown territories are reported, not guessed")
    func build() throws {
        let csv = """
        АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН
        900;0000000;0499999;500000;A;Москва;Город Москва, Московская область;1
        900;0500000;0999999;500000;B;Москва;Город Москва, Московская область;1
        900;1000000;1999999;1000000;C;-;р-н Такой|Калининградская область;1
        900;2000000;2999999;1000000;D;РФ;Российская Федерация;1
        900;3000000;3000999;1000;E;?;Атлантида;1
        """
        let ranges = try RegistryReader.ranges(text: "\u{FEFF}" + csv, path: "t.csv")
        #expect(ranges.count == 5)
        #expect(ranges[2].territory == "Калининградская область")
        let zones = ["Город Москва, Московская область": "Europe/Moscow", "Калининградская область": "Europe/Kaliningrad"]
        let result = PrefixTable.build(ranges: ranges, zones: zones)
        #expect(result.rows == [.init(prefix: "79000", zone: "Europe/Moscow"), .init(prefix: "79001", zone: "Europe/Kaliningrad")])
        #expect(result.nationwide == 1)
        #expect(result.unknownTerritories == ["Атлантида": 1])
    }

    @Test("Rows sharing numbers: of two zones a conflict naming both rows (no table); of one zone an overlap, merged once")
    func overlappingRows() throws {
        let csv = """
        АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН
        900;0000000;0499999;500000;A;Москва;Город Москва, Московская область;1
        900;0400000;0999999;600000;B;Москва;Город Москва, Московская область;1
        900;0900000;1999999;1100000;C;-;Калининградская область;1
        901;0000000;0999999;1000000;D;-;Калининградская область;1
        901;0000000;0999999;1000000;D;-;Калининградская область;1
        """
        let ranges = try RegistryReader.ranges(text: csv, path: "t.csv")
        let zones = ["Город Москва, Московская область": "Europe/Moscow", "Калининградская область": "Europe/Kaliningrad"]
        let result = PrefixTable.build(ranges: ranges, zones: zones)
        #expect(result.conflicts == ["t.csv:4: numbers +79000900000...+79000999999 are also in t.csv:3, of another zone (Europe/Kaliningrad here, Europe/Moscow there)"])
        #expect(result.overlaps == ["t.csv:3: numbers +79000400000...+79000499999 are also in t.csv:2 (the same zone)",
                                    "t.csv:6: numbers +79010000000...+79010999999 are also in t.csv:5 (the same zone)"])
        #expect(Set(result.rows.map(\.prefix)).count == result.rows.count, "no prefix twice: \(result.rows)")
        let clean = PrefixTable.build(ranges: Array(ranges[0...1]) + [ranges[4]], zones: zones)
        #expect(clean.conflicts.isEmpty)
        #expect(clean.rows == [.init(prefix: "79000", zone: "Europe/Moscow"), .init(prefix: "79010", zone: "Europe/Kaliningrad")])
    }

    @Test("A malformed row is an error naming the file and line")
    func malformed() {
        let csv = "header\n900;0000000;0499999;500000;A;Москва;Город Москва;1\n900;99;x;1;A;B\n"
        #expect(throws: RegistryError.self) { try RegistryReader.ranges(text: csv, path: "bad.csv") }
        do {
            _ = try RegistryReader.ranges(text: csv, path: "bad.csv")
        } catch {
            #expect(error.message.hasPrefix("bad.csv:3:"))
        }
    }
}

@Suite("Numbering plan: the real registry and the committed table")
struct RegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let registry = root.deletingLastPathComponent().appendingPathComponent("shared/data/DEF-9xx.csv")
    static let available = FileManager.default.fileExists(atPath: registry.path)

    func generate() throws -> (String, PrefixTable.Result, [RegistryRange], [String: String]) {
        let ranges = try RegistryReader.ranges(text: try String(contentsOf: Self.registry, encoding: .utf8), path: "DEF-9xx.csv")
        let zoneText = try String(contentsOf: Self.root.appendingPathComponent("rules/sources/ru-region-zones.tsv"), encoding: .utf8)
        let zones = try RulesWriter.zones(fromTSV: zoneText, path: "ru-region-zones.tsv")
        let result = PrefixTable.build(ranges: ranges, zones: zones)
        let text = RulesWriter.write(result, tableName: "Russian numbers by registry range", sources: ["DEF-9xx.csv"], precedence: 20)
        return (text, result, ranges, zones)
    }

    @Test("Every territory of the registry has a zone (nationwide aside), and every zone exists",
          .enabled(if: available, "the registry is in ../shared/data"))
    func territories() throws {
        let (_, result, _, zones) = try generate()
        #expect(result.unknownTerritories.isEmpty, "\(result.unknownTerritories)")
        for zone in Set(zones.values) { #expect(TimeZone(identifier: zone) != nil, "\(zone)") }
    }

    @Test("rules/21-ru-registry.rules is exactly what the generator makes from the registry",
          .enabled(if: available, "the registry is in ../shared/data"))
    func committedTableIsReproducible() throws {
        let (text, _, _, _) = try generate()
        let committed = try String(contentsOf: Self.root.appendingPathComponent("rules/21-ru-registry.rules"), encoding: .utf8)
        #expect(text == committed, "regenerate with: enrich import numbering-plan ../shared/data/DEF-9xx.csv --out rules/21-ru-registry.rules")
    }

    @Test("The first, last and middle number of every placed range finds its range's zone among the prefixes",
          .enabled(if: available, "the registry is in ../shared/data"))
    func everyRangeResolves() throws {
        let (_, result, ranges, zones) = try generate()
        var byPrefix: [String: String] = [:]
        for row in result.rows { byPrefix[row.prefix] = row.zone }
        var checked = 0
        for range in ranges {
            guard let zone = zones[range.territory] else { continue }
            for number in [range.first, (range.first + range.last) / 2, range.last] {
                let digits = "7" + String(format: "%010ld", number)
                var found: String?
                for length in stride(from: digits.count, through: 1, by: -1) {
                    if let z = byPrefix[String(digits.prefix(length))] { found = z; break }
                }
                #expect(found == zone, "\(digits) from \(range.source)")
                checked += 1
            }
        }
        #expect(checked > 45_000)
    }
}

@Suite("libphonenumber-derived tables")
struct DerivedTableTests {
    static let data = RegistryTests.root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let available = FileManager.default.fileExists(atPath: data.appendingPathComponent("libphonenumber-timezones-map_data.txt").path)

    @Test("Where libphonenumber lists several zones under a single-zone prefix, the world table answers nothing there")
    func ambiguousSubtreesAreCarvedOut() {
        let map: [(prefix: String, value: String)] = [("44", "Europe/London"), ("4420", "Europe/London&Europe/Jersey"), ("1", "A&B"), ("1201", "America/New_York")]
        let rows = WorldTable.build(map: map, excludingCountryCodes: ["7"], sameOffsets: { _ in false })
        let prefixes = rows.map(\.prefix)
        #expect(prefixes.contains("1201"))
        #expect(!prefixes.contains("1"))
        #expect(!prefixes.contains("44"))
        #expect(!prefixes.contains(where: { $0.hasPrefix("4420") }))
        // 440..449 except 442, and 4421..4429 except 4420: every other number of +44 still resolves.
        #expect(prefixes.filter { $0.hasPrefix("44") }.sorted() == (["440", "441", "443", "444", "445", "446", "447", "448", "449"]
            + (1...9).map { "442\($0)" }).sorted())
    }

    @Test("Zones sharing their offsets make one row; a multi-offset country trusts only geographic numbers")
    func sameOffsetsAndGeographic() {
        let map: [(prefix: String, value: String)] = [
            ("44", "Europe/Guernsey&Europe/London"), ("4420", "Europe/London"), ("4480", "Europe/London"), ("441481", "Europe/Guernsey"),
            ("34", "Atlantic/Canary&Europe/Madrid"), ("346", "Europe/Madrid"), ("34928", "Atlantic/Canary"),
            ("1", "America/New_York&America/Chicago"), ("1212", "America/New_York"),
        ]
        let rows = WorldTable.build(map: map, excludingCountryCodes: [], geographic: ["1", "34"], mobile: ["346"])
        let byPrefix = Dictionary(uniqueKeysWithValues: rows.map { ($0.prefix, $0.zone) })
        #expect(byPrefix["44"] == "Europe/London")
        #expect(byPrefix["1212"] == "America/New_York")
        #expect(byPrefix["346"] == nil, "a Spanish mobile can be on the Canary Islands")
        #expect(byPrefix["34928"] == "Atlantic/Canary", "a Canary Islands fixed line is geographic")
        let notGeographic = WorldTable.build(map: map, excludingCountryCodes: [], geographic: ["1"], mobile: [])
        #expect(!notGeographic.contains { $0.prefix.hasPrefix("34") })
    }

    @Test("Landline names map through our table; Kazakh prefixes are left to the Kazakhstan table")
    func landlines() {
        let geocoding: [(prefix: String, value: String)] = [("740", "Калининградская обл."), ("7845", "Саратовская обл."), ("7727", "Алматы"), ("7999", "Атлантида")]
        let (rows, unknown) = LandlineTable.build(geocoding: geocoding, zones: ["Калининградская обл.": "Europe/Kaliningrad", "Саратовская обл.": "Europe/Saratov"])
        #expect(rows == [.init(prefix: "740", zone: "Europe/Kaliningrad"), .init(prefix: "7845", zone: "Europe/Saratov")])
        #expect(unknown == ["Атлантида"])
    }

    @Test("The committed landline and world tables are what the generators make", .enabled(if: available, "libphonenumber files in ../shared/data"))
    func reproducible() throws {
        let root = RegistryTests.root
        let geocoding = try PrefixFile.entries(text: try String(contentsOf: Self.data.appendingPathComponent("libphonenumber-geocoding-ru-7.txt"), encoding: .utf8), path: "7.txt")
        let names = try PrefixFile.nameTable(text: try String(contentsOf: root.appendingPathComponent("rules/sources/ru-landline-regions.tsv"), encoding: .utf8), path: "tsv")
        let (rows, unknown) = LandlineTable.build(geocoding: geocoding, zones: names)
        #expect(unknown.isEmpty)
        let committed = try String(contentsOf: root.appendingPathComponent("rules/23-ru-landlines.rules"), encoding: .utf8)
        for row in rows { #expect(committed.contains("  \"\(row.prefix)\" => zone(\"\(row.zone)\")\n")) }
        let map = try PrefixFile.entries(text: try String(contentsOf: Self.data.appendingPathComponent("libphonenumber-timezones-map_data.txt"), encoding: .utf8), path: "map")
        // As `enrich import world-zones` does: rows no dialable number reaches are left out.
        let world = WorldTable.reachableRows(WorldTable.build(map: map, excludingCountryCodes: ["7"]), dialable: { PhoneNormalizer.isDialable($0) })
        let worldText = try String(contentsOf: root.appendingPathComponent("rules/22-world-zones.rules"), encoding: .utf8)
        #expect(worldText.components(separatedBy: " => zone(").count - 1 == world.count)
    }
}

@Suite("Numbering plan: the tests of the generated tables")
struct TableTestsTests {
    static let july = Date(timeIntervalSince1970: 1_783_080_000) // 2026-07-03T12:00:00Z

    @Test("Offsets come from the tz database at the test's time, rounded down; zones that differ give none")
    func offsets() {
        #expect(TableTests.offset(of: ["Europe/Moscow"]) == 3)
        #expect(TableTests.offset(of: ["Europe/Berlin"]) == 1)
        #expect(TableTests.offset(of: ["Europe/Berlin"], at: Self.july) == 2)
        #expect(TableTests.offset(of: ["Asia/Kolkata"]) == 5, "+5:30 rounds down")
        #expect(TableTests.offset(of: ["America/St_Johns"]) == -4, "-3:30 rounds down, not towards zero")
        #expect(TableTests.offset(of: ["Europe/London", "Europe/Guernsey"]) == 0)
        #expect(TableTests.offset(of: ["America/New_York", "America/Chicago"]) == nil)
        #expect(TableTests.offset(of: ["Mars/Olympus_Mons"]) == nil)
        #expect(TableTests.offset(of: []) == nil)
    }

    @Test("A registry test takes a number inside the range its row was cut from, and expects that range's zone")
    func registryCases() throws {
        let csv = """
        АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН
        900;0000000;0499999;500000;A;Москва;Город Москва;1
        900;0500000;0500999;1000;B;-;Калининградская область;1
        900;0501000;0999999;499000;C;Москва;Город Москва;1
        900;2000000;2999999;1000000;D;РФ;Российская Федерация;1
        """
        let ranges = try RegistryReader.ranges(text: csv, path: "/somewhere/DEF.csv")
        let zones = ["Город Москва": "Europe/Moscow", "Калининградская область": "Europe/Kaliningrad"]
        let rows = PrefixTable.build(ranges: ranges, zones: zones).rows
        let cases = TableTests.registry(prefixes: rows.map(\.prefix), ranges: ranges, zones: zones)
        #expect(cases.map(\.prefix) == rows.map(\.prefix))
        for test in cases {
            #expect(test.phone.hasPrefix(test.prefix))
            #expect(test.phone.count == 11)
            let number = Int(test.phone.dropFirst())!
            let range = try #require(ranges.first { $0.first <= number && number <= $0.last })
            #expect(test.offset == (range.territory == "Город Москва" ? 3 : 2), "\(test)")
            #expect(test.source.hasPrefix("DEF.csv:"), "the file's name, not where it was: \(test.source)")
        }
        let kaliningrad = try #require(cases.first { $0.source.contains("Kaliningrad") })
        #expect(kaliningrad.phone.hasPrefix("79000500"))
        #expect(kaliningrad.offset == 2)
        // A prefix over numbers no range holds (a generator bug) expects nothing, so its test fails.
        let stray = TableTests.registry(prefixes: ["7901"], ranges: ranges, zones: zones)
        #expect(stray.map(\.offset) == [nil])
        // The nationwide range has no zone: a row there would be expected to write nothing.
        #expect(TableTests.registry(prefixes: ["79002"], ranges: ranges, zones: zones).map(\.offset) == [nil])
    }

    @Test("A number stays off longer rows under its prefix; a row covered by longer ones gets none")
    func numbersAvoidLongerRows() {
        let rows = TableTests.RowSet(["1201", "12015", "120155", "44"] + (0...9).map { "44\($0)" })
        let a = rows.number(under: "1201", length: 11)
        #expect(a?.hasPrefix("1201") == true)
        #expect(a?.hasPrefix("12015") == false)
        #expect(a?.count == 11)
        let b = rows.number(under: "12015", length: 11)
        #expect(b?.hasPrefix("12015") == true)
        #expect(b?.hasPrefix("120155") == false)
        #expect(rows.number(under: "44", length: 11) == nil)
        #expect(rows.number(under: "445", length: 11)?.hasPrefix("445") == true)
        // The filler's digit leads into a subtree taken by longer rows: the search backs out of it.
        let deep = TableTests.RowSet(["2"] + (1...9).flatMap { d in (0...9).map { "2\(d)\($0)" } } + (1...9).map { "20\($0)" })
        #expect(deep.number(under: "2", length: 4) == "2005")
    }

    @Test("World tests expect what the map gives the number: one offset, or none where its zones differ")
    func worldCases() {
        let map: [(prefix: String, value: String)] = [
            ("1", "America/New_York&America/Chicago"), ("1212", "America/New_York"), ("1907", "America/Anchorage"),
            ("44", "Europe/Guernsey&Europe/London"), ("91", "Asia/Kolkata"),
        ]
        let cases = TableTests.world(prefixes: ["1212", "1907", "44", "91", "1"], map: map)
        #expect(cases.map(\.offset) == [-5, -9, 0, 5, nil])
        #expect(cases.allSatisfy { $0.phone.hasPrefix($0.prefix) && (11...15).contains($0.phone.count) })
        #expect(cases[4].phone.hasPrefix("1212") == false && cases[4].phone.hasPrefix("1907") == false)
    }

    @Test("Landline tests expect our zone for libphonenumber's region name of the number")
    func landlineCases() {
        let geocoding: [(prefix: String, value: String)] = [("740", "Калининградская обл."), ("7845", "Саратовская обл."),
                                                            ("7401", "Атлантида")]
        let names = ["Калининградская обл.": "Europe/Kaliningrad", "Саратовская обл.": "Europe/Saratov"]
        let cases = TableTests.landlines(prefixes: ["740", "7845", "7401"], geocoding: geocoding, names: names)
        #expect(cases.map(\.offset) == [2, 4, nil])
        #expect(cases[0].phone.hasPrefix("7401") == false, "740's number stays off the longer row 7401")
        #expect(cases.allSatisfy { $0.phone.count == 11 })
    }

    @Test("Each case is a test block with a fixed now, the number with its +, and the offset or untouched")
    func format() {
        let text = TableTests.write([
            .init(prefix: "7495", phone: "74955550123", offset: 3, source: "a \"b\" $c \\ d"),
            .init(prefix: "1", phone: "15550123456", offset: nil, source: "x"),
        ], header: "# h\n")
        #expect(text == """
            # h
            test "7495: a \\"b\\" \\$c \\\\ d" {
              given {"id": 1, "phone": "+74955550123"}
              now "2026-01-15T12:00:00Z"
              expect fields {"utcOffset": 3}
            }

            test "1: x" {
              given {"id": 2, "phone": "+15550123456"}
              now "2026-01-15T12:00:00Z"
              expect untouched utcOffset
            }

            """)
        #expect(TableTests.nowDate == ISO8601DateFormatter().date(from: TableTests.now))
    }

    /// The row prefixes of a committed table, in order.
    static func tablePrefixes(_ file: String) throws -> [String] {
        let text = try String(contentsOf: RegistryTests.root.appendingPathComponent("rules/\(file)"), encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("  \""), let end = line.dropFirst(3).firstIndex(of: "\"") else { return nil }
            return String(line[line.index(line.startIndex, offsetBy: 3)..<end])
        }
    }

    @Test("Every row of each committed generated table has one test in rules/tests, under the row's prefix, at the fixed now",
          arguments: [("21-ru-registry.rules", "tests/21-ru-registry.tests.rules"),
                      ("22-world-zones.rules", "tests/22-world-zones.tests.rules"),
                      ("23-ru-landlines.rules", "tests/23-ru-landlines.tests.rules")])
    func oneTestPerRow(table: String, tests: String) throws {
        let prefixes = try Self.tablePrefixes(table)
        #expect(prefixes.count > 90)
        let text = try String(contentsOf: RegistryTests.root.appendingPathComponent("rules/\(tests)"), encoding: .utf8)
        let blocks = text.components(separatedBy: "\ntest \"").dropFirst()
        #expect(blocks.count == prefixes.count, "\(tests): \(blocks.count) tests for \(prefixes.count) rows")
        var tested: [String] = []
        for block in blocks {
            let prefix = String(block.prefix { $0 != ":" })
            tested.append(prefix)
            #expect(block.contains("\"phone\": \"+\(prefix)"), "\(tests): the test of \(prefix) has a number under it")
            #expect(block.contains("\n  now \"\(TableTests.now)\"\n"), "\(tests): \(prefix)")
            #expect(block.contains("expect fields {\"utcOffset\": "), "\(tests): \(prefix) expects an offset")
        }
        #expect(tested == prefixes, "regenerate: see rules/README.md")
    }
}

@Suite("Numbering plan: the committed tests files are what the generators make")
struct CommittedTestsTests {
    static let data = RegistryTests.root.deletingLastPathComponent().appendingPathComponent("shared/data")
    static let available = RegistryTests.available && DerivedTableTests.available

    func committed(_ name: String) throws -> String {
        try String(contentsOf: RegistryTests.root.appendingPathComponent("rules/tests/\(name)"), encoding: .utf8)
    }

    @Test("rules/tests/21-ru-registry.tests.rules", .enabled(if: RegistryTests.available, "the registry is in ../shared/data"))
    func registry() throws {
        let (_, result, ranges, zones) = try RegistryTests().generate()
        let text = TableTests.registryFile(prefixes: result.rows.map(\.prefix), ranges: ranges, zones: zones, sources: ["DEF-9xx.csv"],
                                           zonesFile: "ru-region-zones.tsv", tableFile: "21-ru-registry.rules")
        #expect(text == (try committed("21-ru-registry.tests.rules")),
                "regenerate with: enrich import numbering-plan ../shared/data/DEF-9xx.csv --out rules/21-ru-registry.rules")
    }

    @Test("rules/tests/22-world-zones.tests.rules and 23-ru-landlines.tests.rules",
          .enabled(if: DerivedTableTests.available, "libphonenumber files in ../shared/data"))
    func derived() throws {
        let root = RegistryTests.root
        let geocoding = try PrefixFile.entries(text: try String(contentsOf: Self.data.appendingPathComponent("libphonenumber-geocoding-ru-7.txt"), encoding: .utf8), path: "7.txt")
        let names = try PrefixFile.nameTable(text: try String(contentsOf: root.appendingPathComponent("rules/sources/ru-landline-regions.tsv"), encoding: .utf8), path: "tsv")
        let landlines = LandlineTable.build(geocoding: geocoding, zones: names).rows
        let landlineText = TableTests.landlinesFile(prefixes: landlines.map(\.prefix), geocoding: geocoding, names: names,
                                                    namesFile: "ru-landline-regions.tsv", tableFile: "23-ru-landlines.rules")
        #expect(landlineText == (try committed("23-ru-landlines.tests.rules")),
                "regenerate with: enrich import landlines ../shared/data/libphonenumber-geocoding-ru-7.txt --out rules/23-ru-landlines.rules")
        let map = try PrefixFile.entries(text: try String(contentsOf: Self.data.appendingPathComponent("libphonenumber-timezones-map_data.txt"), encoding: .utf8), path: "map")
        // As `enrich import world-zones` does: rows whose zone the tz database lacks are left out.
        let world = WorldTable.reachableRows(WorldTable.build(map: map, excludingCountryCodes: ["7"]).filter { TimeZone(identifier: $0.zone) != nil },
                                             dialable: { PhoneNormalizer.isDialable($0) })
        let worldText = TableTests.worldFile(prefixes: world.map(\.prefix), map: map, tableFile: "22-world-zones.rules",
                                             dialable: { PhoneNormalizer.isDialable($0) })
        #expect(worldText == (try committed("22-world-zones.tests.rules")),
                "regenerate with: enrich import world-zones ../shared/data/libphonenumber-timezones-map_data.txt --out rules/22-world-zones.rules")
    }
}
