import Foundation
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
        let world = WorldTable.build(map: map, excludingCountryCodes: ["7"])
        let worldText = try String(contentsOf: root.appendingPathComponent("rules/22-world-zones.rules"), encoding: .utf8)
        #expect(worldText.components(separatedBy: " => zone(").count - 1 == world.count)
    }
}
