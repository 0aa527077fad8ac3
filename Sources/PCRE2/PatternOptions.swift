import CPCRE2

extension Pattern {
    /// How a pattern is compiled and matched.
    ///
    /// The defaults suit text typed by people in any script: UTF-8 with Unicode properties
    /// (so `\w`, `\b`, `\d` and case-insensitive matching understand Cyrillic), JIT on,
    /// and a match limit that stops catastrophic backtracking.
    public struct Options: Sendable, Hashable {
        /// `(?i)`: case-insensitive matching (Unicode-aware with ``unicodeProperties``).
        public var caseInsensitive = false
        /// `(?m)`: `^` and `$` also match at line breaks.
        public var multiline = false
        /// `(?s)`: `.` also matches a line break.
        public var dotMatchesNewline = false
        /// `(?x)`: white space and `#` comments in the pattern are ignored.
        public var extended = false
        /// PCRE2_UCP: `\w`, `\d`, `\s`, `\b` and POSIX classes use Unicode properties. On by default.
        public var unicodeProperties = true
        /// Compile with the JIT (PCRE2_JIT_COMPLETE) when the platform supports it. On by default.
        public var jit = true
        /// The most backtracking steps one match may take before it fails with
        /// ``PCRE2Error/matchLimitExceeded(limit:)``.
        ///
        /// The default, 1,000,000, is ten times lower than PCRE2's own: a well-formed pattern on a
        /// lead field of a few kilobytes needs a few thousand steps, and the limit bounds a runaway
        /// pattern to a few milliseconds.
        public var matchLimit: UInt32 = Options.defaultMatchLimit
        /// Matches only at the position a search starts from (`PCRE2_ANCHORED` at compile time, so the JIT
        /// keeps serving it): with ``Pattern/matches(_:from:scratch:)``, "is there a match starting exactly here".
        public var anchored = false

        /// The default ``matchLimit``.
        public static let defaultMatchLimit: UInt32 = 1_000_000

        public init(
            caseInsensitive: Bool = false,
            multiline: Bool = false,
            dotMatchesNewline: Bool = false,
            extended: Bool = false,
            unicodeProperties: Bool = true,
            jit: Bool = true,
            matchLimit: UInt32 = Options.defaultMatchLimit
        ) {
            self.caseInsensitive = caseInsensitive
            self.multiline = multiline
            self.dotMatchesNewline = dotMatchesNewline
            self.extended = extended
            self.unicodeProperties = unicodeProperties
            self.jit = jit
            self.matchLimit = matchLimit
        }

        /// Options from the flag letters of a regex literal (`i`, `m`, `s`, `x`).
        /// Returns `nil` and the first unknown letter when a flag is not one of these.
        public static func parse(flags: String) -> (options: Options?, unknown: Character?) {
            var options = Options()
            for flag in flags {
                switch flag {
                case "i": options.caseInsensitive = true
                case "m": options.multiline = true
                case "s": options.dotMatchesNewline = true
                case "x": options.extended = true
                default: return (nil, flag)
                }
            }
            return (options, nil)
        }

        /// The PCRE2 compile option bits.
        var compileBits: UInt32 {
            // UTF is always on: Swift strings are valid UTF-8. \C could split a character, so it is refused.
            var bits = UInt32(PCRE2_UTF) | UInt32(PCRE2_NEVER_BACKSLASH_C)
            if unicodeProperties { bits |= UInt32(PCRE2_UCP) }
            if caseInsensitive { bits |= UInt32(PCRE2_CASELESS) }
            if multiline { bits |= UInt32(PCRE2_MULTILINE) }
            if dotMatchesNewline { bits |= UInt32(PCRE2_DOTALL) }
            if extended { bits |= UInt32(PCRE2_EXTENDED) }
        if anchored { bits |= UInt32(PCRE2_ANCHORED) }
            return bits
        }
    }
}
