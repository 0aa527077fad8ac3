/// Writes JSON text: compact, keys in the order given, strings escaped minimally (non-ASCII
/// characters are written as UTF-8, not `\u` escapes), so the output is stable byte for byte.
///
/// A `.double` holding a whole number below 10^15 is written as an integer (`3`, not `3.0`): read
/// back it is `.int(3)`, which equals `.double(3.0)` (see ``JSONValue``). Infinities and NaN, which
/// JSON cannot hold, are written as `null`.
public enum JSONWriter {
    /// The compact text of `value`.
    public static func write(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// Appends the compact text of `value` to `out`.
    public static func write(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case let .bool(b): out += b ? "true" : "false"
        case let .int(i): out += String(i)
        case let .double(d):
            if d.isFinite, d == d.rounded(), abs(d) < 1e15 { out += String(Int(d)) } else if d.isFinite { out += "\(d)" } else { out += "null" }
        case let .string(s): writeString(s, into: &out)
        case let .array(elements):
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += "," }
                write(element, into: &out)
            }
            out += "]"
        case let .object(members):
            out += "{"
            for (index, (key, member)) in members.enumerated() {
                if index > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(member, into: &out)
            }
            out += "}"
        }
    }

    /// Appends `string` as a JSON string literal (quotes, backslashes and control characters escaped).
    public static func writeString(_ string: String, into out: inout String) {
        out += "\""
        var needsEscaping = false
        for byte in string.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
            needsEscaping = true
            break
        }
        if !needsEscaping {
            out += string
        } else {
            for scalar in string.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
