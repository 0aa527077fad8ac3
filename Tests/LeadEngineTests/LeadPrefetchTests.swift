import Foundation
import JSON
import Testing
@testable import LeadEngine

/// ``Lead/prefetch()``'s hint: where a lead read from text keeps its bytes and member layout, and nothing for a lead
/// of decoded fields. (The prefetch itself changes no result: the engine's other tests run with it in every loop.)
@Suite struct LeadPrefetchTests {
    @Test("A lead read from text hints at its own text and layout; copies share them; a lead of fields hints at nothing")
    func hintNamesTheLeadsMemory() throws {
        let text = Array(#"{"id":7,"name":"Анна","phone":"+7 912 000-00-00","sourceComment":"перезвоните сегодня"}"#.utf8)
        let lead = try #require(Lead(checkedText: text))
        guard case let .text(stored) = lead.storage else {
            Issue.record("a checked text is kept as text")
            return
        }
        stored.bytes.withUnsafeBufferPointer { bytes in
            #expect(lead.memory.text == UInt(bitPattern: bytes.baseAddress))
            #expect(Int(lead.memory.textCount) == bytes.count)
        }
        stored.layout.members.withUnsafeBufferPointer { members in
            #expect(lead.memory.layout == UInt(bitPattern: members.baseAddress))
            #expect(Int(lead.memory.layoutCount) == members.count * MemoryLayout<JSONObjectLayout.Member>.stride)
        }
        #expect(stored.layout.members.count == 4)
        let copy = lead
        #expect(copy.memory.text == lead.memory.text)
        let fields = try Lead(fields: lead.fields)
        #expect(fields.memory.textCount == 0 && fields.memory.text == 0 && fields.memory.layout == 0)
        // Asking changes nothing: the leads are still equal and read the same.
        lead.prefetch()
        fields.prefetch()
        #expect(lead == fields)
        #expect(lead["sourceComment"] == .string("перезвоните сегодня"))
    }
}
