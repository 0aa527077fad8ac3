import Foundation
import JSON

/// A lead kept as the text it was read from (one line of JSON Lines) and where each member lies in it: a field is
/// decoded when it is read, so reading a lead costs one checking pass over its text and no value per field.
struct LeadText: Sendable {
    let bytes: [UInt8]
    let layout: JSONObjectLayout

    /// The value of the top-level member `name` (of members with that name, the last), decoded; `nil` when absent.
    func value(of name: String) -> JSONValue? {
        var name = name
        return name.withUTF8 { name in
            bytes.withUnsafeBufferPointer { text in
                guard let member = Self.lastMember(named: name, in: layout.members, of: text) else { return nil }
                return JSONParser.decodeChecked(UnsafeBufferPointer(rebasing: text[member.value]))
            }
        }
    }

    /// Every member decoded, by name (the last of a name winning): what ``Lead/fields`` is.
    func allFields() -> [String: JSONValue] {
        bytes.withUnsafeBufferPointer { text in
            var fields: [String: JSONValue] = [:]
            fields.reserveCapacity(layout.members.count)
            for member in layout.members {
                let name = String(checkedUTF8: UnsafeBufferPointer(rebasing: text[member.name]))
                fields[name] = JSONParser.decodeChecked(UnsafeBufferPointer(rebasing: text[member.value]))
            }
            return fields
        }
    }

    /// The last of `members` whose name is `name` (a name is compared byte for byte: names hold no escapes).
    ///
    /// A lead has ten or twenty members and the engine reads a few of them, each once: a search from the end, each
    /// member's length compared first, then its bytes in place (names of the same length differ early: `priority`
    /// and `statusId`), not through a call of `memcmp`.
    static func lastMember(named name: UnsafeBufferPointer<UInt8>, in members: [JSONObjectLayout.Member],
                           of text: UnsafeBufferPointer<UInt8>) -> JSONObjectLayout.Member? {
        let count = name.count
        guard let textBase = text.baseAddress else { return nil }
        return members.withUnsafeBufferPointer { members in
            var index = members.count
            search: while index > 0 {
                index -= 1
                let member = members[index]
                guard Int(member.nameEnd) &- Int(member.nameStart) == count else { continue }
                let candidate = textBase + Int(member.nameStart)
                for offset in 0..<count where candidate[offset] != name[offset] { continue search }
                return member
            }
            return nil
        }
    }
}

extension Lead {
    /// Reads a lead from the UTF-8 text of its JSON object, keeping the text: fields are decoded when read
    /// (``subscript(_:)``), so the engine decodes only those its rules read. `nil` when the text needs more than
    /// this fast reading: it is not a JSON object, a member name holds an escape, the id is not a positive integer
    /// written as such, or a known field has a value that ``init(fields:)`` would convert (`3.0` for an integer, `1`
    /// for a boolean, `[]` for an object) or refuse. Read such text with ``init(fields:)`` (after
    /// `JSONParser.parseMembers`): it says what is wrong, and does the conversions. Whenever this reads a lead,
    /// that lead equals the one ``init(fields:)`` makes of the same text.
    public init?(checkedText bytes: [UInt8]) {
        let read: (id: Int, layout: JSONObjectLayout)? = bytes.withUnsafeBufferPointer { text in
            guard let layout = JSONParser.layout(text) else { return nil }
            var id: Int?
            for member in layout.members {
                let name = UnsafeBufferPointer(rebasing: text[member.name])
                let value = UnsafeBufferPointer(rebasing: text[member.value])
                if name.count == 2, name[0] == UInt8(ascii: "i"), name[1] == UInt8(ascii: "d") {
                    // The last `id` counts; a string id ("42") is read by init(fields:).
                    id = JSONParser.plainInteger(value).flatMap { $0 > 0 ? $0 : nil }
                    if id == nil { return nil }
                    continue
                }
                guard let expected = Lead.expectedTypeTable.expected(bytes: name) else { continue }
                guard Self.isPlain(value, for: expected) else { return nil }
                // Custom values given twice: init(fields:) says so.
                if expected == .object, value.count > 2, value[0] == UInt8(ascii: "{") {
                    guard let custom = JSONParser.layout(value), !Self.repeatsAName(custom.members, in: value) else { return nil }
                }
            }
            guard let id, !Self.repeatsAName(layout.members, in: text) else { return nil }
            return (id, layout)
        }
        guard let read else { return nil }
        self.id = read.id
        self.storage = .text(LeadText(bytes: bytes, layout: read.layout))
        self.memory = MemoryHint(bytes, read.layout.members)
    }

    /// Whether two of `members` have the same name (a lead of ten or twenty members: each pair of names of the same
    /// length compared).
    static func repeatsAName(_ members: [JSONObjectLayout.Member], in text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard members.count > 1, let base = text.baseAddress else { return false }
        for i in 1..<members.count {
            let a = members[i]
            let length = Int(a.nameEnd - a.nameStart)
            for j in 0..<i {
                let b = members[j]
                if Int(b.nameEnd - b.nameStart) == length,
                   memcmp(base + Int(a.nameStart), base + Int(b.nameStart), length) == 0 { return true }
            }
        }
        return false
    }

    /// Whether a (checked) JSON value is of the type `expected` as it stands, or `null`: what ``init(fields:)``
    /// keeps unchanged.
    static func isPlain(_ value: UnsafeBufferPointer<UInt8>, for expected: Expected) -> Bool {
        let first = value[0]
        if first == UInt8(ascii: "n") { return true }
        switch expected {
        case .string: return first == UInt8(ascii: "\"")
        case .int: return JSONParser.plainInteger(value) != nil
        case .bool: return first == UInt8(ascii: "t") || first == UInt8(ascii: "f")
        case .object: return first == UInt8(ascii: "{")
        case .stringOrInt: return first == UInt8(ascii: "\"") || JSONParser.plainInteger(value) != nil
        }
    }
}

extension LeadText {
    /// The bytes and members, as pointers into the arrays, without retaining them. Valid while this text lives: its
    /// arrays are constants of a native Swift array's storage, which stays where it is until the array is changed or
    /// let go (a caller holds the lead for as long as it reads them, as ``EvaluationCore`` does during an evaluation).
    func pointers() -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<JSONObjectLayout.Member>) {
        (bytes.withUnsafeBufferPointer { $0 }, layout.members.withUnsafeBufferPointer { $0 })
    }
}

extension Lead {
    /// ``LeadText/pointers()`` of a lead read as text; `nil` for a lead of decoded fields. Read in place: binding the
    /// storage's text to pass it on copied it (retaining both arrays).
    func textPointers() -> (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<JSONObjectLayout.Member>)? {
        guard case let .text(text) = storage else { return nil }
        return text.pointers()
    }
}
