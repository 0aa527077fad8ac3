import LeadEngine

/// One lead as read from the input, before it is evaluated.
public struct InputRecord: Sendable {
    /// The 1-based line the record starts on.
    public let line: Int
    /// The record as read: JSON text still to parse (parsing happens on the evaluating workers,
    /// in parallel), or fields already made (CSV), or why the record could not be read.
    let content: Content

    enum Content: Sendable {
        case json([UInt8])
        /// JSON text already read as a lead by ``Lead/init(checkedText:)`` (``readingLead()``, on the reading thread),
        /// with the text.
        case lead(Lead, [UInt8])
        /// JSON text ``Lead/init(checkedText:)`` did not read (``readingLead()``): the workers read it by its fields,
        /// which say what is wrong.
        case irregularJSON([UInt8])
        case fields(Result<[String: JSONValue], RecordError>)
    }

    /// A record holding one lead object as JSON text (e.g. a lead fetched from Liner), numbered `line`
    /// in messages.
    public init(line: Int, json: [UInt8]) {
        self.line = line
        self.content = .json(json)
    }

    /// A record holding a lead already read as a value (e.g. an element of Liner's lead list): it is not
    /// written back to text and parsed again.
    public init(line: Int, object: JSONValue) {
        self.line = line
        self.content = .fields(JSONLinesReader.fields(of: object))
    }

    init(line: Int, fields: Result<[String: JSONValue], RecordError>) {
        self.line = line
        self.content = .fields(fields)
    }

    /// The lead's fields, or why the record could not be read.
    public var fields: Result<[String: JSONValue], RecordError> {
        switch content {
        case let .json(bytes), let .lead(_, bytes), let .irregularJSON(bytes): return JSONLinesReader.object(from: bytes)
        case let .fields(result): return result
        }
    }

    /// The record with its JSON text read as a lead by ``Lead/init(checkedText:)`` (the checking pass over the text,
    /// which needs no rules), or marked as text that pass does not read; any other record as it is. A run's reading
    /// thread does it ahead of the workers, and while the rules load, when the workers cannot start yet.
    public func readingLead() -> InputRecord {
        guard case let .json(bytes) = content else { return self }
        if let lead = Lead(checkedText: bytes) { return InputRecord(line: line, content: .lead(lead, bytes)) }
        return InputRecord(line: line, content: .irregularJSON(bytes))
    }

    private init(line: Int, content: Content) {
        self.line = line
        self.content = content
    }
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

extension InputRecord {
    /// Asks the processor to bring the record's lead into the caches (``Lead/prefetch()``), for a worker about to
    /// evaluate it after the one in hand: a lead read on the reading thread was written there long before (up to
    /// `enrich run`'s batches ahead), and its first reads stalled each evaluation (the next lead prefetched,
    /// evaluation took ~15 % less time: docs/benchmarks.md, eleventh round). Does nothing for a record not read as a
    /// lead yet.
    @inline(__always)
    func prefetch() {
        if case let .lead(lead, _) = content { lead.prefetch() }
    }
}
