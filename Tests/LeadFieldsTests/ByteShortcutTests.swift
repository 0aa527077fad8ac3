import BenchSupport
@testable import LeadFields
import Testing

/// The word-at-a-time byte tests behind the phone checks, against a byte at a time.
@Suite struct ByteShortcutTests {
    /// ``LeadFields/allDigits(word:)`` of words of digits with one byte replaced by every value, at every place.
    @Test func aWordIsAllDigitsWhenEachOfItsBytesIsOne() {
        for place in 0..<8 {
            for byte in UInt8.min...UInt8.max {
                var bytes = [UInt8](repeating: UInt8(ascii: "7"), count: 8)
                bytes[place] = byte
                let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                #expect(LeadFields.allDigits(word: word) == (byte >= 0x30 && byte <= 0x39), "byte \(byte) at \(place)")
            }
        }
    }

    /// ``LeadFields/allDigits(_:count:)`` and ``LeadFields/isASCII(_:)`` over random byte strings of every length up to
    /// 40 (whole words and the bytes after them), against one byte at a time.
    @Test func byteStringsAreAllDigitsOrASCIIAsEachByteSays() {
        var random = SplitMix64(seed: 0xD161)
        let bytes: [UInt8] = [0x30, 0x35, 0x39, 0x2F, 0x3A, 0x2B, 0x20, 0x41, 0x7F, 0x80, 0xD0, 0xFF, 0x00]
        for _ in 0..<20_000 {
            let count = random.below(41)
            // Mostly digits, so that long runs of them occur.
            let text = (0..<count).map { _ in random.chance(80) ? UInt8(0x30 + random.below(10)) : random.pick(bytes) }
            text.withUnsafeBufferPointer { buffer in
                let digits = LeadFields.allDigits(UnsafeRawPointer(buffer.baseAddress ?? UnsafePointer(bitPattern: 8)!), count: count)
                #expect(digits == text.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }, "\(text)")
                #expect(LeadFields.isASCII(buffer) == text.allSatisfy { $0 < 0x80 }, "\(text)")
            }
        }
    }
}
