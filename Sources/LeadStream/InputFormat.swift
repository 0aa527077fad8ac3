/// How leads are written in an input file.
public enum InputFormat: String, Sendable, CaseIterable {
    /// One JSON object per line.
    case jsonl
    /// One JSON array of objects.
    case json
    /// Comma- (or semicolon-, tab-, pipe-) separated values with a header row naming the fields.
    case csv

    /// The format a path's extension names, or `nil` to sniff the content.
    public static func fromExtension(_ path: String) -> InputFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".jsonl") || lower.hasSuffix(".ndjson") { return .jsonl }
        if lower.hasSuffix(".csv") || lower.hasSuffix(".tsv") { return .csv }
        return nil
    }

    /// The format of content starting with `byte` (the first one that is not white space).
    public static func sniff(firstByte byte: UInt8?) -> InputFormat {
        switch byte {
        case UInt8(ascii: "["): return .json
        case UInt8(ascii: "{"), nil: return .jsonl
        default: return .csv
        }
    }
}

/// The reader for an input: the format given, else the path's extension, else the first character.
/// `csvDelimiter` is the CSV delimiter to use (`nil`: found in the header row).
public func makeReader(for path: String, _ source: ByteSource, format: InputFormat? = nil,
                       csvDelimiter: CSVDelimiter? = nil) -> any RecordReader {
    switch format ?? InputFormat.fromExtension(path) ?? InputFormat.sniff(firstByte: source.peekFirstSignificantByte()) {
    case .jsonl: return JSONLinesReader(source: source)
    case .json: return JSONArrayReader(source: source)
    case .csv: return CSVReader(source: source, delimiter: csvDelimiter)
    }
}
