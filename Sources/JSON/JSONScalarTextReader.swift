import CByteScan

/// Reads a document's string and number values into memory of the caller's, checking its grammar as it goes: the
/// quick reading behind ``JSONParser/scalarText(of:separator:scratch:)`` (`text()` of a quiz log in a lead's
/// comment, once for every lead that has one).
///
/// It accepts exactly the documents ``JSONParser/read(_:into:)`` accepts (the same grammar, white space, escapes,
/// surrogate pairs and nesting limit) and writes what ``JSONScalarTextBuilder`` writes, but is one loop over the
/// bytes with its cursors in local variables, not a recursive descent through a builder: open containers are a stack
/// of bytes on the stack, string literals are read and copied sixteen bytes a step (each sixteen stored whole, the first quote,
/// backslash or control byte found from a mask of them, ``cbytescan_copy_json_string_stops``). It says only
/// whether the text is a document; where a refused text goes wrong is left to the parser (callers that report it
/// read the text again with it).
///
/// The input is a `String`'s UTF-8 (valid), so string contents are not checked as UTF-8: a literal's bytes run
/// between ASCII quotes and backslashes, and each run of a valid text is valid on its own.
enum JSONScalarTextReader {
    /// The values of `input` joined by `separator`, written into `capacity` bytes from `out`: how many bytes they
    /// take, or `nil` when `input` is not one JSON document (the parser would throw). A write that would pass
    /// `capacity` stops the program (`precondition`), as ``JSONBufferSink``'s do: callers size it for the worst case
    /// (``JSONParser/scalarText(of:separator:scratch:)``).
    static func read(_ input: UnsafeBufferPointer<UInt8>, separator: UnsafeBufferPointer<UInt8>,
                     into out: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        // The open containers, one byte each (an object or not), in memory on the stack: as four words of bits in
        // local variables they took four registers, and the string loop spilled its cursors and constants
        // (~20 instructions per quiz log's word of text more).
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: JSONParser.maximumDepth) { stack in
            read(input, separator: separator, into: out, capacity: capacity, containers: stack.baseAddress.unsafelyUnwrapped)
        }
    }

    /// ``read(_:separator:into:capacity:)`` with room for ``JSONParser/maximumDepth`` open containers at `containers`.
    private static func read(_ input: UnsafeBufferPointer<UInt8>, separator: UnsafeBufferPointer<UInt8>,
                             into out: UnsafeMutablePointer<UInt8>, capacity: Int,
                             containers: UnsafeMutablePointer<Bool>) -> Int? {
        guard let start = input.baseAddress else { return nil }
        let end = start + input.count
        var p = start
        var output = Output(next: out, end: out + capacity, separator: separator)
        // How many containers are open: `containers[depth - 1]` is the innermost.
        var depth = 0
        // The grammar's states: a value is expected (at the start, after `[`, after `,` in an array, after `:`), or
        // a value has just ended (then `,` or the innermost container's closing bracket, or the end).
        value: while true {
            skipWhitespace(&p, end)
            guard p < end, depth < JSONParser.maximumDepth else { return nil }
            switch p.pointee {
            case UInt8(ascii: "\""):
                output.startValue()
                guard let after = string(p, end, into: &output) else { return nil }
                p = after
            case UInt8(ascii: "{"):
                p += 1
                skipWhitespace(&p, end)
                if p < end, p.pointee == UInt8(ascii: "}") {
                    p += 1
                } else {
                    containers[depth] = true
                    depth &+= 1
                    guard let after = memberName(p, end) else { return nil }
                    p = after
                    continue value
                }
            case UInt8(ascii: "["):
                p += 1
                skipWhitespace(&p, end)
                if p < end, p.pointee == UInt8(ascii: "]") {
                    p += 1
                } else {
                    containers[depth] = false
                    depth &+= 1
                    continue value
                }
            case UInt8(ascii: "t"):
                guard let after = literal(p, end, "true") else { return nil }
                p = after
            case UInt8(ascii: "f"):
                guard let after = literal(p, end, "false") else { return nil }
                p = after
            case UInt8(ascii: "n"):
                guard let after = literal(p, end, "null") else { return nil }
                p = after
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard let after = number(p, in: input, into: &output) else { return nil }
                p = after
            default:
                return nil
            }
            // A value has ended: what follows closes its containers, or separates it from the next.
            while true {
                skipWhitespace(&p, end)
                guard depth > 0 else { return p == end ? out.distance(to: output.next) : nil }
                guard p < end else { return nil }
                let byte = p.pointee
                p += 1
                let inObject = containers[depth &- 1]
                if byte == UInt8(ascii: ",") {
                    if inObject {
                        guard let after = memberName(p, end) else { return nil }
                        p = after
                    }
                    continue value
                }
                guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return nil }
                depth &-= 1
            }
        }
    }

    /// Where the values go, and how many there are so far (a separator goes before each but the first).
    struct Output: ScalarTextSink {
        var next: UnsafeMutablePointer<UInt8>
        let end: UnsafeMutablePointer<UInt8>
        let separator: UnsafeBufferPointer<UInt8>
        var values = 0

        /// The separator, before every value but the first.
        @inline(__always)
        mutating func startValue() {
            if values > 0 { append(separator) }
            values += 1
        }

        @inline(__always)
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            precondition(bytes.count <= next.distance(to: end), "JSONScalarTextReader: a write beyond the buffer")
            if let source = bytes.baseAddress {
                if bytes.count == 1 { next.pointee = source.pointee } else { next.update(from: source, count: bytes.count) }
            }
            next += bytes.count
        }

        @inline(__always)
        func hasRoom(for count: Int) -> Bool { next.distance(to: end) >= count }

        @inline(__always)
        func copy16(from p: UnsafePointer<UInt8>) -> UInt32 { cbytescan_copy_json_string_stops(p, next) }

        @inline(__always)
        mutating func advance(by count: Int) { next += count }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            precondition(next < end, "JSONScalarTextReader: a write beyond the buffer")
            next.pointee = byte
            next += 1
        }
    }

    /// Moves `p` past spaces, tabs, line feeds and carriage returns.
    @inline(__always)
    static func skipWhitespace(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) {
        while p < end {
            switch p.pointee {
            case 0x20, 0x0A, 0x0D, 0x09: p += 1
            default: return
            }
        }
    }

    /// Past `true`, `false` or `null` at `p` (its first byte is known), or `nil` when the bytes are not `word`'s.
    @inline(__always)
    static func literal(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ word: StaticString) -> UnsafePointer<UInt8>? {
        let length = word.utf8CodeUnitCount
        guard p.distance(to: end) >= length else { return nil }
        for index in 1..<length where p[index] != word.utf8Start[index] { return nil }
        return p + length
    }

    /// A member name at `p` (after white space) and its `:` (after white space): past the `:`, or `nil`.
    @inline(__always)
    static func memberName(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UnsafePointer<UInt8>? {
        var p = p
        skipWhitespace(&p, end)
        guard p < end, p.pointee == UInt8(ascii: "\"") else { return nil }
        var ignored = Ignored()
        guard let after = string(p, end, into: &ignored) else { return nil }
        p = after
        skipWhitespace(&p, end)
        guard p < end, p.pointee == UInt8(ascii: ":") else { return nil }
        return p + 1
    }

    /// The number at `p`, read by the parser's own reading (``JSONParser/parseNumber()``: the grammar and the
    /// range), written as ``JSONWriter`` writes it: an integer of at most 18 digits as it stands (but `-0`, written
    /// `0`), anything else through the writer. Past the number, or `nil`.
    static func number(_ p: UnsafePointer<UInt8>, in input: UnsafeBufferPointer<UInt8>, into output: inout Output) -> UnsafePointer<UInt8>? {
        let start = input.baseAddress!.distance(to: p)
        var parser = JSONParser(bytes: input, position: start)
        let value: JSONValue
        do {
            value = try parser.parseNumber()
        } catch {
            return nil
        }
        let text = UnsafeBufferPointer(rebasing: input[start..<parser.position])
        output.startValue()
        if case .int = value, !(text.count == 2 && text[0] == UInt8(ascii: "-") && text[1] == UInt8(ascii: "0")),
           JSONParser.plainInteger(text) != nil {
            output.append(text)
        } else {
            var bytes: [UInt8] = []
            JSONWriter.write(value, into: &bytes)
            bytes.withUnsafeBufferPointer { output.append($0) }
        }
        return input.baseAddress! + parser.position
    }

    /// The string literal at `p` (its opening quote): past its closing quote, its content decoded to `out` (advanced),
    /// or `nil` when the grammar refuses it (a control character, an escape that is not one of JSON's, a `\u`
    /// without four hexadecimal digits, a surrogate not in a pair, no closing quote). `Sink` is a pointer for values,
    /// ``Ignored`` for member names: the same code, specialised.
    @inline(__always)
    static func string<Sink: ScalarTextSink>(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                                              into out: inout Sink) -> UnsafePointer<UInt8>? {
        var p = p + 1
        while true {
            // The plain run from `p`: sixteen bytes a step (``cbytescan_copy_json_string_stops``), each sixteen stored
            // whole (bytes past the run are written over later), while sixteen are left to read and room for sixteen
            // to write. Most of a quiz log's literals end within their first sixteen bytes: one step. Eight bytes a
            // step (SWAR in Swift) took ~5,620 instructions per quiz log (~620 bytes), sixteen ~4,540.
            run: do {
                while p.distance(to: end) >= 16, out.hasRoom(for: 16) {
                    let stops = out.copy16(from: p)
                    if stops != 0 {
                        let offset = stops.trailingZeroBitCount
                        p += offset
                        out.advance(by: offset)
                        break run
                    }
                    p += 16
                    out.advance(by: 16)
                }
                // Fewer than sixteen left (the end of the document): byte by byte.
                while p < end {
                    let byte = p.pointee
                    if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte < 0x20 { break }
                    out.append(byte)
                    p += 1
                }
            }
            guard p < end else { return nil }  // no closing quote
            switch p.pointee {
            case UInt8(ascii: "\""): return p + 1
            case UInt8(ascii: "\\"):
                guard let after = escape(p, end, into: &out) else { return nil }
                p = after
            default: return nil  // a control character
            }
        }
    }

    /// The escape at `p` (its backslash): past it, what it stands for written to `out`, or `nil` when it is not one
    /// of JSON's (a `\u` escape of a high surrogate must be followed by one of a low surrogate).
    static func escape<Sink: ScalarTextSink>(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>,
                                              into out: inout Sink) -> UnsafePointer<UInt8>? {
        guard p.distance(to: end) >= 2 else { return nil }
        let escaped = p[1]
        guard escaped == UInt8(ascii: "u") else {
            guard let character = JSONParser.oneCharacterEscape(escaped) else { return nil }
            out.append(character)
            return p + 2
        }
        guard var scalar = hex4(p + 2, end) else { return nil }
        var after = p + 6
        if scalar >= 0xD800, scalar < 0xDC00 {
            guard after.distance(to: end) >= 2, after[0] == UInt8(ascii: "\\"), after[1] == UInt8(ascii: "u"),
                  let low = hex4(after + 2, end), low >= 0xDC00, low < 0xE000 else { return nil }
            after += 6
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00, scalar < 0xE000 {
            return nil
        }
        // Not a surrogate and at most 0x10FFFF: a scalar.
        for byte in Unicode.Scalar(scalar)!.utf8 { out.append(byte) }
        return after
    }

    /// The four hexadecimal digits at `p`, or `nil` when they are not four such digits.
    static func hex4(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UInt32? {
        guard p.distance(to: end) >= 4 else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = p[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- 55
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Drops a member name's content (its grammar is still checked).
    struct Ignored: ScalarTextSink {
        func hasRoom(for count: Int) -> Bool { true }
        func copy16(from p: UnsafePointer<UInt8>) -> UInt32 { cbytescan_json_string_stops(p) }
        func advance(by count: Int) {}
        func append(_ byte: UInt8) {}
    }
}

/// Where ``JSONScalarTextReader/string(_:_:into:)`` puts a literal's content: the output (values), or nowhere (member
/// names).
protocol ScalarTextSink {
    /// Whether `count` more bytes fit.
    func hasRoom(for count: Int) -> Bool
    /// Stores the sixteen bytes at `p` here without moving past them (the caller has checked the room), and answers
    /// which of them end a plain run (``cbytescan_json_string_stops``).
    func copy16(from p: UnsafePointer<UInt8>) -> UInt32
    mutating func advance(by count: Int)
    /// Writes one byte and moves past it; a byte beyond the room stops the program.
    mutating func append(_ byte: UInt8)
}
