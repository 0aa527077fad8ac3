import CPrefetch
import JSON

extension Lead {
    /// Asks the processor to bring this lead's text and the layout of its members into the caches, for a caller
    /// that evaluates leads one after another: called on the next lead before evaluating the current one, the next
    /// lead's memory arrives while the current one is evaluated instead of stalling its first reads. Only a hint:
    /// it reads nothing, changes nothing, and does nothing for a lead of decoded fields.
    @inlinable
    public func prefetch() {
        prefetchText()
    }

    @usableFromInline
    func prefetchText() {
        guard case let .text(text) = storage else { return }
        text.bytes.withUnsafeBufferPointer { bytes in
            if let base = bytes.baseAddress { cprefetch_read(base, bytes.count) }
        }
        text.layout.members.withUnsafeBufferPointer { members in
            if let base = members.baseAddress { cprefetch_read(base, members.count * MemoryLayout<JSONObjectLayout.Member>.stride) }
        }
    }
}
