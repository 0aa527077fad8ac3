import JSON
import LeadFields
import Testing

@Suite("A lead's id, read in one place")
struct LeadIdReadingTests {
    @Test("Positive integers, as numbers or digit strings, are ids", arguments: [
        (JSONValue.int(1), 1), (.int(Int.max), Int.max), (.string("42"), 42), (.string("9223372036854775807"), Int.max),
    ])
    func ids(value: JSONValue, id: Int) {
        #expect(LeadIdReading.read(value) == .success(id))
    }

    @Test("Everything else says what an id must be and what was found", arguments: [
        (JSONValue.int(0), "a positive integer", "0"),
        (.int(-3), "a positive integer", "-3"),
        (.string("12a"), "a positive integer", #""12a""#),
        (.string("0"), "a positive integer", #""0""#),
        (.string("-5"), "a positive integer", #""-5""#),
        (.string("+7"), "a positive integer", #""+7""#),
        (.string("007"), "a positive integer", #""007""#),
        (.string(""), "a positive integer", #""""#),
        (.bool(true), "a positive integer", "true"),
        (.null, "a positive integer", "null"),
        (.double(2.5), "a positive integer written in digits", "the decimal number 2.5"),
        (.double(1000), "a positive integer written in digits", "the decimal number 1000.0"),
        (.double(9.3e18), "a positive integer of at most 9223372036854775807", "a number larger than that"),
        (.double(-9.3e18), "a positive integer of at most 9223372036854775807", "a number below -9223372036854775807"),
    ])
    func problems(value: JSONValue, expectation: String, found: String) throws {
        guard case let .failure(problem) = LeadIdReading.read(value) else {
            Issue.record("\(value) read as an id")
            return
        }
        #expect(problem.expectation == expectation)
        #expect(problem.found == found)
    }
}
