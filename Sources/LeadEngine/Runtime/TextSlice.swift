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

    /// ``Value/isEmpty`` of the value. Inlined: a field tested for emptiness (``EvaluationCore/fieldPasses(_:_:)``,
    /// 16,000 tests in 4,000 evaluations) called it, ~21 instructions a call.
    var isEmpty: Bool {
        @inline(__always) get {
            switch self {
            case let .value(value): return value.isEmpty
            case let .text(slice): return slice.count == 0
            }
        }
    }

    /// Whether the value holds no reference (a slice, an integer, a boolean, missing): written over without its
    /// destruction.
    var holdsNothing: Bool {
        @inline(__always) get {
            switch self {
            case .text, .value(.int), .value(.bool), .value(.missing): return true
            default: return false
            }
        }
    }

    /// Whether the lead's own value is `.int(n)` (a text is not; a lead's value is never a zone).
    func isInteger(_ n: Int) -> Bool {
        if case let .value(.int(value)) = self { return value == n }
        return false
    }

    /// ``Value/isMissing`` of the value.
    var isMissing: Bool {
        switch self {
        case let .value(value): return value.isMissing
        case .text: return false
        }
    }

    /// The value as a patch's old value when it is no slice (``Value/jsonValue``; `nil` when it is missing or a slice).
    /// A method, read where the value is held: switching there over the value bound its payload to a copy (an
    /// outlined copy and destroy of the value and of the held value, ~60 instructions).
    var oldJSON: JSONValue? {
        guard case let .value(value) = self, !value.isMissing else { return nil }
        return value.jsonValue
    }

    /// The slice when the value is one.
    var slice: TextSlice? {
        guard case let .text(slice) = self else { return nil }
        return slice
    }
}

/// The subject a regex test's prefilter or regex set last read in this lead, to know whether the next test's subject
/// is the same: a text slice (the same slice, not a slice of other bytes that are the same text), or, for a value
/// that is no slice, a `String` (an equal one).
struct LastSubject {
    /// The slice; a generation of 0 when the subject was a `String` or there is none.
    private var slice = TextSlice(start: 0, end: 0, generation: 0)
    private var string: String?

    /// Whether the subject given (its slice, or without one its `String`) is the one remembered.
    func isSame(slice other: TextSlice?, string text: String?) -> Bool {
        if let other { return slice == other }
        return string == text
    }

    /// Remembers the subject given: its slice, or without one its `String`.
    mutating func remember(slice other: TextSlice?, string text: String?) {
        if let other {
            slice = other
            string = nil
        } else {
            string = text
            slice.generation = 0
        }
    }

    /// Remembers none (for the next lead).
    mutating func forget() {
        slice.generation = 0
        if string != nil { string = nil }
    }
}
