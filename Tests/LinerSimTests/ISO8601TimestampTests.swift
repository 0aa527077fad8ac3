import LinerSim
import Testing

@Suite("ISO 8601 timestamps")
struct ISO8601TimestampTests {
    @Test func parsesZonesAndFractions() throws {
        let utc = try #require(ISO8601Timestamp.seconds(from: "2026-11-20T06:12:00Z"))
        #expect(ISO8601Timestamp.seconds(from: "2026-11-20T09:12:00+03:00") == utc)
        #expect(ISO8601Timestamp.seconds(from: "2026-11-20T09:12:00+0300") == utc)
        #expect(ISO8601Timestamp.seconds(from: "2026-11-20 01:12:00-05") == utc)
        #expect(ISO8601Timestamp.seconds(from: "2026-11-20T06:12:00.500Z") == utc + 0.5)
        #expect(ISO8601Timestamp.seconds(from: "2026-11-20") == utc - 6 * 3600 - 12 * 60)
    }

    @Test(arguments: ["", "2026-13-01", "2026-02-30", "2026-11-20T25:00:00Z", "2026-11-20T09:12:00+3", "20261120", "2026-11-20Tx", "2026-11-20T09:12:00Q"])
    func rejects(_ text: String) {
        #expect(ISO8601Timestamp.seconds(from: text) == nil)
    }

    @Test func writesUTC() {
        #expect(ISO8601Timestamp.string(fromSeconds: 0) == "1970-01-01T00:00:00+00:00")
        #expect(ISO8601Timestamp.string(fromSeconds: 1_795_176_000) == "2026-11-20T12:00:00+00:00")
        let text = ISO8601Timestamp.string(fromSeconds: 1_709_210_096.9)
        #expect(text == "2024-02-29T12:34:56+00:00")
        #expect(ISO8601Timestamp.seconds(from: text) == 1_709_210_096)
    }
}
