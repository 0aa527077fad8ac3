import CPCRE2
import Synchronization

/// A compiled PCRE2 pattern: immutable, JIT-compiled once, and safe to share between threads.
///
/// PCRE2 documents a compiled pattern (and its JIT code) as read-only during matching, so one
/// `Pattern` serves any number of concurrent matches. What a match writes goes into a
/// ``MatchScratch``, which belongs to one thread or one evaluation at a time.
///
/// ```swift
/// let urgent = try Pattern(#"\bсрочно\b"#, options: .init(caseInsensitive: true))
/// let scratch = MatchScratch()
/// try urgent.matches("Перезвоните СРОЧНО!", scratch: scratch)   // true
/// ```
public final class Pattern: @unchecked Sendable {
    // @unchecked: `code` and `context` are written only in `init` and freed in `deinit`;
    // PCRE2 reads them without writing during matching. The pool is guarded by a Mutex.

    /// The pattern's source text, as given.
    public let source: String
    /// The options it was compiled with.
    public let options: Options
    /// The number of capture groups (group 0, the whole match, not counted).
    public let captureCount: Int
    /// Named groups: name -> group number.
    public let groupNumbers: [String: Int]
    /// Whether the JIT compiled this pattern (it can decline on some platforms or patterns).
    public let isJITCompiled: Bool

    @usableFromInline let code: OpaquePointer
    @usableFromInline let context: OpaquePointer
    /// A random key, with the pattern's identity what tells a ``MatchScratch`` that it is prepared for this pattern
    /// (an identity alone could be that of a freed pattern whose memory this one reuses).
    @usableFromInline let instanceKey: UInt64
    /// PCRE2's name table (in the compiled code: valid while the pattern lives), its entry count and entry size,
    /// which a ``MatchScratch`` copies.
    let nameTable: UnsafeRawPointer?
    let nameCount: Int
    let nameEntrySize: Int
    private let pool = Mutex<[ScratchBox]>([])

    /// Compiles `source`.
    ///
    /// - Throws: ``PCRE2Error/compile(message:offset:utf8Offset:)`` with PCRE2's message and the
    ///   position in the pattern, counted in characters.
    public init(_ source: String, options: Options = Options()) throws(PCRE2Error) {
        self.source = source
        self.options = options
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        let bytes = Array(source.utf8)
        let compiled = bytes.withUnsafeBufferPointer { buf in
            pcre2_compile_8(buf.baseAddress, buf.count, options.compileBits, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            let clamped = min(max(errorOffset, 0), bytes.count)
            let characters = String(decoding: bytes[..<clamped], as: UTF8.self).count
            throw .compile(message: PCRE2Error.message(for: errorCode), offset: characters, utf8Offset: clamped)
        }
        self.code = compiled
        self.isJITCompiled = options.jit && pcre2_jit_compile_8(compiled, UInt32(PCRE2_JIT_COMPLETE)) == 0

        guard let context = pcre2_match_context_create_8(nil) else {
            pcre2_code_free_8(compiled)
            throw .match(code: PCRE2_ERROR_NOMEMORY, message: PCRE2Error.message(for: PCRE2_ERROR_NOMEMORY))
        }
        pcre2_set_match_limit_8(context, options.matchLimit)
        self.context = context

        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        self.captureCount = Int(count)
        self.groupNumbers = Pattern.readNameTable(compiled)
        var nameCount: UInt32 = 0, entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_NAMETABLE), &table)
        self.nameTable = nameCount > 0 ? table.map(UnsafeRawPointer.init) : nil
        self.nameCount = self.nameTable == nil ? 0 : Int(nameCount)
        self.nameEntrySize = Int(entrySize)
        self.instanceKey = UInt64.random(in: 1 ... .max)
    }

    deinit {
        for box in pool.withLock({ $0 }) { pcre2_match_data_free_8(box.matchData) }
        pcre2_match_context_free_8(context)
        pcre2_code_free_8(code)
    }

    /// Group names in group-number order (`nil` for unnamed groups); index 0 is the whole match.
    public var groupNames: [String?] {
        var names = [String?](repeating: nil, count: captureCount + 1)
        for (name, number) in groupNumbers { names[number] = name }
        return names
    }

    private static func readNameTable(_ code: OpaquePointer) -> [String: Int] {
        var nameCount: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>? = nil
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &nameCount)
        guard nameCount > 0 else { return [:] }
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table else { return [:] }
        var result: [String: Int] = [:]
        for entry in 0..<Int(nameCount) {
            let base = table + entry * Int(entrySize)
            let number = Int(base[0]) << 8 | Int(base[1])
            let name = String(cString: base + 2)
            if result[name] == nil { result[name] = number }
        }
        return result
    }

    // MARK: Matching
    //
    // The matching entry points are `@inlinable`: inlined into the caller's loop, a match costs no call of its own
    // and retains neither the pattern nor the scratch. What they inline is small (`run`, `verdict`); the rare paths
    // (a subject without contiguous UTF-8, an error, a scratch that must grow) are out-of-line functions. (A caller's
    // loop over `String`s still retains each heap string around the call into PCRE2: see docs/benchmarks.md.)

    /// Runs the matcher on UTF-8 bytes; fills `scratch`; returns PCRE2's result code (>= 0: a match,
    /// `PCRE2_ERROR_NOMATCH`: none, anything else: an error for ``verdict(_:)``).
    ///
    /// Inlined into the caller: a test that `scratch` is prepared for this pattern (``MatchScratch/adopt(_:)``, out of
    /// line, when not), the call of ``execute(_:count:start:matchData:)``, and a store of the outcome.
    @inlinable @inline(__always)
    func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, scratch: MatchScratch) -> Int32 {
        let matchData = scratch.isPrepared(for: self) ? scratch.state.pointee.matchData : scratch.adopt(self)
        let rc = execute(bytes.baseAddress, count: bytes.count, start: start, matchData: matchData)
        scratch.state.pointee.hasMatch = rc >= 0
        return rc
    }

    /// The call into PCRE2 (the JIT when it compiled the pattern), out of line; `PCRE2_ERROR_NOMEMORY` without match
    /// data (the scratch could not get memory for it).
    ///
    /// `@_effects(releasenone)` tells the optimiser what is true here: no object is released (PCRE2 calls no Swift
    /// code; the wrapper sets no callouts). Without it, a call into C may, for all the optimiser knows, release
    /// anything, and a caller's `for subject in subjects` loop must then retain each heap string around the match
    /// and release it after: two runtime calls and two atomic operations per match. ``MatchScratch/adopt(_:)``,
    /// ``matchError(_:)`` and ``runCopying(_:from:scratch:)``, the other calls a match may make, promise the same.
    @usableFromInline @inline(never) @_effects(releasenone)
    func execute(_ bytes: UnsafePointer<UInt8>?, count: Int, start: Int, matchData: OpaquePointer?) -> Int32 {
        guard let matchData else { return PCRE2_ERROR_NOMEMORY }
        return isJITCompiled
            ? pcre2_jit_match_8(code, bytes, count, start, 0, matchData, context)
            : pcre2_match_8(code, bytes, count, start, UInt32(PCRE2_NO_UTF_CHECK), matchData, context)
    }

    /// Runs the matcher on `subject`'s UTF-8 from the byte offset `start` (clamped to the subject).
    @inlinable @inline(__always)
    func run(_ subject: String, from start: Int, scratch: MatchScratch) -> Int32 {
        if let rc = subject.utf8.withContiguousStorageIfAvailable({ bytes in
            run(bytes, from: start <= 0 ? 0 : min(start, bytes.count), scratch: scratch)
        }) {
            return rc
        }
        return runCopying(subject, from: start, scratch: scratch)
    }

    /// The slow path of `run(_:from:scratch:)` on a `String`: a subject whose UTF-8 is not contiguous (a bridged
    /// string) is copied into a buffer of its own first (on the stack when small, else on the heap, freed here).
    ///
    /// `@_effects(releasenone)`: it releases no object of the caller's (reading the subject's UTF-8 may retain and
    /// release it, balanced, while the caller keeps it alive). Otherwise this path, never taken for a native string,
    /// would make a caller's loop retain every subject (the release after the match is shared by both paths).
    @usableFromInline @inline(never) @_effects(releasenone)
    func runCopying(_ subject: String, from start: Int, scratch: MatchScratch) -> Int32 {
        let utf8 = subject.utf8
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(1, utf8.count)) { buffer in
            let copied = UnsafeBufferPointer(rebasing: buffer[..<buffer.initialize(fromContentsOf: utf8)])
            return run(copied, from: start <= 0 ? 0 : min(start, copied.count), scratch: scratch)
        }
    }

    /// A result code as the answer to "does it match", or the error it stands for.
    @inlinable @inline(__always)
    func verdict(_ rc: Int32) throws(PCRE2Error) -> Bool {
        if rc >= 0 { return true }
        if rc == PCRE2_ERROR_NOMATCH { return false }
        throw matchError(rc)
    }

    /// The error a negative result code other than "no match" stands for.
    ///
    /// `@_effects(releasenone)`, as ``execute(_:count:start:matchData:)``: it makes an error value (and its message)
    /// and releases nothing; on the error path of a caller's loop it then does not make the loop retain its subjects.
    @usableFromInline @inline(never) @_effects(releasenone)
    func matchError(_ rc: Int32) -> PCRE2Error {
        rc == PCRE2_ERROR_MATCHLIMIT ? .matchLimitExceeded(limit: options.matchLimit)
            : .match(code: rc, message: PCRE2Error.message(for: rc))
    }

    /// Whether the pattern matches somewhere in `subject`. Allocates nothing.
    ///
    /// After a match, `scratch` holds the capture offsets (see ``MatchScratch/range(_:in:)`` and
    /// `MatchScratch.withUTF8(ofGroup:in:_:)`) until its next use.
    /// - Throws: ``PCRE2Error/matchLimitExceeded(limit:)`` rather than answering `false` when the
    ///   pattern backtracks past the limit.
    @inlinable @inline(__always)
    public func matches(_ subject: String, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try verdict(run(subject, from: 0, scratch: scratch))
    }

    /// Whether the pattern matches somewhere in `subject` at or after the UTF-8 offset `start` (for an
    /// ``Options/anchored`` pattern: exactly at `start`). Assertions still see the text before `start` (`\b`
    /// at `start` looks at the character before it). `start` must be at a character boundary, at most the
    /// subject's UTF-8 length.
    @inlinable @inline(__always)
    public func matches(_ subject: String, from start: Int, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try verdict(run(subject, from: start, scratch: scratch))
    }

    /// Whether the pattern matches somewhere in the UTF-8 `bytes` (which must be valid UTF-8).
    @inlinable @inline(__always)
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try verdict(run(bytes, from: 0, scratch: scratch))
    }

    /// ``matches(_:from:scratch:)`` of the UTF-8 `bytes` (which must be valid UTF-8); `start` at most `bytes.count`.
    @inlinable @inline(__always)
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>, from start: Int, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try verdict(run(bytes, from: start <= 0 ? 0 : min(start, bytes.count), scratch: scratch))
    }

    /// The first match in `subject` with all its groups, or `nil`.
    public func firstMatch(in subject: String, scratch: MatchScratch) throws(PCRE2Error) -> Match? {
        guard try matches(subject, scratch: scratch) else { return nil }
        return Match(subject: subject, pattern: self, scratch: scratch)
    }

    // MARK: Convenience (pooled scratch)

    /// Whether the pattern matches `subject`, using a match-data block from this pattern's pool.
    ///
    /// For hot loops pass your own ``MatchScratch`` instead: it avoids the pool's lock.
    public func matches(_ subject: String) throws(PCRE2Error) -> Bool {
        let scratch = borrowScratch()
        defer { returnScratch(scratch) }
        return try matches(subject, scratch: scratch)
    }

    /// The first match in `subject`, using a match-data block from this pattern's pool.
    public func firstMatch(in subject: String) throws(PCRE2Error) -> Match? {
        let scratch = borrowScratch()
        defer { returnScratch(scratch) }
        return try firstMatch(in: subject, scratch: scratch)
    }

    private func borrowScratch() -> MatchScratch {
        if let box = pool.withLock({ $0.popLast() }) {
            return MatchScratch(adopting: box.matchData, capacity: box.capacity)
        }
        return MatchScratch(capacity: captureCount + 1)
    }

    private func returnScratch(_ scratch: MatchScratch) {
        guard let box = scratch.release() else { return }
        let kept = pool.withLock { pool -> Bool in
            guard pool.count < 16 else { return false }
            pool.append(box)
            return true
        }
        if !kept { pcre2_match_data_free_8(box.matchData) }
    }
}

/// A match-data block handed between the pool and a borrower.
struct ScratchBox: @unchecked Sendable {
    // @unchecked: a box is owned by exactly one side at a time (the pool, under its lock, or one borrower).
    let matchData: OpaquePointer
    let capacity: Int
}
