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

/// Builds the world table from libphonenumber's time-zone map: every prefix with exactly one zone.
///
/// A prefix with several zones means "the number cannot tell": the table must then answer nothing,
/// also when a shorter prefix has one zone. Such a shorter row is split into its children, leaving
/// out the ambiguous subtrees, so that longest-prefix lookup never claims a zone libphonenumber
/// itself would not.
public enum WorldTable {
    public static func build(map: [(prefix: String, value: String)], excludingCountryCodes excluded: Set<String>) -> [PrefixTable.Row] {
        var single: [String: String] = [:]
        var ambiguous: Set<String> = []
        for (prefix, value) in map where !excluded.contains(where: { prefix.hasPrefix($0) }) {
            let zones = value.split(separator: "&")
            if zones.count == 1 { single[prefix] = String(zones[0]) } else { ambiguous.insert(prefix) }
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
}
