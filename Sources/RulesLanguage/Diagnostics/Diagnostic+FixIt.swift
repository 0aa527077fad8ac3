extension Diagnostic {
    /// An edit that resolves a diagnostic: replace the text at ``range`` with ``replacement``.
    public struct FixIt: Sendable, Equatable {
        /// What is replaced: the misspelled name (or the quoted string) the diagnostic points at.
        public var range: SourceRange
        /// The text written instead, spelled as the source needs it (in quotes where the name was).
        public var replacement: String
        /// A one-line description for a menu: `Change 'phnoe' to 'phone'`.
        public var title: String

        public static func == (l: FixIt, r: FixIt) -> Bool {
            l.range == r.range && l.replacement == r.replacement && l.title == r.title
        }
    }

    /// The did-you-mean suggestion of the message as an edit, or `nil` when there is none.
    ///
    /// The diagnostic's range covers the name as written: a bare name (`phnoe`), or a string in quotes
    /// (`"Europe/Moscw"`, a quoted category); the replacement keeps that form. A range that covers anything
    /// else (an expression, text with escapes) gets no fix-it rather than a wrong edit.
    public var fixIt: FixIt? {
        guard let suggestion = message.suggestion else { return nil }
        let written = range.text
        let replacement: String
        if written.count >= 2, written.hasPrefix("\""), written.hasSuffix("\""),
           !written.dropFirst().dropLast().contains(where: { $0 == "\"" || $0 == "\\" || $0 == "$" }) {
            guard !suggestion.contains(where: { $0 == "\"" || $0 == "\\" || $0 == "$" || $0.isNewline }) else { return nil }
            replacement = "\"" + suggestion + "\""
        } else if !written.isEmpty, written.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || $0 == "_" || ("0"..."9").contains($0) }) {
            replacement = suggestion
        } else {
            return nil
        }
        guard replacement != written else { return nil }
        return FixIt(range: range, replacement: replacement, title: "Change '\(written)' to '\(replacement)'")
    }
}
