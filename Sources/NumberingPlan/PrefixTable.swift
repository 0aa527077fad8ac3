/// Turns registry ranges into the shortest list of number prefixes, each with one zone.
public enum PrefixTable {
    /// One row of the generated table: a prefix of E.164 digits (starting with 7) and its zone.
    public struct Row: Sendable, Equatable {
        public let prefix: String
        public let zone: String
    }

    /// The result: rows sorted by prefix, and what could not be placed.
    public struct Result: Sendable {
        public let rows: [Row]
        /// Territories with no zone in the table, with how many ranges each.
        public let unknownTerritories: [String: Int]
        /// Ranges skipped on purpose (nationwide ranges have no single zone).
        public let nationwide: Int
        public let ranges: Int
        /// Ranges that share numbers with an earlier one of another zone: which zone a number in both has is
        /// unclear, so no table is written (each names both rows, `file:line`).
        public var conflicts: [String] = []
        /// Ranges that share numbers with an earlier one of the same zone: the table is the same either way
        /// (each names both rows).
        public var overlaps: [String] = []
    }

    /// The territory of nationwide ranges.
    public static let nationwideTerritory = "Российская Федерация"

    /// Merges adjacent ranges of one zone, then covers each merged range with the fewest prefixes.
    public static func build(ranges: [RegistryRange], zones: [String: String]) -> Result {
        var unknown: [String: Int] = [:]
        var nationwide = 0
        var placed: [(first: Int, last: Int, zone: String, source: String)] = []
        for range in ranges {
            if range.territory == nationwideTerritory {
                nationwide += 1
                continue
            }
            guard let zone = zones[range.territory] else {
                unknown[range.territory, default: 0] += 1
                continue
            }
            placed.append((range.first, range.last, zone, range.source))
        }
        placed.sort { ($0.first, $0.last) < ($1.first, $1.last) }
        var conflicts: [String] = [], overlaps: [String] = []
        // The placed range reaching furthest so far: a later range starting at or before its end shares numbers.
        var reach: (last: Int, zone: String, source: String)?
        var merged: [(first: Int, last: Int, zone: String)] = []
        for range in placed {
            if let earlier = reach, range.first <= earlier.last {
                let shared = "+7" + national(range.first) + "...+7" + national(min(range.last, earlier.last))
                if earlier.zone != range.zone {
                    conflicts.append("\(range.source): numbers \(shared) are also in \(earlier.source), of another zone (\(range.zone) here, \(earlier.zone) there)")
                } else {
                    overlaps.append("\(range.source): numbers \(shared) are also in \(earlier.source) (the same zone)")
                }
            }
            if reach == nil || range.last > reach!.last { reach = (range.last, range.zone, range.source) }
            if let last = merged.last, last.zone == range.zone, range.first <= last.last + 1 {
                merged[merged.count - 1].last = max(last.last, range.last)
            } else if let last = merged.last, range.first <= last.last {
                // Numbers of two zones: the table is refused (``Result/conflicts``); only what follows is kept apart.
                if range.last > last.last { merged.append((last.last + 1, range.last, range.zone)) }
            } else {
                merged.append((range.first, range.last, range.zone))
            }
        }
        var rows: [Row] = []
        for range in merged {
            for (value, length) in prefixes(from: range.first, to: range.last, width: 10) {
                let digits = String(value)
                rows.append(Row(prefix: "7" + String(repeating: "0", count: max(0, length - digits.count)) + digits, zone: range.zone))
            }
        }
        return Result(rows: rows, unknownTerritories: unknown, nationwide: nationwide, ranges: ranges.count,
                      conflicts: conflicts, overlaps: overlaps)
    }

    /// A national number as its 10 digits.
    static func national(_ number: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, 10 - digits.count)) + digits
    }

    /// The fewest decimal prefixes covering exactly `first...last` among `width`-digit numbers:
    /// (prefix value, prefix length) pairs in increasing order.
    public static func prefixes(from first: Int, to last: Int, width: Int) -> [(Int, Int)] {
        var result: [(Int, Int)] = []
        var low = first
        while low <= last {
            var k = 0
            var block = 1
            while k < width, low % (block * 10) == 0, low + block * 10 - 1 <= last {
                block *= 10
                k += 1
            }
            result.append((low / block, width - k))
            low += block
        }
        return result
    }
}
