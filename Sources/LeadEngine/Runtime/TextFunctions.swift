import RulesLanguage
import JSON

/// `strip_prefix`, `strip_suffix`, `substring`, `contains`, `starts_with`, `ends_with`: exact, by Unicode scalars
/// (`lower` both sides for a caseless test); a missing value gives missing (the tests: false).
enum TextFunctions {
    /// `length()` of a text: its characters. ASCII without a CR is one character a byte (of ASCII, only CR LF
    /// is one character of two), counted without the grapheme rules; anything else as `String.count` counts.
    static func characterCount(_ text: String) -> Int {
        let plain = text.utf8.withContiguousStorageIfAvailable(isOneCharacterPerByte)
        return plain == true ? text.utf8.count : text.count
    }

    /// ``characterCount(_:)`` of a text given as its UTF-8 (valid).
    static func characterCount(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Int {
        isOneCharacterPerByte(bytes) ? bytes.count : String(checkedUTF8: bytes).count
    }

    /// Whether each byte of the UTF-8 `bytes` is a character: ASCII without a carriage return.
    ///
    /// Eight bytes a step (a phone's E.164 digits, `length(phone_first(phone))`, took ~6 instructions a byte one by one):
    /// a word has such a byte when one has its high bit set, or when the word with every byte xor CR has a zero byte;
    /// the last eight bytes are read as one word too (overlapping the one before).
    static func isOneCharacterPerByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = bytes.count
        guard count >= 8, let base = bytes.baseAddress else {
            for byte in bytes where byte >= 0x80 || byte == 0x0D { return false }
            return true
        }
        @inline(__always) func plain(_ offset: Int) -> Bool {
            let word = UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self)
            let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
            let crs = word ^ 0x0D0D_0D0D_0D0D_0D0D
            return (word | ((crs &- ones) & ~crs)) & high == 0
        }
        var offset = 0
        while offset &+ 8 < count {
            if !plain(offset) { return false }
            offset &+= 8
        }
        return plain(count &- 8)
    }

    static func call(_ builtin: BuiltinFunction, _ values: [Value]) -> Value {
        let text = values.first?.text
        switch builtin {
        case .stripPrefix, .stripSuffix:
            guard let text else { return .missing }
            let scalars = Array(text.unicodeScalars)
            for affix in values.dropFirst().compactMap(\.text) where !affix.isEmpty {
                let pattern = Array(affix.unicodeScalars)
                if builtin == .stripPrefix, scalars.starts(with: pattern) {
                    return .string(String(String.UnicodeScalarView(scalars.dropFirst(pattern.count))))
                }
                if builtin == .stripSuffix, scalars.count >= pattern.count, Array(scalars.suffix(pattern.count)) == pattern {
                    return .string(String(String.UnicodeScalarView(scalars.dropLast(pattern.count))))
                }
            }
            return .string(text)
        case .substring:
            guard let text, values.count >= 2, case let .int(start)? = Numeric(values[1]) else { return .missing }
            let characters = Array(text)
            var from = start < 0 ? characters.count + start : start
            from = Swift.max(0, Swift.min(from, characters.count))
            var to = characters.count
            if values.count > 2 {
                guard case let .int(length)? = Numeric(values[2]), length >= 0 else { return .missing }
                let (end, overflow) = from.addingReportingOverflow(length)
                to = overflow ? characters.count : Swift.min(end, characters.count)
            }
            return .string(String(characters[from..<to]))
        case .contains, .startsWith, .endsWith:
            guard let text, let needle = values.dropFirst().first?.text else { return .bool(false) }
            let (haystack, pattern) = (Array(text.unicodeScalars), Array(needle.unicodeScalars))
            switch builtin {
            case .startsWith: return .bool(haystack.starts(with: pattern))
            case .endsWith: return .bool(haystack.count >= pattern.count && Array(haystack.suffix(pattern.count)) == pattern)
            default:
                if pattern.isEmpty { return .bool(true) }
                guard haystack.count >= pattern.count else { return .bool(false) }
                for offset in 0...(haystack.count - pattern.count) where haystack[offset] == pattern[0] {
                    if haystack[offset..<(offset + pattern.count)].elementsEqual(pattern) { return .bool(true) }
                }
                return .bool(false)
            }
        default:
            return .missing
        }
    }
}
