import Foundation

/// The whole hours (``EvaluationCore/hours(of:at:)``) of the zones that table rows write to `utcOffset`, remembered
/// from lead to lead: resolving a zone's offset goes through ICU (~280 instructions).
///
/// A table's rows are remembered by their zone (``CompiledTable/rowZones``: every row of one zone shares an entry, so
/// after a zone's first lead at a reference time every lead of it is answered here; a memo by row missed for 27% of
/// the leads of a pack whose registry has thousands of rows). Rows that no table numbers (a decision table's) are
/// remembered by writer and row, direct-mapped: a row takes the one entry its key selects, replacing what was there.
///
/// A row's value is fixed by the program (a table row proposes `values[row]`), so (writer, row, time) determines the
/// hours; an evaluator's memo serves one program.
struct ZoneHoursMemo {
    /// Per table of the plan (``EvaluationPlan/tables``): where its zones' entries start in `zoneTimes` and `zoneHours`.
    private var zoneStarts: [Int]
    /// Per zone of a table: the reference time its hours were resolved at (seconds since 1970; NaN, equal to no
    /// time, before the first), and the hours.
    private var zoneTimes: [Double]
    private var zoneHours: [Int]
    /// Per entry: the writer and row (`writer << 32 | row`, -1 when empty), the reference time in seconds since
    /// 1970, and the hours.
    private var keys = [Int](repeating: -1, count: Self.size)
    private var times = [Double](repeating: 0, count: Self.size)
    private var hours = [Int](repeating: 0, count: Self.size)
    static let size = 256

    /// A memo for tables with these numbers of zones (``CompiledTable/zoneCount``), in plan order.
    init(tableZoneCounts: [Int]) {
        var starts: [Int] = []
        var total = 0
        for count in tableZoneCounts {
            starts.append(total)
            total += count
        }
        zoneStarts = starts
        zoneTimes = [Double](repeating: .nan, count: total)
        zoneHours = [Int](repeating: 0, count: total)
    }

    /// The whole hours of `zone`, the `index`th zone of the plan's table `table` (``CompiledTable/rowZones``), at `now`.
    mutating func hours(of zone: TimeZone, table: Int, zone index: Int, at now: Date) -> Int {
        let entry = zoneStarts[table] + index
        let time = now.timeIntervalSince1970
        if zoneTimes[entry] == time { return zoneHours[entry] }
        let answer = EvaluationCore.hours(of: zone, at: now)
        zoneTimes[entry] = time
        zoneHours[entry] = answer
        return answer
    }

    /// The whole hours of `zone`, the value of row `row` of the writer `writer`, at `now`.
    mutating func hours(of zone: TimeZone, writer: Int, row: Int, at now: Date) -> Int {
        let key = writer << 32 | row
        let time = now.timeIntervalSince1970
        let entry = (row &+ writer &* 31) & (Self.size - 1)
        if keys[entry] == key, times[entry] == time { return hours[entry] }
        let answer = EvaluationCore.hours(of: zone, at: now)
        keys[entry] = key
        times[entry] = time
        hours[entry] = answer
        return answer
    }
}
