import Foundation
import Testing
@testable import LeadEngine

/// ``Value/takeText()`` (the text moved out of a value the evaluator is done with) against ``Value/text``.
@Suite struct ValueTextTests {
    @Test func takingTheTextIsTheText() throws {
        let values: [Value] = [
            .missing, .clear, .bool(true), .bool(false), .int(0), .int(-42), .double(1.5), .double(3), .double(1e20),
            .string(""), .string("short"), .string(String(repeating: "долгая строка ", count: 20)),
            .list([]), .list([.int(1), .string("два"), .missing]), .json(.object([("a", .int(1))])),
            .json(.array([.string("x")])), .zone(try #require(TimeZone(identifier: "Europe/Berlin"))),
        ]
        for value in values {
            let copy = value
            #expect(copy.takeText() == value.text, "\(value)")
        }
    }
}
