import CByteScan

/// Reads a JSON document held as a JSON string inside another document (a quiz log in a lead's comment field:
/// `"{\"quiz\": \"Кухни\", \"answers\": {...}}"`) from the content of that string literal as the line holds it, escapes
/// not decoded: one pass writes the literal decoded (what ``JSONParser/decodeCheckedString(_:into:)`` writes: the
/// document) to one place and the document's string and number values (what ``JSONScalarTextReader`` writes of the
/// document) to another. Before, the literal was decoded, and the decoded document then read again.
///
/// The literal is a checked one (every backslash starts a valid escape; no quote or control byte stands in it
/// unescaped; its UTF-8 is valid): each construct of the document is read through the escape that writes it (`\"`
/// for the document's quotes, `\\` for its backslashes, `\n` for a line break between its values). The reading
/// takes the documents most producers write; it gives up (`nil`) on anything else, on refused text as on the rare
/// constructs it leaves to the two readings it stands for (a number with a fraction or an exponent, `-0`, a quote or
/// backslash of the document written as a `\u` escape of the literal): the caller then decodes the literal and reads
/// the document as before. Whatever it accepts, those two accept, with the same bytes (tests:
/// `JSONEscapedDocumentReaderTests`).
package enum JSONEscapedDocumentReader {
    /// What a reading wrote.
    package struct Reading: Equatable {
        /// How many bytes the decoded literal (the document) takes.
        package var decoded: Int
        /// How many bytes the values take, each but the first after the separator.
        package var values: Int
    }

    /// Reads the document the checked string literal content `literal` holds, writing the document to `decoded`
    /// (room for `literal.count + 16` bytes) and its values, joined by `separator`, to `values` (room for
    /// `valuesCapacity` bytes, which need not be more than ``JSONParser/scalarTextBound(count:separatorCount:)`` of
    /// `literal.count`); the three places do not overlap. `nil` when it gives up (see the type): what was written is
    /// then of no use.
    package static func read(_ literal: UnsafeBufferPointer<UInt8>, decodedInto decoded: UnsafeMutablePointer<UInt8>,
                             valuesInto values: UnsafeMutablePointer<UInt8>, valuesCapacity: Int,
                             separator: UInt8) -> Reading? {
        withUnsafeTemporaryAllocation(of: Bool.self, capacity: JSONParser.maximumDepth) { stack in
            read(literal, decodedInto: decoded, valuesInto: values, valuesCapacity: valuesCapacity, separator: separator,
                 containers: stack.baseAddress.unsafelyUnwrapped)
        }
    }

    static let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    /// Where the values go (and what they hold): the values' cursor is kept in a register by the loops that write
    /// them, the rest read from here.
    struct Values {
        var next: UnsafeMutablePointer<UInt8>
        let start: UnsafeMutablePointer<UInt8>
        let end: UnsafeMutablePointer<UInt8>
        let separator: UInt8
        var count = 0

        /// A byte (room checked: a write beyond it stops the program, as the scalar reader's do).
        @inline(__always)
        mutating func append(_ byte: UInt8) {
            precondition(next < end, "JSONEscapedDocumentReader: a write beyond the buffer")
            next.pointee = byte
            next += 1
        }

        /// The separator, before every value but the first.
        @inline(__always)
        mutating func startValue() {
            if count > 0 {
                precondition(next < end, "JSONEscapedDocumentReader: a write beyond the buffer")
                next.pointee = separator
                next += 1
            }
            count &+= 1
        }
    }

    /// The grammar's loop, as ``JSONScalarTextReader``'s: a value is expected, or one has just ended. The literal's
    /// cursor `p` and the document's `d` are local variables, moved by the functions below (inlined) through `inout`.
    private static func read(_ literal: UnsafeBufferPointer<UInt8>, decodedInto decoded: UnsafeMutablePointer<UInt8>,
                             valuesInto values: UnsafeMutablePointer<UInt8>, valuesCapacity: Int, separator: UInt8,
                             containers: UnsafeMutablePointer<Bool>) -> Reading? {
        guard let start = literal.baseAddress else { return nil }
        let end = start + literal.count
        var p = start
        var d = decoded
        var out = Values(next: values, start: values, end: values + valuesCapacity, separator: separator)
        var depth = 0
        value: while true {
            guard depth < JSONParser.maximumDepth else { return nil }
            if openingQuote(&p, end, &d) {
                out.startValue()
                guard valueString(&p, end, &d, &out) else { return nil }
            } else {
                // Past white space: any other value.
                guard p < end else { return nil }
                let byte = p.pointee
                switch byte {
                case UInt8(ascii: "{"):
                    p += 1
                    d.pointee = byte
                    d += 1
                    if openingQuote(&p, end, &d) {
                        containers[depth] = true
                        depth &+= 1
                        // (A value at the nesting limit is refused: the name need not be read.)
                        guard depth < JSONParser.maximumDepth else { return nil }
                        switch members(&p, end, &d, &out, depth: &depth, containers: containers, atName: true) {
                        case .failed: return nil
                        case .valueFollows: continue value
                        case .nameFollows:
                            guard memberNameRest(&p, end, &d) else { return nil }
                            continue value
                        case .other: break
                        }
                        break
                    }
                    guard p < end, p.pointee == UInt8(ascii: "}") else { return nil }
                    p += 1
                    d.pointee = UInt8(ascii: "}")
                    d += 1
                case UInt8(ascii: "["):
                    p += 1
                    d.pointee = byte
                    d += 1
                    skipWhitespace(&p, end, &d)
                    if p < end, p.pointee == UInt8(ascii: "]") {
                        p += 1
                        d.pointee = UInt8(ascii: "]")
                        d += 1
                    } else {
                        containers[depth] = false
                        depth &+= 1
                        continue value
                    }
                case UInt8(ascii: "t"):
                    guard word(&p, end, &d, "true") else { return nil }
                case UInt8(ascii: "f"):
                    guard word(&p, end, &d, "false") else { return nil }
                case UInt8(ascii: "n"):
                    guard word(&p, end, &d, "null") else { return nil }
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    guard let (after, written) = number(p, end, d, &out) else { return nil }
                    p = after
                    d = written
                default:
                    return nil
                }
            }
            // A value has ended: what follows closes its containers, or separates it from the next.
            while true {
                // In an object, the usual next members (`, \"name\": \"value\"`) read in one step each.
                if depth > 0, containers[depth &- 1] {
                    switch members(&p, end, &d, &out, depth: &depth, containers: containers, atName: false) {
                    case .failed: return nil
                    case .valueFollows: continue value
                    case .nameFollows:
                        guard memberNameRest(&p, end, &d) else { return nil }
                        continue value
                    case .other: break
                    }
                }
                skipWhitespace(&p, end, &d)
                guard depth > 0 else {
                    guard p == end else { return nil }
                    return Reading(decoded: decoded.distance(to: d), values: values.distance(to: out.next))
                }
                guard p < end else { return nil }
                let byte = p.pointee
                p += 1
                d.pointee = byte
                d += 1
                let inObject = containers[depth &- 1]
                if byte == UInt8(ascii: ",") {
                    if inObject {
                        guard openingQuote(&p, end, &d), memberNameRest(&p, end, &d) else { return nil }
                    }
                    continue value
                }
                guard byte == (inObject ? UInt8(ascii: "}") : UInt8(ascii: "]")) else { return nil }
                depth &-= 1
            }
        }
    }

    /// What ``members(_:_:_:_:depth:containers:atName:)`` stopped at: where the grammar's loop goes on.
    enum MembersEnd {
        /// After a value (`depth` containers open): something else than the usual forms follows.
        case other
        /// After a member's `:`: a value other than a string follows.
        case valueFollows
        /// After a member name's opening `\"`: a name with an escape, or without the usual `\": \"` after it.
        case nameFollows
        /// A member's string value was refused (or given up on).
        case failed
    }

    /// The usual forms of an object's members, read in one step each: `, \"` (or `,\"`), a name without escapes
    /// (sixteen bytes a step to the document), `\": \"` (or `\":\"`) and a string value, read as
    /// ``valueString(_:_:_:_:)`` reads it; an object closed in an object (`}`), or in an array and the next one opened
    /// (`}, {\"` or `},{\"`). From after a value in the object `containers[depth - 1]` or, when `atName`, from after
    /// its first member name's opening `\"` (its values then below the nesting limit). It stops where anything else
    /// comes, in a state of the grammar's loop (``MembersEnd``), having written what that loop writes: only forms
    /// that loop reads the same way are taken here.
    @inline(__always)
    static func members(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>,
                        _ out: inout Values, depth: inout Int, containers: UnsafeMutablePointer<Bool>,
                        atName: Bool) -> MembersEnd {
        // Sixteen bytes readable at every step: a name's steps and the words below.
        let lastStep = end - 16
        var atName = atName
        while p <= lastStep {
            if !atName {
                // Little-endian words: `, \"` is 0x225C202C, `,\"` 0x225C2C, `}, {\"` 0x225C_7B20_2C7D, `},{\"`
                // 0x22_5C7B_2C7D.
                let next = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
                if next & 0xFFFF_FFFF == 0x225C_202C {
                    d[0] = UInt8(ascii: ",")
                    d[1] = 0x20
                    d[2] = quote
                    p += 4
                    d += 3
                } else if next & 0xFF_FFFF == 0x22_5C2C {
                    d[0] = UInt8(ascii: ",")
                    d[1] = quote
                    p += 3
                    d += 2
                } else if next & 0xFF == 0x7D, depth > 1 {
                    if containers[depth &- 2] {
                        // Closed in an object: its next member follows.
                        d[0] = UInt8(ascii: "}")
                        p += 1
                        d += 1
                        depth &-= 1
                        continue
                    }
                    // Closed in an array: the next object of the same depth opened, or the grammar's loop goes on.
                    if next & 0xFFFF_FFFF_FFFF == 0x225C_7B20_2C7D {
                        d[0] = UInt8(ascii: "}")
                        d[1] = UInt8(ascii: ",")
                        d[2] = 0x20
                        d[3] = UInt8(ascii: "{")
                        d[4] = quote
                        p += 6
                        d += 5
                    } else if next & 0xFF_FFFF_FFFF == 0x22_5C7B_2C7D {
                        d[0] = UInt8(ascii: "}")
                        d[1] = UInt8(ascii: ",")
                        d[2] = UInt8(ascii: "{")
                        d[3] = quote
                        p += 5
                        d += 4
                    } else {
                        d[0] = UInt8(ascii: "}")
                        p += 1
                        d += 1
                        depth &-= 1
                        return .other
                    }
                } else {
                    return .other
                }
            }
            atName = false
            // The name, up to its first backslash.
            var q = p, e = d
            while true {
                guard q <= lastStep else { return .nameFollows }
                let stops = cbytescan_copy_backslashes(q, e)
                if stops != 0 {
                    let offset = stops.trailingZeroBitCount
                    q += offset
                    e += offset
                    break
                }
                q += 16
                e += 16
            }
            // Sixteen bytes are readable at `q` (`q <= lastStep`). `\": \"` is 0x225C_203A_225C, `\":\"` 0x22_5C3A_225C,
            // `\":` 0x3A_225C.
            let after = UInt64(littleEndian: UnsafeRawPointer(q).loadUnaligned(as: UInt64.self))
            if after & 0xFFFF_FFFF_FFFF == 0x225C_203A_225C {
                e[0] = quote
                e[1] = UInt8(ascii: ":")
                e[2] = 0x20
                e[3] = quote
                q += 6
                e += 4
            } else if after & 0xFF_FFFF_FFFF == 0x22_5C3A_225C {
                e[0] = quote
                e[1] = UInt8(ascii: ":")
                e[2] = quote
                q += 5
                e += 3
            } else if after & 0xFF_FFFF == 0x3A_225C {
                e[0] = quote
                e[1] = UInt8(ascii: ":")
                p = q + 3
                d = e + 2
                return .valueFollows
            } else {
                return .nameFollows
            }
            p = q
            d = e
            out.startValue()
            guard valueString(&p, end, &d, &out) else { return .failed }
        }
        return atName ? .nameFollows : .other
    }

    /// Past white space and the `\"` that opens a string of the document; `false` when something else comes first
    /// (`p` is then past the white space). The usual cases, `\"` and ` \"`, are looked for first.
    @inline(__always)
    static func openingQuote(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>) -> Bool {
        if end - p >= 4 {
            // Little-endian words: `\"` is 0x225C, ` \"` 0x225C20.
            let word = UInt32(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt32.self))
            if word & 0xFFFF == 0x225C {
                p += 2
                d.pointee = quote
                d += 1
                return true
            }
            if word & 0xFF_FFFF == 0x22_5C20 {
                p += 3
                d[0] = 0x20
                d[1] = quote
                d += 2
                return true
            }
        }
        skipWhitespace(&p, end, &d)
        guard end - p >= 2, p[0] == backslash, p[1] == quote else { return false }
        p += 2
        d.pointee = quote
        d += 1
        return true
    }

    /// Past the document's white space: spaces as they stand, line feeds, tabs and carriage returns as the literal's
    /// escapes of them (it holds no control byte).
    @inline(__always)
    static func skipWhitespace(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>) {
        while p < end {
            let byte = p.pointee
            if byte == 0x20 {
                d.pointee = byte
                d += 1
                p += 1
                continue
            }
            guard byte == backslash, end - p >= 2 else { return }
            let space: UInt8
            switch p[1] {
            case UInt8(ascii: "n"): space = 0x0A
            case UInt8(ascii: "t"): space = 0x09
            case UInt8(ascii: "r"): space = 0x0D
            default: return
            }
            d.pointee = space
            d += 1
            p += 2
        }
    }

    /// `true`, `false` or `null` at `p` (its first byte known).
    @inline(__always)
    static func word(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>,
                     _ word: StaticString) -> Bool {
        let length = word.utf8CodeUnitCount
        guard end - p >= length else { return false }
        for index in 1..<length where p[index] != word.utf8Start[index] { return false }
        d.update(from: p, count: length)
        d += length
        p += length
        return true
    }

    /// An integer of at most 18 digits (not `-0`), written as it stands (as the scalar reader writes one); anything
    /// else that starts as a number is given up on (a fraction, an exponent: the writer's forms; a leading zero:
    /// refused).
    /// Past it, with the document's cursor after it; `nil` when given up on. (The cursors are passed and returned, not
    /// `inout`: the reader's loop keeps them in registers.)
    @inline(never)
    static func number(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: UnsafeMutablePointer<UInt8>,
                       _ out: inout Values) -> (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>)? {
        var p = p, d = d
        let start = p
        var q = p
        if q.pointee == UInt8(ascii: "-") { q += 1 }
        let digitsStart = q
        guard q < end, q.pointee &- UInt8(ascii: "0") < 10 else { return nil }
        if q.pointee == UInt8(ascii: "0") {
            q += 1
        } else {
            while q < end, q.pointee &- UInt8(ascii: "0") < 10 { q += 1 }
        }
        if q < end {
            let next = q.pointee
            if next &- UInt8(ascii: "0") < 10 || next == UInt8(ascii: ".") || next | 0x20 == UInt8(ascii: "e") { return nil }
        }
        let digits = digitsStart.distance(to: q)
        guard digits <= 18, !(start != digitsStart && digits == 1 && digitsStart.pointee == UInt8(ascii: "0")) else { return nil }
        out.startValue()
        while p < q {
            d.pointee = p.pointee
            d += 1
            out.append(p.pointee)
            p += 1
        }
        return (p, d)
    }

    /// The rest of a member name, after its opening `\"` (its content goes to the document only), and its `:` (after
    /// white space).
    @inline(__always)
    static func memberNameRest(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>) -> Bool {
        let lastStep = end - 16
        while true {
            run: do {
                // The plain run, sixteen bytes a step (each sixteen stored whole); only a backslash ends a run of a
                // checked literal (its quotes and control bytes are escaped).
                while p <= lastStep {
                    let stops = cbytescan_copy_backslashes(p, d)
                    if stops != 0 {
                        let offset = stops.trailingZeroBitCount
                        p += offset
                        d += offset
                        break run
                    }
                    p += 16
                    d += 16
                }
                while p < end, p.pointee != backslash {
                    d.pointee = p.pointee
                    d += 1
                    p += 1
                }
            }
            guard end - p >= 2 else { return false }
            if p[1] == quote {
                p += 2
                d.pointee = quote
                d += 1
                break
            }
            var ignored = Values(next: d, start: d, end: d, separator: 0)
            guard let (after, written) = escape(p, end, d, &ignored, keeping: false) else { return false }
            p = after
            d = written
        }
        if p < end, p.pointee != UInt8(ascii: ":") { skipWhitespace(&p, end, &d) }
        guard p < end, p.pointee == UInt8(ascii: ":") else { return false }
        p += 1
        d.pointee = UInt8(ascii: ":")
        d += 1
        return true
    }

    /// A string value of the document, after its opening `\"`: its content to the document and, decoded, to the
    /// values; past its closing `\"`.
    @inline(__always)
    static func valueString(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>,
                            _ out: inout Values) -> Bool {
        var v = out.next
        defer { out.next = v }
        // Where the sixteen-byte steps stop (in locals: the values' end read from `out` was read again after every
        // store through a byte pointer, which may alias it).
        let lastStep = end - 16, lastValueStep = out.end - 16
        while true {
            run: do {
                // The plain run, sixteen bytes a step to both places while sixteen are left to read and room for
                // sixteen values.
                while p <= lastStep, v <= lastValueStep {
                    let stops = cbytescan_copy2_backslashes(p, d, v)
                    if stops != 0 {
                        let offset = stops.trailingZeroBitCount
                        p += offset
                        d += offset
                        v += offset
                        break run
                    }
                    p += 16
                    d += 16
                    v += 16
                }
                // Fewer than sixteen left: byte by byte.
                let valuesEnd = out.end
                while p < end, p.pointee != backslash {
                    let byte = p.pointee
                    precondition(v < valuesEnd, "JSONEscapedDocumentReader: a write beyond the buffer")
                    d.pointee = byte
                    v.pointee = byte
                    d += 1
                    v += 1
                    p += 1
                }
            }
            guard end - p >= 2 else { return false }
            if p[1] == quote {
                p += 2
                d.pointee = quote
                d += 1
                return true
            }
            out.next = v
            guard let (after, written) = escape(p, end, d, &out, keeping: true) else { return false }
            p = after
            d = written
            v = out.next
        }
    }

    /// The literal's escape at `p` (its backslash) inside a string of the document, not its closing `\"`: `\/`, a
    /// `\u` escape of one of the document's characters, or `\\`, which starts an escape of the document's. What it
    /// stands for goes to the document and, when `keeping`, decoded to the values. `false` for the rest (a control
    /// character in the document's string: refused; a quote or backslash written as `\u`: left to the parser).
    /// Past it, with the document's cursor after what it wrote.
    @inline(never)
    static func escape(_ p: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: UnsafeMutablePointer<UInt8>,
                       _ out: inout Values, keeping: Bool) -> (UnsafePointer<UInt8>, UnsafeMutablePointer<UInt8>)? {
        var p = p, d = d
        guard escape(&p, end, &d, &out, keeping: keeping) else { return nil }
        return (p, d)
    }

    @inline(__always)
    static func escape(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>,
                       _ out: inout Values, keeping: Bool) -> Bool {
        let escaped = p[1]
        p += 2
        switch escaped {
        case backslash:
            d.pointee = backslash
            d += 1
            return documentEscape(&p, end, &d, &out, keeping: keeping)
        case UInt8(ascii: "/"):
            d.pointee = escaped
            d += 1
            if keeping { out.append(escaped) }
            return true
        case UInt8(ascii: "u"):
            guard let scalar = literalScalar(&p, end), scalar >= 0x20, scalar != 0x22, scalar != 0x5C else { return false }
            for byte in Unicode.Scalar(scalar).unsafelyUnwrapped.utf8 {
                d.pointee = byte
                d += 1
                if keeping { out.append(byte) }
            }
            return true
        default:
            return false
        }
    }

    /// The scalar of the literal's `\u` escape whose four digits are at `p` (a surrogate pair's two escapes), past
    /// it; `nil` when the digits are not there (a literal that was not checked).
    static func literalScalar(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> UInt32? {
        guard let high = JSONScalarTextReader.hex4(p, end) else { return nil }
        p += 4
        guard high >= 0xD800, high < 0xE000 else { return high }
        guard high < 0xDC00, end - p >= 6, p[0] == backslash, p[1] == UInt8(ascii: "u"),
              let low = JSONScalarTextReader.hex4(p + 2, end), low >= 0xDC00, low < 0xE000 else { return nil }
        p += 6
        return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
    }

    /// An escape of the document's string, after its backslash (`\\` in the literal): its letter at `p` as the literal
    /// writes it (`\\` and `\"` for the document's `\` and `"`), what it stands for to the values.
    static func documentEscape(_ p: inout UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>, _ d: inout UnsafeMutablePointer<UInt8>,
                               _ out: inout Values, keeping: Bool) -> Bool {
        guard p < end else { return false }
        let letter = p.pointee
        if letter == backslash {
            // `\\\\`, `\\\"`, `\\\/`: the document's `\\`, `\"` and `\/`.
            guard end - p >= 2 else { return false }
            let escaped = p[1]
            guard escaped == backslash || escaped == quote || escaped == UInt8(ascii: "/") else { return false }
            p += 2
            d.pointee = escaped
            d += 1
            if keeping { out.append(escaped) }
            return true
        }
        p += 1
        d.pointee = letter
        d += 1
        guard letter == UInt8(ascii: "u") else {
            guard letter != quote, let character = JSONParser.oneCharacterEscape(letter) else { return false }
            if keeping { out.append(character) }
            return true
        }
        // `\u` and four hexadecimal digits as they stand; a high surrogate's low one after `\\u`.
        guard var scalar = JSONScalarTextReader.hex4(p, end) else { return false }
        d.update(from: p, count: 4)
        d += 4
        p += 4
        if scalar >= 0xD800, scalar < 0xDC00 {
            guard end - p >= 7, p[0] == backslash, p[1] == backslash, p[2] == UInt8(ascii: "u"),
                  let low = JSONScalarTextReader.hex4(p + 3, end), low >= 0xDC00, low < 0xE000 else { return false }
            d.pointee = backslash
            (d + 1).update(from: p + 2, count: 5)
            d += 6
            p += 7
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
        } else if scalar >= 0xDC00, scalar < 0xE000 {
            return false
        }
        if keeping {
            for byte in Unicode.Scalar(scalar).unsafelyUnwrapped.utf8 { out.append(byte) }
        }
        return true
    }
}
