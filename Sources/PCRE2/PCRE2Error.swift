import CPCRE2

/// An error from compiling or running a PCRE2 pattern.
public enum PCRE2Error: Error, Sendable, Equatable, CustomStringConvertible {
    /// The pattern did not compile.
    ///
    /// - Parameters:
    ///   - message: PCRE2's own message, e.g. "missing closing parenthesis".
    ///   - offset: where PCRE2 stopped, counted in characters from the start of the pattern.
    ///   - utf8Offset: the same position in UTF-8 code units.
    case compile(message: String, offset: Int, utf8Offset: Int)
    /// The match limit was reached: the pattern backtracks too much on this subject.
    ///
    /// This is never reported as a non-match: a caller must decide what a runaway pattern means.
    case matchLimitExceeded(limit: UInt32)
    /// Any other error PCRE2 reported while matching (its negative error code and message).
    case match(code: Int32, message: String)

    public var description: String {
        switch self {
        case let .compile(message, offset, _):
            return "invalid regular expression at character \(offset): \(message)"
        case let .matchLimitExceeded(limit):
            return "match limit exceeded (\(limit)): the pattern backtracks catastrophically on this input"
        case let .match(code, message):
            return "PCRE2 match error \(code): \(message)"
        }
    }

    /// PCRE2's text for an error code.
    ///
    /// The text is read into a buffer on the stack: making the message creates the returned `String` and nothing else
    /// (``Pattern/matchError(_:)`` promises the optimiser that it releases nothing).
    static func message(for code: Int32) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 256) { buffer in
            let length = pcre2_get_error_message_8(code, buffer.baseAddress, buffer.count)
            guard length > 0 else { return "unknown error \(code)" }
            return withoutOptionHints(String(decoding: UnsafeBufferPointer(rebasing: buffer[..<Int(length)]), as: UTF8.self))
        }
    }

    /// PCRE2's text without its hints at compile options a rule author cannot set ("\\K is not allowed in
    /// lookarounds (but see PCRE2_EXTRA_ALLOW_LOOKAROUND_BSK)" says only what is not allowed).
    static func withoutOptionHints(_ text: String) -> String {
        guard let range = text.firstRange(of: " (but see PCRE2_") else { return text }
        return String(text[..<range.lowerBound])
    }
}
