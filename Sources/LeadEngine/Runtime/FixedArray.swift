/// Memory for an evaluator's fixed-size state arrays (per field slot, per lead-wide value, per prefilter): allocated
/// once, when the evaluator is made, and freed with it.
///
/// The arrays themselves are ``FixedArray``s, plain pointers: reading or writing one element of a Swift array kept in
/// the evaluator retained its buffer around calls and checked its uniqueness before every write (each write a call
/// of the runtime); an element of a ``FixedArray`` is read and written in place, with a bounds check only.
final class FixedArrayStorage {
    /// Deinitializes and frees each array made here.
    private var releases: [() -> Void] = []

    init() {}

    /// An array of `count` elements, each `value`, kept alive as long as this storage.
    func make<Element>(repeating value: Element, count: Int) -> FixedArray<Element> {
        precondition(count >= 0, "an array has a count of at least 0")
        let base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(count, 1))
        base.initialize(repeating: value, count: count)
        releases.append {
            base.deinitialize(count: count)
            base.deallocate()
        }
        return FixedArray(base: base, count: count)
    }

    /// An array of `elements`' elements, in order, kept alive as long as this storage.
    func make<Element>(_ elements: [Element]) -> FixedArray<Element> {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: Swift.max(elements.count, 1))
        _ = UnsafeMutableBufferPointer(start: base, count: elements.count).initialize(from: elements)
        let count = elements.count
        releases.append {
            base.deinitialize(count: count)
            base.deallocate()
        }
        return FixedArray(base: base, count: count)
    }

    deinit {
        for release in releases { release() }
    }
}

/// An array of a fixed number of elements in memory a ``FixedArrayStorage`` owns: a value with no reference, so that
/// reading it costs no reference counting, and whose elements are read and written in place (see
/// ``FixedArrayStorage``).
///
/// Copies of it share the elements (it is a view, like a pointer): it must not outlive its storage, which the holder
/// keeps alongside it (``EvaluationCore/storage``).
struct FixedArray<Element> {
    /// The first element.
    let base: UnsafeMutablePointer<Element>
    /// How many elements there are.
    let count: Int

    /// `0..<count`.
    var indices: Range<Int> { 0..<count }

    /// The element at `index` (`0 <= index < count`), read or written where it lies.
    subscript(index: Int) -> Element {
        unsafeAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return UnsafePointer(base + index)
        }
        nonmutating unsafeMutableAddress {
            precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
            return base + index
        }
    }

    /// The address of the element at `index` (`0 <= index < count`), for reading it in place.
    @inline(__always)
    func address(_ index: Int) -> UnsafeMutablePointer<Element> {
        precondition(UInt(bitPattern: index) < UInt(bitPattern: count), "index out of range")
        return base + index
    }

    /// The elements as a buffer, for `body`'s duration (as `Array.withUnsafeBufferPointer`).
    func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeBufferPointer(start: base, count: count))
    }

    /// The elements as a mutable buffer, for `body`'s duration (as `Array.withUnsafeMutableBufferPointer`).
    func withUnsafeMutableBufferPointer<R>(_ body: (UnsafeMutableBufferPointer<Element>) throws -> R) rethrows -> R {
        try body(UnsafeMutableBufferPointer(start: base, count: count))
    }
}
