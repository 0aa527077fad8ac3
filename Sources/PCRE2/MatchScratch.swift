import CPCRE2

/// The memory one match writes into: PCRE2 match data, reused from match to match.
///
/// A scratch belongs to one thread or one evaluation at a time (it is deliberately not
/// `Sendable`). Any ``Pattern`` can use it: it grows once when a pattern has more groups than it
/// holds, and never allocates otherwise. After a successful match it holds that match's group
/// offsets until its next use.
public final class MatchScratch {
    var matchData: OpaquePointer?
    private(set) var capacity: Int
    /// The pattern last matched with this scratch.
    var matchedPattern: Pattern?
    /// Whether that match succeeded (the offsets are only meaningful then).
    var hasMatch = false

    /// Creates a scratch able to hold `capacity` groups (the whole match counts as one) without growing.
    public init(capacity: Int = 16) {
        self.capacity = max(1, capacity)
        self.matchData = pcre2_match_data_create_8(UInt32(self.capacity), nil)
    }

    init(adopting matchData: OpaquePointer, capacity: Int) {
        self.matchData = matchData
        self.capacity = capacity
    }

    deinit {
        if let matchData { pcre2_match_data_free_8(matchData) }
    }

    /// Gives the match data back to a pool; the scratch is unusable afterwards.
    func release() -> ScratchBox? {
        guard let matchData else { return nil }
        self.matchData = nil
        matchedPattern = nil
        return ScratchBox(matchData: matchData, capacity: capacity)
    }

    @inline(__always)
    func prepare(for pattern: Pattern) {
        // Compare identities first: re-assigning the same pattern would cost a retain/release per match.
        if matchedPattern !== pattern { matchedPattern = pattern }
        if pattern.captureCount + 1 > capacity || matchData == nil { grow(to: pattern.captureCount + 1) }
    }

    private func grow(to groups: Int) {
        if let matchData { pcre2_match_data_free_8(matchData) }
        capacity = max(groups, capacity)
        matchData = pcre2_match_data_create_8(UInt32(capacity), nil)
    }

    /// The UTF-8 byte range of group `group` in the last successful match, or `nil` when the group
    /// did not take part in it (or there was no match).
    public func byteRange(_ group: Int) -> Range<Int>? {
        // Reading the group count without binding the pattern spares a retain/release per call.
        guard hasMatch, let matchData, group >= 0, group <= matchedPattern?.captureCount ?? -1,
              group < Int(pcre2_get_ovector_count_8(matchData)),
              let ovector = pcre2_get_ovector_pointer_8(matchData) else { return nil }
        let start = ovector[2 * group], end = ovector[2 * group + 1]
        if start == cpcre2_unset() || end < start { return nil }
        return Int(start)..<Int(end)
    }

    /// The range of group `group` of the last successful match, as indices into `subject`
    /// (which must be the string that was matched).
    public func range(_ group: Int, in subject: String) -> Range<String.Index>? {
        guard let bytes = byteRange(group) else { return nil }
        let utf8 = subject.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: bytes.lowerBound)
        let upper = utf8.index(lower, offsetBy: bytes.count)
        return lower..<upper
    }

    /// The text of group `group` of the last successful match in `subject`.
    public func substring(_ group: Int, in subject: String) -> Substring? {
        range(group, in: subject).map { subject[$0] }
    }

    /// The text of the named group `name` of the last successful match in `subject`.
    public func substring(named name: String, in subject: String) -> Substring? {
        guard let number = matchedPattern?.groupNumber(named: name) else { return nil }
        return substring(number, in: subject)
    }
}
