import JSON
import LeadFields

/// The top-level member names a program's field slots read (`phone`; `customValues` for `customValues[12]`), each
/// once, found by their bytes: a lead read as text is resolved against them in one pass over its members
/// (``ResolvedLeadText/resolve(_:names:)``), and each field read is then an index instead of a search of the members.
///
/// The names sit in a small open-addressed table keyed by a name's length and its first and last bytes (as
/// ``Lead/ExpectedTypeTable``), a name found there compared in full; a lead's other members (`id`, `createdAt`) mostly
/// land on an empty entry at once.
struct LeadFieldNames: Sendable {
    /// What a field slot reads: the index of its top-level name, and whether it is a custom value (a member of the
    /// `customValues` object, not the top-level member itself).
    struct SlotName: Sendable {
        let name: Int32
        let isCustomValue: Bool
    }

    /// The names' bytes one after another: name `n` is `bytes[starts[n]..<starts[n + 1]]`.
    private let bytes: [UInt8]
    private let starts: [Int32]
    /// Per entry, the index of the name kept there; -1 for none. Its count is a power of two.
    private let entries: [Int32]
    /// Per field slot: the name it reads.
    let slots: [SlotName]

    /// How many distinct names.
    var count: Int { starts.count - 1 }

    /// The names the slots of `fieldKeys` read (``SlotField``'s reading of a key: `customValues[ID]` reads
    /// `customValues`).
    init(fieldKeys: [String]) {
        var names: [[UInt8]] = []
        var slots: [SlotName] = []
        for key in fieldKeys {
            let isCustomValue = LeadFields.customValueId(of: key) != nil
            let name = Array((isCustomValue ? LeadFields.customValues : key).utf8)
            let index = names.firstIndex(of: name) ?? names.count
            if index == names.count { names.append(name) }
            slots.append(SlotName(name: Int32(index), isCustomValue: isCustomValue))
        }
        var size = 8
        while size < names.count * 4 { size *= 2 }
        var entries = [Int32](repeating: -1, count: size)
        var bytes: [UInt8] = []
        var starts: [Int32] = [0]
        for (index, name) in names.enumerated() {
            bytes += name
            starts.append(Int32(bytes.count))
            var entry = name.withUnsafeBufferPointer { Self.hash($0) } & (size - 1)
            while entries[entry] >= 0 { entry = (entry + 1) & (size - 1) }
            entries[entry] = Int32(index)
        }
        self.bytes = bytes
        self.starts = starts
        self.entries = entries
        self.slots = slots
    }

    @inline(__always)
    private static func hash(_ name: UnsafeBufferPointer<UInt8>) -> Int {
        guard name.count > 0 else { return 0 }
        return name.count &* 37 &+ Int(name[0]) &* 7 &+ Int(name[name.count - 1])
    }

    /// The index of the name whose UTF-8 is the `count` bytes at `name`, -1 when no slot reads it.
    @inline(__always)
    func index(of name: UnsafePointer<UInt8>, count: Int) -> Int {
        entries.withUnsafeBufferPointer { entries in
            starts.withUnsafeBufferPointer { starts in
                bytes.withUnsafeBufferPointer { bytes in
                    let mask = entries.count &- 1
                    var entry = Self.hash(UnsafeBufferPointer(start: name, count: count)) & mask
                    search: while true {
                        let index = Int(entries[entry])
                        if index < 0 { return -1 }
                        let start = Int(starts[index])
                        if Int(starts[index &+ 1]) &- start == count {
                            let candidate = bytes.baseAddress.unsafelyUnwrapped + start
                            var offset = 0
                            while offset < count {
                                if candidate[offset] != name[offset] {
                                    entry = (entry &+ 1) & mask
                                    continue search
                                }
                                offset &+= 1
                            }
                            return index
                        }
                        entry = (entry &+ 1) & mask
                    }
                }
            }
        }
    }
}

/// The lead being evaluated, when it was read as text (``Lead/init(checkedText:)``): its bytes, and where the value
/// of each of the program's names (``LeadFieldNames``) lies in them, found once for the lead.
struct ResolvedLeadText {
    /// Whether the lead being evaluated was read as text (else the ranges are stale and the lead's dictionary is read).
    private(set) var isText = false
    private var bytes: [UInt8] = []
    /// Per name: where the value of the last member of that name starts and ends in `bytes`; -1 when the lead has none.
    private var valueStarts: [Int32] = []
    private var valueEnds: [Int32] = []

    /// Finds the values of `names` in `text` (of members of a name, the last: as ``LeadText/value(of:)``), one pass
    /// over its members.
    mutating func resolve(_ text: LeadText, names: LeadFieldNames) {
        isText = true
        bytes = text.bytes
        if valueStarts.count != names.count {
            valueStarts = [Int32](repeating: -1, count: names.count)
            valueEnds = valueStarts
        }
        valueStarts.withUnsafeMutableBufferPointer { starts in
            valueEnds.withUnsafeMutableBufferPointer { ends in
                for index in starts.indices { starts[index] = -1 }
                bytes.withUnsafeBufferPointer { bytes in
                    let base = bytes.baseAddress.unsafelyUnwrapped
                    text.layout.members.withUnsafeBufferPointer { members in
                        for member in members {
                            let name = names.index(of: base + Int(member.nameStart), count: Int(member.nameEnd &- member.nameStart))
                            if name < 0 { continue }
                            starts[name] = member.valueStart
                            ends[name] = member.valueEnd
                        }
                    }
                }
            }
        }
    }

    /// For a lead that was not read as text.
    mutating func clear() {
        isText = false
    }

    /// The value of name `name` (an index of ``LeadFieldNames``) in the lead: ``Value/missing`` when absent or `null`,
    /// what `Value(LeadText.value(of:))` is.
    func value(ofName name: Int) -> Value {
        let start = Int(valueStarts[name])
        guard start >= 0 else { return .missing }
        let end = Int(valueEnds[name])
        return bytes.withUnsafeBufferPointer { Self.value(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// The JSON value of name `name` in the lead, `nil` when absent: what ``LeadText/value(of:)`` is.
    func json(ofName name: Int) -> JSONValue? {
        let start = Int(valueStarts[name])
        guard start >= 0 else { return nil }
        let end = Int(valueEnds[name])
        return bytes.withUnsafeBufferPointer { JSONParser.decodeChecked(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// `Value(JSONParser.decodeChecked(bytes))`, with the common values (strings, integers of at most 18 digits,
    /// `null`, `true`, `false`) made without a `JSONValue` between.
    static func value(_ bytes: UnsafeBufferPointer<UInt8>) -> Value {
        let count = bytes.count
        switch bytes[0] {
        case UInt8(ascii: "\""):
            // Checked: the closing quote is the last byte.
            return .string(JSONParser.checkedString(UnsafeBufferPointer(rebasing: bytes[1..<(count - 1)])))
        case UInt8(ascii: "n"): return .missing
        case UInt8(ascii: "t"): return .bool(true)
        case UInt8(ascii: "f"): return .bool(false)
        default:
            if let integer = JSONParser.plainInteger(bytes) { return .int(integer) }
            return Value(JSONParser.decodeChecked(bytes))
        }
    }
}
