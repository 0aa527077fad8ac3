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

    @Test("A body that gives success, message or data twice is no envelope, for a lead update and for a list alike",
          arguments: [#"{"success":false,"message":"no","success":true}"#, #"{"success":true,"data":[],"data":[{"id":1}]}"#,
                      #"{"message":"a","success":true,"message":"b"}"#])
    func repeatedMembers(body: String) {
        let envelope = #expect(throws: LinerEnvelopeError.self) { try LinerEnvelope.decode(Array(body.utf8)) }
        #expect(envelope?.message.contains("twice") == true)
        let list = #expect(throws: LinerEnvelopeError.self) { try LinerListBody.decode(Array(body.utf8)) }
        #expect(list?.message.contains("twice") == true)
        // Other members may repeat: they are not read.
        #expect((try? LinerEnvelope.decode(Array(#"{"success":true,"x":1,"x":2}"#.utf8)))?.success == true)
    }
}
