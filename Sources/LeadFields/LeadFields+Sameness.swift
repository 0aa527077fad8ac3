import JSON

/// When a field already holds a value: the one rule behind the engine's "no change" test, a run's "the
/// lead holds the values" check (lost answers, plans, reverts) and the protection of people's edits.
extension LeadFields {
    /// Whether a field that holds `held` (`nil` when absent) holds `wanted`, as Liner stores values.
    ///
    /// - Equal JSON values are the same (numbers by value: `5` and `5.0`).
    /// - `""`, `null` and a missing value are alike: all are an empty field.
    /// - Otherwise values of different types are the same when their texts are (``text(of:)``): `100` and
    ///   `"100"`, `true` and `"true"`, a list and its items joined with `, `. Liner may return a number sent as a
    ///   string and the other way round (`vkId`, custom values), a multiselect's values as a list.
    /// - Phones (``LeadField/Kind/phone``) are compared without their leading `+`: Liner accepts
    ///   `79001234567` and stores `+79001234567`, so either spelling holds the other.
    ///
    /// - Parameter key: the field key: a top-level field name (`phone`) or `customValues[ID]`.
    public static func sameValue(held: JSONValue?, wanted: JSONValue, key: String) -> Bool {
        sameValue(held: held, wanted: wanted, field: byName[key])
    }

    /// ``sameValue(held:wanted:key:)`` for a caller that has looked the field up already (`nil`: a custom value or
    /// a field Liner does not have).
    public static func sameValue(held: JSONValue?, wanted: JSONValue, field: LeadField?) -> Bool {
        sameValue(held: held, wanted: wanted, kind: field?.kind)
    }

    /// ``sameValue(held:wanted:field:)`` given the field's kind alone (what the comparison depends on; the engine
    /// passes it without copying the field's names).
    public static func sameValue(held: JSONValue?, wanted: JSONValue, kind: LeadField.Kind?) -> Bool {
        // Two texts and two integers (most comparisons) first, the payloads bound directly: the general path below
        // copies the optional value and compares through the general equality (~200 instructions).
        if case let .string(b) = wanted, case let .string(a)? = held { return a == b || (kind == .phone && samePhone(a, b)) }
        if case let .int(b) = wanted, case let .int(a)? = held { return a == b }
        // An empty field (absent or `null`) holds only an empty value: decided without the general comparison below.
        guard let held, !held.isNull else {
            switch wanted {
            case .null: return true
            case let .string(text): return text.isEmpty
            default: return false
            }
        }
        if held == wanted { return true }
        switch (held, wanted) {
        case (.string(""), .null), (.null, .string("")): return true
        case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
            // Numbers that differ by value differ in text too (a double's text is exact).
            return false
        case let (.string(a), .string(b)):
            guard kind == .phone else { return false }
            return samePhone(a, b)
        default:
            guard let a = text(of: held), let b = text(of: wanted) else { return false }
            return a == b
        }
    }

    /// Two phone texts without their leading `+`s: byte for byte when both are ASCII (most are), else as
    /// characters (canonically equivalent texts are equal).
    static func samePhone(_ a: String, _ b: String) -> Bool {
        if let answer = sameASCIIPhone(a, b) { return answer }
        return a.drop { $0 == "+" } == b.drop { $0 == "+" }
    }

    /// ``samePhone(_:_:)`` for two ASCII texts, over their contiguous UTF-8 storage (a loop over `String.UTF8View`
    /// and its `drop(while:)` costed several hundred instructions a comparison); `nil` when either is not ASCII
    /// or has no contiguous storage.
    static func sameASCIIPhone(_ a: String, _ b: String) -> Bool? {
        let answer = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in sameASCIIPhone(utf8: x, y) }
        }
        // Optional three times: no storage for `a`, none for `b`, not ASCII.
        guard case let .some(.some(.some(same))) = answer else { return nil }
        return same
    }

    /// ``samePhone(_:_:)`` of two UTF-8 texts when both are ASCII, `nil` when either is not.
    static func sameASCIIPhone(utf8 x: UnsafeBufferPointer<UInt8>, _ y: UnsafeBufferPointer<UInt8>) -> Bool? {
        // ASCII when no byte has its high bit.
        guard isASCII(x), isASCII(y) else { return nil }
        let plus = UInt8(ascii: "+")
        var i = 0, j = 0
        while i < x.count, x[i] == plus { i += 1 }
        while j < y.count, y[j] == plus { j += 1 }
        guard x.count - i == y.count - j else { return false }
        while i < x.count {
            if x[i] != y[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// Whether every byte of `bytes` is ASCII (below 0x80): an OR over them, eight at a time (a byte at a time cost ~3
    /// instructions a byte, for the ~30 bytes of the two phones a patch compares), no branch per byte.
    ///
    /// The bytes after the last whole eight are read as the last eight (overlapping), or, in a text of four to seven
    /// bytes, as its first four and last four: a byte at a time, the tail of a phone of 17 bytes cost ~40 instructions.
    @inline(__always)
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        if count >= 8 {
            var bits: UInt64 = 0
            var index = 0
            while index &+ 8 <= count {
                bits |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                index &+= 8
            }
            bits |= raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
            return bits & 0x8080_8080_8080_8080 == 0
        }
        if count >= 4 {
            let bits = raw.loadUnaligned(as: UInt32.self) | raw.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)
            return bits & 0x8080_8080 == 0
        }
        var bits: UInt8 = 0
        for index in 0..<count { bits |= base[index] }
        return bits & 0x80 == 0
    }

    /// ``sameValue(held:wanted:kind:)`` of a field holding the text `held` (UTF-8, given as bytes, not a `String`)
    /// and the text `wanted`, when the bytes decide it: the same bytes are the same text; different bytes are
    /// different texts when both are ASCII (a phone's then compared without its leading `+`s). `nil` when they
    /// do not decide (texts not ASCII may be canonically equivalent), or `wanted` has no contiguous storage.
    public static func sameText(held: UnsafeBufferPointer<UInt8>, wanted: String, kind: LeadField.Kind?) -> Bool? {
        let answer = wanted.utf8.withContiguousStorageIfAvailable { sameText(held: held, utf8: $0, kind: kind) }
        guard case let .some(.some(same)) = answer else { return nil }
        return same
    }

    /// ``sameText(held:wanted:kind:)`` of two texts given as their UTF-8 bytes.
    @inline(__always)
    static func sameText(held: UnsafeBufferPointer<UInt8>, utf8 y: UnsafeBufferPointer<UInt8>, kind: LeadField.Kind?) -> Bool? {
        if held.count == y.count {
            var index = 0
            while index < y.count, held[index] == y[index] { index += 1 }
            if index == y.count { return true }
        }
        if kind == .phone { return sameASCIIPhone(utf8: held, y) }
        return isASCII(held) && isASCII(y) ? false : nil
    }

    /// What a patch asks of a text `wanted` sent for a phone field, over one look at its UTF-8 storage (each look at a
    /// small text's storage copies it out first): ``isE164Phone(_:)`` of it, and when it is one and the lead holds
    /// the text `held` (UTF-8), ``sameText(held:wanted:kind:)`` of them for a phone (`nil` when the bytes do not
    /// decide). `nil` when `wanted` has no contiguous storage.
    public static func phoneReading(_ wanted: String, held: UnsafeBufferPointer<UInt8>?) -> (isPhone: Bool, same: Bool?)? {
        wanted.utf8.withContiguousStorageIfAvailable { y -> (isPhone: Bool, same: Bool?) in
            guard isE164Phone(utf8: y) else { return (false, nil) }
            guard let held else { return (true, nil) }
            return (true, sameText(held: held, utf8: y, kind: .phone))
        }
    }

    /// ``phoneReading(_:held:)`` of the text `+` followed by the UTF-8 bytes `digits` (a phone written back as `+` and
    /// a number the engine already holds as bytes), without that text: the same answers for any `digits` and `held`.
    ///
    /// `+digits` is E.164 exactly when `digits` is 10 to 15 ASCII digits (``isE164Phone(_:)``: a second `+` is no
    /// digit). Then `+digits` is ASCII, so the lead's text `held` holds it (``sameText(held:wanted:kind:)`` for a
    /// phone) when `held` is ASCII and is `digits` after its leading `+`s (equal bytes are ASCII too); a `held` that is
    /// not ASCII leaves it undecided (`nil`), as there.
    public static func writtenPhoneReading(digits: UnsafeBufferPointer<UInt8>, held: UnsafeBufferPointer<UInt8>?) -> (isPhone: Bool, same: Bool?) {
        let count = digits.count
        guard phoneDigitCount.contains(count), let base = digits.baseAddress else { return (false, nil) }
        let raw = UnsafeRawPointer(base)
        // At least ten digits: the first eight and the last eight (overlapping) cover them all.
        guard allDigits(word: raw.loadUnaligned(as: UInt64.self)),
              allDigits(word: raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)) else { return (false, nil) }
        guard let held else { return (true, nil) }
        // No bytes: not the ten digits or more.
        guard let start = held.baseAddress else { return (true, false) }
        var i = 0
        while i < held.count, start[i] == UInt8(ascii: "+") { i &+= 1 }
        if held.count &- i == count {
            // As many bytes (at least ten): the first eight and the last eight of each. The same: `held` is `+`s and
            // these digits, ASCII.
            let rest = UnsafeRawPointer(start + i)
            if rest.loadUnaligned(as: UInt64.self) == raw.loadUnaligned(as: UInt64.self),
               rest.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) == raw.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self) {
                return (true, true)
            }
        }
        return (true, isASCII(held) ? false : nil)
    }

    /// A value as text, as the rules language reads it: `100`, `1.5`, `true`; whole doubles below 10^15
    /// without a fraction (`5.0` is `5`); a list's items' texts joined with `, `; an object as compact JSON.
    /// `nil` for `null`.
    public static func text(of value: JSONValue) -> String? {
        switch value {
        case let .string(s): return s
        case let .int(i): return String(i)
        case let .double(d): return d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case let .bool(b): return b ? "true" : "false"
        case let .array(elements): return elements.compactMap(text(of:)).joined(separator: ", ")
        case .object: return JSONWriter.write(value)
        case .null: return nil
        }
    }
}
