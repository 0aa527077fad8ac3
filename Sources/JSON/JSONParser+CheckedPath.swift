import Foundation

extension JSONParser {
    /// Whether `text` is one JSON document: the verdict of ``parse(_:)-(String)`` (which throws exactly when this is
    /// `false`), without building anything.
    public static func isDocument(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { isDocument(utf8: $0) }
    }

    /// The value at `path` in `text`, a document ``isDocument(_:)`` accepted, or `nil` when the path names nothing
    /// there: the answer of ``value(at:in:)``, found without checking the document again, reading it only up to the
    /// value (the first of same-named members is followed, as there) and building only the value.
    public static func value(at path: [JSONPathStep], inDocument text: String) -> JSONValue? {
        var copy = text
        return copy.withUTF8 { value(at: path, inDocumentUTF8: $0) }
    }
}

/// Checks a document's grammar and builds nothing (``JSONParser/isDocument(_:)``); strings' UTF-8 is not checked:
/// the text is a `String`'s.
struct JSONGrammarCheck: JSONBuilder {
    typealias Value = Void
    typealias Key = Void
    typealias Members = Void
    typealias Elements = Void
    func scalar(_ value: JSONValue) {}
    func string(_ parser: inout JSONParser) throws(JSONParser.Error) { try parser.skipString() }
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) { try parser.skipString() }
}

/// Follows a path through a document known to be valid JSON: values off the path are skipped by scanning for their
/// end (strings to their closing quote, containers to their matching bracket), nothing is checked or built.
struct JSONCheckedWalker {
    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    /// Where a member name with escapes is decoded to be compared.
    var scratch: [UInt8] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The range of the value at `path`, or `nil`.
    mutating func find(_ path: [JSONPathStep]) -> Range<Int>? {
        skipWhitespace()
        for step in path {
            switch step {
            case let .key(name):
                guard position < bytes.count, bytes[position] == UInt8(ascii: "{") else { return nil }
                guard enterMember(named: name) else { return nil }
            case let .index(index):
                guard position < bytes.count, bytes[position] == UInt8(ascii: "["), index >= 0 else { return nil }
                guard enterElement(index) else { return nil }
            }
        }
        let start = position
        skipValue()
        return start..<position
    }

    /// From an object's `{`, moves to the value of its first member named `name`; `false` when it has none.
    mutating func enterMember(named name: String) -> Bool {
        position += 1
        while true {
            skipWhitespace()
            guard bytes[position] == UInt8(ascii: "\"") else { return false }  // `}`: the end of the object
            let found = nameIs(name)
            skipWhitespace()
            position += 1  // `:`
            skipWhitespace()
            if found { return true }
            skipValue()
            skipWhitespace()
            if bytes[position] == UInt8(ascii: "}") { return false }
            position += 1  // `,`
        }
    }

    /// From an array's `[`, moves to its element `index`; `false` when it has fewer.
    mutating func enterElement(_ index: Int) -> Bool {
        position += 1
        skipWhitespace()
        if bytes[position] == UInt8(ascii: "]") { return false }
        var current = 0
        while true {
            skipWhitespace()
            if current == index { return true }
            skipValue()
            skipWhitespace()
            if bytes[position] == UInt8(ascii: "]") { return false }
            position += 1  // `,`
            current += 1
        }
    }

    /// Reads the member name at `position` (its quote) and tells whether it is `name`.
    mutating func nameIs(_ name: String) -> Bool {
        // Most names have no escape: their bytes, up to the closing quote, are compared as they stand.
        var end = position + 1
        while bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") { end += 1 }
        if bytes[end] == UInt8(ascii: "\"") {
            let written = UnsafeBufferPointer(rebasing: bytes[(position + 1)..<end])
            position = end + 1
            // Names of another length differ (most): no copy of the name's `String` to read its bytes.
            guard name.utf8.count == written.count else { return false }
            // A native name's bytes read in place (no copy of the `String`: a retain and release); else as before.
            if let same = name.utf8.withContiguousStorageIfAvailable({ wanted in
                wanted.count == 0 || memcmp(wanted.baseAddress!, written.baseAddress!, wanted.count) == 0
            }) {
                return same
            }
            var name = name
            // By `memcmp`: `elementsEqual` of two buffers was not specialised here (~220 instructions a name).
            return name.withUTF8 { wanted in
                wanted.count == written.count
                    && (wanted.count == 0 || memcmp(wanted.baseAddress!, written.baseAddress!, wanted.count) == 0)
            }
        }
        // A name with escapes: decoded, then compared.
        var parser = JSONParser(bytes: bytes, position: position)
        scratch.removeAll(keepingCapacity: true)
        let plain: Range<Int>?
        do {
            plain = try parser.readString(into: &scratch)
        } catch {
            preconditionFailure("the document was checked: \(error)")
        }
        position = parser.position
        var name = name
        return name.withUTF8 { wanted in
            if let plain { return UnsafeBufferPointer(rebasing: bytes[plain]).elementsEqual(wanted) }
            return scratch.elementsEqual(wanted)
        }
    }

    /// Moves past the value at `position`.
    mutating func skipValue() {
        switch bytes[position] {
        case UInt8(ascii: "\""):
            skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                switch bytes[position] {
                case UInt8(ascii: "\""):
                    skipString()
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                position += 1
            } while depth > 0
        default:
            // A number, `true`, `false` or `null`: up to the next delimiter.
            while position < bytes.count {
                switch bytes[position] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return
                default: position += 1
                }
            }
        }
    }

    /// Moves past the string literal at `position` (its opening quote).
    mutating func skipString() {
        let parser = JSONParser(bytes: bytes, position: position)
        var index = position + 1
        while true {
            index = parser.plainRunEnd(from: index)
            if bytes[index] == UInt8(ascii: "\"") { break }
            index += 2  // a backslash and the character after it (`\u` is followed by hex digits only)
        }
        position = index + 1
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }
}
