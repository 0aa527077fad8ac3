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
    ///
    /// It holds no reference to a ``Pattern``: a match that stored one (a retain of the new pattern, a release of the
    /// previous) could run a deinitializer, and a caller's loop over `String`s then has to retain each string around
    /// the call (see docs/benchmarks.md, sixth round). What later reads need from the pattern last matched, its
    /// group count and its group names, is copied here (into memory of the scratch's own) when the scratch first
    /// serves that pattern; the pattern is recognised by its identity and its ``Pattern/instanceKey``.
    @usableFromInline
    struct State {
        @usableFromInline var matchData: OpaquePointer?
        @usableFromInline var capacity: Int
        /// The pattern the scratch is prepared for (``MatchScratch/adopt(_:)``), by identity only (its address as an
        /// integer, 0 for none; never dereferenced: that pattern may be gone), and that pattern's
        /// ``Pattern/instanceKey``: an address can be reused by a later pattern, a random 64-bit key practically not.
        @usableFromInline var patternIdentity: UInt = 0
        @usableFromInline var patternKey: UInt64 = 0
        /// That pattern's number of capture groups.
        @usableFromInline var captureCount = -1
        /// A copy of that pattern's PCRE2 name table (`nameCount` entries of `nameEntrySize` bytes: the group number,
        /// two bytes big-endian, then the name, NUL-terminated), or `nil` when it has no named groups.
        @usableFromInline var names: UnsafeMutableRawPointer?
        @usableFromInline var namesCapacity = 0
        @usableFromInline var nameCount = 0
        @usableFromInline var nameEntrySize = 0
        /// The match data's offset vector and its number of pairs (read once per match data: a call into C to read
        /// them on every capture read would make the caller's loop retain its subject).
        @usableFromInline var ovector: UnsafeMutablePointer<Int>?
        @usableFromInline var ovectorPairs = 0
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
        state.pointee.names?.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    /// Gives the match data back to a pool; the scratch is unusable afterwards.
    func release() -> ScratchBox? {
        guard let matchData else { return nil }
        self.matchData = nil
        state.pointee.patternIdentity = 0
        state.pointee.patternKey = 0
        state.pointee.ovector = nil
        state.pointee.ovectorPairs = 0
        state.pointee.hasMatch = false
        return ScratchBox(matchData: matchData, capacity: capacity)
    }

    /// Whether the scratch is prepared for `pattern` (the test of every match; ``adopt(_:)`` when not). A prepared
    /// scratch has match data with room for the pattern's groups.
    @inlinable @inline(__always)
    func isPrepared(for pattern: Pattern) -> Bool {
        state.pointee.patternKey == pattern.instanceKey
            && state.pointee.patternIdentity == UInt(bitPattern: ObjectIdentifier(pattern))
    }

    /// Prepares the scratch for matches of `pattern`: grows the match data when the pattern has more groups than it
    /// holds, and copies the pattern's group count and name table. Returns the match data, or `nil` when memory for
    /// it could not be had (the scratch is then not prepared, and the match reports `PCRE2_ERROR_NOMEMORY`).
    ///
    /// `@_effects(releasenone)`: this releases no object (it calls only PCRE2 and the C allocator, and stores
    /// integers and pointers), and saying so lets a caller's loop keep its `String` subjects borrowed, unretained,
    /// across a match (see ``Pattern/execute(_:count:start:matchData:)``).
    @usableFromInline @inline(never) @_effects(releasenone)
    func adopt(_ pattern: Pattern) -> OpaquePointer? {
        let groups = pattern.captureCount + 1
        if state.pointee.matchData == nil || groups > state.pointee.capacity {
            if let old = state.pointee.matchData { pcre2_match_data_free_8(old) }
            state.pointee.capacity = max(groups, state.pointee.capacity)
            state.pointee.matchData = pcre2_match_data_create_8(UInt32(state.pointee.capacity), nil)
            state.pointee.ovector = nil
        }
        state.pointee.patternIdentity = 0
        state.pointee.hasMatch = false
        guard let matchData = state.pointee.matchData else { return nil }
        // The offset vector lives as long as its match data: read once per match data (a scratch serving several
        // patterns in turn adopts one at each change).
        if state.pointee.ovector == nil {
            state.pointee.ovector = pcre2_get_ovector_pointer_8(matchData)
            state.pointee.ovectorPairs = state.pointee.ovector == nil ? 0 : Int(pcre2_get_ovector_count_8(matchData))
        }
        let tableBytes = pattern.nameCount * pattern.nameEntrySize
        if tableBytes > state.pointee.namesCapacity {
            state.pointee.names?.deallocate()
            state.pointee.names = .allocate(byteCount: tableBytes, alignment: 1)
            state.pointee.namesCapacity = tableBytes
        }
        if tableBytes > 0, let table = pattern.nameTable, let names = state.pointee.names {
            names.copyMemory(from: table, byteCount: tableBytes)
        }
        state.pointee.nameCount = tableBytes > 0 ? pattern.nameCount : 0
        state.pointee.nameEntrySize = pattern.nameEntrySize
        state.pointee.captureCount = pattern.captureCount
        state.pointee.patternKey = pattern.instanceKey
        state.pointee.patternIdentity = UInt(bitPattern: ObjectIdentifier(pattern))
        return matchData
    }

    /// The UTF-8 byte range of group `group` in the last successful match, or `nil` when the group
    /// did not take part in it (or there was no match).
    @inlinable @inline(__always)
    public func byteRange(_ group: Int) -> Range<Int>? {
        guard state.pointee.hasMatch, let ovector = state.pointee.ovector, group >= 0,
              group <= state.pointee.captureCount, group < state.pointee.ovectorPairs else { return nil }
        let start = ovector[2 * group], end = ovector[2 * group + 1]
        // PCRE2_UNSET (all bits set) marks a group that took no part.
        if start == Int(bitPattern: UInt.max) || end < start { return nil }
        return start..<end
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
    @inlinable @inline(__always)
    public func withUTF8<Result>(ofGroup group: Int, in subject: String,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard let bytes = byteRange(group) else { return nil }
        let answer = try subject.utf8.withContiguousStorageIfAvailable { buffer -> Result? in
            guard bytes.upperBound <= buffer.count else { return nil }
            return try body(UnsafeBufferPointer(rebasing: buffer[bytes]))
        }
        if let answer { return answer }
        // A bridged subject without contiguous UTF-8: read a copy.
        let copy = contiguousCopy(of: subject)
        defer { copy.deallocate() }
        guard bytes.upperBound <= copy.count else { return nil }
        return try body(UnsafeBufferPointer(rebasing: copy[bytes]))
    }

    /// The UTF-8 of `subject` (a bridged string: its UTF-8 is not contiguous) in newly allocated memory, which the
    /// caller deallocates. Out of line and `@_effects(releasenone)`: it releases nothing of the caller's (reading
    /// the subject may retain and release it, balanced), so that this rare path of `withUTF8(ofGroup:in:_:)` does
    /// not make a caller's loop retain every subject.
    @usableFromInline @inline(never) @_effects(releasenone)
    func contiguousCopy(of subject: String) -> UnsafeMutableBufferPointer<UInt8> {
        let utf8 = subject.utf8
        let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, utf8.count))
        let count = copy.initialize(fromContentsOf: utf8)
        return UnsafeMutableBufferPointer(rebasing: copy[..<count])
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
    @inlinable @inline(__always)
    public func withUTF8<Result>(ofGroup name: String, in subject: String,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result? {
        guard let number = matchedGroupNumber(named: name) else { return nil }
        return try withUTF8(ofGroup: number, in: subject, body)
    }

    /// The number of the group called `name` in the pattern last matched, or `nil`: a search of the scratch's copy
    /// of that pattern's name table (the answer of ``Pattern/groupNumbers``, whose first entry wins as PCRE2's
    /// sorted table's does). Inlined, so that reading a capture by name makes no call that could release anything.
    @inlinable @inline(__always)
    func matchedGroupNumber(named name: String) -> Int? {
        guard state.pointee.nameCount > 0 else { return nil }
        if let found = name.utf8.withContiguousStorageIfAvailable({ groupNumber(ofName: $0) }) { return found }
        return groupNumber(ofBridgedName: name)
    }

    /// ``matchedGroupNumber(named:)`` for a name given as UTF-8 bytes.
    @inlinable
    func groupNumber(ofName wanted: UnsafeBufferPointer<UInt8>) -> Int? {
        guard let names = state.pointee.names else { return nil }
        let count = state.pointee.nameCount, size = state.pointee.nameEntrySize
        // An entry holds the number (2 bytes, big-endian), the name and its NUL within `size` bytes. A name has no
        // NUL inside, so a byte of the entry that equals the wanted one and is not 0 rules out a NUL in `wanted` too.
        let length = wanted.count
        guard length <= size - 3 else { return nil }
        var entry = UnsafeRawPointer(names)
        for _ in 0..<count {
            let text = entry + 2
            if text.load(fromByteOffset: length, as: UInt8.self) == 0 {
                var index = 0
                while index < length {
                    let byte = text.load(fromByteOffset: index, as: UInt8.self)
                    if byte != wanted[index] || byte == 0 { break }
                    index += 1
                }
                if index == length {
                    return Int(entry.load(as: UInt8.self)) << 8 | Int(entry.load(fromByteOffset: 1, as: UInt8.self))
                }
            }
            entry += size
        }
        return nil
    }

    /// ``matchedGroupNumber(named:)`` for a bridged name (its UTF-8 not contiguous), out of line and
    /// `@_effects(releasenone)` as ``contiguousCopy(of:)``.
    @usableFromInline @inline(never) @_effects(releasenone)
    func groupNumber(ofBridgedName name: String) -> Int? {
        let copy = contiguousCopy(of: name)
        defer { copy.deallocate() }
        return groupNumber(ofName: UnsafeBufferPointer(copy))
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
