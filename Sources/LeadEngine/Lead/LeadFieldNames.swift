import JSON
import LeadFields

/// The top-level member names a program's field slots read (`phone`; `customValues` for `customValues[12]`), each
/// once, found by their bytes: a lead read as text is resolved against them in one pass over its members
/// (``ResolvedLeadText/resolve(_:names:)``), and each field read is then an index instead of a search of the members.
///
/// A member is looked for in a bucket chosen by its name's length and first and last bytes (``bucket(count:first:last:)``,
/// the multipliers chosen when the table is made so that the program's names have a bucket each where they can): a
/// lead's other members (`id`, `createdAt`) mostly meet an empty bucket, and a name found there is compared as its
/// ``Key`` (length and two words; byte by byte beyond sixteen bytes).
struct LeadFieldNames: Sendable {
    /// What a field slot reads: the index of its top-level name, and whether it is a custom value (a member of the
    /// `customValues` object, not the top-level member itself).
    struct SlotName: Sendable {
        let name: Int32
        let isCustomValue: Bool
    }

    /// A name as the table compares it: its length, its first eight bytes (fewer, zero-filled, when shorter, byte 0
    /// lowest) and, when longer than eight, its last eight. Names of at most sixteen bytes are equal exactly when
    /// their keys are.
    struct Key: Equatable, Sendable {
        var count: Int
        var first: UInt64
        var last: UInt64

        /// The key of the `count` bytes at `name`, of which at least `readable` bytes from `name` on may be read
        /// (the name lies in a lead's text: a short one is read as one word when the text goes on that far).
        @inline(__always)
        init(_ name: UnsafePointer<UInt8>, count: Int, readable: Int) {
            self.count = count
            if count >= 8 {
                first = UInt64(littleEndian: UnsafeRawPointer(name).loadUnaligned(as: UInt64.self))
                last = count == 8 ? 0 : UInt64(littleEndian: UnsafeRawPointer(name + (count &- 8)).loadUnaligned(as: UInt64.self))
            } else {
                last = 0
                if readable >= 8 {
                    let word = UInt64(littleEndian: UnsafeRawPointer(name).loadUnaligned(as: UInt64.self))
                    first = count == 0 ? 0 : word & (UInt64.max &>> UInt64(64 &- 8 &* count))
                } else {
                    first = 0
                    for index in 0..<count { first |= UInt64(name[index]) &<< UInt64(8 &* index) }
                }
            }
        }
    }

    /// The names' bytes one after another: name `n` is `bytes[starts[n]..<starts[n + 1]]` (compared beyond their keys
    /// when longer than sixteen bytes).
    private let bytes: [UInt8]
    private let starts: [Int]
    /// Per name, its key.
    private let keys: [Key]
    /// Per bucket, the first name in it (-1: none), and per name the next one in its bucket.
    private let buckets: [Int32]
    private let next: [Int32]
    /// ``bucket(count:first:last:)``'s multipliers of the length and the first byte.
    private let countFactor: Int
    private let firstFactor: Int
    /// Per field slot: the name it reads.
    let slots: [SlotName]

    /// How many distinct names.
    var count: Int { keys.count }

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
        var size = 64
        while size < names.count * 4 { size *= 2 }
        // The multipliers that spread the names best (a bucket each, as a rule: the first such pair is taken).
        var best = (countFactor: 7, firstFactor: 3, longest: Int.max)
        search: for countFactor in [7, 5, 11, 13, 3, 17, 19, 23] {
            for firstFactor in [3, 5, 7, 9, 11, 13, 17, 31] {
                var sizes = [Int](repeating: 0, count: size)
                for name in names {
                    sizes[Self.bucket(name, countFactor: countFactor, firstFactor: firstFactor, mask: size - 1)] += 1
                }
                let longest = sizes.max() ?? 0
                if longest < best.longest { best = (countFactor, firstFactor, longest) }
                if longest <= 1 { break search }
            }
        }
        var buckets = [Int32](repeating: -1, count: size)
        var next = [Int32](repeating: -1, count: names.count)
        var bytes: [UInt8] = []
        var starts: [Int] = [0]
        var keys: [Key] = []
        for (index, name) in names.enumerated() {
            bytes += name
            starts.append(bytes.count)
            keys.append(name.withUnsafeBufferPointer { Key($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, count: $0.count, readable: $0.count) })
            let bucket = Self.bucket(name, countFactor: best.countFactor, firstFactor: best.firstFactor, mask: size - 1)
            next[index] = buckets[bucket]
            buckets[bucket] = Int32(index)
        }
        self.bytes = bytes
        self.starts = starts
        self.keys = keys
        self.buckets = buckets
        self.next = next
        self.countFactor = best.countFactor
        self.firstFactor = best.firstFactor
        self.slots = slots
    }

    /// The bucket of a name of the program.
    private static func bucket(_ name: [UInt8], countFactor: Int, firstFactor: Int, mask: Int) -> Int {
        // An empty name is read as its quotes (see ``index(of:count:readable:)``).
        let quote = UInt8(ascii: "\"")
        return (name.count &* countFactor &+ Int(name.first ?? quote) &* firstFactor &+ Int(name.last ?? quote)) & mask
    }

    /// The index of the name whose UTF-8 is the `count` bytes at `name`, -1 when no slot reads it. The name lies in a
    /// lead's text between quotes (so the bytes before and after it may be read: an empty name is bucketed as its
    /// quotes), and `readable` bytes from `name` on may be read (``Key/init(_:count:readable:)``).
    @inline(__always)
    func index(of name: UnsafePointer<UInt8>, count: Int, readable: Int) -> Int {
        let first = name[0], last = name[count &- 1]
        var index = buckets.withUnsafeBufferPointer { buckets in
            Int(buckets[(count &* countFactor &+ Int(first) &* firstFactor &+ Int(last)) & (buckets.count &- 1)])
        }
        guard index >= 0 else { return -1 }
        let key = Key(name, count: count, readable: readable)
        return keys.withUnsafeBufferPointer { keys in
            while index >= 0 {
                if keys[index] == key, count <= 16 || sameMiddle(index, name) { return index }
                index = Int(next[index])
            }
            return -1
        }
    }

    /// Whether name `index` (longer than sixteen bytes, its key equal to that of `name`) has `name`'s bytes.
    @inline(never)
    private func sameMiddle(_ index: Int, _ name: UnsafePointer<UInt8>) -> Bool {
        let start = starts[index], count = starts[index + 1] - start
        return bytes.withUnsafeBufferPointer { bytes in
            for offset in 8..<(count - 8) where bytes[start + offset] != name[offset] { return false }
            return true
        }
    }
}

/// The lead being evaluated, when it was read as text (``Lead/init(checkedText:)``): its bytes, and where the value
/// of each of the program's names (``LeadFieldNames``) lies in them, found once for the lead.
struct ResolvedLeadText {
    /// Whether the lead being evaluated was read as text (else the ranges are stale and the lead's dictionary is read).
    private(set) var isText = false
    private var bytes: [UInt8] = []
    /// Per name: where the value of the last member of that name lies in `bytes` (one array: one uniqueness check per
    /// lead); a start of -1 when the lead has none.
    private var values: [ValueRange] = []

    /// Where a value lies in the text.
    struct ValueRange {
        var start: Int32
        var end: Int32
    }

    /// Finds the values of `names` in `text` (of members of a name, the last: as ``LeadText/value(of:)``), one pass
    /// over its members.
    mutating func resolve(_ text: LeadText, names: LeadFieldNames) {
        isText = true
        bytes = text.bytes
        if values.count != names.count { values = [ValueRange](repeating: ValueRange(start: -1, end: -1), count: names.count) }
        values.withUnsafeMutableBufferPointer { values in
            for index in values.indices { values[index].start = -1 }
            bytes.withUnsafeBufferPointer { bytes in
                let base = bytes.baseAddress.unsafelyUnwrapped
                text.layout.members.withUnsafeBufferPointer { members in
                    for member in members {
                        let start = Int(member.nameStart)
                        let name = names.index(of: base + start, count: Int(member.nameEnd) &- start,
                                               readable: bytes.count &- start)
                        if name < 0 { continue }
                        values[name] = ValueRange(start: member.valueStart, end: member.valueEnd)
                    }
                }
            }
        }
    }

    /// For a lead that was not read as text (a previous lead's text is let go). The text of a lead read as text is
    /// kept until the next lead: letting it go at the end of each evaluation cost ~25 instructions per evaluation.
    mutating func clear() {
        guard isText else { return }
        isText = false
        bytes = []
    }

    /// The value of name `name` (an index of ``LeadFieldNames``) in the lead: ``Value/missing`` when absent or `null`,
    /// what `Value(LeadText.value(of:))` is.
    func value(ofName name: Int) -> Value {
        let range = values[name]
        let start = Int(range.start)
        guard start >= 0 else { return .missing }
        let end = Int(range.end)
        return bytes.withUnsafeBufferPointer { Self.value(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }

    /// ``value(ofName:)`` as the evaluator keeps it: a string as a ``TextSlice`` of `texts` (copied there, escapes
    /// decoded), not a `String`.
    func heldValue(ofName name: Int, texts: inout LeadTextBuffer, storage: LeadTextStorage) -> HeldValue {
        let range = values[name]
        let start = Int(range.start)
        guard start >= 0 else { return .value(.missing) }
        let end = Int(range.end)
        return bytes.withUnsafeBufferPointer { all in
            let value = UnsafeBufferPointer(rebasing: all[start..<end])
            guard value[0] == UInt8(ascii: "\"") else { return .value(Self.value(value)) }
            // Checked: the closing quote is the last byte.
            return .text(texts.append(literal: UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)]), in: storage))
        }
    }

    /// The JSON value of name `name` in the lead, `nil` when absent: what ``LeadText/value(of:)`` is.
    func json(ofName name: Int) -> JSONValue? {
        let range = values[name]
        let start = Int(range.start)
        guard start >= 0 else { return nil }
        let end = Int(range.end)
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
