import BenchSupport
import Foundation
import Testing
@testable import LeadEngine
import LeadFields

/// A lead read lazily from its text (`Lead(checkedText:)`) must be the lead `Lead(fields:)` makes of the same text
/// (equal, the same field for every name), and text that needs converting or refusing is left to `Lead(fields:)`.
@Suite("Lead read lazily from its text")
struct LeadTextTests {
    static func eager(_ text: String) -> Result<Lead, Error> {
        Result { try Lead(json: try JSONParser.parse(text)) }
    }

    static func expectSame(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let lazy = try #require(Lead(checkedText: Array(text.utf8)), "\(text)", sourceLocation: sourceLocation)
        let eager = try Self.eager(text).get()
        #expect(lazy == eager, sourceLocation: sourceLocation)
        #expect(lazy.id == eager.id, sourceLocation: sourceLocation)
        #expect(lazy.fields.mapValues(JSONWriter.write) == eager.fields.mapValues(JSONWriter.write), sourceLocation: sourceLocation)
        for name in Set(eager.fields.keys).union(["absent", "id", LeadFields.customValues]) {
            #expect(lazy[name].map(JSONWriter.write) == eager[name].map(JSONWriter.write), "\(name)", sourceLocation: sourceLocation)
        }
    }

    @Test func generatedLeadsAreReadLazilyAndEqualTheDecodedOnes() throws {
        var random = SplitMix64(seed: LeadGenerator.benchmarkSeed)
        for id in 1...2_000 { try Self.expectSame(LeadGenerator.lead(id: id, &random)) }
    }

    @Test func plainLeads() throws {
        try Self.expectSame(#"{"id": 7, "name": "Анна", "phone": null, "statusId": 3, "isSecondary": false, "customValues": {"12": "a"}}"#)
        try Self.expectSame(#"{"id": 9, "name": "b", "extra": [1, {"x": "\u00e9"}], "utcOffset": -3}"#)
        try Self.expectSame(#"{"id":5,"sourceComment":"{\"quiz\": \"Квиз\", \"answers\": {\"budget\": \"358000\"}}","vkId":"12"}"#)
        try Self.expectSame(#"{"id":6,"vkId":12,"orderId":-3}"#)
        try Self.expectSame(#"{"id":5,"orderId":12,"unknown":3.5,"other":"\ud83d\ude00"}"#)
    }

    /// Names found by their length and first eight bytes (`LeadText.lastMember`): random objects of names sharing
    /// prefixes, as long as 0 to 20 bytes, the last ones so near the end of the text that fewer than eight bytes
    /// follow them; each name looked up, present or not, against the decoded lead. (A name given twice is refused:
    /// ``aNameGivenTwiceIsRefused()``.)
    @Test func membersAreFoundByNameWhateverTheirLengthAndPlace() throws {
        var random = SplitMix64(seed: 0x1A57_4A4E)
        let names = ["", "a", "b", "ab", "ba", "abc", "abcdefg", "abcdefgh", "abcdefgi", "bbcdefgh", "abcdefghi", "abcdefghj",
                     "abcdefgh1234", "abcdefgh1235", "sourceComment", "sourceCommenu", "phone", "phonf", "ж", "жж", "customValue",
                     "abcdefghijklmnopqrst", "abcdefghijklmnopqrsu"]
        for _ in 0..<1_500 {
            var members = [#""id":1"#]
            var unused = names
            for _ in 0..<Int(random.next() % 8) {
                let name = unused.remove(at: Int(random.next() % UInt64(unused.count)))
                // Strings only for the Liner fields among them (a number there is left to `Lead(fields:)`).
                let known = name == "phone" || name == "sourceComment"
                let value = !known && random.next() % 2 == 0 ? String(random.next() % 10) : #""v\#(random.next() % 100)""#
                members.append(#""\#(name)":\#(value)"#)
            }
            for index in members.indices.reversed() where index > 0 {
                members.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            let text = "{" + members.joined(separator: random.next() % 2 == 0 ? "," : ", ") + "}"
            try Self.expectSame(text)
            let lazy = try #require(Lead(checkedText: Array(text.utf8)))
            let eager = try Self.eager(text).get()
            for name in names { #expect(lazy[name] == eager[name], "\(name) in \(text)") }
        }
    }

    /// A lead object giving a member twice is not read, by any reader: which value is meant is unclear (of two ids,
    /// which lead). The error names the member, and the lead when its id is not the member repeated.
    @Test func aNameGivenTwiceIsRefused() throws {
        let cases: [(String, String, Int?)] = [
            (#"{"id": 6, "id": 7, "phone": "84951234567"}"#, "id", nil),
            (#"{"id": 6, "priority": 2, "name": "a", "priority": 9}"#, "priority", 6),
            (#"{"": 1, "id": 3, "": 2}"#, "", 3),
            (#"{"id": 4, "sourceComment": "a", "sourceCommenu": "b", "sourceComment": "c"}"#, "sourceComment", 4),
        ]
        for (text, name, leadId) in cases {
            #expect(Lead(checkedText: Array(text.utf8)) == nil, "\(text)")
            let tree = try JSONParser.parse(text)
            #expect(throws: LeadError(leadId: leadId, field: name, message: Lead.repeatedMemberMessage(name))) { try Lead(json: tree) }
        }
        #expect(Lead.repeatedMemberMessage("id") == #"member "id" is given twice: which value is meant is unclear, so the lead is not read"#)
        // A custom value given twice too (Liner, reading with PHP, keeps the last; the rules read the first: was
        // accepted, found by the embedding trial). Other nested objects may repeat names.
        for text in [#"{"id": 5, "customValues": {"1": "a", "1": "b"}}"#, #"{"id": 5, "customValues": {"1": "a", "2": {}, "1": 3}}"#] {
            #expect(Lead(checkedText: Array(text.utf8)) == nil, "\(text)")
            #expect(throws: LeadError(leadId: 5, field: "customValues[1]", message: Lead.repeatedMemberMessage("customValues.1"))) {
                try Lead(json: try JSONParser.parse(text))
            }
        }
        #expect(Lead(checkedText: Array(#"{"id": 5, "customValues": {"1": "a", "2": "a"}, "x": {"k": 1, "k": 2}}"#.utf8)) != nil)
    }

    /// What `Lead(fields:)` converts or refuses is not read lazily: it decides (and says why it refuses).
    @Test func leftToTheFullReading() {
        let texts = [
            #"{"id": "5", "name": "a"}"#,          // a string id: converted
            #"{"id": 0}"#, #"{"id": -4}"#, #"{"id": 1.0}"#, #"{"name": "a"}"#, #"{"id": 1, "id": "x"}"#,
            #"{"id": 1, "priority": 3.0}"#,        // an integral double: converted
            #"{"id": 1, "isSecondary": 1}"#,       // 0/1 for a boolean: converted
            #"{"id": 1, "customValues": []}"#,     // PHP's empty object
            #"{"id": 1, "phone": 5}"#, #"{"id": 1, "statusId": "3"}"#, #"{"id": 1, "orderId": "3"}"#, #"{"id": 1, "vkId": true}"#, #"{"id": 1, "priority": 12345678901234567890}"#,
            #"{"id": 1, "n\u0061me": "a"}"#,       // an escaped name
            #"[{"id": 1}]"#, #"{"id": 1"#, "{\"id\": 1, \"name\": \"\u{FFFD}\"", "",
        ]
        for text in texts { #expect(Lead(checkedText: Array(text.utf8)) == nil, "\(text)") }
        // Invalid UTF-8 in a field no rule reads is refused all the same.
        #expect(Lead(checkedText: Array(#"{"id": 1, "x": ""#.utf8) + [0xD0] + Array(#""}"#.utf8)) == nil)
    }

    /// An engine gives the same evaluation (patch, provenance, errors, fired writers) of a lead however it was read.
    @Test func evaluationsAgree() throws {
        let engine = try Engine(directory: PackDifferentialTests.root)
        let evaluator = engine.makeEvaluator()
        var random = SplitMix64(seed: 0x15_1EAD)
        for id in 1...1_000 {
            let text = LeadGenerator.lead(id: id, &random)
            let lazy = try #require(Lead(checkedText: Array(text.utf8)))
            let eager = try Self.eager(text).get()
            for detail in [EvaluationDetail.patch, .provenance, .trace] {
                let a = evaluator.evaluate(lazy, now: PackDifferentialTests.times[0], detail: detail)
                let b = evaluator.evaluate(eager, now: PackDifferentialTests.times[0], detail: detail)
                #expect(a.patch == b.patch && a.changes == b.changes && a.errors == b.errors && a.fired == b.fired, "\(text)")
            }
        }
    }

    @Test func codableRoundTripOfALazyLead() throws {
        let text = #"{"id": 3, "name": "Ян", "customValues": {"7": 1}}"#
        let lazy = try #require(Lead(checkedText: Array(text.utf8)))
        let encoded = try JSONEncoder().encode(lazy)
        #expect(try JSONDecoder().decode(Lead.self, from: encoded) == lazy)
    }
}
