/// Recognises a regex that is nothing but a choice of literal words: `(недел|месяц|сразу|срочно)`, `viagra|casino`,
/// `(?:asap)`. Such a regex matches exactly when one of its words occurs, so the prefilter's scan (which finds every
/// occurrence of the words, case-folded as PCRE2 folds them) decides it without running PCRE2.
///
/// Conservative like ``RequiredLiterals``: no anchors, assertions (`\b`), classes, dots, quantifiers, nested
/// groups or inline options; each word only of the characters the prefilter folds (``CaseFold/isSupported(_:)``),
/// punctuation escaped or not; at least two bytes a word. Anything else: `nil`, and the regex runs as usual.
enum ExactLiterals {
    /// The words of `pattern`, folded when `caseless`; `nil` unless the pattern is only a choice of words.
    static func extract(from pattern: String, caseless: Bool, extended: Bool) -> [String]? {
        guard !extended else { return nil }
        var chars = Array(pattern.unicodeScalars)
        // One group around the whole choice: `(...)` or `(?:...)`.
        if chars.first == "(", chars.last == ")" {
            var inner = Array(chars.dropFirst().dropLast())
            if inner.starts(with: ["?", ":"]) { inner.removeFirst(2) }
            chars = inner
        }
        var words: [String] = []
        var word = String.UnicodeScalarView()
        var index = 0
        while index <= chars.count {
            guard index < chars.count, chars[index] != "|" else {
                guard word.count > 0 else { return nil }
                words.append(String(word))
                word = String.UnicodeScalarView()
                index += 1
                continue
            }
            var c = chars[index]
            if c == "\\" {
                // An escaped punctuation character is itself; an escaped letter or digit is a class, an anchor or
                // a reference.
                guard index + 1 < chars.count else { return nil }
                c = chars[index + 1]
                guard !(c.properties.isAlphabetic || c.properties.numericType != nil) else { return nil }
                index += 2
            } else {
                guard !"()[]{}.^$*+?".unicodeScalars.contains(c) else { return nil }
                index += 1
            }
            guard CaseFold.isSupported(c) else { return nil }
            word.append(caseless ? CaseFold.fold(c) : c)
        }
        guard words.allSatisfy({ $0.utf8.count >= 2 }), words.count <= 64 else { return nil }
        return Array(Set(words)).sorted()
    }
}
