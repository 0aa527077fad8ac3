import CPrefetch
import JSON

extension Lead {
    /// Asks the processor to bring this lead's text and the layout of its members into the caches, for a caller
    /// that evaluates leads one after another: called on the next lead before evaluating the current one, the next
    /// lead's memory arrives while the current one is evaluated instead of stalling its first reads. Only a hint:
    /// it reads nothing, changes nothing, takes no reference, and does nothing for a lead of decoded fields.
    @inlinable
    public func prefetch() {
        Self.prefetch(memory)
    }

    /// ``prefetch()`` of the memory `memory` says. Given the hint, not the lead: the caller reads the hint (plain
    /// integers) where the lead is, while calling a method of the lead outside its module copied the lead's
    /// storage (retaining its arrays: atomic writes to the very lines that are not in the caches yet).
    @usableFromInline
    static func prefetch(_ memory: MemoryHint) {
        guard memory.textCount > 0, let text = UnsafeRawPointer(bitPattern: memory.text) else { return }
        cprefetch_read(text, Int(memory.textCount))
        if let layout = UnsafeRawPointer(bitPattern: memory.layout) { cprefetch_read(layout, Int(memory.layoutCount)) }
    }
}

/// Where a lead read from text keeps its bytes and its member layout, as addresses and byte counts: only ever
/// handed to the processor as a prefetch hint (``Lead/prefetch()``), never read through, so an address that no longer
/// holds the lead could cost a useless fetch and nothing else. Kept as integers: the lead stays a plain `Sendable`
/// value, and reading them takes no reference to its arrays. (An array's storage does not move while the array is
/// not changed; the lead's never are.)
@usableFromInline
struct MemoryHint: Sendable {
    var text: UInt = 0
    var textCount: Int32 = 0
    var layout: UInt = 0
    var layoutCount: Int32 = 0

    init() {}

    init(_ bytes: [UInt8], _ members: [JSONObjectLayout.Member]) {
        bytes.withUnsafeBufferPointer { bytes in
            text = UInt(bitPattern: bytes.baseAddress)
            textCount = Int32(clamping: bytes.count)
        }
        members.withUnsafeBufferPointer { members in
            layout = UInt(bitPattern: members.baseAddress)
            layoutCount = Int32(clamping: members.count * MemoryLayout<JSONObjectLayout.Member>.stride)
        }
    }
}
