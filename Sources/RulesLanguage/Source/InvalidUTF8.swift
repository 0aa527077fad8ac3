/// Where a rules file stops being UTF-8, for the error that refuses it: the first byte that does not begin or
/// continue a valid sequence, as a line and column (counted in characters, as ``SourceFile`` counts them) and
/// its value.
public struct InvalidUTF8: Sendable, Equatable {
    public let line: Int
    public let column: Int
    public let byte: UInt8

    /// The first invalid byte of `bytes`, or `nil` when they are all valid UTF-8 (RFC 3629: no overlong forms, no
    /// surrogates, nothing above U+10FFFF).
    public static func find(in bytes: [UInt8]) -> InvalidUTF8? {
        var line = 1, column = 1
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0x00...0x7F: length = 1
            case 0xC2...0xDF: length = 2
            case 0xE0: (length, low) = (3, 0xA0)
            case 0xED: (length, high) = (3, 0x9F)
            case 0xE1...0xEF: length = 3
            case 0xF0: (length, low) = (4, 0x90)
            case 0xF4: (length, high) = (4, 0x8F)
            case 0xF1...0xF3: length = 4
            default: return InvalidUTF8(line: line, column: column, byte: lead)
            }
            for k in 1..<length {
                guard i + k < bytes.count else { return InvalidUTF8(line: line, column: column, byte: lead) }
                let byte = bytes[i + k]
                let (from, to) = k == 1 ? (low, high) : (0x80, 0xBF)
                guard byte >= from, byte <= to else { return InvalidUTF8(line: line, column: column, byte: lead) }
            }
            if lead == 0x0A {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return nil
    }

    /// The error line for file `path`: `path:line:column: error: ...`.
    public func message(path: String) -> String {
        "\(path):\(line):\(column): error: " + problem
    }

    /// What is wrong, without the place: `the file is not valid UTF-8 (a character starting with byte 0xFF): ...`.
    public var problem: String {
        let hex = String(byte, radix: 16, uppercase: true)
        return "the file is not valid UTF-8 (a character starting with byte 0x" + (hex.count == 1 ? "0" + hex : hex) + "): save it as UTF-8"
    }
}
