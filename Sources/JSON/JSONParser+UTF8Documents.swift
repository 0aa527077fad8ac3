extension JSONParser {
    /// ``scalarTextIfDocument(of:separator:scratch:)`` of the valid UTF-8 `input`, written to `output` (room for
    /// `scalarTextBound(count:separator:)` bytes, which must not overlap `input`) instead of a new `String`: how many
    /// bytes it wrote, `nil` for a text that is not one JSON document (the same texts are refused). For callers that
    /// keep texts in memory of their own (the evaluator's per-lead text buffer). The values written are valid UTF-8.
    package static func scalarTextIfDocument(utf8 input: UnsafeBufferPointer<UInt8>, separator: UnsafeBufferPointer<UInt8>,
                                             into output: UnsafeMutablePointer<UInt8>, capacity: Int) -> Int? {
        JSONScalarTextReader.read(input, separator: separator, into: output, capacity: capacity)
    }

    /// The room ``scalarTextIfDocument(utf8:separator:into:capacity:)`` needs for a text of `count` bytes: the bound
    /// ``scalarTextIfDocument(of:separator:scratch:)`` sizes its scratch by.
    package static func scalarTextBound(count: Int, separatorCount: Int) -> Int {
        count * (8 + separatorCount) + 8
    }

    /// ``isDocument(_:)`` of the valid UTF-8 `bytes`.
    package static func isDocument(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var check = JSONGrammarCheck()
        do {
            try read(bytes, into: &check)
            return true
        } catch {
            return false
        }
    }

    /// ``value(at:inDocument:)`` of the valid UTF-8 `bytes`, a document ``isDocument(utf8:)`` accepted.
    package static func value(at path: [JSONPathStep], inDocumentUTF8 bytes: UnsafeBufferPointer<UInt8>) -> JSONValue? {
        var walker = JSONCheckedWalker(bytes: bytes)
        guard let range = walker.find(path) else { return nil }
        return decodeChecked(UnsafeBufferPointer(rebasing: bytes[range]))
    }
}
