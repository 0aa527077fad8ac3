import JSON

/// The memory where an evaluator keeps the texts of its changes' old values (``FieldChange/old``) that it read as
/// bytes (a lead read as text), so that a change needs no `String` of its own (a text over 15 bytes is a heap
/// allocation): the changes of one lead refer to byte ranges of it (``OldText``), and `old` makes the `String`
/// when it is read.
///
/// Every change of the evaluator's holds the memory it was made with, which also holds the program's ``table`` that the
/// change indexes (``FieldChange/table``): one reference for both.
///
/// Sendable by construction, not by the compiler: the evaluator writes only bytes that no change refers to. It
/// appends while it builds a lead's patch (before any caller sees the changes), and at the next lead empties the
/// memory only when no change refers to it any more (`isKnownUniquelyReferenced`); when one still does (a caller
/// kept a change), the evaluator takes new memory and leaves this one, unchanged, to the changes.
final class OldTextStorage: @unchecked Sendable {
    /// The memory, ``capacity`` bytes, of which the first ``count`` are written (replaced when it grows).
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    private(set) var count = 0
    /// The names and locations of the program whose evaluator writes here.
    let table: ProvenanceTable

    init(table: ProvenanceTable, capacity: Int) {
        self.table = table
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// Whether nothing is written (then no change refers to the memory).
    var isEmpty: Bool { count == 0 }

    /// Forgets every text (only when no change refers to them).
    func removeAll() { count = 0 }

    /// Copies `bytes` (valid UTF-8) after the texts: where they are. Inlined into the patch's loop (a call per change
    /// of a text).
    @inline(__always)
    func append(_ bytes: UnsafeBufferPointer<UInt8>) -> OldText {
        let needed = count + bytes.count
        precondition(needed < Int(Int32.max), "a lead's old values take less than 2 GiB")
        if needed > capacity { grow(to: needed) }
        if let source = bytes.baseAddress, bytes.count > 0 { (base + count).update(from: source, count: bytes.count) }
        let text = OldText(start: Int32(count), count: Int32(bytes.count))
        count = needed
        return text
    }

    @inline(never)
    private func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let memory = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        memory.update(from: base, count: count)
        base.deallocate()
        base = memory
        capacity = newCapacity
    }

    /// The text of the `count` bytes at `start` (an ``OldText`` it made: valid UTF-8, a field's text as the lead
    /// holds it) as a `String`.
    func string(start: Int32, count: Int32) -> String {
        precondition(start >= 0 && count >= 0 && Int(start) + Int(count) <= self.count, "an old text of this memory")
        return String(checkedUTF8: UnsafeBufferPointer(start: base + Int(start), count: Int(count)))
    }
}

/// A change's old value kept as text in an ``OldTextStorage``: its byte range there (the change holds the memory).
struct OldText: Sendable {
    let start: Int32
    let count: Int32
}
