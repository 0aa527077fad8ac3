import ArgumentParser
import Foundation
import NumberingPlan

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Generate rules from reference data.",
        subcommands: [NumberingPlanCommand.self]
    )
}

struct NumberingPlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numbering-plan",
        abstract: "Generate the utcOffset table for Russian numbers from the national numbering-plan registry.",
        discussion: """
        Reads the registry CSV files (DEF-9xx.csv for mobiles; the landline files ABC-3xx.csv,
        ABC-4xx.csv, ABC-8xx.csv are accepted too), maps each range's territory to an IANA zone
        with the region table, merges neighbouring ranges of one zone and writes the fewest
        number prefixes as one `by longest prefix` table. Nationwide ranges ("Российская
        Федерация") have no single zone and are left out. The output is the same, byte for byte,
        for the same input files.

        Example:
          enrich import numbering-plan ../shared/data/DEF-9xx.csv --out rules/21-ru-registry.rules

        Exit codes: 0 written, 1 a territory has no zone in the region table (listed; nothing
        written), 2 a file could not be read or parsed.
        """
    )

    @Argument(help: "Registry CSV files.")
    var files: [String]

    @Option(help: "The region -> IANA zone table.")
    var zones: String = "rules/sources/ru-region-zones.tsv"

    @Option(help: "Where to write the rules file (default: standard output).")
    var out: String?

    @Option(help: "The table's name.")
    var name: String = "Russian numbers by registry range"

    @Option(help: "The table's precedence.")
    var precedence: Int = 20

    func run() throws {
        var ranges: [RegistryRange] = []
        do {
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else {
                    throw RegistryError(message: "\(file): cannot read the file")
                }
                ranges += try RegistryReader.ranges(text: String(decoding: data, as: UTF8.self), path: file)
            }
            guard let zoneData = FileManager.default.contents(atPath: zones) else {
                throw RegistryError(message: "\(zones): cannot read the region table")
            }
            let table = try RulesWriter.zones(fromTSV: String(decoding: zoneData, as: UTF8.self), path: zones)
            let result = PrefixTable.build(ranges: ranges, zones: table)
            if !result.unknownTerritories.isEmpty {
                for (territory, count) in result.unknownTerritories.sorted(by: { $0.key < $1.key }) {
                    Console.error("\(zones): error: no zone for territory \"\(territory)\" (\(count) ranges); add a line for it\n")
                }
                throw ExitCode(1)
            }
            let sources = files.map { ($0 as NSString).lastPathComponent }
            let text = RulesWriter.write(result, tableName: name, sources: sources, precedence: precedence)
            if let out {
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                Console.output(text)
            }
            Console.error("\(result.ranges) ranges (\(result.nationwide) nationwide, left out) -> \(result.rows.count) prefixes\n")
        } catch let error as RegistryError {
            Console.error("error: \(error.message)\n")
            throw ExitCode(2)
        }
    }
}
