import Foundation
import CByteScan
import JSON

/// Owns the memory of an evaluator's ``LeadTextBuffer``: freed with it.
final class LeadTextStorage {
    /// The memory, `capacity` bytes (replaced when the buffer grows).
    var base: UnsafeMutablePointer<UInt8>
    var capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }
}

/// The evaluator's text memory for one lead: the lead's string fields as they are read (escapes decoded) and the
/// texts `text()` makes, one after another, each a ``TextSlice`` (offsets, so that growing the memory keeps them).
/// Emptied for each lead (``reset(generation:)``); once it has grown to what the leads need, nothing is allocated.
///
/// A plain value (pointers and counts, no reference: reading it costs no reference counting); the memory is the
/// ``LeadTextStorage``'s, which the evaluator keeps alongside it.
struct LeadTextBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// How many bytes the lead's texts take.
    private(set) var count = 0
    /// The lead whose texts it holds.
    private(set) var generation: UInt32 = 0
    /// `text()` of the last document ``append(literal:readingTextIn:)`` read while copying it (or of a lead before:
    /// its slices are of another generation, and match none of this lead's).
    private(set) var readText = ReadText()

    /// `text()` of a text of the lead, found while the text was copied: `output` holds the values of the document
    /// `input` holds, as `text()` writes them (`isDocument`), or is `input` itself, a plain text without invisible
    /// characters.
    struct ReadText {
        var input = TextSlice(start: 0, end: 0, generation: 0)
        var output = TextSlice(start: 0, end: 0, generation: 0)
        var isDocument = false
    }

    init(_ storage: LeadTextStorage) {
        base = storage.base
        capacity = storage.capacity
    }

    /// Empties the buffer for the lead of `generation`.
    mutating func reset(generation: UInt32) {
        count = 0
        self.generation = generation
    }

    /// The bytes of `slice`, a slice of this lead. Valid until the next text is added (the memory may move then).
    @inline(__always)
    func bytes(_ slice: TextSlice) -> UnsafeBufferPointer<UInt8> {
        precondition(slice.generation == generation && Int(slice.end) <= count && slice.start <= slice.end,
                     "a text slice read outside the evaluation of its lead")
        return UnsafeBufferPointer(start: base + Int(slice.start), count: slice.count)
    }

    /// Room for `extra` more bytes after the texts (the memory grown when needed, into `storage`): where they go.
    mutating func reserve(_ extra: Int, in storage: LeadTextStorage) -> UnsafeMutablePointer<UInt8> {
        if count + extra > capacity { grow(to: count + extra, in: storage) }
        return base + count
    }

    /// The `written` bytes put at ``reserve(_:in:)``'s place, as a text of the lead.
    mutating func commit(_ written: Int) -> TextSlice {
        precondition(count + written <= capacity, "a text written past the room reserved for it")
        let slice = TextSlice(start: Int32(count), end: Int32(count + written), generation: generation)
        count += written
        return slice
    }

    /// A string field's literal (its bytes between the quotes, checked JSON) as a text of the lead: copied, escapes
    /// decoded (``JSONParser/decodeCheckedString(_:into:)``).
    mutating func append(literal: UnsafeBufferPointer<UInt8>, in storage: LeadTextStorage) -> TextSlice {
        let count = literal.count
        let out = reserve(count + 8, in: storage)
        guard let source = literal.baseAddress, count > 0 else { return commit(0) }
        if memchr(source, Int32(UInt8(ascii: "\\")), count) == nil {
            out.update(from: source, count: count)
            return commit(count)
        }
        return commit(JSONParser.decodeCheckedString(literal, into: out))
    }

    /// ``append(literal:in:)`` of a literal of `count` bytes at `source`, at most sixteen, of which sixteen bytes may
    /// be read (the lead's text goes on after it): copied as one sixteen-byte word, a backslash looked for in the
    /// same load (``cbytescan_copy_backslashes``), where `memchr` and `memcpy` were two calls. A literal with a
    /// backslash is decoded by ``append(literal:in:)``.
    @inline(__always)
    mutating func append(shortLiteral source: UnsafePointer<UInt8>, count: Int, in storage: LeadTextStorage) -> TextSlice {
        precondition(count <= 16, "a short literal is at most sixteen bytes")
        // The room ``append(literal:in:)`` reserves for sixteen bytes.
        let out = reserve(24, in: storage)
        let backslashes = cbytescan_copy_backslashes(source, out) & UInt32(truncatingIfNeeded: (1 &<< count) &- 1)
        guard backslashes == 0 else { return append(literal: UnsafeBufferPointer(start: source, count: count), in: storage) }
        return commit(count)
    }

    /// ``append(literal:in:)`` of a field `text()` reads, its `text()` found on the way and kept as ``readText`` for
    /// ``EvaluationCore/text(of:)``.
    ///
    /// A literal that starts with `{` or `[` has the document it holds read from the literal, escapes undecoded, in
    /// one pass that writes the decoded text and the document's values (``JSONEscapedDocumentReader``), the values
    /// after the text (the room the text could have taken left between them). Before, the literal was decoded and
    /// `text()` then read the decoded document again (~7,900 instructions per quiz log of ~700 bytes). When the
    /// reading gives up, the literal is decoded as ``append(literal:in:)`` does, and `text()` reads the document as
    /// before.
    ///
    /// A plain text (no document) without escapes and invisible characters is its own `text()`: one pass looks for
    /// the backslash and the invisible characters (``InvisibleCharacters/isPlainVisibleText(literal:)``) where a
    /// `memchr` looked for the backslash here and `text()` then searched the copy again. (Copying while searching,
    /// sixteen bytes a step, cost ~100 instructions per evaluation more than glibc's `memcpy` after the search.) Any
    /// other literal is copied as ``append(literal:in:)`` copies it, and `text()` reads it as before.
    mutating func append(literal: UnsafeBufferPointer<UInt8>, readingTextIn storage: LeadTextStorage) -> TextSlice {
        let count = literal.count
        guard let source = literal.baseAddress, count > 0 else { return append(literal: literal, in: storage) }
        guard source.pointee == UInt8(ascii: "{") || source.pointee == UInt8(ascii: "[") else {
            // (White space in a literal without escapes is spaces: one first is looked past for a document.)
            guard source.pointee != 0x20 || !EvaluationCore.mayBeJSONDocument(utf8: literal) else {
                return append(literal: literal, in: storage)
            }
            // Searched and copied in one pass (64 bytes a step, AVX2) where it can be, else searched, then copied.
            let out = reserve(count, in: storage)
            switch cbytescan_copy_if_plain_visible_dispatched(source, count, out) {
            case 1: break
            case 0: return append(literal: literal, in: storage)
            default:
                guard InvisibleCharacters.isPlainVisibleText(literal: literal) else { return append(literal: literal, in: storage) }
                out.update(from: source, count: count)
            }
            let text = commit(count)
            readText = ReadText(input: text, output: text, isDocument: false)
            return text
        }
        // The bound of `text(of:)` for the longest text the literal can decode to.
        let bound = JSONParser.scalarTextBound(count: count, separatorCount: 1)
        guard bound <= JSONParser.largestKeptScratch else { return append(literal: literal, in: storage) }
        let room = count + 16
        let out = reserve(room + bound, in: storage)
        guard let reading = JSONEscapedDocumentReader.read(literal, decodedInto: out, valuesInto: out + room,
                                                           valuesCapacity: bound, separator: UInt8(ascii: "\n")) else {
            return append(literal: literal, in: storage)
        }
        let document = commit(reading.decoded)
        // The room between the text and its values is left unused.
        self.count += room - reading.decoded
        // The values without invisible characters, as `text(of:)` leaves them out (removed in place; one search of the
        // values, AVX2 when the processor has it, cost less than the reader noting their first bytes sixteen at a time).
        let values = out + room
        let read = UnsafeBufferPointer(start: values, count: reading.values)
        let kept = InvisibleCharacters.firstIndex(in: read) != nil
            ? InvisibleCharacters.remove(from: read, into: values) : reading.values
        readText = ReadText(input: document, output: commit(kept), isDocument: true)
        return document
    }

    @inline(never)
    private mutating func grow(to needed: Int, in storage: LeadTextStorage) {
        precondition(needed < Int(Int32.max), "a lead's texts take less than 2 GiB")
        var newCapacity = Swift.max(capacity * 2, 1024)
        while newCapacity < needed { newCapacity *= 2 }
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        memory.update(from: base, count: count)
        storage.base.deallocate()
        storage.base = memory
        storage.capacity = newCapacity
        base = memory
        capacity = newCapacity
    }
}
