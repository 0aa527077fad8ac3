import CPCRE2

extension Pattern {
    /// `subject` with every match replaced by `replacement`, in which `$1`, `${1}`, `$name` and `${name}` stand for
    /// a group of the match (empty when it took no part) and `$$` for a dollar (PCRE2's substitution syntax).
    ///
    /// - Throws: ``PCRE2Error/matchLimitExceeded(limit:)`` when a match backtracks past the limit, and
    ///   ``PCRE2Error/match(code:message:)`` for a replacement naming a group the pattern does not have.
    public func replacingMatches(in subject: String, with replacement: String) throws(PCRE2Error) -> String {
        // A terminating zero (not counted) so that an empty text still has an address: PCRE2 refuses NULL.
        let source = Array(subject.utf8) + [0]
        let template = Array(replacement.utf8) + [0]
        let flags = UInt32(PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH | PCRE2_SUBSTITUTE_UNSET_EMPTY)
        var capacity = source.count + template.count + 64
        while true {
            var output = [UInt8](repeating: 0, count: capacity)
            var length = capacity
            let rc = source.withUnsafeBufferPointer { subjectBytes in
                template.withUnsafeBufferPointer { templateBytes in
                    output.withUnsafeMutableBufferPointer { out in
                        pcre2_substitute_8(code, subjectBytes.baseAddress, subjectBytes.count - 1, 0, flags, nil, context,
                                           templateBytes.baseAddress, templateBytes.count - 1, out.baseAddress, &length)
                    }
                }
            }
            if rc >= 0 { return String(decoding: output[..<length], as: UTF8.self) }
            if rc == PCRE2_ERROR_NOMEMORY, length > capacity {
                capacity = length
                continue
            }
            if rc == PCRE2_ERROR_MATCHLIMIT { throw .matchLimitExceeded(limit: options.matchLimit) }
            throw .match(code: rc, message: PCRE2Error.message(for: rc))
        }
    }
}
