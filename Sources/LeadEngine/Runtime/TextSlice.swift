import Foundation

/// Text of the lead being evaluated that is not a `String`: a byte range of the evaluator's per-lead text memory
/// (``LeadTextBuffer``), where a string field of the lead is copied (its escapes decoded) when first read and where
/// `text()` writes a quiz log's values. Making one allocates nothing and it holds no reference; its bytes are read
/// through the evaluator's buffer (``LeadTextBuffer/bytes(_:)``), which checks that the slice is of the lead being
/// evaluated.
struct TextSlice: Equatable {
    /// Where the text starts and ends in the lead's text memory.
    var start: Int32
    var end: Int32
    /// The evaluation it belongs to (``EvaluationCore/generation``): a slice of an earlier lead is refused.
    var generation: UInt32

    /// How many UTF-8 bytes.
    var count: Int { Int(end &- start) }
}

/// A value the evaluator keeps for one lead (a field of the lead, a lead-wide value, a remembered answer): a
/// ``Value``, or text as a ``TextSlice``.
///
/// Only the evaluator's per-lead stores hold these (all emptied or stamped stale for every lead); anything else
/// gets a ``Value``, which is never a slice: a slice becomes a `String` (``LeadTextBuffer/value(of:)``) where a
/// value leaves the text-reading paths (a comparison, a write, the patch, the trace). So no slice outlives its lead by
/// construction, and reading one of another lead stops the program (`precondition`).
enum HeldValue {
    case value(Value)
    case text(TextSlice)

    /// ``Value/isEmpty`` of the value.
    var isEmpty: Bool {
        switch self {
        case let .value(value): return value.isEmpty
        case let .text(slice): return slice.count == 0
        }
    }

    /// ``Value/isMissing`` of the value.
    var isMissing: Bool {
        switch self {
        case let .value(value): return value.isMissing
        case .text: return false
        }
    }
}
