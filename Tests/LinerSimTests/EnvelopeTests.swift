import LinerWire
import Testing

// The JSON values, parser and writer are tested in JSONTests.
@Suite("LinerWire envelope")
struct EnvelopeTests {
    @Test func envelopeDecoding() throws {
        let ok = try LinerEnvelope.decode(Array(#"{"success":true,"message":"","data":[1]}"#.utf8))
        #expect(ok == LinerEnvelope(success: true, message: "", data: [1]))
        let failed = try LinerEnvelope.decode(Array(#"{"success":false,"message":"nope"}"#.utf8))
        #expect(failed.success == false && failed.message == "nope" && failed.data == .null)
        #expect(throws: LinerEnvelopeError.self) { try LinerEnvelope.decode(Array("<html>".utf8)) }
        #expect(throws: LinerEnvelopeError.self) { try LinerEnvelope.decode(Array(#"{"success":"yes"}"#.utf8)) }
    }
}
