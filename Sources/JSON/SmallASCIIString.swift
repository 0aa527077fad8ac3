import Foundation

extension String {
    /// A string of `bytes`, which the caller knows are ASCII (UTF-8 is checked in debug builds only), made as the
    /// standard library makes a small string when there are at most 15 of them: its two words written directly
    /// (``SmallASCIIString``), not copied byte by byte through `String(decoding:as:)` (~190 instructions for the
    /// eleven digits of a phone: the validation, then `_SmallString`'s loop of a shift per byte). Longer texts, and
    /// any platform where the standard library's words are not the ones expected, go through `String(decoding:as:)`.
    @inlinable @inline(__always)
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
@usableFromInline
package enum SmallASCIIString {
    /// The most bytes a small string holds.
    @usableFromInline
    package static let capacity = 15

    /// Whether ``make(_:)`` makes, for every length, the very words `String(decoding:as:)` makes (computed once).
    @usableFromInline
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

    /// The two words of the small string of `bytes` (ASCII, at most 15), read by at most three loads: eight bytes
    /// and more as the first eight and the last eight (shifted past the ones the first word holds); four to seven as
    /// the first four and the last four, overlapping (the bytes both hold are the same, so or-ing them is exact); one
    /// to three as the first, middle and last byte. No load reads outside `bytes`.
    @inlinable @inline(__always)
    package static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let count = bytes.count
        var low: UInt64 = 0, high: UInt64 = 0
        if let base = bytes.baseAddress, count > 0 {
            let p = UnsafeRawPointer(base)
            if count >= 8 {
                low = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
                if count > 8 {
                    high = UInt64(littleEndian: p.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
                        &>> UInt64((16 &- count) &* 8)
                }
            } else if count >= 4 {
                let first = UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                let last = UInt64(UInt32(littleEndian: p.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self)))
                low = first | last &<< UInt64((count &- 4) &* 8)
            } else {
                let middle = count &>> 1
                low = UInt64(base[0]) | UInt64(base[middle]) &<< UInt64(middle &* 8)
                    | UInt64(base[count &- 1]) &<< UInt64((count &- 1) &* 8)
            }
        }
        return (low, high | (0xE0 | UInt64(count)) &<< 56)
    }

    /// The small string of `bytes` (ASCII, at most 15), where ``layoutHolds``.
    @inlinable @inline(__always)
    package static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        precondition(bytes.count <= capacity, "SmallASCIIString: more than 15 bytes")
        return unsafeBitCast(words(bytes), to: String.self)
    }
}
