import ArgumentParser
import Foundation
import JSON
import LeadEngine
import NumberingPlan
import RulesLanguage

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Generate rules from reference data.",
        subcommands: [NumberingPlanCommand.self, LandlinesCommand.self, WorldZonesCommand.self]
    )
}

struct NumberingPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numbering-plan",
        abstract: "Generate the utcOffset table for Russian numbers from the national numbering-plan registry.",
        discussion: """
        Reads the registry CSV files (DEF-9xx.csv for mobiles; the landline files ABC-3xx.csv, \
        ABC-4xx.csv, ABC-8xx.csv are accepted too), maps each range's territory to an IANA zone \
        with the region table, merges neighbouring ranges of one zone and writes the fewest \
        number prefixes as one `by longest prefix` table. Nationwide ranges ("Российская \
        Федерация") have no single zone and are left out. The output is the same, byte for byte, \
        for the same input files.

        With --out, the table's tests are written too (tests/NAME.tests.rules next to it, or \
        --tests PATH): one test per row, a number inside the registry range the row was cut from, \
        expecting the offset of that range's territory's zone (see rules/README.md).

        Example:
          enrich import numbering-plan ../shared/data/DEF-9xx.csv --out rules/21-ru-registry.rules

        Exit codes: 0 written, 1 a territory has no zone in the region table (listed; nothing \
        written), 2 a file could not be read or parsed, 64 usage.
        """
    )

    @Argument(help: "Registry CSV files.")
    var files: [String]

    @Option(help: "The region -> IANA zone table.")
    var zones: String = "rules/sources/ru-region-zones.tsv"

    @OptionGroup var output: TableOutputOptions

    @Option(help: "The table's name.")
    var name: String = "Russian numbers by registry range"

    @Option(parsing: .unconditional, help: "The table's precedence.")
    var precedence: Int = 20

    func run() throws {
        var ranges: [RegistryRange] = []
        do {
            for file in files {
                let read = try RegistryReader.ranges(text: try readText(file, "the registry export"), path: file)
                // An empty export (or its header alone) would write an empty table over the pack's.
                guard !read.isEmpty else { throw RegistryError(message: "\(file): no number ranges in the file (empty, or a header alone): nothing written") }
                ranges += read
            }
            let table = try RulesWriter.zones(fromTSV: try readText(zones, "the region table"), path: zones)
            let result = PrefixTable.build(ranges: ranges, zones: table)
            if !result.unknownTerritories.isEmpty {
                for (territory, count) in result.unknownTerritories.sorted(by: { $0.key < $1.key }) {
                    Console.error("\(zones): error: no zone for territory \"\(LogSafeText.printable(territory))\" (\(count) ranges of the registry "
                        + "files); add a line for it\n")
                }
                throw ExitCode(1)
            }
            for overlap in result.overlaps { Console.error("warning: \(LogSafeText.printable(overlap))\n") }
            if !result.conflicts.isEmpty {
                for conflict in result.conflicts { Console.error("error: \(LogSafeText.printable(conflict))\n") }
                Console.error("\(result.conflicts.count) ranges of the registry files give numbers two zones: nothing written\n")
                throw ExitCode(1)
            }
            let sources = files.map { ($0 as NSString).lastPathComponent }
            let text = RulesWriter.write(result, tableName: name, sources: sources, precedence: precedence)
            try emit(text, to: output.out)
            Console.error("\(result.ranges) ranges (\(result.nationwide) nationwide, left out) -> \(result.rows.count) prefixes\n")
            if let testsPath = output.testsPath {
                let testsText = TableTests.registryFile(prefixes: result.rows.map(\.prefix), ranges: ranges, zones: table,
                                                        sources: sources, zonesFile: displayPath(zones), tableFile: displayPath(output.out ?? "-"))
                try emit(testsText, to: testsPath)
                Console.error("\(result.rows.count) tests -> \(testsPath)\n")
            }
        } catch let error as RegistryError {
            Console.error("error: \(error.message)\n")
            throw ExitCode(2)
        } catch let error as InPlaceFileWriter.Failure {
            Console.error("\(error.path): error: cannot write: \(error.reason)\n")
            throw ExitCode(2)
        }
    }
}

/// Reads a whole file as UTF-8 (``WholeFile``) or throws a RegistryError naming it.
private func readText(_ path: String, _ what: String = "the file") throws -> String {
    do { return try WholeFile.text(path, what) } catch { throw RegistryError(message: error.place + ": " + error.reason) }
}

/// Writes `text` to `out` (creating its directory), or to standard output.
private func emit(_ text: String, to out: String?) throws {
    if let out {
        let directory = URL(fileURLWithPath: out).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try InPlaceFileWriter.writeOutput(Data(text.utf8), to: out)
    } else {
        Console.output(text)
    }
}

/// Where a generated table's tests go: `--tests`, else `tests/NAME.tests.rules` next to the table
/// written with `--out` (a directory `enrich run` does not load), else nowhere.
/// Where an import writes its table and the table's tests (the same three options for every table).
struct TableOutputOptions: ParsableArguments {
    @Option(help: "Where to write the rules file (default: standard output).")
    var out: String?

    @Option(help: "Where to write the table's tests (default: tests/NAME.tests.rules next to --out; none without --out).")
    var tests: String?

    @Flag(help: "Do not write the table's tests.")
    var noTests = false

    /// The tests file to write, or `nil`.
    var testsPath: String? {
        if noTests { return nil }
        if let tests { return tests }
        guard let out else { return nil }
        let url = URL(fileURLWithPath: out)
        let name = url.deletingPathExtension().lastPathComponent + ".tests.rules"
        return (((out as NSString).deletingLastPathComponent as NSString).appendingPathComponent("tests") as NSString).appendingPathComponent(name)
    }
}

/// A path as named in a generated header: its file name, so that the output does not depend on
/// where the files were.
private func displayPath(_ path: String) -> String {
    (path as NSString).lastPathComponent
}

struct LandlinesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landlines",
        abstract: "Generate the utcOffset table for Russian landline area codes from libphonenumber's geocoding file.",
        discussion: """
        Reads geocoding/ru/7.txt (`prefix|region name`) and maps each region name through our own \
        table to an IANA zone, so libphonenumber's zone errors do not carry over. Kazakh prefixes \
        (76x, 77x) are left out: the pack gives all of Kazakhstan UTC+5.

        With --out, the table's tests are written too (tests/NAME.tests.rules next to it, or \
        --tests PATH): one test per row, expecting the zone our table gives the number's region name.

        Example:
          enrich import landlines ../shared/data/libphonenumber-geocoding-ru-7.txt --out rules/23-ru-landlines.rules

        Exit codes: 0 written, 1 a region name has no zone (listed; nothing written), 2 a file could not be read, 64 usage.
        """
    )

    @Argument(help: "libphonenumber's geocoding file for +7 (ru/7.txt).")
    var file: String

    @Option(help: "The region name -> IANA zone table.")
    var regions: String = "rules/sources/ru-landline-regions.tsv"

    @OptionGroup var output: TableOutputOptions

    @Option(parsing: .unconditional, help: "The table's precedence.")
    var precedence: Int = 15

    func run() throws {
        do {
            let entries = try PrefixFile.entries(text: try readText(file), path: file)
            let zones = try PrefixFile.nameTable(text: try readText(regions), path: regions)
            let (rows, unknown) = LandlineTable.build(geocoding: entries, zones: zones)
            if !unknown.isEmpty {
                for name in unknown { Console.error("\(regions): error: no zone for region \"\(name)\"; add a line for it\n") }
                throw ExitCode(1)
            }
            let header = "# Generated by `enrich import landlines` from libphonenumber's geocoding/ru/7.txt (Apache-2.0) and\n"
                + "# rules/sources/ru-landline-regions.tsv: \(rows.count) area codes. Do not edit: regenerate (see rules/README.md).\n"
            try emit(RulesWriter.write(rows: rows, header: header, tableName: "Russian landlines by area code", precedence: precedence), to: output.out)
            Console.error("\(rows.count) area codes\n")
            if let testsPath = output.testsPath {
                let testsText = TableTests.landlinesFile(prefixes: rows.map(\.prefix), geocoding: entries, names: zones,
                                                         namesFile: displayPath(regions), tableFile: displayPath(output.out ?? "-"))
                try emit(testsText, to: testsPath)
                Console.error("\(rows.count) tests -> \(testsPath)\n")
            }
        } catch let error as RegistryError {
            Console.error("error: \(error.message)\n")
            throw ExitCode(2)
        } catch let error as InPlaceFileWriter.Failure {
            Console.error("\(error.path): error: cannot write: \(error.reason)\n")
            throw ExitCode(2)
        }
    }
}

struct WorldZonesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "world-zones",
        abstract: "Generate the utcOffset table for other countries from libphonenumber's time-zone map.",
        discussion: """
        Reads timezones/map_data.txt (`prefix|zone&zone...`) and keeps every prefix whose zones give \
        one offset all year (whole countries, US/Canada area codes). Where the zones differ the \
        number cannot tell, and the table answers nothing there, even under a shorter prefix with \
        one zone; inside a country with several offsets only geographic numbers (+1 area codes) \
        are trusted, since mobiles can be anywhere. Country code 7 is left out (the registry and \
        landline tables cover it).

        With --out, the table's tests are written too (tests/NAME.tests.rules next to it, or \
        --tests PATH): one test per row, expecting the offset the map's zones for the number share.

        Exit codes: 0 written, 2 the file could not be read or the output not written, 64 usage.

        Example:
          enrich import world-zones ../shared/data/libphonenumber-timezones-map_data.txt --out rules/22-world-zones.rules
        """
    )

    @Argument(help: "libphonenumber's timezones/map_data.txt.")
    var file: String

    @OptionGroup var output: TableOutputOptions

    @Option(parsing: .unconditional, help: "The table's precedence.")
    var precedence: Int = 10

    func run() throws {
        do {
            let entries = try PrefixFile.entries(text: try readText(file), path: file)
            var rows = WorldTable.build(map: entries, excludingCountryCodes: ["7"])
            let unknownZones = Set(rows.map(\.zone)).filter { TimeZone(identifier: $0) == nil }.sorted()
            for zone in unknownZones { Console.error("warning: the system tz database has no \(zone); its rows are left out\n") }
            rows.removeAll { unknownZones.contains($0.zone) }
            let reachable = WorldTable.reachableRows(rows, dialable: { PhoneNormalizer.isDialable($0) })
            if reachable.count < rows.count {
                Console.error("note: \(rows.count - reachable.count) rows left out: every dialable number under them has a longer row\n")
            }
            rows = reachable
            let header = "# Generated by `enrich import world-zones` from libphonenumber's timezones/map_data.txt (Apache-2.0):\n"
                + "# \(rows.count) prefixes with a single zone. Do not edit: regenerate (see rules/README.md).\n"
            // A zone off the whole hour in winter or in summer: its rounding is written out.
            let instants = [Date(timeIntervalSince1970: 1_767_225_600), Date(timeIntervalSince1970: 1_782_864_000)]
            let fractional = Set(rows.map(\.zone).filter { name in
                guard let zone = TimeZone(identifier: name) else { return false }
                return instants.contains { zone.secondsFromGMT(for: $0) % 3600 != 0 }
            })
            try emit(RulesWriter.write(rows: rows, header: header, tableName: "Countries by prefix", precedence: precedence,
                                       fractional: fractional), to: output.out)
            Console.error("\(rows.count) prefixes\n")
            if let testsPath = output.testsPath {
                try emit(TableTests.worldFile(prefixes: rows.map(\.prefix), map: entries, tableFile: displayPath(output.out ?? "-"),
                                              dialable: { PhoneNormalizer.isDialable($0) }), to: testsPath)
                Console.error("\(rows.count) tests -> \(testsPath)\n")
            }
        } catch let error as RegistryError {
            Console.error("error: \(error.message)\n")
            throw ExitCode(2)
        } catch let error as InPlaceFileWriter.Failure {
            Console.error("\(error.path): error: cannot write: \(error.reason)\n")
            throw ExitCode(2)
        }
    }
}
