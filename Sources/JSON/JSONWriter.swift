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
        case .null: out.append(contentsOf: "null".utf8)
        case let .bool(b): out.append(contentsOf: b ? "true".utf8 : "false".utf8)
        case let .int(i): writeInteger(i, into: &out)
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 {
                writeInteger(Int(d), into: &out)
            } else if d.isFinite {
                out.append(contentsOf: d.description.utf8)
            } else {
                out.append(contentsOf: "null".utf8)
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
        out.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
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
                    out.append(contentsOf: "u00".utf8)
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0xF)])
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart...]))
        }
        out.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Appends the decimal digits of `value` (a `-` first when negative), as `String(value)` writes them.
    static func writeInteger(_ value: Int, into out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var count = 1
        var rest = magnitude / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        let start = out.count
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: count))
        var index = start + count - 1
        while magnitude > 0 {
            out[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
            index -= 1
        }
    }
}
