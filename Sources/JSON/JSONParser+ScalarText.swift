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

    /// ``scalarText(of:separator:)`` collecting the values in `scratch` (grown when too small): a caller reading many
    /// documents passes the same buffer each time, and only the `String` returned is new.
    ///
    /// The values are written through a pointer into `scratch`, sized for the most a document of that length can
    /// give: a string decodes to fewer bytes than its literal, an integer is written as it is read, a fraction or
    /// exponent (three bytes at least) as at most 24, and each value is preceded by at most one separator (a value
    /// takes one byte at least). A document for which that bound passes ``largestKeptScratch`` (7 KiB and more with
    /// a one-byte separator) is collected in an array that grows as needed, so that neither `scratch` nor the
    /// memory taken follow the worst case.
    ///
    /// Read by ``JSONScalarTextReader`` (one loop, no builder); a text it refuses is read again by the grammar,
    /// which says where it goes wrong.
    public static func scalarText(of text: String, separator: String, scratch: inout [UInt8]) throws(Error) -> String {
        if let lines = scalarTextIfDocument(of: text, separator: separator, scratch: &scratch) { return lines }
        return try scalarTextByParser(of: text, separator: separator, scratch: &scratch)
    }

    /// ``scalarText(of:separator:scratch:)``, `nil` for a text it refuses (the same texts): for callers that need
    /// only the verdict, not where the text goes wrong (`text()` of a comment that is not a JSON document is the
    /// comment), so a refused text is read once.
    public static func scalarTextIfDocument(of text: String, separator: String, scratch: inout [UInt8]) -> String? {
        let bound = text.utf8.count * (8 + separator.utf8.count) + 8
        guard bound <= largestKeptScratch else {
            return Result { () throws(Error) in try scalarTextByParser(of: text, separator: separator, scratch: &scratch) }.success
        }
        if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
        var copy = text, separatorCopy = separator
        return separatorCopy.withUTF8 { separator in
            copy.withUTF8 { input in
                scratch.withUnsafeMutableBufferPointer { output -> String? in
                    guard let count = JSONScalarTextReader.read(input, separator: separator, into: output.baseAddress!,
                                                                capacity: output.count) else { return nil }
                    // Valid UTF-8: runs of a valid text, scalars the escapes stand for, numbers and the separator.
                    return String(checkedUTF8: UnsafeBufferPointer(start: output.baseAddress!, count: count))
                }
            }
        }
    }

    /// ``scalarText(of:separator:scratch:)`` read by the grammar (``read(_:into:)``) into a ``JSONScalarTextBuilder``:
    /// what says where a refused text goes wrong, and what ``JSONScalarTextReader`` is tested against.
    static func scalarTextByParser(of text: String, separator: String, scratch: inout [UInt8]) throws(Error) -> String {
        let bound = text.utf8.count * (8 + separator.utf8.count) + 8
        var copy = text, separatorCopy = separator
        let result: Result<String, Error> = separatorCopy.withUTF8 { separator in
            copy.withUTF8 { input in
                guard bound <= largestKeptScratch else {
                    var builder = JSONScalarTextBuilder(output: [UInt8](), separator: separator)
                    builder.output.reserveCapacity(input.count)
                    return Result { () throws(Error) in
                        try read(input, into: &builder)
                        return String(checkedUTF8: builder.output)
                    }
                }
                if scratch.count < bound { scratch = [UInt8](repeating: 0, count: bound) }
                return scratch.withUnsafeMutableBufferPointer { output in
                    var builder = JSONScalarTextBuilder(output: JSONBufferSink(output.baseAddress!, capacity: output.count),
                                                        separator: separator)
                    return Result { () throws(Error) in
                        try read(input, into: &builder)
                        // Valid UTF-8: runs of a valid text, scalars the escapes stand for, numbers and the separator.
                        return String(checkedUTF8: builder.output.bytes)
                    }
                }
            }
        }
        return try result.get()
    }

    /// The largest `scratch` ``scalarText(of:separator:scratch:)`` fills through a pointer (64 KiB).
    public static let largestKeptScratch = 1 << 16
}

/// Collects a document's string and number values into one UTF-8 buffer (``JSONParser/scalarText(of:separator:)``).
///
/// Strings are not validated as UTF-8: the input is a `String`'s UTF-8, valid already, and a string
/// literal's bytes run between ASCII quotes and backslashes, so each run is valid on its own (the tree's
/// check could not fail there).
struct JSONScalarTextBuilder<Output: JSONStringSink>: JSONBuilder {
    typealias Value = Void
    typealias Key = Void
    typealias Members = Void
    typealias Elements = Void

    /// The values so far, each but the first preceded by the separator: memory sized for the whole document, or an
    /// array that grows (``JSONParser/scalarText(of:separator:scratch:)``).
    var output: Output
    /// The separator's UTF-8, valid while the document is read.
    let separator: UnsafeBufferPointer<UInt8>
    var count = 0
    /// A number's text, before it is copied to `output` (made at the first number).
    var number: [UInt8] = []

    init(output: Output, separator: UnsafeBufferPointer<UInt8>) {
        self.output = output
        self.separator = separator
    }

    mutating func startValue() {
        if count > 0 {
            if separator.count == 1 { output.appendEscaped(separator[0]) } else { output.appendRun(separator) }
        }
        count += 1
    }

    mutating func scalar(_ value: JSONValue) {
        switch value {
        case .int, .double:
            // As the writer writes numbers (its byte form: no `String` per number).
            startValue()
            number.removeAll(keepingCapacity: true)
            JSONWriter.write(value, into: &number)
            number.withUnsafeBufferPointer { output.appendRun($0) }
        default:
            break
        }
    }

    mutating func string(_ parser: inout JSONParser) throws(JSONParser.Error) {
        startValue()
        if let range = try parser.readString(into: &output) {
            output.appendRun(UnsafeBufferPointer(rebasing: parser.bytes[range]))
        }
    }

    /// Member names are checked, never kept (the text is a `String`'s: its UTF-8 is valid).
    func key(_ parser: inout JSONParser) throws(JSONParser.Error) { try parser.skipString() }

}

extension Result {
    /// The value when it is a success, `nil` when a failure.
    var success: Success? {
        if case let .success(value) = self { return value }
        return nil
    }
}
