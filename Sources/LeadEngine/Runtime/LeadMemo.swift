/// A list an evaluator fills during one lead and empties at the next (its remembered answers: ``EvaluationCore/sliceMemo``,
/// ``EvaluationCore/callMemo``, the `json()` memos), in memory of its own that it keeps from lead to lead.
///
/// Read as an array is (``count``, ``indices``, a subscript that reads an element in place), appended to, and emptied
/// by ``removeAllKeepingCapacity()``, which destroys the elements in one pass. As a Swift array, each element removed
/// for the next lead paid a check of the array's uniqueness (`removeLast`), and each append another: the list's memory
/// is never shared, so it has none.
///
/// Copies of it share its elements (it is a view, like a pointer): it is kept in one place (the evaluator's core), and
/// its memory lives as long as the last copy (``Storage``).
struct LeadMemo<Element> {
    /// Where the elements lie, how many there are and how many fit: in memory of their own, so that a copy of the list
    /// reads and writes the same count (never out of date after an append through another copy).
    struct Header {
        var base: UnsafeMutablePointer<Element>
        var count: Int
        var capacity: Int
    }

    /// Owns the header and the elements: destroys and frees them when the last copy of the list goes.
    final class Storage {
        let header: UnsafeMutablePointer<Header>

        init(capacity: Int) {
            header = .allocate(capacity: 1)
            header.initialize(to: Header(base: .allocate(capacity: capacity), count: 0, capacity: capacity))
        }

        deinit {
            header.pointee.base.deinitialize(count: header.pointee.count)
            header.pointee.base.deallocate()
            header.deinitialize(count: 1)
            header.deallocate()
        }
    }

    /// The header, read without going through ``storage`` (a plain pointer: reading the list retains nothing).
    private let header: UnsafeMutablePointer<Header>
    /// Keeps the memory alive; not read while the list is used.
    private let storage: Storage

    /// An empty list with room for `capacity` elements (it grows beyond).
    init(capacity: Int = 8) {
        storage = Storage(capacity: Swift.max(capacity, 1))
        header = storage.header
    }

    /// How many elements the list holds.
    var count: Int {
        @inline(__always) get { header.pointee.count }
    }

    var isEmpty: Bool { count == 0 }

    /// `0..<count`.
    var indices: Range<Int> {
        @inline(__always) get { 0..<header.pointee.count }
    }

    /// The element at `index` (`0 <= index < count`), read where it lies.
    subscript(index: Int) -> Element {
        @inline(__always) unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: header.pointee.count), "index out of range")
            return UnsafePointer(header.pointee.base + index)
        }
    }

    /// Adds `element` after the others (moved in, not copied).
    @inline(__always)
    func append(_ element: consuming Element) {
        let count = header.pointee.count
        if count == header.pointee.capacity { grow() }
        (header.pointee.base + count).initialize(to: element)
        header.pointee.count = count &+ 1
    }

    /// Destroys the elements, keeping the memory for the next lead's.
    @inline(__always)
    func removeAllKeepingCapacity() {
        // One element at a time: `deinitialize(count:)` of them all went through the runtime's generic array
        // destruction (~145 instructions a call).
        let base = header.pointee.base
        for i in 0..<header.pointee.count { (base + i).deinitialize(count: 1) }
        header.pointee.count = 0
    }

    /// ``removeAllKeepingCapacity()``, the elements of which `holdsNothing` says so left as they lie: it must answer
    /// `true` only of an element whose destruction does nothing (every part of it a plain value or a case of an enum
    /// without a reference), which is then just forgotten, as destroying it would leave its memory. For lists whose
    /// elements are mostly such: each one destroyed was a call of the type's outlined destroy (~24 instructions).
    @inline(__always)
    func removeAllKeepingCapacity(leaving holdsNothing: (UnsafePointer<Element>) -> Bool) {
        let base = header.pointee.base
        for i in 0..<header.pointee.count where !holdsNothing(base + i) { (base + i).deinitialize(count: 1) }
        header.pointee.count = 0
    }

    /// Twice the room, the elements moved there.
    @inline(never)
    private func grow() {
        let old = header.pointee
        let capacity = Swift.max(old.capacity &* 2, 8)
        let base = UnsafeMutablePointer<Element>.allocate(capacity: capacity)
        base.moveInitialize(from: old.base, count: old.count)
        old.base.deallocate()
        header.pointee.base = base
        header.pointee.capacity = capacity
    }
}
