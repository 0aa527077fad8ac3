/// Tells UTF-8 input from the encodings spreadsheets also save text in, by its first bytes: the one reading of
/// byte order marks for files, standard input and `enrich serve`'s request bodies.
public enum TextEncodingSniffer {
    /// The UTF-8 byte order mark (U+FEFF), which Excel writes at the start of "CSV UTF-8".
    public static let utf8ByteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    /// The name of the encoding the first bytes of an input show when it is not UTF-8 (a UTF-16 or
    /// UTF-32 byte order mark, or UTF-16 text without one), or `nil`.
    ///
    /// Leads start with `{`, `[` or a CSV header, all ASCII: UTF-16 writes such a character with a
    /// zero byte beside it, which UTF-8 text never holds.
    public static func unsupportedEncoding(_ prefix: [UInt8]) -> String? {
        if prefix.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return "UTF-32 (big-endian, with a byte order mark)" }
        if prefix.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return "UTF-32 (little-endian, with a byte order mark)" }
        if prefix.starts(with: [0xFE, 0xFF]) { return "UTF-16 (big-endian, with a byte order mark)" }
        if prefix.starts(with: [0xFF, 0xFE]) { return "UTF-16 (little-endian, with a byte order mark)" }
        guard prefix.count >= 2 else { return nil }
        if prefix[0] != 0, prefix[1] == 0 { return "UTF-16 (little-endian)" }
        if prefix[0] == 0, prefix[1] != 0 { return "UTF-16 (big-endian)" }
        return nil
    }
}
