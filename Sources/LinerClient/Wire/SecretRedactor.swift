/// Finds a secret (the Liner API key) in text however a server may have echoed it, and replaces it.
///
/// A server that echoes request headers back in an error message does not echo them verbatim: PHP's
/// `json_encode` writes `/` as `\/`, other encoders escape `"` and `\` or write every character as `\uXXXX`,
/// a proxy may percent-encode them, a debug page may base64- or hex-encode the whole header block (and then
/// the key sits at any of three alignments inside a longer base64 run). Plain `replacing(key, ...)` misses
/// all of these. This type decodes the text (backslash escapes, `%XX`, HTML character references, up to
/// three rounds for double encodings) while remembering where each decoded byte came from, finds the key in
/// the decoded bytes, and redacts the original span; it then looks inside every base64 and hex run, at
/// every alignment, and redacts a run whose decoded bytes hold the key. The key is also looked for reversed,
/// in ROT13 and in either case, in each of those encodings.
///
/// The key is ASCII (``LinerAPIKey`` refuses anything else), so the search works on bytes.
public struct SecretRedactor: Sendable {
    /// What replaces each occurrence.
    public static let placeholder = "<redacted>"

    private let secret: [UInt8]
    /// The forms of the secret looked for, each in every encoding: as it is, reversed, ROT13 (and both), in upper
    /// and in lower case (a server's debug output that reverses or rotates a header, or upper-cases a log line).
    private let forms: [[UInt8]]

    /// A redactor for `secret`; an empty secret redacts nothing.
    public init(secret: String) {
        self.secret = Array(secret.utf8)
        self.forms = Self.forms(of: Array(secret.utf8))
    }

    /// `secret` and its transformed forms, each once.
    static func forms(of secret: [UInt8]) -> [[UInt8]] {
        guard !secret.isEmpty else { return [] }
        func rot13(_ byte: UInt8) -> UInt8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return (byte - UInt8(ascii: "a") + 13) % 26 + UInt8(ascii: "a")
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): return (byte - UInt8(ascii: "A") + 13) % 26 + UInt8(ascii: "A")
            default: return byte
            }
        }
        func upper(_ byte: UInt8) -> UInt8 { (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte }
        func lower(_ byte: UInt8) -> UInt8 { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte }
        // Every combination: as written or reversed, with or without ROT13, in its own case or upper or lower case.
        var forms: [[UInt8]] = []
        for base in [secret, Array(secret.reversed())] {
            for rotated in [base, base.map(rot13)] {
                for form in [rotated, rotated.map(upper), rotated.map(lower)] where !forms.contains(form) {
                    forms.append(form)
                }
            }
        }
        return forms
    }

    /// `text` with every occurrence of the secret, in any of the encodings above, replaced by
    /// ``placeholder``.
    public func redact(_ text: String) -> String {
        guard !secret.isEmpty else { return text }
        var current = text
        // A redaction can expose another encoding around it (rare); a few passes settle it.
        for _ in 0..<3 {
            let bytes = Array(current.utf8)
            let spans = secretSpans(in: bytes)
            if spans.isEmpty { return current }
            current = Self.replace(spans, in: bytes)
        }
        return contains(current) ? Self.placeholder : current
    }

    /// Whether `text` holds the secret in any of the encodings ``redact(_:)`` knows.
    public func contains(_ text: String) -> Bool {
        guard !secret.isEmpty else { return false }
        return !secretSpans(in: Array(text.utf8)).isEmpty
    }

    /// Whether `bytes` (e.g. a raw response element) hold the secret in any known encoding.
    public func contains(bytes: some Collection<UInt8>) -> Bool {
        guard !secret.isEmpty else { return false }
        return !secretSpans(in: Array(bytes)).isEmpty
    }

    // MARK: - Finding

    /// A decoded byte and the span of the original text it came from.
    private struct Unit {
        var byte: UInt8
        var span: Range<Int>
    }

    /// The spans of `bytes` to redact, merged and sorted.
    private func secretSpans(in bytes: [UInt8]) -> [Range<Int>] {
        var found: [Range<Int>] = []
        var units = bytes.enumerated().map { Unit(byte: $1, span: $0..<($0 + 1)) }
        for round in 0..<4 {
            found += occurrences(in: units)
            found += occurrences(in: Self.compacted(units))
            found += encodedRuns(in: units)
            if round == 3 { break }
            let decoded = Self.decodeOnce(units)
            if decoded.count == units.count { break }   // nothing left to decode
            units = decoded
        }
        return Self.merge(found)
    }

    /// `units` without what can be slipped between a key's characters and still let a reader read it (spaces, line
    /// breaks, NUL, zero-width characters: `k e y`, a key split over two lines) and with full-width ASCII (`ｋｅｙ`) read
    /// as ASCII; each unit keeps its span, so a key found there is redacted over all it was spread across.
    private static func compacted(_ units: [Unit]) -> [Unit] {
        var out: [Unit] = []
        out.reserveCapacity(units.count)
        var index = 0
        while index < units.count {
            let byte = units[index].byte
            if byte == 0 || isSpace(byte) || byte == 0x0B || byte == 0x0C {
                index += 1
                continue
            }
            if byte == 0xE2 || byte == 0xEF, index + 2 < units.count {
                let second = units[index + 1].byte, third = units[index + 2].byte
                let span = units[index].span.lowerBound..<units[index + 2].span.upperBound
                // U+200B...U+200D, U+2060 (zero-width), U+FEFF (zero-width no-break space).
                if (byte == 0xE2 && second == 0x80 && (0x8B...0x8D).contains(third)) || (byte == 0xE2 && second == 0x81 && third == 0xA0)
                    || (byte == 0xEF && second == 0xBB && third == 0xBF) {
                    index += 3
                    continue
                }
                // U+FF01...U+FF5E: full-width forms of ASCII 0x21...0x7E.
                if byte == 0xEF, second == 0xBC, (0x81...0xBF).contains(third) {
                    out.append(Unit(byte: third - 0x81 + 0x21, span: span))
                    index += 3
                    continue
                }
                if byte == 0xEF, second == 0xBD, (0x80...0x9E).contains(third) {
                    out.append(Unit(byte: third - 0x80 + 0x60, span: span))
                    index += 3
                    continue
                }
            }
            out.append(units[index])
            index += 1
        }
        return out
    }

    /// Spans of the plain secret (any of its ``forms``) in `units`.
    private func occurrences(in units: [Unit]) -> [Range<Int>] {
        guard units.count >= secret.count else { return [] }
        var spans: [Range<Int>] = []
        for form in forms {
            var start = 0
            let first = form[0]
            while start + form.count <= units.count {
                if units[start].byte == first {
                    var matched = true
                    for offset in 1..<form.count where units[start + offset].byte != form[offset] {
                        matched = false
                        break
                    }
                    if matched {
                        spans.append(units[start].span.lowerBound..<units[start + form.count - 1].span.upperBound)
                        start += form.count
                        continue
                    }
                }
                start += 1
            }
        }
        return spans
    }

    /// Spans of base64, base32 and hex runs whose decoding holds the secret. A run may be broken by whitespace (MIME
    /// base64 wrapped at 76 columns, `chunk_split`) and a hex run by separators (`74 65`, `74:65`, `0x74,0x65`, a
    /// hexdump's columns); the decoded bytes are also searched with their zero bytes left out (UTF-16 and UTF-32
    /// text, hex- or base64-encoded).
    private func encodedRuns(in units: [Unit]) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        // A run's span without the whitespace at its ends (which belongs to the text around it).
        func span(_ run: Range<Int>) -> Range<Int> {
            var lower = run.lowerBound, upper = run.upperBound
            while lower < upper - 1, Self.isSpace(units[lower].byte) { lower += 1 }
            while upper - 1 > lower, Self.isSpace(units[upper - 1].byte) { upper -= 1 }
            return units[lower].span.lowerBound..<units[upper - 1].span.upperBound
        }
        // Base64 (standard or URL-safe alphabet) and base32 (RFC 4648, either case): a value of `width` bits per
        // character, the key's bytes starting at any of `8 / gcd` alignments; at least ceil(8 * n / width) characters.
        let alphabets: [(value: @Sendable (UInt8) -> UInt8?, width: Int, alignments: Int)] = [(Self.base64Value, 6, 4), (Self.base32Value, 5, 8)]
        for alphabet in alphabets {
            let minimum = (secret.count * 8 + alphabet.width - 1) / alphabet.width
            for run in Self.runs(in: units, where: { alphabet.value($0) != nil || $0 == UInt8(ascii: "=") || Self.isSpace($0) }) {
                let values = run.compactMap { alphabet.value(units[$0].byte) }
                guard values.count >= minimum else { continue }
                for alignment in 0..<alphabet.alignments
                where holdsSecret(Self.decodeBits(values.dropFirst(alignment), width: alphabet.width)) {
                    spans.append(span(run))
                    break
                }
            }
        }
        let minimumHex = secret.count * 2
        for run in Self.runs(in: units, where: { Self.hexValue($0) != nil || Self.isHexSeparator($0) }) {
            for digits in Self.hexDigitGroups(run, units) where digits.count >= minimumHex {
                for alignment in 0..<2 where holdsSecret(Self.decodeHex(digits.dropFirst(alignment))) {
                    spans.append(span(run))
                    break
                }
            }
        }
        return spans
    }

    /// Whether decoded bytes hold the secret, as they are or with their zero bytes left out.
    private func holdsSecret(_ decoded: [UInt8]) -> Bool {
        let withoutZeros = decoded.contains(0) ? decoded.filter { $0 != 0 } : nil
        return forms.contains { form in Self.holds(form, decoded) || withoutZeros.map { Self.holds(form, $0) } == true }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "\n")
    }

    /// What may stand between the digits of a hex dump: whitespace, `:`, `-`, `,`, and the `x` of a `0x` prefix.
    private static func isHexSeparator(_ byte: UInt8) -> Bool {
        isSpace(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",")
            || byte == UInt8(ascii: "x") || byte == UInt8(ascii: "X")
    }

    /// The hex digit values of a run, in groups: the run's pieces between separators, each without a `0x` prefix;
    /// a piece that is not all hex digits (`0x` inside it) ends a group.
    private static func hexDigitGroups(_ run: Range<Int>, _ units: [Unit]) -> [[UInt8]] {
        var groups: [[UInt8]] = []
        var current: [UInt8] = []
        var piece: [UInt8] = []
        func endPiece() {
            var bytes = piece[...]
            if bytes.count > 2, bytes.first == UInt8(ascii: "0"), bytes.dropFirst().first == UInt8(ascii: "x") || bytes.dropFirst().first == UInt8(ascii: "X") {
                bytes = bytes.dropFirst(2)
            }
            let values = bytes.compactMap(hexValue)
            if values.count == bytes.count {
                current += values
            } else if !current.isEmpty {
                groups.append(current)
                current = []
            }
            piece = []
        }
        for index in run {
            let byte = units[index].byte
            if isSpace(byte) || byte == UInt8(ascii: ":") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ",") {
                endPiece()
            } else {
                piece.append(byte)
            }
        }
        endPiece()
        if !current.isEmpty { groups.append(current) }
        return groups
    }

    private static func holds(_ needle: [UInt8], _ haystack: [UInt8]) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if haystack[start..<(start + needle.count)].elementsEqual(needle) { return true }
        }
        return false
    }

    /// Maximal index ranges of `units` whose bytes satisfy `member`.
    private static func runs(in units: [Unit], where member: (UInt8) -> Bool) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start: Int?
        for index in units.indices {
            if member(units[index].byte) {
                if start == nil { start = index }
            } else if let begin = start {
                runs.append(begin..<index)
                start = nil
            }
        }
        if let begin = start { runs.append(begin..<units.count) }
        return runs
    }

    // MARK: - Decoding

    /// One round of decoding: backslash escapes (`\/`, `\"`, `\\`, `\n`..., `\uXXXX`, `\xHH`), `%XX`, and HTML
    /// character references (`&#47;`, `&#x2F;`, `&quot;`, `&amp;`, `&lt;`, `&gt;`, `&apos;`). Each decoded byte
    /// keeps the span of everything it was decoded from.
    private static func decodeOnce(_ units: [Unit]) -> [Unit] {
        var out: [Unit] = []
        out.reserveCapacity(units.count)
        var i = 0
        func span(_ from: Int, _ count: Int) -> Range<Int> { units[from].span.lowerBound..<units[from + count - 1].span.upperBound }
        func hex(_ at: Int, _ count: Int) -> UInt32? {
            guard at + count <= units.count else { return nil }
            var value: UInt32 = 0
            for k in at..<(at + count) {
                guard let digit = hexValue(units[k].byte) else { return nil }
                value = value * 16 + UInt32(digit)
            }
            return value
        }
        func append(scalar value: UInt32, _ range: Range<Int>) {
            guard let scalar = Unicode.Scalar(value) else {
                out.append(Unit(byte: 0xFF, span: range))
                return
            }
            for byte in String(Character(scalar)).utf8 { out.append(Unit(byte: byte, span: range)) }
        }
        while i < units.count {
            let byte = units[i].byte
            if byte == UInt8(ascii: "\\"), i + 1 < units.count {
                let next = units[i + 1].byte
                if next == UInt8(ascii: "u"), let value = hex(i + 2, 4) {
                    append(scalar: value, span(i, 6))
                    i += 6
                    continue
                }
                if next == UInt8(ascii: "x"), let value = hex(i + 2, 2) {
                    out.append(Unit(byte: UInt8(value), span: span(i, 4)))
                    i += 4
                    continue
                }
                let simple: [UInt8: UInt8] = [
                    UInt8(ascii: "/"): UInt8(ascii: "/"), UInt8(ascii: "\""): UInt8(ascii: "\""),
                    UInt8(ascii: "\\"): UInt8(ascii: "\\"), UInt8(ascii: "'"): UInt8(ascii: "'"),
                    UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09,
                    UInt8(ascii: "b"): 0x08, UInt8(ascii: "f"): 0x0C,
                ]
                if let decoded = simple[next] {
                    out.append(Unit(byte: decoded, span: span(i, 2)))
                    i += 2
                    continue
                }
            }
            if byte == UInt8(ascii: "%"), let value = hex(i + 1, 2) {
                out.append(Unit(byte: UInt8(value), span: span(i, 3)))
                i += 3
                continue
            }
            if byte == UInt8(ascii: "&"), let (value, length) = characterReference(units, at: i) {
                append(scalar: value, span(i, length))
                i += length
                continue
            }
            out.append(units[i])
            i += 1
        }
        return out
    }

    /// An HTML character reference at `start` (`&#47;`, `&#x2f;`, `&quot;`...): its scalar and length. A numeric
    /// one may leave out its `;` (`&#x74&#x65`), as browsers read it.
    private static func characterReference(_ units: [Unit], at start: Int) -> (UInt32, Int)? {
        if start + 2 < units.count, units[start + 1].byte == UInt8(ascii: "#") {
            let isHex = units[start + 2].byte == UInt8(ascii: "x") || units[start + 2].byte == UInt8(ascii: "X")
            var end = start + (isHex ? 3 : 2)
            let digitsStart = end
            var value: UInt32 = 0
            while end < units.count, end - digitsStart < 8 {
                let byte = units[end].byte
                if isHex, let digit = hexValue(byte) {
                    value = value * 16 + UInt32(digit)
                } else if !isHex, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
                    value = value * 10 + UInt32(byte - UInt8(ascii: "0"))
                } else {
                    break
                }
                end += 1
            }
            guard end > digitsStart else { return nil }
            if end < units.count, units[end].byte == UInt8(ascii: ";") { end += 1 }
            return (value, end - start)
        }
        var end = start + 1
        while end < units.count, end - start <= 10, units[end].byte != UInt8(ascii: ";") { end += 1 }
        guard end < units.count, units[end].byte == UInt8(ascii: ";") else { return nil }
        let body = String(decoding: units[(start + 1)..<end].map(\.byte), as: UTF8.self)
        let length = end - start + 1
        let named: [String: UInt32] = ["quot": 0x22, "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "apos": 0x27, "sol": 0x2F, "bsol": 0x5C]
        if let value = named[body] { return (value, length) }
        if body.hasPrefix("#x") || body.hasPrefix("#X"), let value = UInt32(body.dropFirst(2), radix: 16) { return (value, length) }
        if body.hasPrefix("#"), let value = UInt32(body.dropFirst()) { return (value, length) }
        return nil
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The 6-bit value of a base64 character (standard and URL-safe alphabets).
    private static func base64Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"), UInt8(ascii: "-"): return 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): return 63
        default: return nil
        }
    }

    /// The 5-bit value of a base32 character (RFC 4648 alphabet, either case).
    private static func base32Value(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return byte - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return byte - UInt8(ascii: "a")
        case UInt8(ascii: "2")...UInt8(ascii: "7"): return byte - UInt8(ascii: "2") + 26
        default: return nil
        }
    }

    /// The bytes of a stream of `width`-bit values (6: base64, 5: base32), most significant bits first.
    private static func decodeBits(_ values: ArraySlice<UInt8>, width: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(values.count * width / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for value in values {
            buffer = (buffer << UInt32(width)) | UInt32(value)
            bits += width
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return out
    }

    private static func decodeHex(_ values: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        var index = values.startIndex
        while index + 1 < values.endIndex {
            out.append(values[index] << 4 | values[index + 1])
            index += 2
        }
        return out
    }

    // MARK: - Replacing

    private static func merge(_ spans: [Range<Int>]) -> [Range<Int>] {
        let sorted = spans.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [Range<Int>] = []
        for span in sorted {
            if let last = merged.last, span.lowerBound <= last.upperBound {
                merged[merged.count - 1] = last.lowerBound..<max(last.upperBound, span.upperBound)
            } else {
                merged.append(span)
            }
        }
        return merged
    }

    /// `bytes` with `spans` (sorted, disjoint) replaced by the placeholder; a span is widened to whole UTF-8
    /// characters so the result stays valid text.
    private static func replace(_ spans: [Range<Int>], in bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var position = 0
        for span in spans {
            var lower = span.lowerBound
            while lower > position, lower < bytes.count, bytes[lower] & 0xC0 == 0x80 { lower -= 1 }
            var upper = span.upperBound
            while upper < bytes.count, bytes[upper] & 0xC0 == 0x80 { upper += 1 }
            guard lower >= position else { continue }
            out += bytes[position..<lower]
            out += Array(placeholder.utf8)
            position = upper
        }
        out += bytes[position...]
        return String(decoding: out, as: UTF8.self)
    }
}
