import BenchSupport
import Foundation
import LeadEngine
@testable import LeadStream
import Testing

/// A line of JSON Lines is read into the lead's fields without a tree of the lead object
/// (`JSONParser.parseMembers`): on every line, valid or not, the fields and the errors must be those of the
/// reading it replaced, a tree parsed and its members put into a dictionary one by one.
@Suite("Reading leads: fields straight from the line")
struct LeadReadingTests {
    /// The reading as it was: the tree, then its members.
    static func reference(_ line: [UInt8]) -> Result<[String: JSONValue], RecordError> {
        let parsed = line.withUnsafeBufferPointer { buffer in Result { () throws(JSONParser.Error) in try JSONParser.parse(buffer) } }
        switch parsed {
        case let .failure(error): return .failure(RecordError(message: "malformed JSON: \(error)"))
        case let .success(value): return JSONLinesReader.fields(of: value)
        }
    }

    /// What a worker makes of the fields: the lead, or the error message.
    static func lead(_ fields: Result<[String: JSONValue], RecordError>) -> String {
        switch fields {
        case let .failure(error): return "record error: \(error.message)"
        case let .success(fields):
            do {
                let lead = try Lead(fields: fields)
                return "lead \(lead.id): " + JSONWriter.write(.object(lead.fields.sorted { $0.key < $1.key }))
            } catch {
                return "lead error: \(error)"
            }
        }
    }

    static func expectSame(_ line: [UInt8], sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let read = InputRecord(line: 1, json: line).fields
        let expected = reference(line)
        // Written out, the fields' number kinds (3 against 3.0) are compared too.
        #expect(lead(read) == lead(expected), "\(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        switch (read, expected) {
        case let (.success(a), .success(b)):
            #expect(a.mapValues(JSONWriter.write) == b.mapValues(JSONWriter.write), sourceLocation: sourceLocation)
        case let (.failure(a), .failure(b)):
            #expect(a.message == b.message, sourceLocation: sourceLocation)
        default:
            Issue.record("one reading failed, the other did not: \(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
        }
    }

    @Test(arguments: [
        #"{"id":1,"id":2,"priority":"x","priority":3}"#, #"{"id":3,"priority":3,"priority":"x"}"#, "[1,2]", "\"lead\"", "3", "null", "true",
        #"{"id":0}"#, #"{"id":"12"}"#, #"{"id":2.0}"#, #"{"id":7,"priority":2.0}"#, #"{"id":7,"priority":2.5}"#, #"{"id":8,"isSecondary":1}"#,
        #"{"id":8,"customValues":[]}"#, #"{"id":8,"customValues":{"1":"a","1":"b"}}"#, #"{"id":9,"name":5}"#, #"{"\u0069d":19}"#,
        #"{"id":1"#, #"{"id":1}x"#, #"{"id":1,}"#, #"{"id":10,"name":"\ud83d"}"#, #"{"id":1,"utcOffset":-3.0,"phone":null}"#,
    ])
    func linesOfEveryKind(_ line: String) {
        Self.expectSame(Array(line.utf8))
    }

    /// Several fields of the wrong type: the error names the first by name, whatever order the fields were read in
    /// (it used to depend on the dictionary's order, which changes from process to process).
    @Test func ofSeveralWrongFieldsTheFirstByNameIsNamed() throws {
        let lines = [#"{"id":4,"priority":"x","name":5,"statusId":[]}"#, #"{"statusId":[],"name":5,"id":4,"priority":"x"}"#,
                     #"{"priority":"x","statusId":[],"id":4,"name":5}"#]
        for line in lines {
            let fields = try InputRecord(line: 1, json: Array(line.utf8)).fields.get()
            #expect(throws: LeadError(leadId: 4, field: "name", message: #"field "name" is a number, expected a string"#)) { try Lead(fields: fields) }
        }
    }

    /// Lead-like lines with known and unknown fields, names repeated, values of every type, then broken at random.
    @Test func agreesWithTheTreeOnRandomLines() {
        var random = SplitMix64(seed: 0x15_1EAD)
        let names = ["id", "name", "phone", "sourceComment", "priority", "utcOffset", "statusId", "isSecondary", "vkId", "customValues",
                     "orderId", "createdAt", "extra", "", "И", "n\\u0061me"]
        let values = ["1", "2", "-3", "0", "2.0", "2.5", "1e2", "\"12\"", "\"Анна\"", "\"a\\\"b\\\\c\\n\"", "\"\\u0418\\ud83d\\ude00\"", "null",
                      "true", "false", "[]", "[1,\"x\"]", "{}", "{\"12\":\"100\",\"12\":\"7\"}", "\"срочно перезвонить\"", "99999999999999999999"]
        let noise = ["{", "}", "[", "\"", ",", ":", "\\", "\\u", "\u{01}", "И", " ", "0", "\\ud83d"]
        var leads = 0, refused = 0
        for _ in 0..<4000 {
            let count = Int(random.next() % 8)
            let members = (0..<count).map { _ in
                "\"" + names[Int(random.next() % UInt64(names.count))] + "\":" + values[Int(random.next() % UInt64(values.count))]
            }
            var line = Array(("{" + members.joined(separator: random.next() % 4 == 0 ? " , " : ",") + "}").utf8)
            switch random.next() % 4 {
            case 0 where !line.isEmpty:
                line.insert(contentsOf: noise[Int(random.next() % UInt64(noise.count))].utf8, at: Int(random.next() % UInt64(line.count)))
            case 1 where !line.isEmpty:
                line.removeSubrange(Int(random.next() % UInt64(line.count))...)
            case 2 where !line.isEmpty:
                line[Int(random.next() % UInt64(line.count))] = [0xFF, 0xC3, 0x80, 0xED][Int(random.next() % 4)]
            default:
                break
            }
            Self.expectSame(line)
            if Self.lead(Self.reference(line)).hasPrefix("lead ") { leads += 1 } else { refused += 1 }
        }
        // Both leads and refusals were really tried.
        #expect(leads > 500 && refused > 1000)
    }
}
