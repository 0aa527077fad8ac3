import LeadEngine

/// One lead as read from the input, before it is evaluated.
public struct InputRecord: Sendable {
    /// The 1-based line the record starts on.
    public let line: Int
    /// The lead's fields, or why the record could not be read.
    public let fields: Result<[String: JSONValue], RecordError>
}

/// A record that could not be read (malformed JSON, a CSV row with the wrong number of cells).
public struct RecordError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Something that yields input records in order, a batch at a time.
public protocol RecordReader {
    /// Up to `limit` records; an empty array at the end of the input.
    mutating func next(limit: Int) -> [InputRecord]
}
