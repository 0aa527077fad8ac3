extension JSONParser {
    /// The string and number values of the JSON document `text`, in document order (object members
    /// in the order written), joined by `separator`: strings decoded (escapes and `\u` surrogate pairs
    /// included), numbers as ``JSONWriter`` writes them, booleans and `null` left out, member names too.
    ///
    /// The same as collecting the values from ``parse(_:)-(String)``'s tree, and the same texts are
    /// refused with the same errors, but no tree is built: the values are decoded straight into one
    /// buffer, which becomes the one `String` returned.
    public static func scalarText(of text: String, separator: String) throws(Error) -> String {
        var scratch: [UInt8] = []
        return try scalarText(of: text, separator: separator, scratch: &scratch)
    }

    /// ``scalarText(of:separator:)`` collecting the values in `scratch` (emptied first, its capacity kept): a caller
    /// reading many documents passes the same buffer each time, and only the `String` returned is new.
    public static func scalarText(of text: String, separator: String, scratch: inout [UInt8]) throws(Error) -> String {
        var copy = text, separatorCopy = separator
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(text.utf8.count)
        var builder = JSONScalarTextBuilder(output: scratch)
        scratch = []
        let result: Result<Void, Error> = separatorCopy.withUTF8 { separator in
            builder.separator = separator
            return copy.withUTF8 { buffer in
                Result { () throws(Error) in try read(buffer, into: &builder) }
            }
        }
        scratch = builder.output
        try result.get()
        // Valid UTF-8: runs of a valid text, scalars the escapes stand for, numbers and the separator.
        return String(checkedUTF8: scratch)
    }
}

/// Collects a document's string and number values into one UTF-8 buffer (``JSONParser/scalarText(of:separator:)``).
///
/// Strings are not validated as UTF-8: the input is a `String`'s UTF-8, valid already, and a string
/// literal's bytes run between ASCII quotes and backslashes, so each run is valid on its own (the tree's
/// check could not fail there).
struct JSONScalarTextBuilder: JSONBuilder {
    typealias Value = Void
    typealias Key = Void
    typealias Members = Void
    typealias Elements = Void

    /// The separator's UTF-8, valid while the document is read (``JSONParser/scalarText(of:separator:scratch:)``).
    var separator = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The values so far, each but the first preceded by the separator.
    var output: [UInt8]
    var count = 0

    init(output: [UInt8]) {
        self.output = output
    }

    mutating func startValue() {
        if count > 0 { output.append(contentsOf: separator) }
        count += 1
    }

    mutating func scalar(_ value: JSONValue) {
        switch value {
        case .int, .double:
            // As the writer writes numbers (its byte form: no `String` per number).
            startValue()
            JSONWriter.write(value, into: &output)
        default:
            break
        }
    }

    mutating func string(_ parser: inout JSONParser) throws(JSONParser.Error) {
        startValue()
        if let range = try parser.readString(into: &output) {
            output.append(contentsOf: UnsafeBufferPointer(rebasing: parser.bytes[range]))
        }
    }

    /// Member names are checked, never kept (the text is a `String`'s: its UTF-8 is valid).
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) { try parser.skipString() }

}
