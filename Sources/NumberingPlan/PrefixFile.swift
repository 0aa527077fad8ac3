import Foundation

/// Reads libphonenumber's resource files: `prefix|value` lines, `#` comments, blank lines.
public enum PrefixFile {
    /// The (prefix, value) pairs of `text`, in file order; `path` names it in errors.
    public static func entries(text: String, path: String) throws(RegistryError) -> [(prefix: String, value: String)] {
        var entries: [(String, String)] = []
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw RegistryError(message: "\(path):\(lineNumber): expected 'digits|value'")
            }
            entries.append((parts[0], parts[1]))
        }
        return entries
    }

    /// A `name<TAB>zone` table (extra tab-separated columns and `#` lines ignored).
    public static func nameTable(text: String, path: String) throws(RegistryError) -> [String: String] {
        var table: [String: String] = [:]
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.hasPrefix("#") || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            let cells = line.split(separator: "\t")
            guard cells.count >= 2 else { throw RegistryError(message: "\(path):\(lineNumber): expected 'name<TAB>zone'") }
            table[String(cells[0])] = String(cells[1]).trimmingCharacters(in: .whitespaces)
        }
        return table
    }
}

/// Builds the +7 landline table from libphonenumber's geocoding names and our name -> zone table.
public enum LandlineTable {
    /// Rows for every Russian prefix (Kazakh 76x/77x left out); names without a zone are returned apart.
    public static func build(geocoding: [(prefix: String, value: String)], zones: [String: String])
        -> (rows: [PrefixTable.Row], unknown: [String]) {
        var rows: [PrefixTable.Row] = []
        var unknown: Set<String> = []
        for (prefix, name) in geocoding where prefix.hasPrefix("7") && !prefix.hasPrefix("76") && !prefix.hasPrefix("77") {
            guard let zone = zones[name] else {
                unknown.insert(name)
                continue
            }
            rows.append(PrefixTable.Row(prefix: prefix, zone: zone))
        }
        return (rows.sorted { $0.prefix < $1.prefix }, unknown.sorted())
    }
}

/// Builds the world table from libphonenumber's time-zone map.
///
/// - A prefix with one zone gives a row.
/// - A prefix with several zones that share their offsets all year (London, Jersey, Guernsey)
///   gives a row with its first zone: the offset is certain.
/// - A prefix with zones of different offsets means "the number cannot tell": nothing is written
///   under it, also where a shorter prefix has one zone (such a row is split into its children,
///   leaving the ambiguous subtrees out).
/// - Under a prefix whose zones have different offsets (Spain: Madrid and the Canary Islands), longer
///   rows are trusted only where numbers are geographic (`geographic`: +1 area codes, Spanish and
///   Portuguese fixed lines) and not under `mobile` prefixes (Spanish 6xx/7xx, Portuguese 9xx):
///   libphonenumber itself ignores its rows for mobiles, which can be anywhere in the country.
public enum WorldTable {
    public static func build(map: [(prefix: String, value: String)], excludingCountryCodes excluded: Set<String>,
                             geographic: Set<String> = WorldTable.geographic,
                             mobile: Set<String> = WorldTable.mobile,
                             sameOffsets: ([String]) -> Bool = WorldTable.sameOffsetsAllYear) -> [PrefixTable.Row] {
        // When several zones share their offsets, the row names the zone used most across the map
        // (Europe/London rather than Europe/Guernsey).
        var frequency: [String: Int] = [:]
        for (_, value) in map { for zone in value.split(separator: "&") { frequency[String(zone), default: 0] += 1 } }
        var single: [String: String] = [:]
        var ambiguous: Set<String> = []
        for (prefix, value) in map where !excluded.contains(where: { prefix.hasPrefix($0) }) {
            let zones = value.split(separator: "&").map(String.init)
            if zones.count == 1 {
                single[prefix] = zones[0]
            } else if sameOffsets(zones) {
                single[prefix] = zones.max { (frequency[$0] ?? 0, $1) < (frequency[$1] ?? 0, $0) }
            } else {
                ambiguous.insert(prefix)
            }
        }
        // A row under an ambiguous prefix is trusted only for geographic numbers.
        for prefix in Array(single.keys) {
            let isGeographic = geographic.contains { prefix.hasPrefix($0) } && !mobile.contains { prefix.hasPrefix($0) }
            guard !isGeographic else { continue }
            for length in 1..<max(1, prefix.count) where ambiguous.contains(String(prefix.prefix(length))) {
                single[prefix] = nil
                break
            }
        }
        // Every proper prefix of an ambiguous prefix leads towards it.
        var leadsToAmbiguous: Set<String> = []
        for prefix in ambiguous {
            for length in 1..<prefix.count { leadsToAmbiguous.insert(String(prefix.prefix(length))) }
        }
        var rows: [PrefixTable.Row] = []
        func emit(_ prefix: String, _ zone: String) {
            guard leadsToAmbiguous.contains(prefix) else {
                rows.append(PrefixTable.Row(prefix: prefix, zone: zone))
                return
            }
            for digit in 0...9 {
                let child = prefix + String(digit)
                if ambiguous.contains(child) || single[child] != nil { continue }
                emit(child, zone)
            }
        }
        for (prefix, zone) in single { emit(prefix, zone) }
        return rows.sorted { $0.prefix < $1.prefix }
    }

    /// Country codes whose numbers (other than `mobile` ones) tell their zone: NANP area codes,
    /// Spanish and Portuguese fixed lines.
    public static let geographic: Set<String> = ["1", "34", "351"]
    /// Mobile prefixes inside those countries: Spain 6xx and 7xx, Portugal 9xx.
    public static let mobile: Set<String> = ["346", "347", "3519"]

    /// Whether all the zones have the same UTC offset in winter and in summer (2026), per the
    /// system tz database. An unknown zone makes the answer `false`.
    public static func sameOffsetsAllYear(_ names: [String]) -> Bool {
        let instants = [Date(timeIntervalSince1970: 1_767_225_600), Date(timeIntervalSince1970: 1_782_864_000)]
        let zones = names.compactMap { TimeZone(identifier: $0) }
        guard zones.count == names.count, let first = zones.first else { return false }
        return instants.allSatisfy { instant in zones.allSatisfy { $0.secondsFromGMT(for: instant) == first.secondsFromGMT(for: instant) } }
    }
}
