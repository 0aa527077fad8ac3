import CByteScan
import Foundation

/// Characters that show nothing and say nothing to a reader, yet sit inside words and between them when text is
/// copied from web pages, messengers and word processors: the soft hyphen (U+00AD), the Arabic letter mark
/// (U+061C), zero-width spaces and joiners and the direction marks (U+200B...U+200F), the direction embeddings
/// and overrides (U+202A...U+202E), the word joiner and invisible operators (U+2060...U+2064), the direction
/// isolates and deprecated format characters (U+2066...U+206F), and the byte order mark (U+FEFF).
///
/// The one list of them: `phone_first()`/`phone_rest()` drop them around a number, and `text()` drops them from
/// what it reads, so that `/готов\s+купить/` reads `гот\u{AD}ов \u{200B}купить` as a person does.
enum InvisibleCharacters {
    /// Whether `scalar` is one of them.
    @inline(__always)
    static func contains(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0xAD, 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x2064, 0x2066...0x206F, 0xFEFF: return true
        default: return false
        }
    }

    /// How many bytes of valid UTF-8 `bytes` starting at `index` (a character's first byte) are one of them: 0 when
    /// the character there is not.
    @inline(__always)
    static func length(at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
        let count = bytes.count
        switch bytes[index] {
        case 0xC2:
            return index + 1 < count && bytes[index + 1] == 0xAD ? 2 : 0
        case 0xD8:
            return index + 1 < count && bytes[index + 1] == 0x9C ? 2 : 0
        case 0xE2:
            guard index + 2 < count else { return 0 }
            let second = bytes[index + 1], third = bytes[index + 2]
            if second == 0x80 { return (0x8B...0x8F).contains(third) || (0xAA...0xAE).contains(third) ? 3 : 0 }
            if second == 0x81 { return (0xA0...0xA4).contains(third) || (0xA6...0xAF).contains(third) ? 3 : 0 }
            return 0
        case 0xEF:
            return index + 2 < count && bytes[index + 1] == 0xBB && bytes[index + 2] == 0xBF ? 3 : 0
        default:
            return 0
        }
    }

    /// Where the first of them starts in valid UTF-8 `bytes`, or `nil`. One pass over the text for their four first
    /// bytes at once (``cbytescan_next_invisible_lead``: C2, D8, E2 or EF, 64 bytes a step), each byte found read
    /// whole (a dash's E2, a guillemet's or a `²`'s C2 are not one of them). Before, four `memchr` passes, one per
    /// first byte, each started again after every dash: ~490 instructions per text read, now ~335.
    ///
    /// From 64 bytes, with AVX2, the first bytes found are tested in the same C loop (``cbytescan_first_invisible_wide``):
    /// no return to Swift and new search after each dash.
    static func firstIndex(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        let found = cbytescan_first_invisible_dispatched(base, count)
        if found >= 0 { return found < count ? found : nil }
        return firstIndexBySteps(in: bytes)
    }

    /// ``firstIndex(in:)`` by ``cbytescan_next_invisible_lead``, each first byte found tested here: texts under 64
    /// bytes, processors without AVX2 (and the tests, against the one loop).
    static func firstIndexBySteps(in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        let count = bytes.count
        var index = 0
        while true {
            index = cbytescan_next_invisible_lead(base, count, index)
            guard index < count else { return nil }
            if length(at: index, in: bytes) > 0 { return index }
            index &+= 1
        }
    }

    /// Whether the content of a checked JSON string literal, `literal`, holds neither an escape nor one of them: then
    /// its bytes are its text, which `text()` reads as itself. One pass for the backslash and their four first bytes
    /// (``cbytescan_next_backslash_or_invisible_lead``), each first byte found read whole as ``firstIndex(in:)`` reads
    /// it (the bytes before an escape are valid UTF-8: a character's bytes are never split by one).
    static func isPlainVisibleText(literal: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = literal.baseAddress else { return true }
        let count = literal.count
        var index = 0
        while true {
            index = cbytescan_next_backslash_or_invisible_lead(base, count, index)
            guard index < count else { return true }
            if base[index] == UInt8(ascii: "\\") || length(at: index, in: literal) > 0 { return false }
            index &+= 1
        }
    }

    /// Copies valid UTF-8 `bytes` to `out` (room for `bytes.count`) without them; returns the bytes written.
    /// `out` may be `bytes` itself (the copy never writes ahead of what it reads).
    static func remove(from bytes: UnsafeBufferPointer<UInt8>, into out: UnsafeMutablePointer<UInt8>) -> Int {
        var written = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let skip = bytes[index] >= 0xC2 ? length(at: index, in: bytes) : 0
            if skip > 0 {
                index += skip
                continue
            }
            out[written] = bytes[index]
            written += 1
            index += 1
        }
        return written
    }

    /// `text` without them (itself when it holds none).
    static func removing(from text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            guard firstIndex(in: bytes) != nil else { return nil }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                remove(from: bytes, into: buffer.baseAddress.unsafelyUnwrapped)
            }
        } ?? text
    }
}
