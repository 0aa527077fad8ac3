/// Text written as the content of a JSON string the ways writers write it, for test and benchmark data.
public enum JSONEscapes {
    /// `scalar` as `\u` escapes: one, or a surrogate pair beyond U+FFFF; the hex digits upper case when `uppercase`.
    public static func unicodeEscape(_ scalar: Unicode.Scalar, uppercase: Bool = false) -> String {
        func hex(_ unit: UInt32) -> String {
            let digits = String(unit, radix: 16, uppercase: uppercase)
            return "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
        }
        guard scalar.value > 0xFFFF else { return hex(scalar.value) }
        let offset = scalar.value - 0x10000
        return hex(0xD800 + (offset >> 10)) + hex(0xDC00 + (offset & 0x3FF))
    }

    /// `text` as the content of a JSON string: `"`, `\` and control characters escaped (the short forms where JSON has
    /// one), `/` as `\/` when `escapingSlash`, every character beyond ASCII as a `\u` escape when `asciiOnly`, and any
    /// character as a `\u` escape when `atRandom()` says so (asked once a character; `uppercase()` once an escape).
    public static func stringContent(_ text: String, escapingSlash: Bool = false, asciiOnly: Bool = false,
                                     atRandom: () -> Bool = { false }, uppercase: () -> Bool = { false }) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if atRandom() {
                out += unicodeEscape(scalar, uppercase: uppercase())
                continue
            }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "/" where escapingSlash: out += "\\/"
            case _ where scalar.value < 0x20, _ where scalar.value >= 0x80 && asciiOnly:
                out += unicodeEscape(scalar, uppercase: uppercase())
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
