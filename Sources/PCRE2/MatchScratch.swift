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
    @usableFromInline
    struct State {
        @usableFromInline var matchData: OpaquePointer?
        @usableFromInline var capacity: Int
        @usableFromInline var matchedPattern: Pattern?
        @usableFromInline var hasMatch = false

        init(matchData: OpaquePointer?, capacity: Int) {
            self.matchData = matchData
            self.capacity = capacity
        }
    }

    @usableFromInline let state: UnsafeMutablePointer<State>

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

    /// Makes the scratch ready for a match of `pattern` and returns its match data.
    @inlinable @inline(__always)
    func prepare(for pattern: Pattern) -> OpaquePointer? {
        // Compare identities first: re-assigning the same pattern would cost a retain/release per match.
        if state.pointee.matchedPattern !== pattern { state.pointee.matchedPattern = pattern }
        if pattern.captureCount >= state.pointee.capacity || state.pointee.matchData == nil {
            return grow(to: pattern.captureCount + 1)
        }
        return state.pointee.matchData
    }

    /// Replaces the match data with one of at least `groups` groups (the rare path of ``prepare(for:)``).
    @usableFromInline
    func grow(to groups: Int) -> OpaquePointer? {
        if let matchData = state.pointee.matchData { pcre2_match_data_free_8(matchData) }
        state.pointee.capacity = max(groups, state.pointee.capacity)
        state.pointee.matchData = pcre2_match_data_create_8(UInt32(state.pointee.capacity), nil)
        return state.pointee.matchData
    }

    /// The UTF-8 byte range of group `group` in the last successful match, or `nil` when the group
    /// did not take part in it (or there was no match).
    @inlinable
    public func byteRange(_ group: Int) -> Range<Int>? {
        // Reading the group count without binding the pattern spares a retain/release per call.
        guard state.pointee.hasMatch, let matchData = state.pointee.matchData, group >= 0,
              group <= state.pointee.matchedPattern?.captureCount ?? -1,
              group < Int(pcre2_get_ovector_count_8(matchData)),
              let ovector = pcre2_get_ovector_pointer_8(matchData) else { return nil }
        let start = ovector[2 * group], end = ovector[2 * group + 1]
        if start == cpcre2_unset() || end < start { return nil }
        return Int(start)..<Int(end)
    }

    /// Calls `body` with the UTF-8 bytes of group `group` of the last successful match in `subject` (which must be
    /// the string that was matched), and returns what `body` returns.
    ///
    /// This is the cheapest way to read a capture: no `Substring`, no index arithmetic, no allocation. Copy the
    /// bytes out (into a buffer of your own, or `String(decoding: bytes, as: UTF8.self)`) if you keep them:
    /// the buffer points into `subject`'s storage, or a temporary copy of it, and is valid only inside `body`.
    /// The bytes are whole characters (a group of a UTF pattern never ends inside one).
    ///
    /// ```swift
    /// if try budget.matches(comment, scratch: scratch) {
    ///     let rubles = scratch.withUTF8(ofGroup: 1, in: comment) { Int(String(decoding: $0, as: UTF8.self)) }
    /// }
    /// ```
    ///
    /// - Returns: `nil` without calling `body` when the group did not take part in the match, the pattern has no
    ///   such group, the last match failed, or the group's bytes lie beyond `subject` (a different string).
    @inlinable
    public func withUTF8<Result>(ofGroup group: Int, in subject: String,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard let bytes = byteRange(group) else { return nil }
        let answer = try subject.utf8.withContiguousStorageIfAvailable { buffer -> Result? in
            guard bytes.upperBound <= buffer.count else { return nil }
            return try body(UnsafeBufferPointer(rebasing: buffer[bytes]))
        }
        if let answer { return answer }
        // A bridged subject without contiguous UTF-8: read a contiguous copy.
        var copy = subject
        copy.makeContiguousUTF8()
        return try copy.withUTF8 { buffer -> Result? in
            guard bytes.upperBound <= buffer.count else { return nil }
            return try body(UnsafeBufferPointer(rebasing: buffer[bytes]))
        }
    }

    /// Calls `body` with the UTF-8 bytes of the named group `name` of the last successful match in `subject`; the
    /// same as `withUTF8(ofGroup:in:_:)` with the group's number, and `nil` for a name the pattern does not have.
    ///
    /// ```swift
    /// let budget = try Pattern(#"бюджет[\s:]*(?<rub>\d[\d\s]*)"#, options: .init(caseInsensitive: true))
    /// if try budget.matches(answer, scratch: scratch) {
    ///     let rub = scratch.withUTF8(ofGroup: "rub", in: answer) { String(decoding: $0, as: UTF8.self) }
    /// }
    /// ```
    @inlinable
    public func withUTF8<Result>(ofGroup name: String, in subject: String,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard let number = matchedGroupNumber(named: name) else { return nil }
        return try withUTF8(ofGroup: number, in: subject, body)
    }

    /// The number of the group called `name` in the pattern last matched, or `nil`.
    @usableFromInline
    func matchedGroupNumber(named name: String) -> Int? {
        state.pointee.matchedPattern?.groupNumber(named: name)
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
        guard let number = matchedGroupNumber(named: name) else { return nil }
        return substring(number, in: subject)
    }
}
