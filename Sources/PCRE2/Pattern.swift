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

    let code: OpaquePointer
    let context: OpaquePointer
    /// ``groupNumbers`` as a list, for ``groupNumber(named:)``.
    private let namedGroups: [(name: String, number: Int)]
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
        self.namedGroups = groupNumbers.map { (name: $0.key, number: $0.value) }
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

    /// The number of the group called `name` (the same answer as ``groupNumbers``), or `nil`.
    ///
    /// Patterns have a handful of names, and comparing a short name with each is cheaper than
    /// hashing it; this runs once per capture read by name in a hot loop.
    @inline(__always)
    func groupNumber(named name: String) -> Int? {
        guard namedGroups.count <= 8 else { return groupNumbers[name] }
        for group in namedGroups where group.name == name { return group.number }
        return nil
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

    /// Runs the matcher on UTF-8 bytes; fills `scratch`; returns whether it matched.
    @inline(__always)
    func run(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int = 0, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        scratch.prepare(for: self)
        let rc: Int32
        if isJITCompiled {
            rc = pcre2_jit_match_8(code, bytes.baseAddress, bytes.count, start, 0, scratch.matchData, context)
        } else {
            rc = pcre2_match_8(code, bytes.baseAddress, bytes.count, start,
                               UInt32(PCRE2_NO_UTF_CHECK), scratch.matchData, context)
        }
        scratch.hasMatch = rc >= 0
        if rc >= 0 { return true }
        if rc == PCRE2_ERROR_NOMATCH { return false }
        if rc == PCRE2_ERROR_MATCHLIMIT { throw .matchLimitExceeded(limit: options.matchLimit) }
        throw .match(code: rc, message: PCRE2Error.message(for: rc))
    }

    /// Whether the pattern matches somewhere in `subject`. Allocates nothing.
    ///
    /// After a match, `scratch` holds the capture offsets (see ``MatchScratch/range(_:in:)``)
    /// until its next use.
    /// - Throws: ``PCRE2Error/matchLimitExceeded(limit:)`` rather than answering `false` when the
    ///   pattern backtracks past the limit.
    public func matches(_ subject: String, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        var result: Result<Bool, PCRE2Error> = .success(false)
        let done: Void? = subject.utf8.withContiguousStorageIfAvailable { buf in
            result = Result { () throws(PCRE2Error) in try run(buf, scratch: scratch) }
        }
        if done == nil {
            var copy = subject
            copy.makeContiguousUTF8()
            return try matches(copy, scratch: scratch)
        }
        return try result.get()
    }

    /// Whether the pattern matches somewhere in `subject` at or after the UTF-8 offset `start` (for an
    /// ``Options/anchored`` pattern: exactly at `start`). Assertions still see the text before `start` (`\b`
    /// at `start` looks at the character before it). `start` must be at a character boundary, at most the
    /// subject's UTF-8 length.
    public func matches(_ subject: String, from start: Int, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        var result: Result<Bool, PCRE2Error> = .success(false)
        let done: Void? = subject.utf8.withContiguousStorageIfAvailable { buf in
            result = Result { () throws(PCRE2Error) in try run(buf, from: min(max(0, start), buf.count), scratch: scratch) }
        }
        if done == nil {
            var copy = subject
            copy.makeContiguousUTF8()
            return try matches(copy, from: start, scratch: scratch)
        }
        return try result.get()
    }

    /// Whether the pattern matches somewhere in the UTF-8 `bytes` (which must be valid UTF-8).
    public func matches(utf8 bytes: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) throws(PCRE2Error) -> Bool {
        try run(bytes, scratch: scratch)
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
