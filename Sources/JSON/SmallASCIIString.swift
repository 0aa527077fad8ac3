import Foundation

extension String {
    /// A string of `bytes`, which the caller knows are ASCII (UTF-8 is checked in debug builds only), made as the
    /// standard library makes a small string when there are at most 15 of them: its two words written directly
    /// (``SmallASCIIString``), not copied byte by byte through `String(decoding:as:)` (~190 instructions for the
    /// eleven digits of a phone: the validation, then `_SmallString`'s loop of a shift per byte). Longer texts, and
    /// any platform where the standard library's words are not the ones expected, go through `String(decoding:as:)`.
    @inline(__always)
    package init(ascii bytes: UnsafeBufferPointer<UInt8>) {
        assert(JSONParser.isASCII(bytes), "String(ascii:) given bytes that are not ASCII")
        if bytes.count <= SmallASCIIString.capacity, SmallASCIIString.layoutHolds {
            self = SmallASCIIString.make(bytes)
        } else {
            self = String(decoding: bytes, as: UTF8.self)
        }
    }
}

/// The standard library's small string of ASCII bytes, written as its two words: on a 64-bit little-endian
/// platform, the bytes in order from the first word's lowest byte, and the last byte of the second word
/// `0xE0 | count` (immortal, small, ASCII). Used only where ``layoutHolds``: the words made here are checked, once,
/// to be bit for bit the ones `String(decoding:as:)` makes for every length from 0 to 15, so a string made here is
/// one the standard library itself could have made.
package enum SmallASCIIString {
    /// The most bytes a small string holds.
    package static let capacity = 15

    /// Whether ``make(_:)`` makes, for every length, the very words `String(decoding:as:)` makes (computed once).
    package static let layoutHolds: Bool = {
        guard MemoryLayout<String>.size == 16, MemoryLayout<(UInt64, UInt64)>.size == 16 else { return false }
        let sample: [UInt8] = Array("0123456789+azAZ".utf8)
        return sample.withUnsafeBufferPointer { all in
            (0...capacity).allSatisfy { count in
                let bytes = UnsafeBufferPointer(rebasing: all[..<count])
                let expected = String(decoding: bytes, as: UTF8.self)
                let made = words(bytes)
                let standard = unsafeBitCast(expected, to: (UInt64, UInt64).self)
                return standard.0 == made.0 && standard.1 == made.1
            }
        }
    }()

    /// The two words of the small string of `bytes` (ASCII, at most 15).
    @inline(__always)
    static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        let count = bytes.count
        if let base = bytes.baseAddress, count > 0 {
            withUnsafeMutableBytes(of: &words) { raw in
                raw.baseAddress.unsafelyUnwrapped.copyMemory(from: base, byteCount: count)
            }
        }
        words.0 = UInt64(littleEndian: words.0)
        words.1 = UInt64(littleEndian: words.1) | (0xE0 | UInt64(count)) << 56
        return words
    }

    /// The small string of `bytes` (ASCII, at most 15), where ``layoutHolds``.
    @inline(__always)
    static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        precondition(bytes.count <= capacity, "SmallASCIIString: more than 15 bytes")
        return unsafeBitCast(words(bytes), to: String.self)
    }
}
