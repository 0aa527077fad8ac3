import BenchSupport
import Testing
@testable import JSON

/// Strings of ASCII made by writing a small string's words (`String(ascii:)`) are the strings the standard library
/// makes of the same bytes: the same words, equal, the same hash, scalars and bytes, and copies that outlive their
/// buffer.
@Suite("JSON: small strings of ASCII")
struct SmallASCIIStringTests {
    /// The layout the maker writes is the standard library's on this platform (else the maker is never used).
    @Test func theLayoutHoldsHere() {
        #expect(SmallASCIIString.layoutHolds)
    }

    /// Every length from 0 to 40 (small and not), random ASCII bytes (control characters and DEL included): the
    /// same string as `String(decoding:as:)`, bit for bit where small.
    @Test func asciiStringsAreTheDecodedStrings() {
        var random = SplitMix64(seed: 0x5A11_A5C1)
        for round in 0..<20_000 {
            let count = round % 41
            let bytes = (0..<count).map { _ in UInt8(random.next() % 0x80) }
            let made = bytes.withUnsafeBufferPointer { String(ascii: $0) }
            let decoded = String(decoding: bytes, as: UTF8.self)
            #expect(made == decoded)
            #expect(made.hashValue == decoded.hashValue)
            #expect(Array(made.utf8) == bytes)
            #expect(Array(made.unicodeScalars) == Array(decoded.unicodeScalars))
            #expect(made.count == decoded.count)
            #expect(made.utf8.count == count)
            if count <= SmallASCIIString.capacity {
                let a = unsafeBitCast(made, to: (UInt64, UInt64).self), b = unsafeBitCast(decoded, to: (UInt64, UInt64).self)
                #expect(a.0 == b.0 && a.1 == b.1)
            }
        }
    }

    /// A string made of a buffer keeps its text after the buffer is gone, and joins, compares and keys as any other.
    @Test func madeStringsAreOrdinaryStrings() {
        var strings: [String] = []
        for count in 0...15 {
            let bytes = Array("79161234567+abc".utf8.prefix(count))
            strings.append(bytes.withUnsafeBufferPointer { String(ascii: $0) })
        }
        for (count, string) in strings.enumerated() { #expect(string == String("79161234567+abc".prefix(count))) }
        #expect(strings[11] + "!" == "79161234567!")
        #expect(["79161234567": 1][strings[11]] == 1)
        #expect(strings[11] < strings[12])
        var copy = strings[5]
        copy.append("x")
        #expect(copy == "79161x" && strings[5] == "79161")
    }
}
