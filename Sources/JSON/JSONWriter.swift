/// Writes JSON text: compact, keys in the order given, strings escaped minimally (non-ASCII
/// characters are written as UTF-8, not `\u` escapes), so the output is stable byte for byte.
///
/// A `.double` holding a whole number below 10^15 is written as an integer (`3`, not `3.0`): read
/// back it is `.int(3)`, which equals `.double(3.0)` (see ``JSONValue``). Infinities and NaN, which
/// JSON cannot hold, are written as `null`.
///
/// The text is made as UTF-8 bytes (``write(_:into:)-([UInt8])``); the `String` forms write those bytes and
/// make one `String` of them: appending to a `String` piece by piece costs far more than to a byte array.
public enum JSONWriter {
    /// The compact text of `value`.
    public static func write(_ value: JSONValue) -> String {
        var bytes: [UInt8] = []
        write(value, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the compact text of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout String) {
        out += write(value)
    }

    /// Appends the compact text of `value` to `out`, as UTF-8.
    public static func write(_ value: JSONValue, into out: inout [UInt8]) {
        switch value {
        case .null: appendLiteral("null", to: &out)
        case let .bool(b): appendLiteral(b ? "true" : "false", to: &out)
        case let .int(i): writeInteger(i, into: &out)
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                writeInteger(Int(d), into: &out)
            } else if d.isFinite {
                out.append(contentsOf: d.description.utf8)
            } else {
                appendLiteral("null", to: &out)
            }
        case let .string(s): writeString(s, into: &out)
        case let .array(elements):
            out.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case let .object(members):
            out.append(UInt8(ascii: "{"))
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                writeString(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(member, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Appends `string` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ string: String, into out: inout String) {
        var bytes: [UInt8] = []
        writeString(string, into: &bytes)
        out += String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `string` as a JSON string literal, as UTF-8: quotes and backslashes escaped with a backslash,
    /// line feed, carriage return and tab as `\n`, `\r`, `\t`, other control characters as `\u00xx`; every other
    /// byte as it is (a byte of a multi-byte UTF-8 sequence is never one of those).
    public static func writeString(_ string: String, into out: inout [UInt8]) {
        var string = string
        string.withUTF8 { bytes in
            // Most strings need no escape: found eight bytes a step, then the quotes and the text in one append each.
            let plain = plainPrefixCount(bytes)
            out.reserveCapacity(out.count &+ bytes.count &+ 2)
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[..<plain]))
            if plain < bytes.count { writeEscaping(UnsafeBufferPointer(rebasing: bytes[plain...]), into: &out) }
            out.append(UInt8(ascii: "\""))
        }
    }

    /// How many bytes at the start of `bytes` need no escape (none is a quote, a backslash or a control character).
    @inline(__always)
    static func plainPrefixCount(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var index = 0
        while bytes.count &- index >= 8 {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let special = JSONParser.specialBytes(word)
            if special != 0 { return index &+ special.trailingZeroBitCount &>> 3 }
            index &+= 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index &+= 1
        }
        return index
    }

    /// Appends `bytes` escaped (its first byte is one to escape): quotes and backslashes with a backslash, line feed,
    /// carriage return and tab as `\n`, `\r`, `\t`, other control characters as `\u00xx`; every other byte as it is
    /// (a byte of a multi-byte UTF-8 sequence is never one of those).
    static func writeEscaping(_ bytes: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        var runStart = 0
        for (index, byte) in bytes.enumerated() where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<index]))
            runStart = index + 1
            out.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case UInt8(ascii: "\n"): out.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): out.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): out.append(UInt8(ascii: "t"))
            default:
                appendLiteral("u00", to: &out)
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0xF)])
            }
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
    }

    /// Appends an ASCII literal's bytes in one piece.
    @inline(__always)
    static func appendLiteral(_ literal: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the decimal digits of `value` (a `-` first when negative), as `String(value)` writes them.
    static func writeInteger(_ value: Int, into out: inout [UInt8]) {
        // The digits from the last, into 20 bytes on the stack (a sign and 19 digits at most), then one append.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var magnitude = value.magnitude
            var start = 20
            repeat {
                start &-= 1
                digits[start] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if value < 0 {
                start &-= 1
                digits[start] = UInt8(ascii: "-")
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }
}
