import LinerWire
import Testing

@Suite("LinerWire JSON")
struct WireJSONTests {
    @Test func parsesAndWritesBackInOrder() throws {
        let text = #"{"b":1,"a":[true,false,null,-2.5,"x\"y\\z\n"],"c":{"é":"Ирина 😀"}}"#
        let value = try LinerJSONParser.parse(text)
        #expect(value.jsonText == text)
        #expect(value["b"] == .int(1))
        #expect(value["c"]?["é"] == .string("Ирина 😀"))
    }

    @Test func integersStayIntegers() throws {
        #expect(try LinerJSONParser.parse("5") == .int(5))
        #expect(try LinerJSONParser.parse("5").intValue == 5)
        #expect(try LinerJSONParser.parse("5.0").intValue == nil)
        #expect(try LinerJSONParser.parse("1e2").intValue == nil)
        #expect(try LinerJSONParser.parse("-0") == .int(0))
    }

    @Test func unicodeEscapesIncludingSurrogatePairs() throws {
        #expect(try LinerJSONParser.parse(#""\u0418\ud83d\ude00""#) == .string("И😀"))
        #expect(throws: LinerJSONParser.Error.self) { try LinerJSONParser.parse(#""\ud83d""#) }
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01", "1.", "tru", "\"a", "{\"a\":1} x", "'a'", "[1 2]", "\"\u{01}\""])
    func rejectsMalformedJSON(_ text: String) {
        #expect(throws: LinerJSONParser.Error.self) { try LinerJSONParser.parse(text) }
    }

    @Test func deepNestingIsRejectedNotCrashed() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: LinerJSONParser.Error.self) { try LinerJSONParser.parse(deep) }
    }

    @Test func controlCharactersAreEscapedOnWrite() {
        #expect(LinerJSON.string("a\u{01}b\tc").jsonText == #""a\u0001b\tc""#)
    }

    @Test func envelopeDecoding() throws {
        let ok = try LinerEnvelope.decode(Array(#"{"success":true,"message":"","data":[1]}"#.utf8))
        #expect(ok == LinerEnvelope(success: true, message: "", data: [1]))
        let failed = try LinerEnvelope.decode(Array(#"{"success":false,"message":"nope"}"#.utf8))
        #expect(failed.success == false && failed.message == "nope" && failed.data == .null)
        #expect(throws: LinerEnvelopeError.self) { try LinerEnvelope.decode(Array("<html>".utf8)) }
        #expect(throws: LinerEnvelopeError.self) { try LinerEnvelope.decode(Array(#"{"success":"yes"}"#.utf8)) }
    }
}
