import CPCRE2

/// The memory one match writes into: PCRE2 match data, reused from match to match.
///
/// A scratch belongs to one thread or one evaluation at a time (it is deliberately not
/// `Sendable`). Any ``Pattern`` can use it: it grows once when a pattern has more groups than it
/// holds, and never allocates otherwise. After a successful match it holds that match's group
/// offsets until its next use.
public final class MatchScratch {
    /// The scratch's mutable state, in memory of its own: every access to a class's stored `var` pays a dynamic
    /// exclusivity check (`swift_beginAccess`), and a match reads and writes this state four or five times;
    /// memory behind a pointer is not checked. Only the owning thread touches it (the class is not `Sendable`).
    private struct State {
        var matchData: OpaquePointer?
        var capacity: Int
        var matchedPattern: Pattern?
        var hasMatch = false
    }

    private let state: UnsafeMutablePointer<State>

    var matchData: OpaquePointer? {
        get { state.pointee.matchData }
        set { state.pointee.matchData = newValue }
    }
    var capacity: Int { state.pointee.capacity }
    /// The pattern last matched with this scratch.
    var matchedPattern: Pattern? {
        get { state.pointee.matchedPattern }
        set { state.pointee.matchedPattern = newValue }
    }
    /// Whether that match succeeded (the offsets are only meaningful then).
    var hasMatch: Bool {
        get { state.pointee.hasMatch }
        set { state.pointee.hasMatch = newValue }
    }

    /// Creates a scratch able to hold `capacity` groups (the whole match counts as one) without growing.
    public init(capacity: Int = 16) {
        let groups = max(1, capacity)
        state = .allocate(capacity: 1)
        state.initialize(to: State(matchData: pcre2_match_data_create_8(UInt32(groups), nil), capacity: groups))
    }

    init(adopting matchData: OpaquePointer, capacity: Int) {
        state = .allocate(capacity: 1)
        state.initialize(to: State(matchData: matchData, capacity: capacity))
    }

    deinit {
        if let matchData { pcre2_match_data_free_8(matchData) }
        state.deinitialize(count: 1)
        state.deallocate()
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
        if state.pointee.matchedPattern !== pattern { state.pointee.matchedPattern = pattern }
        if pattern.captureCount + 1 > state.pointee.capacity || state.pointee.matchData == nil { grow(to: pattern.captureCount + 1) }
    }

    private func grow(to groups: Int) {
        if let matchData { pcre2_match_data_free_8(matchData) }
        state.pointee.capacity = max(groups, state.pointee.capacity)
        matchData = pcre2_match_data_create_8(UInt32(state.pointee.capacity), nil)
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
