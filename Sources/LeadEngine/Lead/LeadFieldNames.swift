import CByteScan
import JSON
import LeadFields

/// The top-level member names a program's field slots read (`phone`; `customValues` for `customValues[12]`), each
/// once, found by their bytes: a lead read as text is resolved against them in one pass over its members (unless its
/// member names are those of the lead before: ``ResolvedLeadText/resolve(_:names:)``), and each field read is then an
/// index instead of a search of the members.
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
        /// Whether `text()` reads the slot's field (``LeadTextBuffer/append(literal:readingTextIn:)`` then reads its
        /// text as `text()` does while copying it).
        let isReadByText: Bool
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
    /// `customValues`); the slots of `readByText` are those `text()` reads (``SlotName/isReadByText``).
    init(fieldKeys: [String], readByText: Set<Int> = []) {
        var names: [[UInt8]] = []
        var slots: [SlotName] = []
        for (slot, key) in fieldKeys.enumerated() {
            let isCustomValue = LeadFields.customValueId(of: key) != nil
            let name = Array((isCustomValue ? LeadFields.customValues : key).utf8)
            let index = names.firstIndex(of: name) ?? names.count
            if index == names.count { names.append(name) }
            slots.append(SlotName(name: Int32(index), isCustomValue: isCustomValue,
                                 isReadByText: !isCustomValue && readByText.contains(slot)))
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

/// The lead being evaluated, when it was read as text (``Lead/init(checkedText:)``): its bytes and members, and which
/// member holds the value of each of the program's names (``LeadFieldNames``).
///
/// The leads of one input have the same members in the same order, as a rule: a lead whose member names are those of
/// the lead last resolved, in the same order, has its names where that lead had them (``sameNames()``: two words of
/// each name compared, ~20 instructions a member), and only a lead of other names is resolved member by member
/// (``resolveMembers(_:)``, a bucket looked up per member: ~54 instructions a member, ~540 per evaluation of the
/// default pack when every lead was).
///
/// The lead's bytes and members are read through pointers, valid while the lead is evaluated (the evaluator reads
/// the lead at its address until the evaluation ends, and a lead never changes): holding the lead's arrays retained
/// one and released another of each per lead, and copying the lead's storage to resolve it two more (~150
/// instructions per evaluation).
struct ResolvedLeadText {
    /// Whether the lead being evaluated was read as text (else the members are stale and the lead's dictionary is read).
    private(set) var isText = false
    private var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    private var members = UnsafeBufferPointer<JSONObjectLayout.Member>(start: nil, count: 0)
    /// Per name: the member that holds its value (of members of that name, the last), -1 when the lead has none.
    private var memberOfName: [Int32] = []
    /// The member names of the lead last resolved member by member, in order (``NameWords``); empty when they cannot
    /// be compared so (a name of more than fifteen bytes, a text that ends too close to its last name).
    private var names: [NameWords] = []

    /// A member name as the next lead's is compared with it: the name and its closing quote, at most sixteen bytes,
    /// as they stand (`low` the first eight, `high` the next eight, with what follows them) and `mask`, a bit for each
    /// of those bytes. A name holds no quote (names with escapes are not laid out), so equal bytes under the mask are
    /// the same name, of the same length: a shorter name would have its quote where this one has a byte of its name.
    /// Thirty-two bytes, as ``cbytescan_same_names`` reads them.
    struct NameWords {
        var low: UInt64
        var high: UInt64
        var mask: UInt32
        var unused: UInt32 = 0
        var unusedWord: UInt64 = 0
    }

    /// Finds which members hold the values of `names` in `text`: those of the lead before when its member names are
    /// the same, else found member by member. The text's arrays are read through pointers (``LeadText/pointers()``):
    /// the caller keeps `text` until ``clear()`` or the next `resolve`.
    mutating func resolve(_ text: borrowing LeadText, names table: LeadFieldNames) {
        resolve(text.pointers(), names: table)
    }

    /// ``resolve(_:names:)`` of the text whose bytes and members `text` points at (``LeadText/pointers()``).
    mutating func resolve(_ text: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<JSONObjectLayout.Member>),
                          names table: LeadFieldNames) {
        isText = true
        (bytes, members) = text
        if memberOfName.count != table.count {
            memberOfName = [Int32](repeating: -1, count: table.count)
            names = []
        }
        if !sameNames() { resolveMembers(table) }
    }

    /// Whether the lead's member names are, in order, those of ``names`` (none when it is empty). Each name and its
    /// quote is compared as sixteen bytes of the text (``cbytescan_same_names``: one compare a member, in a loop of ~11
    /// instructions, where two words and their masks took ~18): the text goes on at least sixteen bytes after the
    /// last name's start (checked), and names start in order.
    private func sameNames() -> Bool {
        let count = members.count
        guard count == names.count, count > 0, Int(members[count &- 1].nameStart) &+ 16 <= bytes.count,
              let text = bytes.baseAddress, let layout = members.baseAddress else { return false }
        return names.withUnsafeBufferPointer { names in
            let stride = MemoryLayout<JSONObjectLayout.Member>.stride / MemoryLayout<Int32>.stride
            return UnsafeRawPointer(layout).withMemoryRebound(to: Int32.self, capacity: count &* stride) { starts in
                cbytescan_same_names(text, starts, stride,
                                     UnsafeRawPointer(names.baseAddress.unsafelyUnwrapped).assumingMemoryBound(to: UInt8.self), count) != 0
            }
        }
    }

    /// Whether the layouts are those ``cbytescan_same_names`` reads: 32 bytes a ``NameWords``, a member's name start
    /// its first `Int32` (otherwise no names are kept, and every lead is resolved member by member).
    static let namesComparable = MemoryLayout<NameWords>.stride == 32
        && MemoryLayout<JSONObjectLayout.Member>.offset(of: \.nameStart) == 0
        && MemoryLayout<JSONObjectLayout.Member>.stride % MemoryLayout<Int32>.stride == 0

    /// Finds the member of each name of `table` by looking each member's name up, and keeps the member names' words
    /// for the next lead (``sameNames()``).
    @inline(never)
    private mutating func resolveMembers(_ table: LeadFieldNames) {
        var comparable = Self.namesComparable
        var words: [NameWords] = []
        swap(&words, &names)
        words.removeAll(keepingCapacity: true)
        memberOfName.withUnsafeMutableBufferPointer { memberOfName in
            for index in memberOfName.indices { memberOfName[index] = -1 }
            guard let base = bytes.baseAddress else { return }
            for (index, member) in members.enumerated() {
                let start = Int(member.nameStart), count = Int(member.nameEnd) &- start
                let readable = bytes.count &- start
                let name = table.index(of: base + start, count: count, readable: readable)
                if name >= 0 { memberOfName[name] = Int32(index) }
                // The name and its quote, read as two words of the text.
                let quoted = count &+ 1
                guard comparable, quoted <= 16, readable >= 16 else {
                    comparable = false
                    continue
                }
                let raw = UnsafeRawPointer(base + start)
                // Little-endian words: byte i of the sixteen is byte i of the name (or its quote).
                let low = UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self))
                let high = UInt64(littleEndian: (raw + 8).loadUnaligned(as: UInt64.self))
                let mask = UInt32(truncatingIfNeeded: (1 &<< quoted) &- 1)
                words.append(NameWords(low: low, high: high, mask: mask))
            }
        }
        if !comparable { words.removeAll(keepingCapacity: true) }
        names = words
    }

    /// For a lead that was not read as text, and at the end of an evaluation: the pointers are let go.
    mutating func clear() {
        isText = false
        bytes = UnsafeBufferPointer(start: nil, count: 0)
        members = UnsafeBufferPointer(start: nil, count: 0)
    }

    /// Where the value of name `name` (an index of ``LeadFieldNames``) lies in the text, `nil` when the lead has none.
    @inline(__always)
    func valueRange(ofName name: Int) -> Range<Int>? {
        let member = Int(memberOfName[name])
        guard member >= 0 else { return nil }
        return members[member].value
    }

    /// The value of name `name` (an index of ``LeadFieldNames``) in the lead: ``Value/missing`` when absent or `null`, what
    /// `Value(LeadText.value(of:))` is.
    func value(ofName name: Int) -> Value {
        guard let range = valueRange(ofName: name) else { return .missing }
        return Self.value(UnsafeBufferPointer(rebasing: bytes[range]))
    }

    /// ``value(ofName:)`` as the evaluator keeps it: a string as a ``TextSlice`` of `texts` (copied there,
    /// escapes decoded), not a `String`; when `readingText`, its `text()` read on the way
    /// (``LeadTextBuffer/append(literal:readingTextIn:)``).
    @inline(__always)
    func heldValue(ofName name: Int, texts: inout LeadTextBuffer, storage: LeadTextStorage, readingText: Bool = false) -> HeldValue {
        guard let range = valueRange(ofName: name) else { return .value(.missing) }
        let value = UnsafeBufferPointer(rebasing: bytes[range])
        let first = value[0]
        guard first == UInt8(ascii: "\"") else {
            // One digit (a status id, a priority) and `null` made here, without the call of ``value(_:)`` (what it answers).
            if value.count == 1, first &- UInt8(ascii: "0") < 10 { return .value(.int(Int(first &- UInt8(ascii: "0")))) }
            if first == UInt8(ascii: "n") { return .value(.missing) }
            return .value(Self.value(value))
        }
        // Checked: the closing quote is the last byte.
        let literal = UnsafeBufferPointer(rebasing: value[1..<(value.count - 1)])
        if readingText { return .text(texts.append(literal: literal, readingTextIn: storage)) }
        // A short literal (a phone) with sixteen bytes of the text from its start: copied as one sixteen-byte word.
        if literal.count <= 16, range.lowerBound &+ 17 <= bytes.count, let source = literal.baseAddress {
            return .text(texts.append(shortLiteral: source, count: literal.count, in: storage))
        }
        return .text(texts.append(literal: literal, in: storage))
    }

    /// The JSON value of name `name` (an index of ``LeadFieldNames``) in the lead, `nil` when absent: what ``LeadText/value(of:)`` is.
    func json(ofName name: Int) -> JSONValue? {
        guard let range = valueRange(ofName: name) else { return nil }
        return JSONParser.decodeChecked(UnsafeBufferPointer(rebasing: bytes[range]))
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
            // One digit (a status id, a priority): read here, not by `plainInteger`'s loop (a call, ~37 instructions).
            if count == 1, bytes[0] &- UInt8(ascii: "0") < 10 { return .int(Int(bytes[0] &- UInt8(ascii: "0"))) }
            if let integer = JSONParser.plainInteger(bytes) { return .int(integer) }
            return Value(JSONParser.decodeChecked(bytes))
        }
    }
}
