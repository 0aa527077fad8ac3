/// The documents the client has open: their text as the editor holds it (saved or not) and its version.
public struct DocumentStore: Sendable {
    /// One open document.
    public struct Document: Sendable {
        public var uri: String
        /// The file it stands for (`nil` for a buffer that is no file, `untitled:...`).
        public var path: String?
        public var version: Int
        public var text: String
    }

    private(set) var documents: [String: Document] = [:]

    public init() {}

    public subscript(uri: String) -> Document? { documents[uri] }

    /// The open document of file `path`, if any.
    public func document(atPath path: String) -> Document? {
        documents.values.first { $0.path == path }
    }

    /// Every open document.
    public var all: [Document] { Array(documents.values) }

    public mutating func open(uri: String, version: Int, text: String) {
        documents[uri] = Document(uri: uri, path: DocumentURI.path(of: uri), version: version, text: text)
    }

    public mutating func close(uri: String) {
        documents[uri] = nil
    }

    /// Applies `textDocument/didChange` content changes in order: a change with a range replaces that range (in
    /// protocol positions of the text as it stands after the previous change); one without replaces the whole text.
    public mutating func change(uri: String, version: Int, changes: [(range: TextRange?, text: String)]) -> Bool {
        guard var document = documents[uri] else { return false }
        for change in changes {
            document.text = Self.applying(change.range, change.text, to: document.text)
        }
        document.version = version
        documents[uri] = document
        return true
    }

    /// `text` with `range` replaced by `replacement` (the whole text when `range` is `nil`).
    public static func applying(_ range: TextRange?, _ replacement: String, to text: String) -> String {
        guard let range else { return replacement }
        let index = LineIndex(text)
        let start = index.offset(of: range.start), end = max(start, index.offset(of: range.end))
        var bytes = index.bytes
        bytes.replaceSubrange(start..<end, with: Array(replacement.utf8))
        return String(decoding: bytes, as: UTF8.self)
    }
}
