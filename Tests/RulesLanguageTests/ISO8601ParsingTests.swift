import Foundation
import Testing
@testable import RulesLanguage

@Suite("ISO 8601 times of tests and --now")
struct ISO8601ParsingTests {
    @Test("the fast reader agrees with ISO8601DateFormatter", arguments: [
        "2026-01-15T12:00:00Z", "1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2026-11-25T09:00:00+03:00",
        "2026-11-25T09:00:00-05:30", "2026-11-25T09:00:00+0300", "1999-12-31T23:59:59.250Z", "2100-03-01T00:00:00Z", "2000-02-29T12:00:00Z",
    ])
    func agrees(_ text: String) throws {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = text.contains(".") ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        let expected = try #require(formatter.date(from: text))
        let fast = try #require(RFC3339.parse(text))
        #expect(abs(fast.timeIntervalSince(expected)) < 0.001, "\(text): \(fast) != \(expected)")
        #expect(Checker.parseISO8601(text) == fast)
    }

    @Test("impossible or malformed times are refused", arguments: [
        "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z", "2026-01-15T24:00:00Z",
        "2026-01-15T12:00:00", "2026-01-15 12:00:00Z", "2026-01-15T12:00:00+0300x", "yesterday", "",
    ])
    func refuses(_ text: String) {
        #expect(RFC3339.parse(text) == nil)
        #expect(Checker.parseISO8601(text) == nil)
    }
}
