import Foundation

/// The whole hours (``EvaluationCore/hours(of:at:)``) of the zones that table rows write to `utcOffset`, remembered
/// from lead to lead by row and reference time: resolving a zone's offset goes through ICU (~280 instructions), and
/// a pack's leads keep landing on the same few rows (one city's prefixes). Direct-mapped: a row takes the one entry
/// its key selects, replacing what was there.
///
/// A row's value is fixed by the program (a table row proposes `values[row]`), so (writer, row, time) determines the
/// hours; an evaluator's memo serves one program.
struct ZoneHoursMemo {
    /// Per entry: the writer and row (`writer << 32 | row`, -1 when empty), the reference time in seconds since
    /// 1970, and the hours.
    private var keys = [Int](repeating: -1, count: Self.size)
    private var times = [Double](repeating: 0, count: Self.size)
    private var hours = [Int](repeating: 0, count: Self.size)
    static let size = 256

    /// The whole hours of `zone`, the value of row `row` of the table `writer`, at `now`.
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
